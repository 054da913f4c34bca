"""The load test's database: the demo organisation, plus seats to submit scorecards on.

    DATABASE_URL=postgres://.../secondround_load python -m bench.load.prepare PLAN.json

Migrates, seeds the demo (``seed_demo``), then adds a job "Load test: Backend Engineer"
with past interviews, one interviewer each (ana, ben, chen, dee, raj in turn), so that the
simulated interviewers have scorecards to draft and submit that no one has touched. Writes
the plan the locustfile reads: who signs in, which pages each one opens, their seats, and
an API token for the hiring manager. Every URL in the plan is checked to answer 200 first.

With ``LOAD_PRODUCTION=1`` (``bench.load.run --settings production``, the default) the
database is then made fit for production settings, which refuse a database holding the demo
organisation (secondround/demo/guard.py: its accounts share the password "demo"): every
account's password is made unusable (nobody signs in during the run; the sessions are made
here afterwards) and the organisation gets another slug. The load database is the load
test's own and dropped at the start of each run.
"""

import json
import os
import sys
from datetime import timedelta

SEATS_PER_INTERVIEWER = 40
INTERVIEWERS = ["ana", "ben", "chen", "dee", "raj"]


def add_seats(admin, hm, members) -> dict[str, list[int]]:
    from django.utils import timezone

    from secondround.hiring import actions as hiring

    job = hiring.do_create_job(admin, title="Load test: Backend Engineer", hiring_manager=hm)
    anchors = {1: "Weak", 2: "Mixed", 3: "Good", 4: "Excellent"}
    focus = [
        hiring.do_save_competency(admin, job, name=name, anchors=anchors)
        for name in ("API design", "Debugging", "Collaboration")
    ]
    round1 = hiring.do_save_round(
        admin, job, number=1, name="Technical interview", objectives=[], focus=focus
    )
    start = timezone.now() - timedelta(days=3)
    seats: dict[str, list[int]] = {name: [] for name in members}
    for i in range(SEATS_PER_INTERVIEWER * len(members)):
        name = INTERVIEWERS[i % len(members)]
        candidate = hiring.do_add_candidate(
            admin, name=f"Load Candidate {i:03}", email=f"load{i}@example.com"
        )
        application = hiring.do_apply(admin, candidate, job, stage="round_1")
        interview = hiring.do_schedule_interview(
            admin,
            application,
            round1,
            starts_at=start + timedelta(minutes=10 * i),
            ends_at=start + timedelta(minutes=10 * i + 45),
            interviewers=[members[name]],
        )
        seats[name].append(interview.pk)
    return {"seats": seats, "competencies": [c.pk for c in focus]}


def plan() -> dict:
    from django.core.management import call_command

    from bench.pages import pages
    from secondround.accounts.actions import do_create_api_token
    from secondround.accounts.models import Member
    from secondround.demo.seed import seed_demo
    from secondround.hiring.models import Application, Interview

    call_command("migrate", verbosity=0)
    seed_demo(verbosity=0)
    member = {m.user.email.split("@")[0]: m for m in Member.objects.select_related("user")}
    interviewers = {name: member[name] for name in INTERVIEWERS}
    dana = Application.objects.get(candidate__name="Dana Kim")
    kits = {
        name: list(
            Interview.objects.filter(interviewers=m, application__job__title__startswith="Senior")
            .exclude(status="cancelled")
            .values_list("pk", flat=True)
        )
        for name, m in interviewers.items()
    }
    load = add_seats(member["admin"], member["hm"], interviewers)
    token = do_create_api_token(None, member["hm"], "load test")[1]
    if os.environ.get("LOAD_PRODUCTION") == "1":
        no_longer_demo()
    applications = list(Application.objects.filter(job=dana.job).values_list("pk", flat=True))
    return {
        "kits": {name: ids for name, ids in kits.items() if ids},
        **load,
        "compare": f"/jobs/{dana.job_id}/compare/",
        "applications": applications,
        "api_token": token,
        # The main pages of bench.pages (label, who, url, headers), for the at-rest timings.
        "pages": pages(),
        "sessions": sessions(member, [*INTERVIEWERS, "hm", "vp", "admin"], per_person=20),
    }


def no_longer_demo() -> None:
    """No known password and not the demo's slug: what production settings ask of a database
    (the sessions, made after this, carry the new password hashes)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from secondround.accounts.models import Organisation
    from secondround.demo.content import ORGANISATION

    get_user_model().objects.update(password=make_password(None))
    Organisation.objects.filter(slug=ORGANISATION[1]).update(slug="load-test")


def sessions(member, names, per_person) -> dict[str, list[str]]:
    """Signed-in session cookies made here, so that no simulated user signs in during the
    run: a sign-in hashes the password (PBKDF2, about a second of CPU on this machine), and
    fifty of them at the start would measure the hasher, not the pages."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    cookies = {}
    for name in names:
        cookies[name] = []
        user = get_user_model().objects.get(pk=member[name].user_id)  # its current password
        for _ in range(per_person):
            client = Client()
            client.force_login(user)
            cookies[name].append(client.cookies["sessionid"].value)
    return cookies


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "secondround.settings")
    import django

    django.setup()
    with open(sys.argv[1], "w") as out:
        json.dump(plan(), out, indent=1)
