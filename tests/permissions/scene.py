"""The permissions scenario, built on top of the `cast` (tests/conftest.py).

Added to the cast (Acme):
  rita    recruiter only
  hank    hiring manager of job2 ("Product Designer"), whose panel is ian alone
  vince   approver, on paul's chain (job2) but not on dana's
  job2 with a competency, a round, candidate paul (applied, interviewed by ian), and cleo,
  a candidate with no application; an unmanaged job (no hiring manager).
Scorecards on dana's round 1 interview: ian submitted; ivy a draft, or submitted when
`ivy_submitted` (the "ivy after" viewer). Ian also has a draft on a second interview of dana
(round 2, ivy not on it), a submitted card on luis (ivy owes luis hers, so she stays blind on
luis) and one on paul.
A concern on dana (raised by ivy, owned by ian) and one on paul; a decision on dana with the
chain vera -> victor, one on paul with the chain vince.
Globex: a job, a candidate, a question, a snapshot, so that oscar sees his own.
"""

from datetime import UTC, datetime, time, timedelta

from secondround.accounts.actions import do_create_api_token
from secondround.accounts.invitations import do_invite_member
from secondround.audit.models import AuditEvent
from secondround.calibration.models import CalibrationSnapshot, InputsStamp, SnapshotJob
from secondround.concerns.actions import do_raise_concern
from secondround.decisions.actions import do_propose_decision, do_set_decision_policy
from secondround.hiring import actions as hiring
from secondround.hiring.library_actions import do_save_library_competency
from secondround.hiring.note_actions import do_add_internal_note
from secondround.notifications.actions import do_reset_calendar_feed, do_save_preferences
from secondround.notifications.models import Notification
from secondround.scheduling.actions import do_save_working_hours
from secondround.scorecards.actions import do_record_feedback_view
from tests.conftest import ANCHORS, add_member, fill_scorecard

START = datetime(2026, 11, 23, 10, tzinfo=UTC)


def _interview(c, application, round_, hours, interviewers):
    return hiring.do_schedule_interview(
        c.alice,
        application,
        round_,
        starts_at=START + timedelta(hours=hours),
        ends_at=START + timedelta(hours=hours + 1),
        interviewers=interviewers,
    )


def build_scene(c, ivy_submitted: bool = False):
    c.rita = add_member(c.acme, "rita", "recruiter")
    c.hank = add_member(c.acme, "hank", "hiring_manager")
    c.vince = add_member(c.acme, "vince", "approver")

    c.job2 = hiring.do_create_job(c.alice, title="Product Designer", hiring_manager=c.hank)
    c.craft = hiring.do_save_competency(c.alice, c.job2, name="Craft", anchors=ANCHORS)
    c.job2_round = hiring.do_save_round(
        c.alice, c.job2, number=1, name="Design round", objectives=[], focus=[c.craft],
        panel=[c.ian],
    )  # fmt: skip
    c.unmanaged_job = hiring.do_create_job(c.alice, title="Office Manager")
    c.paul = hiring.do_add_candidate(c.alice, name="Paul Reyes", email="paul@example.com")
    c.cleo = hiring.do_add_candidate(c.alice, name="Cleo Park", email="cleo@example.com")
    c.paul_app = hiring.do_apply(c.alice, c.paul, c.job2, stage="round_1")
    c.paul_r1 = _interview(c, c.paul_app, c.job2_round, 4, [c.ian])
    c.dana_r2_ian = _interview(c, c.dana_app, c.round2, 24, [c.ian])

    c.ian_card = fill_scorecard(c.ian, c.dana_r1, value=3)
    c.ivy_card = fill_scorecard(c.ivy, c.dana_r1, value=2, submit=ivy_submitted)
    c.ian_draft = fill_scorecard(c.ian, c.dana_r2_ian, submit=False)
    c.ian_luis_card = fill_scorecard(c.ian, c.luis_r1, value=2)
    c.paul_card = fill_scorecard(c.ian, c.paul_r1, value=4)

    c.ivy_seen = do_record_feedback_view(c.ivy, c.dana_app)
    c.ian_seen = do_record_feedback_view(c.ian, c.luis_app)

    c.dana_concern = do_raise_concern(
        c.ivy, c.dana_app, type="skill_gap", title="SQL depth", owner=c.ian
    )
    c.paul_concern = do_raise_concern(c.ian, c.paul_app, type="motivation", title="Why leave?")
    c.dana_decision = do_propose_decision(
        c.harry, c.dana_app, outcome="hire", summary="Strong on both competencies.",
        rationale={}, approvers=[c.vera, c.victor],
        incomplete_reason="Deciding before every panel member has written up.",
    )  # fmt: skip
    c.paul_decision = do_propose_decision(
        c.hank, c.paul_app, outcome="hold", summary="Wait for the portfolio.", rationale={},
        approvers=[c.vince], incomplete_reason="Deciding before the panel has written up.",
    )  # fmt: skip

    c.acme_question = hiring.do_save_question(
        c.alice, topic="Problem solving", text="Walk me through a bug you chased."
    )
    c.acme_library = do_save_library_competency(
        c.alice, name="Ownership", kind="values", anchors=ANCHORS
    )
    c.dana_note = do_add_internal_note(c.alice, c.dana_app, text="Expects 80k.")
    c.paul_note = do_add_internal_note(c.alice, c.paul_app, text="Notice period: 3 months.")
    c.acme_snapshot = CalibrationSnapshot.objects.create(
        organisation=c.acme, fingerprint="acme", n_ratings=4, result={}
    )
    c.acme_event = AuditEvent.objects.filter(organisation=c.acme, action="job.created").first()

    c.globex_job = hiring.do_create_job(c.oscar, title="Data Engineer")
    c.globex_candidate = hiring.do_add_candidate(c.oscar, name="Gil", email="gil@example.com")
    c.globex_question = hiring.do_save_question(c.oscar, topic="Craft", text="Show us.")
    c.globex_library = do_save_library_competency(c.oscar, name="Craft", anchors=ANCHORS)
    c.globex_snapshot = CalibrationSnapshot.objects.create(
        organisation=c.globex, fingerprint="globex", n_ratings=1, result={}
    )
    c.globex_event = AuditEvent.objects.filter(organisation=c.globex, action="job.created").first()
    # How approvals work, per organisation (secondround/decisions)
    c.acme_policy = do_set_decision_policy(c.alice, approvers_advisory=False)
    c.globex_policy = do_set_decision_policy(c.oscar, approvers_advisory=True)
    # API tokens (secondround/api)
    c.ivy_token = do_create_api_token(None, c.ivy, "scene")[0]
    c.oscar_token = do_create_api_token(None, c.oscar, "scene")[0]
    # Notification settings (secondround/notifications, secondround/scheduling)
    c.ivy_preference = do_save_preferences(c.ivy, receive=["interviews"])
    do_reset_calendar_feed(c.ivy)
    c.ivy_hours = do_save_working_hours(c.ivy, start=time(8), end=time(16), days=[0, 1, 2, 3])
    # Invitations (the Team page)
    c.acme_invitation = do_invite_member(
        c.alice, c.acme, email="new@acme.test", display_name="New", roles={"interviewer"}
    )[0]
    c.globex_invitation = do_invite_member(
        c.oscar, c.globex, email="new@globex.test", display_name="New", roles={"approver"}
    )[0]
    return c


