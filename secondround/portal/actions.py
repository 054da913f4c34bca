"""Write functions of the candidate portal.

The hiring team's functions take the acting Member. The candidate's take the PortalLink they
came in with (the candidate has no account): their audit events have no actor, and name the
candidate's organisation.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from secondround.accounts.models import Member
from secondround.audit.log import record
from secondround.concerns.actions import do_share_concern
from secondround.concerns.models import Concern
from secondround.errors import ActionError, NotAllowed
from secondround.hiring.models import Application, Candidate
from secondround.portal import mail
from secondround.portal.models import (
    CandidateRequest,
    MemberIntro,
    OrganisationValues,
    PortalLink,
    PortalOutcome,
    PortalTopic,
    RequestKind,
    hash_token,
)
from secondround.portal.rules import (
    is_closed,
    may_manage_candidate_portal,
    may_manage_portal_for,
    may_share_topics,
)
from secondround.portal.uploads import store_document
from secondround.stored_files import files_removed_on_failure

INTRO_MAX = 600
WORDING_MAX = 600
ANSWER_MAX = 4000
MESSAGE_MAX = 2000


def new_token() -> str:
    return secrets.token_urlsafe(24)  # 192 random bits


# --- Links --------------------------------------------------------------------------


@transaction.atomic
def do_issue_portal_link(member: Member, candidate: Candidate) -> tuple[PortalLink, str]:
    """Issue the candidate's private link, revoking any earlier one. Returns the link and its
    token: the token is not stored, so this is the only moment it can be shown or sent."""
    if not may_manage_candidate_portal(member, candidate):
        raise NotAllowed("Only recruiters, admins and the hiring manager send portal links.")
    now = timezone.now()
    revoked = PortalLink.objects.filter(candidate=candidate, revoked_at__isnull=True).update(
        revoked_at=now
    )
    token = new_token()
    link = PortalLink.objects.create(
        candidate=candidate,
        token_hash=hash_token(token),
        created_at=now,
        expires_at=now + timedelta(days=settings.PORTAL_LINK_DAYS),
        created_by=member,
    )
    record(member, "portal.link_issued", link, candidate=candidate.pk, revoked=revoked)
    return link, token


@transaction.atomic
def do_send_portal_link(member: Member, candidate: Candidate, base_url: str) -> PortalLink:
    """Issue a new link and e-mail it to the candidate (in the background, after commit)."""
    link, token = do_issue_portal_link(member, candidate)
    mail.send_after_commit(
        [candidate.email],
        f"Prepare for your interviews with {candidate.organisation.name}",
        mail.render_text(
            "portal/email/link.txt",
            {"candidate": candidate, "url": portal_url(base_url, token), "link": link},
        ),
    )
    record(member, "portal.link_sent", link, candidate=candidate.pk)
    return link


def portal_url(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/p/{token}/"


@transaction.atomic
def do_revoke_portal_link(member: Member, candidate: Candidate) -> int:
    if not may_manage_candidate_portal(member, candidate):
        raise NotAllowed("Only recruiters, admins and the hiring manager revoke portal links.")
    revoked = PortalLink.objects.filter(candidate=candidate, revoked_at__isnull=True)
    count = revoked.update(revoked_at=timezone.now())
    record(member, "portal.link_revoked", candidate, revoked=count)
    return count


# --- Shared topics ------------------------------------------------------------------


@transaction.atomic
def do_share_topic(member: Member, concern: Concern, wording: str) -> PortalTopic:
    """Share a concern with the candidate, in words written for them (never the concern's
    internal title or details)."""
    if not may_share_topics(member, concern.application):
        raise NotAllowed("Only the hiring team chooses what the candidate sees.")
    wording = wording.strip()
    if not wording:
        raise ActionError("Write what the candidate will read.", "wording")
    if len(wording) > WORDING_MAX:
        raise ActionError(f"Keep it under {WORDING_MAX} characters.", "wording")
    if wording.casefold() == concern.title.strip().casefold():
        raise ActionError(
            "Write it for the candidate: the concern's internal title stays inside the team.",
            "wording",
        )
    do_share_concern(member, concern, True)
    topic, created = PortalTopic.objects.update_or_create(
        concern=concern,
        defaults={"candidate_wording": wording, "shared_by": member, "shared_at": timezone.now()},
    )
    record(member, "portal.topic_shared", topic, concern=concern.pk, created=created)
    return topic


@transaction.atomic
def do_unshare_topic(member: Member, concern: Concern) -> Concern:
    """Stop showing the topic. The wording and any answer are kept for the panel."""
    if not may_share_topics(member, concern.application):
        raise NotAllowed("Only the hiring team chooses what the candidate sees.")
    concern = do_share_concern(member, concern, False)
    record(member, "portal.topic_unshared", concern)
    return concern


@transaction.atomic
def do_answer_topic(link: PortalLink, topic: PortalTopic, answer: str) -> PortalTopic:
    """The candidate's written answer, which the panel reads next to the concern."""
    topic = (
        PortalTopic.objects.select_for_update()
        .select_related("concern__application")
        .get(pk=topic.pk)
    )
    application = topic.concern.application
    _ensure_candidate_may_act(link, application)
    if not topic.concern.shared_with_candidate:
        raise NotAllowed("This topic is no longer shared.")
    answer = answer.strip()
    if not answer:
        raise ActionError("Write your answer before sending it.", "answer")
    if len(answer) > ANSWER_MAX:
        raise ActionError(f"Keep your answer under {ANSWER_MAX} characters.", "answer")
    topic.answer, topic.answered_at = answer, timezone.now()
    topic.save(update_fields=["answer", "answered_at"])
    _record_candidate(link, "portal.topic_answered", topic)
    return topic


