"""The crash test's organisation and its after-the-fact checks, run in their own process
against the crash test's database (named by the environment, like the servers'):

    python -m tests.reliability.crash_scene setup    # prints the scene as JSON
    python -m tests.reliability.crash_scene facts    # prints what the database holds as JSON

Setup builds an organisation through the write functions: one job with two competencies,
past interviews with panels of three, an API token per interviewer, and half of the seats
already submitted (so that each calibration run has ratings to work on).
"""

import json
import os
import sys
from datetime import timedelta

INTERVIEWS = 40
PANEL = 3


def setup() -> dict:
    from django.utils import timezone

    from secondround.accounts.actions import (
        do_add_member,
        do_create_api_token,
        do_create_organisation,
    )
    from secondround.hiring import actions as hiring
    from secondround.scorecards.actions import RatingInput, do_save_draft, do_submit_scorecard
    from tests.conftest import ANCHORS

    org = do_create_organisation("Crash Test", "crash-test")

    def member(name, *roles):
        return do_add_member(
            None, org, email=f"{name}@crash.test", display_name=name, roles=set(roles)
        )

    admin = member("admin", "admin", "recruiter")
    pool = [member(f"interviewer{i}", "interviewer") for i in range(6)]
    job = hiring.do_create_job(admin, title="Robotics Engineer")
    competencies = [
        hiring.do_save_competency(admin, job, name=name, anchors=ANCHORS)
        for name in ("Control systems", "Collaboration")
    ]
    round1 = hiring.do_save_round(
        admin, job, number=1, name="Round 1", objectives=[], focus=competencies, panel=pool
    )
    start = timezone.now() - timedelta(days=10)
    seats = []
    for i in range(INTERVIEWS):
        candidate = hiring.do_add_candidate(
            admin, name=f"Candidate {i:03}", email=f"c{i}@example.com"
        )
        application = hiring.do_apply(admin, candidate, job, stage="round_1")
        panel = [pool[(i + k) % len(pool)] for k in range(PANEL)]
        interview = hiring.do_schedule_interview(
            admin,
            application,
            round1,
            starts_at=start + timedelta(hours=i),
            ends_at=start + timedelta(hours=i, minutes=45),
            interviewers=panel,
        )
        seats += [(interview, m) for m in panel]
    tokens = {m.pk: do_create_api_token(None, m, "crash test")[1] for m in pool}
    already, stream = seats[::2], seats[1::2]
    for n, (interview, author) in enumerate(already):
        ratings = [RatingInput(c.pk, 1 + (n + k) % 4, "seen") for k, c in enumerate(competencies)]
        do_save_draft(author, interview, ratings, "yes", "before the crash")
        do_submit_scorecard(author, interview)
    return {
        "competencies": [c.pk for c in competencies],
        "stream": [[i.pk, m.pk] for i, m in stream],
        "tokens": tokens,
    }


def facts() -> dict:
    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult

    from secondround.audit.models import AuditEvent
    from secondround.calibration.models import CalibrationSnapshot
    from secondround.calibration.stamp import inputs_version
    from secondround.scorecards.models import Scorecard

    org = CalibrationSnapshot._meta.get_field("organisation").related_model.objects.get(
        slug="crash-test"
    )
    events = {}
    for action, target in AuditEvent.objects.filter(
        action__in=["scorecard.draft_created", "scorecard.submitted"]
    ).values_list("action", "target_id"):
        events.setdefault(action, []).append(target)
    cards = [
        {
            "interview": c.interview_id,
            "author": c.author_id,
            "status": c.status,
            "ratings": c.n_ratings,
            "versions": c.n_versions,
            "id": c.pk,
        }
        for c in Scorecard.objects.annotate(
            n_ratings=Count("ratings", distinct=True), n_versions=Count("versions", distinct=True)
        )
    ]
    latest = CalibrationSnapshot.objects.filter(organisation=org).order_by("-inputs_version")
    snapshots = CalibrationSnapshot.objects.filter(organisation=org).annotate(n=Count("job_parts"))
    return {
        "cards": cards,
        "events": events,
        "tasks": [
            {"id": str(t.id), "status": t.status, "path": t.task_path, "workers": t.worker_ids}
            for t in DBTaskResult.objects.all()
        ],
        "stamp": inputs_version(org.pk),
        "latest_snapshot_version": latest.values_list("inputs_version", flat=True).first(),
        "snapshots_without_jobs": snapshots.filter(n=0).count(),
    }


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "secondround.settings")
    import django

    django.setup()
    print(json.dumps({"setup": setup, "facts": facts}[sys.argv[1]]()))
