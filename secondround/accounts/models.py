"""Organisations (tenants) and their members with roles."""

import hashlib

from django.conf import settings
from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "Admin"
    RECRUITER = "recruiter", "Recruiter"
    HIRING_MANAGER = "hiring_manager", "Hiring manager"
    INTERVIEWER = "interviewer", "Interviewer"
    APPROVER = "approver", "Approver"


# Roles that see every scorecard of their organisation, blind or not.
OVERSIGHT_ROLES = frozenset({Role.ADMIN, Role.RECRUITER})

# Roles an organisation can require to sign in with a second factor: those who see or
# decide the most (every scorecard, the team, the hire).
TWO_FACTOR_ROLES = frozenset({Role.ADMIN, Role.RECRUITER, Role.APPROVER})


class Organisation(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    require_two_factor = models.BooleanField(
        default=False,
        db_default=False,  # rows written by older code (and migration tests) get it too
        help_text="Admins, recruiters and approvers must sign in with a second factor",
    )

    def __str__(self) -> str:
        return self.name


class MemberQuerySet(models.QuerySet):
    def visible_to(self, member: "Member | None") -> "MemberQuerySet":
        """Members see the members of their own organisation, nobody else."""
        if member is None:
            return self.none()
        return self.filter(organisation_id=member.organisation_id)

    def with_role(self, role: str) -> "MemberQuerySet":
        return self.filter(**{_ROLE_FIELD[role]: True})


class Member(models.Model):
    """A user in one organisation. Roles are flags so that queries can filter on them."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="members")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="member"
    )
    display_name = models.CharField(max_length=200)
    title = models.CharField(max_length=200, blank=True, help_text="Job title shown to candidates")
    timezone = models.CharField(max_length=64, default="UTC")
    is_admin = models.BooleanField(default=False)
    is_recruiter = models.BooleanField(default=False)
    is_hiring_manager = models.BooleanField(default=False)
    is_interviewer = models.BooleanField(default=False)
    is_approver = models.BooleanField(default=False)
    active = models.BooleanField(default=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        ordering = ["display_name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def email(self) -> str:
        return self.user.email

    @property
    def first_name(self) -> str:
        return self.display_name.split(" ")[0]

    @property
    def roles(self) -> set[str]:
        return {role for role, field in _ROLE_FIELD.items() if getattr(self, field)}

    @property
    def role_labels(self) -> list[str]:
        return [label for code, label in Role.choices if code in self.roles]

    def has_role(self, *roles: str) -> bool:
        return any(getattr(self, _ROLE_FIELD[role]) for role in roles)

    @property
    def has_oversight(self) -> bool:
        """Admins and recruiters see everything in their organisation."""
        return self.is_admin or self.is_recruiter

    @property
    def must_use_two_factor(self) -> bool:
        """Whether the organisation requires this member to sign in with a second factor."""
        return self.organisation.require_two_factor and self.has_role(*TWO_FACTOR_ROLES)


_ROLE_FIELD = {
    Role.ADMIN: "is_admin",
    Role.RECRUITER: "is_recruiter",
    Role.HIRING_MANAGER: "is_hiring_manager",
    Role.INTERVIEWER: "is_interviewer",
    Role.APPROVER: "is_approver",
}


class ApiTokenQuerySet(models.QuerySet):
    def visible_to(self, member: "Member | None") -> "ApiTokenQuerySet":
        """Members see their own tokens; admins see their organisation's (to revoke them)."""
        if member is None:
            return self.none()
        if member.is_admin:
            return self.filter(member__organisation_id=member.organisation_id)
        return self.filter(member=member)

    def usable(self) -> "ApiTokenQuerySet":
        """Not revoked and of an active member. Expiry is checked by the caller, so that an
        expired token gets its own clear refusal rather than a plain 401."""
        return self.filter(revoked=False, member__active=True)


class TokenScope(models.TextChoices):
    READ = "read", "Read only"
    WRITE = "write", "Read and write"


class ApiToken(models.Model):
    """A bearer token for the HTTP API. Only the SHA-256 hash of the token is kept: the token
    itself is shown once, when it is created, and cannot be recovered."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What the token is for")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(default=False)
    scope = models.CharField(
        max_length=10,
        choices=TokenScope.choices,
        default=TokenScope.WRITE,
        db_default=TokenScope.WRITE,  # tokens from before scopes could write
    )
    expires_at = models.DateTimeField(
        null=True, blank=True, help_text="The token stops working at this time; empty: never"
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["member_id", "-created_at"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.name} ({self.member})"

    @staticmethod
    def hash_key(raw: str) -> str:
        # A token has 256 random bits, so a plain (unsalted, fast) hash is safe to store and
        # lets a request find its token with one indexed lookup.
        return hashlib.sha256(raw.encode()).hexdigest()

    def is_expired(self, now) -> bool:
        return self.expires_at is not None and self.expires_at <= now

    @property
    def allows_writes(self) -> bool:
        return self.scope == TokenScope.WRITE


class InvitationQuerySet(models.QuerySet):
    def visible_to(self, member: "Member | None") -> "InvitationQuerySet":
        """Only admins see (and manage) their organisation's invitations."""
        if member is None or not member.is_admin:
            return self.none()
        return self.filter(organisation_id=member.organisation_id)

    def pending(self) -> "InvitationQuerySet":
        """Not yet accepted nor revoked (expired ones included: they can be resent)."""
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True)


class Invitation(models.Model):
    """An invitation to join an organisation: a single-use, expiring link that lets the
    invitee set a password. Only the SHA-256 hash of the link's token is kept (as for API
    tokens), so a leaked database does not leak working links."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField()
    display_name = models.CharField(max_length=200)
    title = models.CharField(max_length=200, blank=True)
    timezone = models.CharField(max_length=64, default="UTC")
    roles = models.JSONField(default=list, help_text="Role codes given on acceptance")
    invited_by = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="invitations"
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.display_name} <{self.email}>"

    @staticmethod
    def hash_token(raw: str) -> str:
        # 256 random bits: a plain SHA-256 is safe to store and found with one indexed lookup.
        return hashlib.sha256(raw.encode()).hexdigest()

    def is_expired(self, now) -> bool:
        return self.expires_at <= now

    @property
    def role_labels(self) -> list[str]:
        return [Role(code).label for code in self.roles if code in Role.values]
