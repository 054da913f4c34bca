"""Hundreds of scorecard writes from parallel processes, each with its own database connection,
on PostgreSQL: no write that was acknowledged is lost, no scorecard is duplicated, each
accepted write leaves exactly one audit event, and each refused write is refused for the
right reason.

Four processes take the same seats (interview, interviewer) in the same order and meet at a
barrier before each of three phases, so that they write the same scorecard at the same
moment:

  phase       1                   2                3
  process 0   draft (autosave 1)  submit           draft (autosave 5): refused, submitted
  process 1   draft (autosave 2)  submit (double)  edit
  process 2   draft (autosave 4)  edit             edit
  process 3   draft (autosave 3)  edit             edit

Every process writes text of its own (the op's tag), so the stored state tells whose write
it is. SQLite is skipped: its test database is in memory, one connection, and SQLite
serialises writers anyway (tests/reliability/test_crash_recovery.py covers SQLite in WAL).
"""

import multiprocessing
import time
import traceback
from collections import Counter, defaultdict

import pytest
from django.db import connection, connections
from django.test import override_settings

from secondround.audit.models import AuditEvent
from secondround.scorecards.models import Scorecard
from tests.reliability.scene import panel_slots

pytestmark = pytest.mark.django_db(transaction=True)

PLAN = {
    0: [("draft", 1), ("submit", None), ("draft", 5)],
    1: [("draft", 2), ("submit", None), ("edit", None)],
    2: [("draft", 4), ("edit", None), ("edit", None)],
    3: [("draft", 3), ("edit", None), ("edit", None)],
}
INTERVIEWS = 14  # x 3 seats x 12 ops = 504 operations
SUBMITTED = "This scorecard is already submitted. Edit it with a reason instead."
STALE = "A newer edit of this draft is already saved."
STILL_DRAFT = "This scorecard is still a draft; save it instead."
MISSING = "no scorecard yet"


def tag(process: int, step: int, slot: tuple[int, int]) -> str:
    return f"p{process}.{step} i{slot[0]} m{slot[1]}"


def payload(process: int, step: int, competencies: list[int]) -> dict[int, int]:
    """The ratings one op writes: a value per competency that differs between ops."""
    return {c: 1 + (process + step + k) % 4 for k, c in enumerate(competencies)}


def perform(kind, draft_version, slot, text, values):
    """One scorecard operation through the write functions; ("ok"|"refused"|"error", why)."""
    from secondround.accounts.models import Member
    from secondround.errors import ActionError
    from secondround.hiring.models import Interview
    from secondround.scorecards.actions import (
        RatingInput,
        do_edit_submitted,
        do_save_draft,
        do_submit_scorecard,
    )

    member = Member.objects.get(pk=slot[1])
    interview = Interview.objects.get(pk=slot[0])
    ratings = [RatingInput(c, v, f"evidence {text}") for c, v in values.items()]
    try:
        if kind == "draft":
            do_save_draft(member, interview, ratings, "yes", text, draft_version=draft_version)
        elif kind == "submit":
            do_submit_scorecard(member, interview)
        else:
            try:
                card = Scorecard.objects.get(interview=interview, author=member)
            except Scorecard.DoesNotExist:
                return "refused", MISSING
            do_edit_submitted(member, card, f"reason {text}", ratings, "no", text)
        return "ok", ""
    except ActionError as refusal:
        return "refused", refusal.message
    except Exception:  # a deadlock, a unique violation: exactly what must not happen
        return "error", traceback.format_exc()


