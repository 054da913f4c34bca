"""What a member leaves behind when they are deactivated, and handing it to others.

A deactivated member's work falls in four kinds:

- **approval steps** still waiting on a pending decision. The step keeps its approver (the
  chain is a record of who was asked) until someone else is put in their place; meanwhile the
  decision shows "approver needed" (see ``steps_needing_an_approver``).
- **open concerns** they own. Left to nobody, the owner becomes empty.
- **future interviews** they sit on (scheduled, not yet started). Left to nobody, they are
  taken off the interview; one with nobody left on it shows as needing a panel.
- **panel seats** on rounds. Left to nobody, the seat is simply removed.

Nothing here touches scorecards: submitted ones stay and still count in calibration.
``hand_over`` runs inside ``do_deactivate_member``'s transaction, which records the audit event.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from secondround.accounts.models import Member
from secondround.errors import ActionError
from secondround.prepared import prepared


@dataclass
class Handover:
    """Who takes over each item, by the item's id; an id missing or mapped to None means
    "nobody" (the item becomes unassigned)."""

    steps: dict[int, Member | None] = field(default_factory=dict)
    concerns: dict[int, Member | None] = field(default_factory=dict)
    interviews: dict[int, Member | None] = field(default_factory=dict)
    rounds: dict[int, Member | None] = field(default_factory=dict)


@dataclass
class PendingWork:
    steps: list
    concerns: list
    interviews: list
    rounds: list

    @property
    def empty(self) -> bool:
        return not (self.steps or self.concerns or self.interviews or self.rounds)


def pending_work(member: Member) -> PendingWork:
    """The member's work that someone else must pick up if they leave."""
    from secondround.concerns.models import Concern
    from secondround.decisions.models import ApprovalStep, DecisionStatus, Verdict
    from secondround.hiring.models import Round

    steps = ApprovalStep.objects.filter(
        approver=member, verdict=Verdict.WAITING, decision__status=DecisionStatus.PENDING
    ).select_related("decision__application__candidate", "decision__application__job")
    concerns = (
        Concern.objects.open()
        .filter(owner=member)
        .select_related("application__candidate", "application__job")
    )
    interviews = future_interviews().filter(interviewers=member)
    rounds = Round.objects.filter(panel=member).select_related("job")
    return PendingWork(list(steps), list(concerns), list(interviews), list(rounds))


def future_interviews(now=None):
    from secondround.hiring.models import Interview, InterviewStatus

    return Interview.objects.filter(
        status=InterviewStatus.SCHEDULED, starts_at__gt=now or timezone.now()
    ).select_related("application__candidate", "application__job", "round")


def _successor(leaving: Member, successor: Member | None, field: str) -> Member | None:
    """``field`` names the item as the confirmation form does (``<kind>_<id>``)."""
    if successor is None:
        return None
    if successor.organisation_id != leaving.organisation_id or not successor.active:
        raise ActionError("Choose an active member of your organisation.", field)
    if successor.pk == leaving.pk:
        raise ActionError(f"Choose someone other than {leaving.display_name}.", field)
    return successor


def hand_over(member: Member, handover: Handover) -> dict:
    """Reassign or unassign everything in ``pending_work(member)``. Returns what went where,
    for the audit event."""
    work = pending_work(member)
    done: dict[str, dict] = {"steps": {}, "concerns": {}, "interviews": {}, "rounds": {}}

    for step in work.steps:
        approver = _successor(member, handover.steps.get(step.pk), f"steps_{step.pk}")
        if approver is not None:
            assign_step(step, approver, field=f"steps_{step.pk}")
        done["steps"][step.pk] = approver.pk if approver else None

    for concern in work.concerns:
        owner = _successor(member, handover.concerns.get(concern.pk), f"concerns_{concern.pk}")
        concern.owner = owner
        concern.save(update_fields=["owner"])
        done["concerns"][concern.pk] = owner.pk if owner else None

    for interview in work.interviews:
        other = _successor(
            member, handover.interviews.get(interview.pk), f"interviews_{interview.pk}"
        )
        interview.interviewers.remove(member)
        if other is not None:
            interview.interviewers.add(other)
        done["interviews"][interview.pk] = other.pk if other else None

    for round in work.rounds:
        other = _successor(member, handover.rounds.get(round.pk), f"rounds_{round.pk}")
        round.panel.remove(member)
        if other is not None:
            round.panel.add(other)
        done["rounds"][round.pk] = other.pk if other else None
    return {kind: {str(k): v for k, v in items.items()} for kind, items in done.items()}


