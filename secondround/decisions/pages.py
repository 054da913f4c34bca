"""Read helpers for the decision pages: calibrated scores in a shape templates can show, and
the approval chain as a person reads it (whose turn it is, who disagreed)."""

from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Exists, F, OuterRef, Prefetch, Q

from secondround.accounts.models import Member
from secondround.calibration.compare import explain
from secondround.calibration.figures import Z80, score_text
from secondround.decisions.models import ApprovalStep, Decision, DecisionStatus, Verdict
from secondround.hiring.models import Competency
from secondround.prepared import prepared

# The interval shown next to a calibrated score: the same 80% interval as every page's
# (calibration/figures.py).
INTERVAL_Z = Z80


@dataclass
class CalibratedScore:
    score: float
    sd: float
    p_best: float | None
    competencies: list[dict] = field(default_factory=list)
    explanation: list[str] = field(default_factory=list)
    rivals: int = 0  # other candidates of the same job in the snapshot
    equal_weight_score: float | None = None  # with every interview counted alike

    @property
    def low(self) -> float:
        return self.score - INTERVAL_Z * self.sd

    @property
    def high(self) -> float:
        return self.score + INTERVAL_Z * self.sd

    @cached_property  # asked once per competency row by the template
    def has_raw(self) -> bool:
        return any(c.get("raw_mean") is not None for c in self.competencies)


def _number(value) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def member_names(organisation_id: int) -> dict[str, str]:
    """Engine ids of interviewers (Member pks as strings) to the names people know."""
    return {str(pk): name for pk, name in _names(None, organisation=organisation_id)}


job_competencies = prepared(
    "competencies of a job",
    lambda member, job: (
        Competency.objects.visible_to(member).filter(job_id=job).only("name", "kind")
    ),
)
_names = prepared(
    "member names",
    lambda _, organisation: Member.objects.filter(organisation_id=organisation).values_list(
        "pk", "display_name"
    ),
)


def calibrated_score(
    row: dict | None, rivals: int = 0, names: dict[str, str] | None = None, who: str = ""
) -> CalibratedScore | None:
    """Turn one candidate row of the engine's JSON into something a template can print.
    Rows are read defensively: the engine may add keys, and old snapshots may lack some.
    The adjustment is explained in words with interviewers' names, as on the comparison."""
    if not row:
        return None
    score, sd = _number(row.get("score")), _number(row.get("sd"))
    if score is None:
        return None
    competencies = []
    for name, values in (row.get("competencies") or {}).items():
        if not isinstance(values, dict) or _number(values.get("score")) is None:
            continue
        value, spread = _number(values.get("score")), _number(values.get("sd")) or 0.0
        n_ratings = values.get("n_ratings")
        competencies.append(
            {
                "name": name,
                "score": value,
                "sd": spread,
                # The texts the score table prints, made once here rather than by a filter
                # and a number localisation per cell (the same functions, the same text).
                "score_text": score_text(value, spread),
                "raw_mean": _number(values.get("raw_mean")),
                "n_ratings": n_ratings,
                "n_ratings_text": str(n_ratings) if type(n_ratings) is int else n_ratings,
            }
        )
    return CalibratedScore(
        score=score,
        sd=sd or 0.0,
        p_best=_number(row.get("p_best")),
        competencies=competencies,
        explanation=explain(row, names or {}, {}, set(), who or "this candidate"),
        rivals=rivals,
        equal_weight_score=_number(row.get("equal_weight_score")),
    )


def score_from_snapshot(snapshot, application) -> CalibratedScore | None:
    if snapshot is None:
        return None
    rows = snapshot.result.get("candidates", []) if isinstance(snapshot.result, dict) else []
    mine = [r for r in rows if isinstance(r, dict) and r.get("candidate") == str(application.pk)]
    if not mine:
        return None
    rivals = sum(1 for r in rows if isinstance(r, dict) and r.get("job") == mine[0].get("job"))
    return calibrated_score(
        mine[0],
        rivals=max(rivals - 1, 0),
        names=member_names(snapshot.organisation_id),
        who=application.candidate.first_name,
    )


def waiting_step(steps: list[ApprovalStep]) -> ApprovalStep | None:
    """The step whose turn it is, from an already fetched, ordered chain."""
    return next((step for step in steps if step.verdict == Verdict.WAITING), None)


def rationale_rows(decision: Decision, competencies) -> list[dict]:
    """The rationale per competency in the job's order; text kept for a competency that was
    renamed or removed since still shows, after the others."""
    texts = dict(decision.rationale or {})
    rows = []
    for competency in competencies:
        rows.append(
            {
                "name": competency.name,
                "kind": competency.get_kind_display(),
                "values": competency.kind == "values",
                "text": texts.pop(competency.name, ""),
            }
        )
    rows.extend({"name": name, "kind": "", "values": False, "text": t} for name, t in texts.items())
    return rows


