"""Write functions for security events: sign-ins, failed sign-ins, password resets. Called
from Django's auth signals (audit/signals.py) and the password reset views; each writes one
audit event in its own transaction.

Events hold ids, the client's IP address and the outcome, never a password or a token.
A failed sign-in for an address that is nobody's account is not recorded: the trail is
per organisation, and such an address belongs to none (django-axes still counts it)."""

from django.conf import settings
from django.db import transaction

from secondround.accounts.models import Member
from secondround.audit.log import record


def client_ip(request) -> str:
    """The client's address, read from the same headers django-axes trusts."""
    if request is None:
        return ""
    for header in getattr(settings, "AXES_IPWARE_META_PRECEDENCE_ORDER", ["REMOTE_ADDR"]):
        value = request.META.get(header, "")
        if value:
            return value.split(",")[0].strip()
    return ""


def member_by_login(login: str) -> Member | None:
    login = (login or "").strip().lower()
    if not login:
        return None
    return (
        Member.objects.select_related("organisation").filter(user__username__iexact=login).first()
    )


@transaction.atomic
def do_record_sign_in(member: Member, request) -> None:
    record(member, "auth.signed_in", member, ip=client_ip(request))


@transaction.atomic
def do_record_failed_sign_in(login: str, request) -> None:
    member = member_by_login(login)
    if member is not None:
        record(None, "auth.sign_in_failed", member, member.organisation, ip=client_ip(request))


@transaction.atomic
def do_record_password_reset_requested(member: Member, request, sent: bool) -> None:
    """``sent`` False when the rate limit held the e-mail back."""
    record(
        None,
        "auth.password_reset_requested",
        member,
        member.organisation,
        ip=client_ip(request),
        sent=sent,
    )


@transaction.atomic
def do_record_password_reset_done(member: Member, request) -> None:
    record(member, "auth.password_reset_done", member, ip=client_ip(request))


@transaction.atomic
def do_record_export(member: Member, filters: dict) -> None:
    """Exporting the trail is itself on the trail, with the filters used."""
    record(member, "audit.exported", member, filters=filters)


@transaction.atomic
def do_record_admin_edit(member: Member, obj, changes: dict, added: bool) -> None:
    """An add or change made on the admin site, with each changed field's old and new
    values (audit/changes.py), next to the event of the write function that made it."""
    if changes:
        action = "admin.added" if added else "admin.changed"
        record(member, action, obj, model=obj._meta.label_lower, changes=changes)
