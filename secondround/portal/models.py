"""The candidate prep portal: private links, shared topics, documents, requests, outcomes,
and the organisation's and members' public words.

Everything a candidate reads or writes lives here, apart from the hiring records it
presents. Nothing here holds a rating, a note or an internal concern text.
"""

import hashlib

from django.db import models
from django.db.models import Q
from django.utils import timezone

from secondround import subqueries
from secondround.accounts.models import Member, Organisation
from secondround.concerns.models import Concern
from secondround.hiring.models import Application, Candidate, uploads_storage


def hash_token(raw: str) -> str:
    # A link token has 192 random bits: a plain SHA-256 is safe to store and lets a request
    # find its link with one indexed lookup (as ApiToken does).
    return hashlib.sha256(raw.encode()).hexdigest()


def _application_visible(member: Member | None) -> Q:
    if member is None:
        return Q(pk__in=[])
    return Q(application_id__in=subqueries.visible(Application, member))


class PortalLinkQuerySet(models.QuerySet):
    def visible_to(self, member: Member | None) -> "PortalLinkQuerySet":
        """The hiring team that may see the candidate sees the state of their links (never a
        token: only hashes are stored)."""
        if member is None:
            return self.none()
        return self.filter(candidate_id__in=subqueries.visible(Candidate, member))

    def live(self, now=None) -> "PortalLinkQuerySet":
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now)


class PortalLink(models.Model):
    """A candidate's private link. Only its hash is kept; one link per candidate is live."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="portal_links")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects = PortalLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate"],
                condition=Q(revoked_at__isnull=True),
                name="one_unrevoked_portal_link",
            )
        ]

    def __str__(self) -> str:
        return f"Portal link for {self.candidate}"

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class PortalTopicQuerySet(models.QuerySet):
    def visible_to(self, member: Member | None) -> "PortalTopicQuerySet":
        if member is None:
            return self.none()
        return self.filter(concern_id__in=subqueries.visible(Concern, member))


class PortalTopic(models.Model):
    """A concern the hiring team chose to share, in words written for the candidate, and the
    candidate's written answer. The concern's own title and details never reach the portal."""

    concern = models.OneToOneField(Concern, on_delete=models.CASCADE, related_name="portal_topic")
    candidate_wording = models.TextField()
    shared_by = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    shared_at = models.DateTimeField(default=timezone.now)
    answer = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = PortalTopicQuerySet.as_manager()

    def __str__(self) -> str:
        return self.candidate_wording[:60]


class PortalDocumentQuerySet(models.QuerySet):
    def visible_to(self, member: Member | None) -> "PortalDocumentQuerySet":
        """Served only to members who may see the application."""
        return self.filter(_application_visible(member))


class PortalDocument(models.Model):
    """A supporting document the candidate uploaded. The file sits in the "uploads" storage
    (beside the CVs, never served as is) and is streamed only through a permission-checked
    view."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="portal_documents"
    )
    file = models.FileField(upload_to="portal/%Y/%m/", storage=uploads_storage)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(default=timezone.now)

    objects = PortalDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class RequestKind(models.TextChoices):
    RESCHEDULE = "reschedule", "Asked to reschedule"
    WITHDRAW = "withdraw", "Withdrew"


class CandidateRequestQuerySet(models.QuerySet):
    def visible_to(self, member: Member | None) -> "CandidateRequestQuerySet":
        return self.filter(_application_visible(member))


class CandidateRequest(models.Model):
    """What the candidate asked for from the portal: other times, or to withdraw."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="candidate_requests"
    )
    kind = models.CharField(max_length=16, choices=RequestKind.choices)
    message = models.TextField(blank=True, help_text="Times that suit them, or their reason")
    created_at = models.DateTimeField(default=timezone.now)

    objects = CandidateRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.application}"


class PortalOutcomeQuerySet(models.QuerySet):
    def visible_to(self, member: Member | None) -> "PortalOutcomeQuerySet":
        return self.filter(_application_visible(member))


class PortalOutcome(models.Model):
    """The message the team chose to tell the candidate once a decision is made."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="portal_outcome"
    )
    message = models.TextField()
    set_by = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(default=timezone.now)

    objects = PortalOutcomeQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Outcome message for {self.application}"


class OrgScopedQuerySet(models.QuerySet):
    def visible_to(self, member: Member | None) -> "OrgScopedQuerySet":
        if member is None:
            return self.none()
        return self.filter(organisation_id=member.organisation_id)


class OrganisationValues(models.Model):
    """The organisation's values and culture, in its own words, for candidates."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="portal_values"
    )
    text = models.TextField()
    updated_by = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    objects = OrgScopedQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "organisation values"

    def __str__(self) -> str:
        return f"Values of {self.organisation}"


class MemberIntroQuerySet(models.QuerySet):
    def visible_to(self, member: Member | None) -> "MemberIntroQuerySet":
        if member is None:
            return self.none()
        return self.filter(member__organisation_id=member.organisation_id)


class MemberIntro(models.Model):
    """A member's short public introduction, shown to candidates they will meet."""

    member = models.OneToOneField(Member, on_delete=models.CASCADE, related_name="portal_intro")
    text = models.TextField()
    updated_at = models.DateTimeField(default=timezone.now)

    objects = MemberIntroQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Introduction of {self.member}"