def assign_step(step, approver: Member, field: str = "approver") -> None:
    """Put ``approver`` in the step's place. They must be an approver, and not already on the
    chain (the chain asks each person once)."""
    if not approver.is_approver or not approver.active:
        raise ActionError(f"{approver.display_name} is not an active approver.", field)
    if step.decision.steps.filter(approver=approver).exclude(pk=step.pk).exists():
        raise ActionError(
            f"{approver.display_name} is already on this decision's approval chain.", field
        )
    step.approver = approver
    step.save(update_fields=["approver"])


# --- What is left unassigned (shown on the home page of admins and recruiters) ---------


def steps_needing_an_approver(organisation_id: int):
    """Waiting steps of pending decisions whose approver has been deactivated."""
    from secondround.decisions.models import ApprovalStep, DecisionStatus, Verdict

    return ApprovalStep.objects.filter(
        decision__application__job__organisation_id=organisation_id,
        decision__status=DecisionStatus.PENDING,
        verdict=Verdict.WAITING,
        approver__active=False,
    ).select_related("approver", "decision__application__candidate", "decision__application__job")


def concerns_without_owner(organisation_id: int):
    from secondround.concerns.models import Concern

    return (
        Concern.objects.open()
        .filter(application__job__organisation_id=organisation_id)
        .filter(Q(owner__isnull=True) | Q(owner__active=False))
        .select_related("application__candidate", "application__job")
    )


def interviews_without_panel(organisation_id: int, now=None):
    return (
        future_interviews(now)
        .filter(application__job__organisation_id=organisation_id)
        .annotate(active_panel=Count("interviewers", filter=Q(interviewers__active=True)))
        .filter(active_panel=0)
    )


@dataclass
class Unassigned:
    steps: list
    concerns: list
    interviews: list
    members: list  # who may take an item over

    @property
    def count(self) -> int:
        return len(self.steps) + len(self.concerns) + len(self.interviews)

    @property
    def approvers(self) -> list:
        return [m for m in self.members if m.is_approver]


def unassigned_work(member: Member | None) -> Unassigned | None:
    """What a deactivation left to nobody, for admins and recruiters; None for others."""
    if member is None or not member.has_oversight:
        return None
    work = Unassigned(
        _unassigned_steps(member),
        _unowned_concerns(member),
        _unstaffed_interviews(member, now=timezone.now()),
        [],
    )
    if work.count:  # who may take work over, read only when there is work to hand over
        members = Member.objects.visible_to(member).filter(active=True)
        work.members = list(members.order_by("display_name").only("display_name", "is_approver"))
    return work


# The home page's reads of what is left unassigned, built once per member
# (secondround.prepared). Only the columns the home page shows of each item.
APP_ROW = ("application__candidate__name", "application__job__title")
_unassigned_steps = prepared(
    "steps needing an approver",
    lambda member: steps_needing_an_approver(member.organisation_id).only(
        "order",
        "approver__display_name",
        "decision__outcome",
        *(f"decision__{f}" for f in APP_ROW),
    ),
)
_unowned_concerns = prepared(
    "concerns without an owner",
    lambda member: concerns_without_owner(member.organisation_id).only("title", *APP_ROW),
)
_unstaffed_interviews = prepared(
    "interviews without a panel",
    lambda member, now: interviews_without_panel(member.organisation_id, now).only(
        "starts_at", "round__name", *APP_ROW
    ),
)
