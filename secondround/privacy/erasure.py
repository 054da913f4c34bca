"""What anonymising a candidate changes, table by table (called by do_erase_candidate).

Kept: the candidate row (emptied), their applications, interviews, scorecards and ratings,
so that each interviewer's calibration keeps every rating it was built on. Gone: personal
fields, the CV and uploaded documents (files deleted from storage), portal links, the
candidate's own words written in the portal, and their name and e-mail in the team's text.
"""

from django.db.models import JSONField, Q

from secondround.concerns.models import Concern
from secondround.decisions.models import ApprovalStep, Decision
from secondround.hiring.models import Application, Candidate, Interview, StageChange
from secondround.hiring.notes import InternalNote
from secondround.notifications.models import Notification
from secondround.portal.models import (
    CandidateRequest,
    PortalDocument,
    PortalLink,
    PortalOutcome,
    PortalTopic,
)
from secondround.privacy.scrub import Identity, scrub_rows
from secondround.scorecards.models import Rating, Scorecard, ScorecardVersion
from secondround.stored_files import delete_file_on_commit

# (model, path to the application, text fields) of the team's writing about a candidate.
TEAM_TEXT = [
    (Rating, "scorecard__interview__application", ["evidence"]),
    (Scorecard, "interview__application", ["notes"]),
    (ScorecardVersion, "scorecard__interview__application", ["data", "reason"]),
    (Concern, "application", ["title", "details", "probe", "resolution_evidence"]),
    (StageChange, "application", ["note"]),
    (InternalNote, "application", ["text"]),
    (Interview, "application", ["location", "video_link", "cancel_reason"]),
    (
        Decision,
        "application",
        ["summary", "rationale", "override_reason", "incomplete_reason", "withdraw_reason"],
    ),
    (ApprovalStep, "decision__application", ["rationale"]),
    (PortalTopic, "concern__application", ["candidate_wording"]),
    (PortalOutcome, "application", ["message"]),
]


def anonymous_email(candidate: Candidate) -> str:
    # Unique within the organisation (candidate e-mails are), and never deliverable.
    return f"anonymised-{candidate.pk}@anonymised.invalid"


def anonymise(candidate: Candidate) -> dict:
    """Anonymise the candidate in place; returns counts for the audit event."""
    identity = Identity(candidate.name, candidate.email)
    old_email = candidate.email
    applications = Application.objects.filter(candidate=candidate)
    counts = {"documents": 0, "portal_links": 0, "texts": 0}

    for document in PortalDocument.objects.filter(application__in=applications):
        delete_file_on_commit(document.file)
        document.delete()
        counts["documents"] += 1
    if candidate.cv_file:
        delete_file_on_commit(candidate.cv_file)
        counts["documents"] += 1
    counts["portal_links"], _ = PortalLink.objects.filter(candidate=candidate).delete()

    # The candidate's own words in the portal go whole: they are theirs, not the team's.
    CandidateRequest.objects.filter(application__in=applications).update(message="")
    PortalTopic.objects.filter(concern__application__in=applications).update(answer="")
    Concern.objects.filter(application__in=applications).update(candidate_note="")

    own, anywhere = identity.patterns(with_parts=True), identity.patterns(with_parts=False)
    organisation_id = candidate.organisation_id
    for model, path, fields in TEAM_TEXT:
        rows = model._base_manager.filter(**{f"{path}__job__organisation_id": organisation_id})
        mine = rows.filter(**{f"{path}__candidate": candidate})
        counts["texts"] += scrub_rows(mine, fields, own)
        # The name can also appear in what the team wrote about other candidates. The database
        # narrows the search on text columns; JSON (stored with escapes) is read whole.
        others = rows.exclude(**{f"{path}__candidate": candidate})
        if not any(isinstance(model._meta.get_field(f), JSONField) for f in fields):
            mentions = Q()
            for field in fields:
                for word in (identity.name, identity.email):
                    mentions |= Q(**{f"{field}__icontains": word})
            others = others.filter(mentions)
        counts["texts"] += scrub_rows(others, fields, anywhere)

    notifications = Notification.objects.filter(organisation_id=organisation_id)
    notifications.filter(recipient_email__iexact=old_email).update(
        recipient_email=anonymous_email(candidate)
    )
    counts["texts"] += scrub_rows(
        notifications.filter(subject__icontains=identity.name), ["subject"], anywhere
    )

    candidate.name = f"Anonymised candidate {candidate.pk}"
    candidate.email = anonymous_email(candidate)
    candidate.phone = ""
    candidate.timezone = "UTC"
    candidate.source_detail = ""
    candidate.cv_text = ""
    candidate.cv_file = ""
    candidate.cv_filename = ""
    candidate.notes = ""
    candidate.save()
    return counts
