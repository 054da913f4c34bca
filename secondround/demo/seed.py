"""Seed the demo organisation, Acme Robotics, through the same write functions as the app.

Four jobs in different states (DESIGN.md): Platform Engineer in round 1 (with a no-hire
proposed while a scorecard is missing, and a concern nobody owns yet), Senior Data
Engineer with three finalists in round 2 and open concerns, Product Designer awaiting
approval (and a hold sent back for a reference), Engineering Manager decided after a
rejection and a revision. Ratings come from a latent standing
per candidate and competency, plus each interviewer's severity, plus noise, from a seeded
generator, so every run builds the same organisation (relative to today's date).

It also holds the competency library (from the jobs' competencies), a question bank
with one spelling per topic, and internal notes on Luis Ortega's application.

Seeding is idempotent: when the organisation exists, it returns at once.
"""

import random
import unicodedata
from datetime import datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from secondround.accounts.actions import do_add_member, do_create_organisation
from secondround.accounts.invitations import do_invite_member
from secondround.accounts.models import Organisation
from secondround.concerns import actions as concerns
from secondround.decisions import actions as decisions
from secondround.demo import content
from secondround.hiring import actions as hiring
from secondround.hiring import library_actions, note_actions
from secondround.hiring.topics import topic_key
from secondround.portal.demo import seed_portal
from secondround.scorecards import actions as scorecards

ZONE = ZoneInfo(content.TIMEZONE)