def turns_in_chain(member_pk: int, waiting: list[tuple[int, int]]) -> tuple[bool, bool]:
    """From a chain's waiting steps as (order, approver id): whether it is the member's turn
    (a step of theirs is the first one waiting), and whether a step of theirs waits behind
    an earlier one. The same rule as my_turn_filter and my_later_turn_filter, for pages
    that read the chains once (tests/web_home/test_turns_match_the_sql_filters.py)."""
    if not waiting:
        return False, False
    first = min(order for order, _ in waiting)
    mine = [order for order, approver in waiting if approver == member_pk]
    return first in mine, any(order > first for order in mine)


def turns(member, decisions, everyone: bool = False):
    """Of ``decisions`` (read through ``Decision.objects.visible_to``), the pending ones where
    it is the member's turn, and those where it comes after an earlier approver's; with
    ``everyone`` (an admin's approvals list), also every pending decision with its current
    step. One read of the pending decisions with their chains, sorted out by turns_in_chain
    (my_turn_filter and my_later_turn_filter say the same in SQL)."""
    return sort_turns(member, list(pending_with_chains(member, decisions, everyone)), everyone)


def pending_with_chains(member, decisions, everyone: bool = False):
    """The query of ``turns``: the pending decisions (all of them with ``everyone``, else
    those where the member's step waits), each with its chain of steps."""
    pending = decisions.filter(status=DecisionStatus.PENDING)
    if not everyone:
        mine = ApprovalStep.objects.visible_to(member).filter(
            approver=member, verdict=Verdict.WAITING
        )
        pending = pending.filter(pk__in=mine.values("decision_id"))
    steps = ApprovalStep.objects.visible_to(member).select_related("approver")
    return pending.prefetch_related(
        Prefetch(
            "steps", queryset=steps.only("decision", "order", "verdict", "approver__display_name")
        )
    )


def sort_turns(member, pending: list, everyone: bool = False):
    """``turns`` of decisions already read by ``pending_with_chains``."""
    my_turn, later = [], []
    for decision in pending:
        chain = list(decision.steps.all())
        waiting = [(s.order, s.approver_id) for s in chain if s.verdict == Verdict.WAITING]
        turn, later_turn = turns_in_chain(member.pk, waiting)
        if turn:
            my_turn.append(decision)
        if later_turn:
            later.append(decision)
        decision.current = waiting_step(chain)
    return my_turn, later, pending if everyone else []


def _my_waiting_step(member, someone_earlier_waits: bool):
    """Pending decisions where the member's step waits, behind an earlier waiting step or not."""
    earlier_waiting = Exists(
        ApprovalStep.objects.filter(
            decision=OuterRef("decision"), verdict=Verdict.WAITING, order__lt=OuterRef("order")
        )
    )
    mine = ApprovalStep.objects.filter(
        decision=OuterRef("pk"), approver=member, verdict=Verdict.WAITING
    ).filter(earlier_waiting if someone_earlier_waits else ~earlier_waiting)
    return Exists(mine) & Q(status=DecisionStatus.PENDING)


def my_turn_filter(member):
    """Decisions where the member's step is the current one: theirs is waiting, and no
    earlier step still is."""
    return _my_waiting_step(member, someone_earlier_waits=False)


def my_later_turn_filter(member):
    """Pending decisions where the member is on the chain but someone earlier must go first."""
    return _my_waiting_step(member, someone_earlier_waits=True)


def answered_filter(member):
    answered = ApprovalStep.objects.filter(decision=OuterRef("pk"), approver=member).exclude(
        verdict=Verdict.WAITING
    )
    return Exists(answered)


def earlier_versions(decision: Decision) -> list[Decision]:
    """The versions this decision revised, newest first, each with its chain of verdicts:
    a revision keeps the history of what was proposed and what each approver said."""
    versions = []
    current = decision
    while current.previous_id is not None:
        (current,) = _version(None, pk=current.previous_id)
        versions.append(current)
    return versions


_version = prepared(
    "earlier version",
    lambda _, pk: (
        Decision.objects.annotate(proposed_by_name=F("proposed_by__display_name"))
        .prefetch_related(
            Prefetch("steps", queryset=ApprovalStep.objects.select_related("approver"))
        )
        .filter(pk=pk)
    ),
)


def later_version(decision: Decision) -> Decision | None:
    """The revision of a sent-back decision, if the hiring manager made one."""
    return Decision.objects.filter(previous=decision).only("pk", "version").first()
