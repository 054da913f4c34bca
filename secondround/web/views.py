"""Home: the page every member lands on, with what needs them next for each of their roles
(secondround.web.needs), then their own interviews."""

from datetime import datetime, time, timedelta

from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef, Q, Subquery
from django.shortcuts import render
from django.utils import timezone
from django.utils.timesince import timesince

from secondround.accounts.handover import unassigned_work
from secondround.accounts.models import Member
from secondround.decisions.models import ApprovalStep, Decision, Verdict
from secondround.decisions.pages import pending_with_chains, sort_turns
from secondround.hiring.models import Interview, InterviewStatus
from secondround.prepared import prepared
from secondround.scorecards.models import Scorecard, ScorecardStatus
from secondround.timezones import member_zone
from secondround.web.needs import approver_needs, manager_needs, recruiter_needs

# The round's objectives in a few words, for one-line listings.
OBJECTIVE_SHORT = {
    "concerns": "clear up concerns",
    "finalists": "compare finalists",
    "culture": "how they work with the team",
    "buy_in": "manager buy-in",
    "confirm": "confirm first impression",
}
OVERDUE_AFTER = timedelta(hours=24)


def round_in_brief(round) -> str:
    words = [OBJECTIVE_SHORT.get(code, code) for code in round.objectives]
    if words:
        return ", ".join(words)
    words = round.purpose.split()
    return " ".join(words[:12]) + ("…" if len(words) > 12 else "")


def greeting(local_now: datetime) -> str:
    if local_now.hour < 12:
        return "Good morning"
    return "Good afternoon" if local_now.hour < 18 else "Good evening"


INTERVIEW_ROW_FIELDS = (
    "starts_at",
    "ends_at",
    "application__candidate__name",
    "application__job__title",
    "round__name",
    "round__objectives",
    "round__purpose",
)


def my_interviews(member):
    """The member's own interviews, with the state of their scorecard for each."""
    # No ordering: the scorecards' default one would join two tables into each subquery.
    own_card = Scorecard.objects.filter(interview=OuterRef("pk"), author=member).order_by()
    return (
        Interview.objects.visible_to(member)
        .filter(interviewers=member)
        .exclude(status=InterviewStatus.CANCELLED)
        .select_related("application__candidate", "application__job", "round")
        # Only what the rows show: fewer columns to build into the query and to read.
        .only(*INTERVIEW_ROW_FIELDS)
        .annotate(
            card_status=Subquery(own_card.values("status")[:1]),
            card_submitted=Exists(own_card.filter(status=ScorecardStatus.SUBMITTED)),
        )
    )


def split_interviews(member, day_start, day_end, now):
    """Today's, upcoming (20), past (10) and scorecard-due interviews, in two queries rather
    than four: each query of ``my_interviews`` carries the read filter and two subqueries,
    and building it costs more than reading its rows. An interviewer's interviews from today
    on, and those still owing their scorecard, are few; only the past needs a limit."""
    current = _current_interviews(member, day_start=day_start, now=now)
    today = [iv for iv in current if day_start <= iv.starts_at < day_end]
    upcoming = [iv for iv in current if iv.starts_at >= day_end][:20]
    due = sorted(
        (iv for iv in current if iv.ends_at < now and not iv.card_submitted),
        key=lambda iv: iv.ends_at,
    )
    past = _past_interviews(member, day_start=day_start)
    return today, upcoming, past, due


_current_interviews = prepared(
    "interviews from today or owing a card",
    lambda member, day_start, now: (
        my_interviews(member)
        .filter(Q(starts_at__gte=day_start) | Q(ends_at__lt=now, card_submitted=False))
        .order_by("starts_at", "pk")
    ),
)
_past_interviews = prepared(
    "past interviews",
    lambda member, day_start: (
        my_interviews(member).filter(starts_at__lt=day_start).order_by("-starts_at")[:10]
    ),
)


def what_the_member_holds(member) -> tuple[bool, bool]:
    """Whether the member sits on any interview, and whether any approval step of theirs
    waits: one small query, so that a member with neither (many approvers hold no interview,
    many interviewers no step) is spared the queries that would find nothing."""
    ((sits, waits),) = _holdings(member)
    return sits, waits


def _holdings_query(member):
    seats = Interview.interviewers.through.objects.filter(member=OuterRef("pk"))
    steps = ApprovalStep.objects.visible_to(member).filter(
        approver=OuterRef("pk"), verdict=Verdict.WAITING
    )
    return (
        Member.objects.visible_to(member)
        .filter(pk=member.pk)
        .annotate(sits=Exists(seats), waits=Exists(steps))
        .values_list("sits", "waits")
    )


_holdings = prepared("what the member holds", _holdings_query)


def approvals_waiting_for(member) -> list:
    """Decisions where it is this member's turn to approve: their step waits and no earlier
    step still does (the approvals list's rule, decisions.pages.turns)."""
    return sort_turns(member, _my_pending_decisions(member))[0]


_my_pending_decisions = prepared(
    "pending decisions with the member's step waiting",
    lambda member: pending_with_chains(
        member,
        Decision.objects.visible_to(member)
        .select_related("application__candidate", "application__job")
        .only("outcome", "proposed_at", "application__candidate__name", "application__job__title")
        .order_by("proposed_at"),
    ),
)


@login_required
def home(request):
    member = request.member
    if member is None:
        return render(request, "web/home.html", {"no_member": True})
    zone = member_zone(member)
    now = timezone.now()
    local_now = now.astimezone(zone)
    day_start = datetime.combine(local_now.date(), time.min, zone)
    day_end = datetime.combine(local_now.date() + timedelta(days=1), time.min, zone)

    sits, waits = what_the_member_holds(member)
    today, upcoming, past, due = (
        split_interviews(member, day_start, day_end, now) if sits else ([],) * 4
    )
    for interview in today + upcoming + past + due:
        interview.brief = round_in_brief(interview.round)
        interview.ended = interview.ends_at < now
    for interview in due:
        interview.overdue = now - interview.ends_at > OVERDUE_AFTER
        interview.ended_ago = timesince(interview.ends_at, now, depth=1)
    context = {
        "nav": "home",
        "zone": zone,
        "greeting": greeting(local_now),
        "today": today,
        "upcoming": upcoming,
        "past": past,
        "due": due,
        "unassigned": unassigned_work(member),
        "interviews_shown": member.is_interviewer or bool(today or upcoming or past or due),
    }
    context.update(role_needs(member, approvals_waiting_for(member) if waits else []))
    return render(request, "web/home.html", context)


def role_needs(member, approvals: list) -> dict:
    """Each role's section, in order of urgency: hiring manager, approver, recruiter/admin."""
    # A manager with oversight sees the waiting applications once, in the recruiter's list.
    manager = (
        manager_needs(member, unscheduled=not member.has_oversight)
        if member.is_hiring_manager
        else None
    )
    recruiter = recruiter_needs(member) if member.has_oversight else None
    return {
        "approvals": approvals,
        "manager": manager,
        "approver": approver_needs(member, approvals) if member.is_approver or approvals else None,
        "recruiter": recruiter,
    }