# --- The candidate's documents and requests ---------------------------------------------


def _ensure_candidate_may_act(link: PortalLink, application: Application) -> None:
    if application.candidate_id != link.candidate_id:
        raise NotAllowed("That is not your application.")
    if not link.is_live:
        raise NotAllowed("This link is no longer valid.")
    if is_closed(application):
        raise ActionError("This application is closed.")


def _record_candidate(link: PortalLink, action: str, target, **data):
    organisation = link.candidate.organisation
    return record(None, action, target, organisation=organisation, link=link.pk, **data)


@files_removed_on_failure()
@transaction.atomic
def do_upload_document(link: PortalLink, application: Application, upload):
    _ensure_candidate_may_act(link, application)
    document = store_document(application, upload)
    _record_candidate(link, "portal.document_uploaded", document, size=document.size)
    mail.tell_recruiters(
        application,
        f"{application.candidate.name} uploaded a document",
        f"{application.candidate.name} added “{document.original_name}” for "
        f"{application.job.title}. It is on the application page.",
    )
    return document


@transaction.atomic
def do_request_reschedule(
    link: PortalLink, application: Application, message: str
) -> CandidateRequest:
    _ensure_candidate_may_act(link, application)
    message = message.strip()
    if not message:
        raise ActionError("Tell the team which days and times suit you.", "message")
    if len(message) > MESSAGE_MAX:
        raise ActionError(f"Keep it under {MESSAGE_MAX} characters.", "message")
    request = CandidateRequest.objects.create(
        application=application, kind=RequestKind.RESCHEDULE, message=message
    )
    _record_candidate(link, "portal.reschedule_requested", request)
    mail.tell_recruiters(
        application,
        f"{application.candidate.name} asked to reschedule",
        f"{application.candidate.name} ({application.job.title}) asked to reschedule. "
        f"Times that suit them:\n\n{message}",
    )
    return request


@transaction.atomic
def do_withdraw(link: PortalLink, application: Application, reason: str = "") -> CandidateRequest:
    """The candidate withdraws. The hiring write function (do_withdraw_application) closes
    the application and cancels its upcoming interviews, acting for the candidate as the
    member who issued the link (or another who runs the job)."""
    _ensure_candidate_may_act(link, application)
    reason = reason.strip()[:MESSAGE_MAX]
    request = CandidateRequest.objects.create(
        application=application, kind=RequestKind.WITHDRAW, message=reason
    )
    _record_candidate(link, "portal.withdrew", request)
    _set_withdrawn(_acting_for_candidate(link, application), application, reason)
    mail.tell_recruiters(
        application,
        f"{application.candidate.name} withdrew",
        f"{application.candidate.name} withdrew from {application.job.title}."
        + (f" Their reason:\n\n{reason}" if reason else " They gave no reason."),
    )
    return request


def _acting_for_candidate(link: PortalLink, application: Application) -> Member:
    """Who changes the stage on the candidate's behalf: the link's issuer when they still run
    the job, else its hiring manager, else any active recruiter or admin."""
    job = application.job
    for member in (link.created_by, job.hiring_manager):
        if member is not None and member.active and may_manage_portal_for(member, application):
            return member
    org_members = Member.objects.filter(organisation_id=job.organisation_id, active=True)
    fallback = (
        org_members.filter(is_recruiter=True).first() or org_members.filter(is_admin=True).first()
    )
    if fallback is None:
        raise ActionError("Nobody can record your withdrawal right now; please reply by e-mail.")
    return fallback


def _set_withdrawn(member: Member, application: Application, reason: str) -> None:
    """The hiring write function closes the application and cancels its upcoming interviews."""
    from secondround.hiring.application_actions import do_withdraw_application

    do_withdraw_application(member, application, note=reason)


# --- What the team writes for candidates ---------------------------------------------


@transaction.atomic
def do_set_outcome_message(member: Member, application: Application, message: str):
    if not may_manage_portal_for(member, application):
        raise NotAllowed("Only recruiters, admins and the hiring manager write the outcome.")
    message = message.strip()
    if not message:
        raise ActionError("Write the message the candidate will read.", "message")
    if len(message) > MESSAGE_MAX:
        raise ActionError(f"Keep it under {MESSAGE_MAX} characters.", "message")
    outcome, _ = PortalOutcome.objects.update_or_create(
        application=application,
        defaults={"message": message, "set_by": member, "set_at": timezone.now()},
    )
    record(member, "portal.outcome_set", outcome, application=application.pk)
    return outcome


@transaction.atomic
def do_save_values(member: Member, text: str) -> OrganisationValues:
    if not member.has_oversight:
        raise NotAllowed("Only admins and recruiters edit the values page.")
    text = text.strip()
    if not text:
        raise ActionError("Write a few lines about how you work.", "text")
    values, _ = OrganisationValues.objects.update_or_create(
        organisation_id=member.organisation_id,
        defaults={"text": text, "updated_by": member, "updated_at": timezone.now()},
    )
    record(member, "portal.values_saved", values)
    return values


@transaction.atomic
def do_save_intro(member: Member, text: str) -> MemberIntro | None:
    """A member's own public introduction. Empty text removes it."""
    text = text.strip()
    if len(text) > INTRO_MAX:
        raise ActionError(f"Keep it under {INTRO_MAX} characters.", "text")
    if "@" in text:
        raise ActionError("Leave out e-mail addresses: candidates read this.", "text")
    if not text:
        deleted, _ = MemberIntro.objects.filter(member=member).delete()
        record(member, "portal.intro_removed", member, removed=deleted)
        return None
    intro, _ = MemberIntro.objects.update_or_create(
        member=member, defaults={"text": text, "updated_at": timezone.now()}
    )
    record(member, "portal.intro_saved", intro)
    return intro