# Objects reached through another record, named for the tables.
DERIVED = {
    "problem_anchor": lambda c: c.problem.anchors.get(point=1),
    "craft_anchor": lambda c: c.craft.anchors.get(point=4),
    "ian_rating": lambda c: c.ian_card.ratings.first(),
    "ivy_rating": lambda c: c.ivy_card.ratings.first(),
    "ian_draft_rating": lambda c: c.ian_draft.ratings.first(),
    "ian_luis_rating": lambda c: c.ian_luis_card.ratings.first(),
    "paul_rating": lambda c: c.paul_card.ratings.first(),
    "ian_card_v1": lambda c: c.ian_card.versions.get(version=1),
    "ian_luis_v1": lambda c: c.ian_luis_card.versions.get(version=1),
    "paul_card_v1": lambda c: c.paul_card.versions.get(version=1),
    "vera_step": lambda c: c.dana_decision.steps.get(approver=c.vera),
    "victor_step": lambda c: c.dana_decision.steps.get(approver=c.victor),
    "vince_step": lambda c: c.paul_decision.steps.get(approver=c.vince),
    "dana_move": lambda c: c.dana_app.stage_changes.first(),
    "paul_move": lambda c: c.paul_app.stage_changes.first(),
    "acme": lambda c: c.acme,
    "acme_snapshot_job": lambda c: SnapshotJob.objects.get_or_create(
        snapshot=c.acme_snapshot, job_id=c.job.pk
    )[0],
    "acme_stamp": lambda c: InputsStamp.objects.get(organisation=c.acme),
    "globex_stamp": lambda c: InputsStamp.objects.get_or_create(organisation=c.globex)[0],
    "ivy_member": lambda c: c.ivy,
    "oscar_member": lambda c: c.oscar,
    "dana_r1_event": lambda c: c.dana_r1.calendar_event,  # CalendarEvent
    "vera_request": lambda c: Notification.objects.get(  # the delivery log
        kind="approval_request", target_id=c.dana_decision.pk, recipient_member=c.vera
    ),
    "ivy_feed": lambda c: c.ivy.calendar_feed,
}


def thing(c, name):
    """The named object, fresh from the database (so no test leans on in-memory state)."""
    obj = DERIVED[name](c) if name in DERIVED else getattr(c, name)
    return type(obj)._base_manager.get(pk=obj.pk)
