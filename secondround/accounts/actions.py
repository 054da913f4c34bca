"""Write functions for organisations and members."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.text import slugify

from secondround.accounts.models import Member, Organisation
from secondround.audit.log import record
from secondround.errors import ActionError, NotAllowed

ROLE_FLAGS = ("is_admin", "is_recruiter", "is_hiring_manager", "is_interviewer", "is_approver")


@transaction.atomic
def do_create_organisation(name: str, slug: str = "") -> Organisation:
    if not name.strip():
        raise ActionError("Give the organisation a name.", "name")
    organisation = Organisation.objects.create(name=name.strip(), slug=slug or slugify(name))
    record(None, "organisation.created", organisation, organisation)
    return organisation


@transaction.atomic
def do_add_member(
    actor: Member | None,
    organisation: Organisation,
    *,
    email: str,
    display_name: str,
    roles: set[str],
    title: str = "",
    password: str | None = None,
    timezone: str = "UTC",
) -> Member:
    """Add a person to an organisation. ``actor`` None means the system (setup, seeding)."""
    if actor is not None and (actor.organisation_id != organisation.pk or not actor.is_admin):
        raise NotAllowed("Only an admin of the organisation adds members.")
    email = email.strip().lower()
    if not email or "@" not in email:
        raise ActionError("Enter a valid e-mail address.", "email")
    user_model = get_user_model()
    if user_model.objects.filter(username=email).exists():
        raise ActionError("Someone with that e-mail already has an account.", "email")
    unknown = set(roles) - {flag.removeprefix("is_") for flag in ROLE_FLAGS}
    if unknown:
        raise ActionError(f"Unknown role: {', '.join(sorted(unknown))}.", "roles")
    user = user_model.objects.create_user(username=email, email=email, password=password)
    member = Member.objects.create(
        organisation=organisation,
        user=user,
        display_name=display_name.strip() or email,
        title=title,
        timezone=timezone,
        **{flag: flag.removeprefix("is_") in roles for flag in ROLE_FLAGS},
    )
    record(actor, "member.added", member, organisation, roles=sorted(roles))
    return member


# --- API tokens (the HTTP API's bearer tokens) -------------------------------------------


@transaction.atomic
def do_create_api_token(actor: Member | None, member: Member, name: str):
    """Create a bearer token for ``member``. Returns ``(token, raw)``: ``raw`` is shown once
    and never stored (only its SHA-256 hash is). ``actor`` None means the system (the CLI);
    otherwise members create their own tokens and admins those of their organisation."""
    import secrets

    from secondround.accounts.models import ApiToken

    if (
        actor is not None
        and actor.pk != member.pk
        and not (actor.is_admin and actor.organisation_id == member.organisation_id)
    ):
        raise NotAllowed("Only an admin creates tokens for other members.")
    if not member.active:
        raise ActionError("That member is deactivated.", "member")
    name = name.strip()
    if not name:
        raise ActionError("Say what the token is for.", "name")
    if len(name) > 100:
        raise ActionError("Keep the name under 100 characters.", "name")
    raw = "sr_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(member=member, name=name, key_hash=ApiToken.hash_key(raw))
    record(actor, "api_token.created", token, member.organisation, member=member.pk, name=name)
    return token, raw


@transaction.atomic
def do_revoke_api_token(actor: Member | None, token):
    """Revoke a token for good. Members revoke their own; admins any of their organisation's."""
    from secondround.accounts.models import ApiToken

    token = ApiToken.objects.select_for_update().select_related("member").get(pk=token.pk)
    if (
        actor is not None
        and actor.pk != token.member_id
        and not (actor.is_admin and actor.organisation_id == token.member.organisation_id)
    ):
        raise NotAllowed("Only an admin revokes other members' tokens.")
    if not token.revoked:
        token.revoked = True
        token.save(update_fields=["revoked"])
        record(actor, "api_token.revoked", token, token.member.organisation)
    return token
