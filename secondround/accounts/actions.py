"""Write functions for organisations and members."""

from zoneinfo import available_timezones

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils.text import slugify

# The API tokens' write functions live in api_tokens.py; they are imported here too, since
# the CLI, the admin and the tests know them as accounts.actions'.
from secondround.accounts.api_tokens import do_create_api_token, do_revoke_api_token  # noqa: F401
from secondround.accounts.models import Member, Organisation, Role
from secondround.audit.log import record
from secondround.errors import ActionError, NotAllowed

ROLE_FLAGS = ("is_admin", "is_recruiter", "is_hiring_manager", "is_interviewer", "is_approver")


@transaction.atomic
def do_create_organisation(name: str, slug: str = "") -> Organisation:
    if not name.strip():
        raise ActionError("Give the organisation a name.", "name")
    slug = slug or slugify(name)
    if not slug:
        raise ActionError("Give the organisation a short name in letters or digits.", "slug")
    try:
        with transaction.atomic():
            organisation = Organisation.objects.create(name=name.strip(), slug=slug)
    except IntegrityError as clash:
        raise ActionError(
            f"An organisation with the short name {slug!r} exists.", "slug"
        ) from clash
    record(None, "organisation.created", organisation, organisation)
    return organisation


def normalise_email(email: str) -> str:
    email = email.strip().lower()
    if not email or "@" not in email or " " in email:
        raise ActionError("Enter a valid e-mail address.", "email")
    return email


def ensure_free_email(organisation: Organisation, email: str) -> None:
    """One person belongs to one organisation: an e-mail with an account is taken."""
    user = get_user_model().objects.filter(username=email).select_related("member").first()
    if user is None:
        return
    member = getattr(user, "member", None)
    if member is not None and member.organisation_id == organisation.pk:
        raise ActionError(f"{email} is already a member of {organisation.name}.", "email")
    raise ActionError(
        f"{email} already has an account in another organisation. A person belongs to one "
        "organisation only: ask them to use another e-mail address.",
        "email",
    )


def ensure_known_roles(roles) -> None:
    unknown = set(roles) - set(Role.values)
    if unknown:
        raise ActionError(f"Unknown role: {', '.join(sorted(unknown))}.", "roles")
    if not roles:
        raise ActionError("Choose at least one role.", "roles")


def ensure_zone(timezone: str) -> None:
    if timezone not in available_timezones():
        raise ActionError("Choose a time zone from the list.", "timezone")


def ensure_admin_of(actor: Member | None, organisation_id: int, message: str) -> None:
    """``actor`` None is the system (setup commands, seeding); otherwise an active admin of
    the same organisation."""
    if actor is None:
        return
    if not (actor.active and actor.is_admin and actor.organisation_id == organisation_id):
        raise NotAllowed(message)


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
    ensure_admin_of(actor, organisation.pk, "Only an admin of the organisation adds members.")
    email = normalise_email(email)
    ensure_free_email(organisation, email)
    ensure_known_roles(roles)
    ensure_zone(timezone)
    user_model = get_user_model()
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


# --- Roles, deactivation and reactivation -----------------------------------------------


def _locked(member: Member, actor: Member | None) -> Member:
    """Lock the organisation's team, then the member. One team change at a time per
    organisation: two admins deactivating each other at the same moment would otherwise
    each hold one member row and wait for the other's (a deadlock, which the database ends
    with an error). The actor's standing is read again under the lock, since the change
    that went first may have just ended it."""
    list(Organisation.objects.select_for_update(no_key=True).filter(pk=member.organisation_id))
    if actor is not None:
        actor.refresh_from_db(fields=["active", *ROLE_FLAGS])
    return (
        Member.objects.select_for_update().select_related("user", "organisation").get(pk=member.pk)
    )


def _ensure_another_active_admin(member: Member, message: str) -> None:
    """An organisation always keeps an active admin, or nobody could manage its team."""
    others = Member.objects.filter(
        organisation_id=member.organisation_id, is_admin=True, active=True
    ).exclude(pk=member.pk)
    # Lock the other admins' rows too, so that two admins removing each other at the same
    # moment cannot both succeed.
    if not list(others.select_for_update()):
        raise ActionError(message, "roles")