class Seeder:
    def __init__(self):
        self.rng = random.Random(20240611)
        self.now = timezone.now()
        self.ratings = 0

    # --- time ----------------------------------------------------------------
    def at(self, days: int, hour: int, minute: int = 0) -> datetime:
        """A local time ``days`` from today (negative = past), moved off weekends."""
        day = self.now.astimezone(ZONE).date() + timedelta(days=days)
        step = -1 if days <= 0 else 1
        while day.weekday() >= 5:
            day += timedelta(days=step)
        return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZONE)

    def soon_today(self) -> datetime:
        """The next half hour at least 90 minutes away, today if office hours allow."""
        local = self.now.astimezone(ZONE) + timedelta(minutes=90)
        start = local.replace(minute=0 if local.minute < 30 else 30, second=0, microsecond=0)
        start += timedelta(minutes=30)
        if start.hour < 8 or start.hour >= 18 or start.weekday() >= 5:
            return self.at(1, 10)
        return start

    # --- people and jobs ------------------------------------------------------
    def people(self):
        self.org = do_create_organisation(*content.ORGANISATION)
        password = make_password(content.DEMO_PASSWORD)  # hash once: seeding stays fast
        self.m = {}
        for email, name, title, roles in content.PEOPLE:
            member = do_add_member(
                None,
                self.org,
                email=email,
                display_name=name,
                roles=roles,
                title=title,
                timezone=content.TIMEZONE,
            )
            member.user.password = password
            member.user.save(update_fields=["password"])
            self.m[email.split("@")[0]] = member
        self.admin, self.hm = self.m["admin"], self.m["hm"]
        email, name, title, roles = content.INVITED
        do_invite_member(
            self.admin,
            self.org,
            email=email,
            display_name=name,
            title=title,
            roles=roles,
            timezone=content.TIMEZONE,
            send_email=False,  # the link is never used: it is there to be seen and revoked
        )

    def questions(self):
        """After the jobs, so that each topic takes a competency's spelling: the content's
        "Systems design" questions join "System design" (hiring.topics)."""
        for topic, texts in content.QUESTIONS.items():
            for text in texts:
                hiring.do_save_question(self.admin, topic=topic, text=text)

    def library(self):
        """The competency library, from the jobs' own competencies: one entry per topic
        (Platform Engineer's "Systems design" and Senior Data Engineer's "System design" are
        one), the values ones (Collaboration, Ownership) included."""
        entries = {}
        for key in content.JOBS:
            for name, kind, _ in content.JOBS[key][3]:
                entries.setdefault(topic_key(name), []).append((name, kind))
        for spellings in entries.values():
            name, kind = min(spellings)
            library_actions.do_save_library_competency(
                self.admin,
                name=name,
                kind=kind,
                description=content.DESCRIPTIONS.get(name, ""),
                anchors=dict(enumerate(content.ANCHORS[name], start=1)),
            )

    def internal_notes(self):
        """Notes the hiring team keeps on Luis, which interviewers and Luis never see."""
        luis = self.data_apps["Luis Ortega"]
        note_actions.do_add_internal_note(
            self.admin,
            luis,
            text="Called Luis on Monday: his notice period is two months, and he asked "
            "whether the role can be remote two days a week.",
        )
        note_actions.do_add_internal_note(
            self.hm,
            luis,
            text="If we hire Dana instead, keep Luis in mind for the platform team's "
            "opening in spring.",
        )

    def job(self, key: str):
        title, department, description, competencies = content.JOBS[key]
        job = hiring.do_create_job(
            self.admin,
            title=title,
            department=department,
            description=description,
            hiring_manager=self.hm,
        )
        comps = [
            hiring.do_save_competency(
                self.admin,
                job,
                name=name,
                kind=kind,
                weight=weight,
                description=content.DESCRIPTIONS.get(name, ""),
                anchors=dict(enumerate(content.ANCHORS[name], start=1)),
            )
            for name, kind, weight in competencies
        ]
        r1_panel, r2_panel = content.PANELS[key]
        job.r1 = hiring.do_save_round(
            self.admin,
            job,
            number=1,
            name="Round 1",
            objectives=[],
            purpose=content.ROUND_PURPOSE[1],
            focus=comps[:4],
            panel=[self.m[p] for p in r1_panel],
        )
        job.r2 = hiring.do_save_round(
            self.admin,
            job,
            number=2,
            name="Round 2",
            objectives=["concerns", "finalists", "culture"],
            purpose=content.ROUND_PURPOSE[2],
            focus=[comps[0], comps[1], comps[3], comps[4]],
            panel=[self.m[p] for p in r2_panel],
        )
        job.comps = comps
        job.truth = {}  # application pk -> {competency pk: latent standing}
        return job

    def application(self, job, name: str, standing: float, stage: str):
        plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
        candidate = hiring.do_add_candidate(
            self.admin,
            name=name,
            email=plain.lower().replace(" ", ".") + "@example.com",
            cv_text=f"{name}: eight years in the field; see the application for details.",
            timezone=content.TIMEZONE,
        )
        # Through the same steps as a team would take, so each application has its history.
        app = hiring.do_apply(self.admin, candidate, job)
        for _ in range(content.ADVANCES[stage]):
            hiring.do_advance_application(self.hm, app)
        if stage == "rejected":
            reason, note = content.REJECTIONS[len(job.truth) % len(content.REJECTIONS)]
            hiring.do_reject_application(self.hm, app, reason=reason, note=note)
        job.truth[app.pk] = {c.pk: standing + self.rng.gauss(0, 0.35) for c in job.comps}
        return app

    def interview(self, app, round, start: datetime, who: list[str]):
        return hiring.do_schedule_interview(
            self.admin,
            app,
            round,
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            interviewers=[self.m[w] for w in who],
            location="Room 3, Berlin office",
            video_link="https://meet.example.com/acme-interview",
        )

    # --- scorecards -------------------------------------------------------------
    def rate(self, who: str, interview, submit=True, only=None):
        """Write (and submit) ``who``'s scorecard from the latent standings."""
        member = self.m[who]
        job = interview.application.job
        severity = content.SEVERITY[f"{who}@demo.test"]
        items, values = [], []
        for comp in scorecards.focus_competencies(interview):
            if only is not None and comp.name not in only:
                continue
            latent = job.truth[interview.application_id][comp.pk]
            raw = 2.6 + latent + severity + self.rng.gauss(0, 0.45)
            value = min(job.scale_max, max(job.scale_min, round(raw)))
            subject = self.rng.choice(content.SUBJECTS[comp.name])
            note = self.rng.choice(content.EVIDENCE[value]).format(s=subject)
            items.append(scorecards.RatingInput(comp.pk, value, note))
            values.append(value)
        mean = sum(values) / len(values)
        recommendation = next(rec for floor, rec in content.RECOMMENDATION_FLOORS if mean >= floor)
        card = scorecards.do_save_draft(
            member, interview, items, recommendation=recommendation if submit else ""
        )
        if submit:
            card = scorecards.do_submit_scorecard(member, interview)
            self.ratings += len(items)
        return card

    def round_one(self, key, job):
        r1_panel = content.PANELS[key][0]
        apps = {}
        for i, (name, standing, stage, days, size) in enumerate(content.CANDIDATES[key]):
            app = self.application(job, name, standing, stage)
            who = [r1_panel[(i + k) % len(r1_panel)] for k in range(size)]
            interview = self.interview(app, job.r1, self.at(-days, 9 + i % 7), who)
            app.r1 = interview
            app.cards = {w: self.rate(w, interview) for w in who}
            apps[name] = app
        return apps

    def round_two(self, key, job, apps, names):
        days, panel = content.ROUND_2_DAYS_AGO[key], content.PANELS[key][1]
        for i, name in enumerate(names):
            interview = self.interview(apps[name], job.r2, self.at(-days + i, 10), panel)
            apps[name].r2 = interview
            apps[name].cards2 = {w: self.rate(w, interview) for w in panel}

    # --- the four jobs ---------------------------------------------------------
    def platform(self):
        """Round 1 under way: a scorecard due for Ana, a draft for Ben, one overdue for Raj."""
        job = self.job("platform")
        apps = self.round_one("platform", job)
        concerns.do_raise_concern(
            self.m["raj"],
            apps["Kwame Mensah"],
            type="skill_gap",
            title="On-call experience limited to business hours",
            details="Has never carried a pager overnight; unclear how he handles 3 a.m. pages.",
            probe="Ask for a night incident, or how he would prepare for his first one.",
            scorecard=apps["Kwame Mensah"].cards["raj"],
            owner=self.m["chen"],
        )
        priya = self.application(job, "Priya Shah", 0.2, "round_1")
        interview = self.interview(priya, job.r1, self.at(-2, 11), ["ana", "ben"])
        self.rate("ben", interview, submit=False, only={"Systems design", "Coding"})
        felix = self.application(job, "Felix Braun", 0.0, "round_1")
        interview = self.interview(felix, job.r1, self.at(-6, 15), ["ana", "raj"])
        felix_ana = self.rate("ana", interview)
        # Raised with "let the hiring team decide": nobody owns it until someone is chosen.
        concerns.do_raise_concern(
            self.m["ana"],
            felix,
            type="skill_gap",
            title="Vague about how he tests infrastructure changes",
            details="Talked about staging, but not about how a change is rolled back.",
            probe="Ask how he would test and roll back a change to the fleet's base image.",
            scorecard=felix_ana,
        )
        self.incomplete = felix  # Raj's scorecard is overdue: a decision goes ahead without
        noah = self.application(job, "Noah Becker", 0.3, "round_1")
        self.interview(noah, job.r1, self.at(1, 14), ["ana", "raj"])

    def data(self):
        """Three finalists in round 2. Dana's round 2 with Ana is still ahead, and Ana owns
        Dana's open blocking concern, so Ana's kit shows it and Dana's feedback stays blind."""
        job = self.job("data")
        apps = self.round_one("data", job)
        dana, luis, mei = apps["Dana Kim"], apps["Luis Ortega"], apps["Mei Chen"]
        self.data_apps = apps
        ben_card = dana.cards["ben"]
        blocking = concerns.do_raise_concern(
            self.m["ben"],
            dana,
            type="skill_gap",
            title="Depth in streaming pipelines",
            details="Strong on batch; answers on exactly-once delivery and late data were thin.",
            probe="Walk me through a pipeline you ran in production that broke. What changed?",
            blocking=True,
            scorecard=ben_card,
            owner=self.m["ana"],
        )
        seed_portal(self.admin, self.hm, self.m, blocking)  # shares it in candidate wording
        gap = concerns.do_raise_concern(
            self.m["dee"],
            mei,
            type="employment_gap",
            title="Ten months between roles in 2022",
            probe="Ask what she did in that time and how she kept her skills current.",
            scorecard=mei.cards["dee"],
            owner=self.m["chen"],
        )
        mei.r2 = self.interview(mei, job.r2, self.at(-4, 10), ["ana", "chen"])
        luis.r2 = self.interview(luis, job.r2, self.at(-1, 14), ["ana", "chen"])
        mei_chen = self.rate("chen", mei.r2)
        self.rate("ana", mei.r2)
        concerns.do_resolve_concern(
            self.m["chen"],
            gap,
            "resolved",
            "She cared for a parent and finished a streaming-systems course; her answers "
            "on current tooling were up to date.",
            scorecard=mei_chen,
        )
        # Chen read the panel's feedback on Mei, then changed his scorecard, with a reason:
        # the independence audit shows it.
        scorecards.do_record_feedback_view(self.m["chen"], mei)
        first = mei_chen.ratings.select_related("competency").first()
        scorecards.do_edit_submitted(
            self.m["chen"],
            mei_chen,
            "Re-read my notes: I had over-credited her answer on late data.",
            [scorecards.RatingInput(first.competency_id, max(1, first.value - 1), first.evidence)],
            recommendation=mei_chen.recommendation,
        )
        luis_chen = self.rate("chen", luis.r2)
        self.rate("ana", luis.r2)
        concerns.do_raise_concern(
            self.m["chen"],
            luis,
            type="motivation",
            title="Left his last role after eight months",
            details="Said the team was reorganised; I could not tell whether he would stay.",
            probe="Ask what would make him stay three years, and check with a reference.",
            scorecard=luis_chen,
            owner=self.hm,
        )
        self.interview(dana, job.r2, self.soon_today(), ["ana", "chen"])

    def design(self):
        """Sofia's hire waits for approval: Valerie first, then Carla."""
        job = self.job("design")
        apps = self.round_one("design", job)
        sofia = apps["Sofia Alvarez"]
        concern = concerns.do_raise_concern(
            self.m["chen"],
            sofia,
            type="skill_gap",
            title="Little experience with dense operator screens",
            probe="Ask her to sketch the alarm-triage screen for 200 robots.",
            scorecard=sofia.cards["chen"],
            owner=self.m["raj"],
        )
        self.round_two("design", job, apps, ["Sofia Alvarez", "Marco Rossi"])
        concerns.do_resolve_concern(
            self.m["raj"],
            concern,
            "confirmed",
            "True: her work has been consumer apps. Her triage sketch was sound; she will "
            "need a month of shadowing operators.",
            scorecard=sofia.cards2["raj"],
        )
        self.pending = (job, sofia)

    def manager(self):
        """Tomás was hired on the second version: Valerie rejected the first one."""
        job = self.job("manager")
        apps = self.round_one("manager", job)
        tomas = apps["Tomás Silva"]
        concern = concerns.do_raise_concern(
            self.m["raj"],
            tomas,
            type="skill_gap",
            title="Has not managed managers",
            probe="Ask how he would grow a tech lead into a manager.",
            blocking=True,
            scorecard=tomas.cards["raj"],
            owner=self.m["ana"],
        )
        self.round_two("manager", job, apps, ["Tomás Silva", "Yusuf Demir"])
        concerns.do_resolve_concern(
            self.m["ana"],
            concern,
            "resolved",
            "He coached two tech leads into managers at his last company and described "
            "the plan he used, month by month.",
            scorecard=tomas.cards2["ana"],
        )
        hiring.do_reject_application(
            self.hm,
            apps["Yusuf Demir"],
            reason="stronger",
            note="Strong in round 2, but Tomás has grown managers before; we keep in touch.",
        )
        self.decided = (job, tomas)

    def decisions(self):
        approvers = [self.m["vp"], self.m["cfo"]]
        job, sofia = self.pending
        self.evidence_request(job)
        self.without_a_scorecard()
        decisions.do_propose_decision(
            self.hm,
            sofia,
            outcome="hire",
            summary="Sofia was the strongest on interaction design in both rounds, and "
            "the panel agreed she raises the bar.",
            rationale={
                "Interaction design": "Best triage sketch of the loop.",
                "Collaboration": "Ran round 2 as a working session with the team.",
            },
            approvers=approvers,
        )
        job, tomas = self.decided
        decision = decisions.do_propose_decision(
            self.hm,
            tomas,
            outcome="hire",
            summary="Tomás leads with clarity and has grown managers before.",
            rationale={"People leadership": "Concrete coaching record, checked in round 2."},
            approvers=approvers,
        )
        # Valerie's rejection stops the first version; Hannah revises it, and the history
        # (version 1 and Valerie's dissent) stays on the record.
        decisions.do_give_verdict(
            self.m["vp"],
            decision,
            "rejected",
            "I would rather wait for a candidate with deeper robotics experience.",
        )
        revised = decisions.do_propose_decision(
            self.hm,
            tomas,
            outcome="hire",
            summary="Tomás leads with clarity and has grown managers before. On robotics: "
            "he pairs with Raj for his first quarter, and the team's leads cover the domain.",
            rationale={"People leadership": "Concrete coaching record, checked in round 2."},
            approvers=approvers,
            revises=decision,
        )
        decisions.do_give_verdict(
            self.m["vp"],
            revised,
            "approved",
            "The pairing plan answers my doubt on robotics; the leadership evidence is strong.",
        )
        decisions.do_give_verdict(
            self.m["cfo"],
            revised,
            "approved",
            "The panel evidence is strong and the team needs a manager this quarter.",
        )
        hiring.do_update_job(self.admin, job, status="filled")

    def evidence_request(self, job):
        """Marco's hold comes back: Valerie asks for a reference before deciding, and the
        request becomes a concern that Hannah owns."""
        marco = job.applications.get(candidate__name="Marco Rossi")
        decision = decisions.do_propose_decision(
            self.hm,
            marco,
            outcome="hold",
            summary="Marco is our second choice: keep him warm while Sofia's offer is settled.",
            rationale={"Collaboration": "Ran the round-2 critique well, by all accounts."},
            approvers=[self.m["vp"]],
        )
        decisions.do_give_verdict(
            self.m["vp"],
            decision,
            "more_evidence",
            "Before we hold him, ask his last manager how he handed over the design system.",
            evidence_kind="reference",
        )

    def without_a_scorecard(self):
        """Felix's no-hire awaits Valerie, proposed while Raj's scorecard is still missing."""
        decisions.do_propose_decision(
            self.hm,
            self.incomplete,
            outcome="no_hire",
            summary="Felix's coding and systems design fell short of the bar in round 1.",
            rationale={"Coding": "Ana's evidence: could not finish the exercise."},
            approvers=[self.m["vp"]],
            incomplete_reason="Raj is on leave for three weeks and Felix deserves an answer "
            "now; Ana's evidence on coding is clear enough on its own.",
        )


