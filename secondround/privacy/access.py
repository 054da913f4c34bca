"""Everything held about one candidate, for an access request (GDPR article 15).

``candidate_record`` gathers it as plain JSON-ready data, whole: personal fields, documents,
applications with their stage history, interviews, scorecards (ratings, evidence, versions),
concerns, decisions with approvals, what the candidate wrote in the portal, and the e-mails
sent to them. Only admins ask for it (``do_export_candidate_data``); they review it before
sending, since it holds the team's own words about the candidate.
"""

import datetime

from django.db import models
from django.utils import timezone

from secondround.hiring.models import Application, Candidate
from secondround.notifications.models import Notification
from secondround.scorecards.models import Scorecard


def plain(value):
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value)
    return value


def fields_of(obj, *, skip=()) -> dict:
    """Every stored field of a row, related rows by their name rather than their id."""
    data = {}
    for field in obj._meta.concrete_fields:
        if field.primary_key or field.name in skip:
            continue
        if field.is_relation:
            related = getattr(obj, field.name)
            data[field.name] = str(related) if related is not None else None
        elif isinstance(field, models.FileField):
            data[field.name] = bool(getattr(obj, field.name))
        elif field.choices:
            data[field.name] = getattr(obj, f"get_{field.name}_display")()
        else:
            data[field.name] = plain(getattr(obj, field.attname))
    return data


def candidate_record(candidate: Candidate, member) -> dict:
    """The record as ``member`` (an admin) may read it: scorecards through their read filter,
    so colleagues' drafts, which only their author ever sees, are not in it."""
    applications = (
        Application.objects.filter(candidate=candidate)
        .select_related("job", "current_round")
        .order_by("created_at", "pk")
    )
    return {
        "about": (
            "Everything secondround holds about this candidate, exported for an access "
            "request. Review it before sending: it includes the interviewers' own notes."
        ),
        "exported_at": timezone.now().isoformat(),
        "organisation": candidate.organisation.name,
        "candidate": fields_of(candidate, skip={"organisation", "cv_file"}),
        "documents": _documents(candidate, applications),
        "applications": [_application(app, member) for app in applications],
        "portal_links": [
            fields_of(link, skip={"candidate", "token_hash"})
            for link in candidate.portal_links.order_by("created_at")
        ],
        "emails": [
            fields_of(n, skip={"organisation", "interview", "recipient_member", "target_type"})
            for n in Notification.objects.filter(
                organisation_id=candidate.organisation_id,
                recipient_email__iexact=candidate.email,
            ).order_by("created_at", "pk")
        ],
    }


def _documents(candidate: Candidate, applications) -> list[dict]:
    found = []
    if candidate.cv_file:
        found.append({"document": "CV", "file name": candidate.cv_filename or "CV.pdf"})
    for app in applications:
        for document in app.portal_documents.all():
            found.append(
                {
                    "document": "Uploaded in the prep portal",
                    "file name": document.original_name,
                    "type": document.content_type,
                    "size": document.size,
                    "uploaded_at": plain(document.uploaded_at),
                    "job": app.job.title,
                }
            )
    return found


def _application(app: Application, member) -> dict:
    data = fields_of(app, skip={"candidate"})
    data["stage_history"] = [
        fields_of(change, skip={"application"}) for change in app.stage_changes.all()
    ]
    data["interviews"] = [_interview(interview, member) for interview in app.interviews.all()]
    data["concerns"] = [
        _concern(concern) for concern in app.concerns.all().select_related("portal_topic")
    ]
    data["decisions"] = [
        {
            **fields_of(decision, skip={"application", "previous", "snapshot"}),
            "approvals": [fields_of(step, skip={"decision"}) for step in decision.steps.all()],
        }
        for decision in app.decisions.order_by("proposed_at", "pk")
    ]
    data["internal_notes"] = [
        fields_of(note, skip={"application"}) for note in app.internal_notes.order_by("pk")
    ]
    data["portal"] = {
        "requests": [fields_of(r, skip={"application"}) for r in app.candidate_requests.all()],
        "outcome_message": getattr(getattr(app, "portal_outcome", None), "message", None),
    }
    return data


def _interview(interview, member) -> dict:
    data = fields_of(interview, skip={"application"})
    data["interviewers"] = [str(member) for member in interview.interviewers.all()]
    data["scorecards"] = []
    cards = Scorecard.objects.visible_to(member).filter(interview=interview)
    for card in cards.select_related("author"):
        entry = fields_of(card, skip={"interview"})
        entry["ratings"] = [
            {
                "competency": rating.competency.name,
                "rating": rating.value,
                "scale": f"{rating.scale_min}-{rating.scale_max}",
                "evidence": rating.evidence,
            }
            for rating in card.ratings.select_related("competency")
        ]
        entry["versions"] = [
            fields_of(version, skip={"scorecard"}) for version in card.versions.all()
        ]
        data["scorecards"].append(entry)
    return data


def _concern(concern) -> dict:
    data = fields_of(concern, skip={"application"})
    topic = getattr(concern, "portal_topic", None)
    if topic is not None:
        data["shared_in_portal"] = fields_of(topic, skip={"concern"})
    return data