@transaction.atomic
def do_set_roles(actor: Member | None, member: Member, roles: set[str]) -> Member:
    """Replace a member's roles. The last active admin keeps the admin role."""
    member = _locked(member, actor)
    ensure_admin_of(actor, member.organisation_id, "Only an admin changes roles.")
    ensure_known_roles(roles)
    before = member.roles
    if member.is_admin and member.active and Role.ADMIN not in roles:
        _ensure_another_active_admin(
            member,
            f"{member.display_name} is the organisation's only active admin. Make someone "
            "else an admin first.",
        )
    for flag in ROLE_FLAGS:
        setattr(member, flag, flag.removeprefix("is_") in roles)
    member.save(update_fields=list(ROLE_FLAGS))
    record(
        actor,
        "member.roles_changed",
        member,
        member.organisation,
        before=sorted(before),
        after=sorted(member.roles),
    )
    return member


@transaction.atomic
def do_deactivate_member(actor: Member | None, member: Member, handover=None) -> Member:
    """Deactivate a member: they can no longer sign in, their sessions end now and their API
    tokens are revoked. Their scorecards, verdicts and concerns raised stay on record (and
    their ratings still count in calibration). ``handover`` (a Handover) says who takes over
    their pending approval steps, open concerns, future interviews and panel seats; whatever
    it leaves to nobody becomes unassigned (see accounts/handover.py)."""
    from secondround.accounts.handover import Handover, hand_over
    from secondround.accounts.models import ApiToken

    member = _locked(member, actor)
    ensure_admin_of(actor, member.organisation_id, "Only an admin deactivates members.")
    if not member.active:
        raise ActionError(f"{member.display_name} is already deactivated.")
    if actor is not None and actor.pk == member.pk:
        raise ActionError("You cannot deactivate yourself. Ask another admin.")
    if member.is_admin:
        _ensure_another_active_admin(
            member,
            f"{member.display_name} is the organisation's only active admin. Make someone "
            "else an admin first.",
        )
    summary = hand_over(member, handover or Handover())
    member.active = False
    member.save(update_fields=["active"])
    user = member.user
    user.is_active = False
    user.save(update_fields=["is_active"])
    ended = end_sessions(user)
    revoked = []
    for token in ApiToken.objects.filter(member=member, revoked=False):
        do_revoke_api_token(actor, token, reason="deactivated")
        revoked.append(token.pk)
    record(
        actor,
        "member.deactivated",
        member,
        member.organisation,
        sessions_ended=ended,
        tokens_revoked=revoked,
        **summary,
    )
    return member


@transaction.atomic
def do_reactivate_member(actor: Member | None, member: Member) -> Member:
    """Let a deactivated member sign in again, with the roles they had. Revoked API tokens
    stay revoked, and what was handed over stays with its new owners. Someone who never had
    a password (an interviewer an import brought in) is e-mailed a link to choose one."""
    member = _locked(member, actor)
    ensure_admin_of(actor, member.organisation_id, "Only an admin reactivates members.")
    if member.active:
        raise ActionError(f"{member.display_name} is already active.")
    member.active = True
    member.save(update_fields=["active"])
    member.user.is_active = True
    member.user.save(update_fields=["is_active"])
    first_password = not member.user.has_usable_password()
    record(actor, "member.reactivated", member, member.organisation, password_link=first_password)
    if first_password:
        from secondround.accounts.password_reset import send_first_password_email

        transaction.on_commit(lambda: send_first_password_email(member))
    return member


def end_sessions(user) -> int:
    """Delete every stored session of ``user``, so that they are signed out at once.

    Sessions are kept in the database and in a cache in front of it (settings.SESSION_ENGINE);
    each is found in the database, decoded to find its user (fine for an occasional admin
    action), and deleted through the session store, which drops the cached copy too."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import SESSION_KEY
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get(SESSION_KEY) == str(user.pk):
            store.delete(session.session_key)
            ended += 1
    return ended