def seed_demo(verbosity: int = 1) -> tuple[Organisation, bool]:
    """Create the demo organisation unless it exists. Returns (organisation, created)."""
    if not settings.DEMO_ALLOWED:
        raise CommandError(
            "Refusing to seed demo data: demo accounts have the password 'demo', so seeding "
            "runs only with SECONDROUND_DEBUG=1 (never in production)."
        )
    existing = Organisation.objects.filter(slug=content.ORGANISATION[1]).first()
    if existing is not None:
        return existing, False
    seeder = Seeder()
    # Calibrate once at the end, instead of queueing a run after every submitted scorecard.
    with mock.patch("secondround.calibration.tasks.queue_refresh"), transaction.atomic():
        seeder.people()
        seeder.platform()
        seeder.data()
        seeder.design()
        seeder.manager()
        seeder.library()
        seeder.questions()
        seeder.internal_notes()
        _calibrate(seeder.org)  # decisions keep the scores as they were when proposed
        seeder.decisions()
    if verbosity:
        print(f"Seeded {seeder.org.name}: {seeder.ratings} ratings.")
    return seeder.org, True


def _calibrate(organisation: Organisation):
    from secondround.calibration.actions import do_refresh_calibration

    snapshot = do_refresh_calibration(organisation.pk)
    if snapshot is None:
        raise CommandError("Calibration found no submitted ratings in the demo data.")
    return snapshot