def run_process(process, slots, competencies, barrier, results):
    """A child process: its own connection (the parent's is closed before the fork); tasks
    are queued in the database instead of calibrating inline, so that the test measures the
    writes."""
    out = []
    # Whatever connection object came through the fork is the parent's: forget it without
    # closing it (closing would end the parent's session on the shared socket) and open our own.
    for alias in connections:
        connections[alias].connection = None
    try:
        with override_settings(
            TASKS={"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
        ):
            for slot in slots:
                for step, (kind, draft_version) in enumerate(PLAN[process]):
                    barrier.wait(timeout=60)  # every process starts this phase together
                    text = tag(process, step, slot)
                    values = payload(process, step, competencies)
                    start = time.monotonic()
                    outcome, why = perform(kind, draft_version, slot, text, values)
                    end = time.monotonic()
                    out.append((process, step, kind, draft_version, slot, text, values, outcome,
                                why, start, end))  # fmt: skip
    except Exception:
        out.append((process, -1, "crash", None, None, "", {}, "error", traceback.format_exc(),
                    0, 0))  # fmt: skip
    finally:
        connections.close_all()
        results.put(out)


def run_in_parallel(slots, competencies) -> list[tuple]:
    ctx = multiprocessing.get_context("fork")
    barrier = ctx.Barrier(len(PLAN))
    results = ctx.Queue()
    connections.close_all()  # children must not share the parent's socket
    children = [
        ctx.Process(target=run_process, args=(p, slots, competencies, barrier, results))
        for p in PLAN
    ]
    for child in children:
        child.start()
    ops = []
    for _ in children:
        ops += results.get(timeout=120)
    for child in children:
        child.join(timeout=30)
        assert child.exitcode == 0
    return ops


def test_parallel_scorecard_writes_lose_nothing_and_duplicate_nothing(cast):
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL: SQLite's test database is one in-memory connection, and "
            "SQLite runs one writer at a time (the crash test covers SQLite in WAL mode)"
        )
    slots = panel_slots(cast, INTERVIEWS)
    competencies = list(cast.round1.focus_competencies.values_list("pk", flat=True))

    ops = run_in_parallel(slots, competencies)

    errors = [op[8] for op in ops if op[7] == "error"]
    assert not errors, errors[0]
    assert len(ops) == len(slots) * sum(len(steps) for steps in PLAN.values()) >= 500
    by_slot = defaultdict(list)
    for op in ops:
        by_slot[op[4]].append(op)

    cards = {
        (c.interview_id, c.author_id): c
        for c in Scorecard.objects.filter(interview__application__job=cast.job)
        .exclude(interview__in=[cast.dana_r1, cast.luis_r1])
        .prefetch_related("ratings", "versions")
    }
    # No duplicates (one scorecard per seat), and each has one rating per competency.
    assert sorted(cards) == sorted(set(slots))
    assert Scorecard.objects.count() == len(slots)
    for card in cards.values():
        assert sorted(r.competency_id for r in card.ratings.all()) == sorted(competencies)

    edits_accepted = 0
    for slot, slot_ops in by_slot.items():
        card = cards[slot]
        edits_accepted += check_seat(card, slot_ops, competencies)

    # Exactly one audit event per accepted operation.
    events = Counter(
        AuditEvent.objects.filter(target_type="scorecards.scorecard").values_list(
            "action", flat=True
        )
    )
    assert events["scorecard.draft_created"] == len(slots)
    assert events["scorecard.submitted"] == len(slots)
    assert events["scorecard.edited"] == edits_accepted
    per_card = Counter(
        AuditEvent.objects.filter(action="scorecard.submitted").values_list("target_id", flat=True)
    )
    assert set(per_card.values()) == {1}
    draft_saves = sum(1 for op in ops if op[2] == "draft" and op[7] == "ok")
    updates = sum(n for action, n in events.items() if action.startswith("scorecard.draft_upd"))
    # Draft updates are audited once each if the audit trail records them, else not at all.
    assert updates in (0, draft_saves - len(slots))

    # Every accepted submission and edit moved the calibration's change stamp once, and
    # queued a run after its commit: runs are coalesced (calibration/tasks.py), so exactly
    # one waits for the worker (none runs in this test), and it will read every change.
    from django_tasks_db.models import DBTaskResult

    from secondround.calibration.models import InputsStamp

    assert sum(InputsStamp.objects.values_list("version", flat=True)) == (
        len(slots) + edits_accepted
    )
    waiting = DBTaskResult.objects.filter(
        task_path__endswith="refresh_calibration", status="READY"
    ).values_list("args_kwargs", flat=True)
    organisations = {card.interview.application.job.organisation_id for card in cards.values()}
    assert sorted(item["args"][0] for item in waiting) == sorted(organisations)


def check_seat(card, slot_ops, competencies) -> int:
    """One seat's invariants; returns how many edits it accepted."""
    ok = [op for op in slot_ops if op[7] == "ok"]
    refused = [op for op in slot_ops if op[7] == "refused"]
    submits = [op for op in slot_ops if op[2] == "submit"]
    edits = [op for op in ok if op[2] == "edit"]
    drafts = [op for op in ok if op[2] == "draft"]

    # Both submissions are acknowledged (the second returns the same scorecard): a
    # process always submits after its own draft, so there is always something to submit.
    assert all(op[7] == "ok" for op in submits), submits
    assert card.is_submitted and card.submitted_at is not None

    versions = sorted(card.versions.all(), key=lambda v: v.version)
    assert [v.version for v in versions] == list(range(1, len(edits) + 2))
    assert card.version == len(versions)

    # The submitted version is one acknowledged draft, whole (never a mix of two), and no
    # draft acknowledged before either submission started had a newer autosave number.
    first = versions[0].data
    chosen = [op for op in drafts if first["notes"] == op[5]]
    assert len(chosen) == 1, (first, drafts)
    earliest_submit = min(op[9] for op in submits)
    assert all(op[3] <= chosen[0][3] for op in drafts if op[10] < earliest_submit)
    assert_holds(first, chosen[0])

    # Each acknowledged edit is one version, with its reason and its ratings, in order.
    by_reason = {v.reason: v for v in versions[1:]}
    assert sorted(by_reason) == sorted(f"reason {op[5]}" for op in edits)
    for op in edits:
        assert_holds(by_reason[f"reason {op[5]}"].data, op)
    # The scorecard holds the last version.
    last = versions[-1].data
    assert card.notes == last["notes"] and card.recommendation == last["recommendation"]
    stored = {r.competency_id: r.value for r in card.ratings.all()}
    last_op = next((op for op in ok if op[5] == last["notes"]), None)
    assert last_op is not None and stored == last_op[6]

    # Refusals are the expected ones, and consistent with the order things happened in.
    for op in refused:
        kind, why = op[2], op[8]
        if kind == "draft":
            assert why in (SUBMITTED, STALE), op
            if why == STALE:
                assert any(d[3] > op[3] for d in drafts), op
        else:
            assert kind == "edit" and why in (STILL_DRAFT, MISSING), op
    return len(edits)


def assert_holds(data: dict, op) -> None:
    """A version's frozen data is exactly what ``op`` wrote."""
    assert data["notes"] == op[5]
    assert {r["evidence"] for r in data["ratings"].values()} == {f"evidence {op[5]}"}
    assert sorted(r["value"] for r in data["ratings"].values()) == sorted(op[6].values())
