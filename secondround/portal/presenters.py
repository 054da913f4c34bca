"""What the candidate's page shows, built in one place from an explicit list of fields.

Only what is named here reaches a portal template: round purposes written for candidates,
interviewers' names, titles and public introductions, competency names and descriptions,
times, the topics the team shared in its candidate wording, the candidate's own uploads and
requests, and the outcome message the team chose. Never a rating, a note, a concern's
internal text, another candidate or a member's e-mail address.
"""

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from secondround.hiring.models import (
    Application,
    CompetencyKind,
    Interview,
    InterviewStatus,
    Objective,
    Stage,
)
from secondround.portal.models import (
    CandidateRequest,
    OrganisationValues,
    PortalDocument,
    PortalOutcome,
    PortalTopic,
)
from secondround.portal.rules import is_decided
from secondround.timezones import zone_of

# A round's objectives, as a sentence to the candidate (UX.md: plain words, no codes).
OBJECTIVE_FOR_CANDIDATE = {
    Objective.CONCERNS: "The panel wants to go deeper into a few topics from your earlier "
    "conversation, so that you can show more of your experience.",
    Objective.FINALISTS: "The team asks everyone at this stage about the same things, so that "
    "each person gets a fair and equal chance.",
    Objective.CULTURE: "This conversation is mainly about how you like to work with a team.",
    Objective.BUY_IN: "You'll meet more of the people you would work with, so that they can get "
    "to know you, and you them.",
    Objective.CONFIRM: "The team wants to hear more about what you talked about in the first "
    "conversation, with fresh eyes.",
}
NO_OBJECTIVE = "A conversation about your experience and the skills listed below."


@dataclass(frozen=True)
class Person:
    name: str
    title: str
    intro: str


@dataclass(frozen=True)
class Assessed:
    name: str
    description: str
    is_values: bool


@dataclass(frozen=True)
class UpcomingRound:
    interview_id: int
    round_name: str
    purpose: list[str]
    starts_at: datetime  # in the candidate's zone
    ends_at: datetime
    location: str
    video_link: str
    people: list[Person]
    assessed: list[Assessed]

    @property
    def assesses_values(self) -> bool:
        return any(a.is_values for a in self.assessed)


@dataclass(frozen=True)
class Topic:
    id: int
    wording: str
    answer: str
    answered_at: datetime | None


@dataclass
class ApplicationView:
    id: int
    job_title: str
    open: bool
    withdrawn: bool
    outcome: str  # the team's message after a decision; empty until then
    rounds: list[UpcomingRound] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    requests: list[tuple[str, datetime]] = field(default_factory=list)


@dataclass
class PortalPage:
    candidate_first_name: str
    organisation: str
    zone: str
    applications: list[ApplicationView]
    has_values_page: bool

    @property
    def links_values(self) -> bool:
        return self.has_values_page and any(
            r.assesses_values for a in self.applications for r in a.rounds
        )


def purpose_sentences(objectives: list[str]) -> list[str]:
    sentences = [
        OBJECTIVE_FOR_CANDIDATE[Objective(code)] for code in objectives if code in Objective.values
    ]
    return sentences or [NO_OBJECTIVE]


def _people(interview: Interview) -> list[Person]:
    people = []
    for member in interview.interviewers.all():
        intro = getattr(member, "portal_intro", None)
        people.append(Person(member.display_name, member.title, intro.text if intro else ""))
    return people


def _round(interview: Interview, zone: ZoneInfo) -> UpcomingRound:
    round_ = interview.round
    return UpcomingRound(
        interview_id=interview.pk,
        round_name=round_.name,
        purpose=purpose_sentences(round_.objectives),
        starts_at=interview.starts_at.astimezone(zone),
        ends_at=interview.ends_at.astimezone(zone),
        location=interview.location,
        video_link=interview.video_link,
        people=_people(interview),
        assessed=[
            Assessed(c.name, c.description, c.kind == CompetencyKind.VALUES)
            for c in round_.focus_competencies.all()
        ],
    )


def upcoming_interviews(application: Application):
    return (
        Interview.objects.filter(
            application=application,
            status=InterviewStatus.SCHEDULED,
            ends_at__gt=timezone.now(),
        )
        .select_related("round")
        .prefetch_related("round__focus_competencies", "interviewers__portal_intro")
        .order_by("starts_at")
    )


def _application_view(application: Application, zone: ZoneInfo) -> ApplicationView:
    decided = is_decided(application)
    outcome = ""
    if decided:
        found = PortalOutcome.objects.filter(application=application).first()
        outcome = found.message if found else ""
    view = ApplicationView(
        id=application.pk,
        job_title=application.job.title,
        open=not decided,
        withdrawn=application.stage == Stage.WITHDRAWN,
        outcome=outcome,
    )
    if decided:
        return view  # after a decision, only the outcome the team chose to communicate
    view.rounds = [_round(i, zone) for i in upcoming_interviews(application)]
    topics = PortalTopic.objects.filter(
        concern__application=application, concern__shared_with_candidate=True
    ).order_by("shared_at")
    view.topics = [Topic(t.pk, t.candidate_wording, t.answer, t.answered_at) for t in topics]
    view.documents = list(
        PortalDocument.objects.filter(application=application).values_list(
            "original_name", flat=True
        )
    )
    view.requests = [
        (r.get_kind_display(), r.created_at.astimezone(zone))
        for r in CandidateRequest.objects.filter(application=application)
    ]
    return view


def portal_page(candidate) -> PortalPage:
    zone = zone_of(candidate.timezone)
    applications = Application.objects.filter(candidate=candidate).select_related("job")
    return PortalPage(
        candidate_first_name=candidate.first_name,
        organisation=candidate.organisation.name,
        zone=str(zone),
        applications=[_application_view(a, zone) for a in applications],
        has_values_page=OrganisationValues.objects.filter(
            organisation_id=candidate.organisation_id
        ).exists(),
    )
