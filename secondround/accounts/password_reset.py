"""Password reset with limits on the e-mails it sends, and an audit event per request and
per completed reset.

Limits (settings, per rolling hour): PASSWORD_RESET_LIMIT_PER_ADDRESS e-mails to one
account, PASSWORD_RESET_LIMIT_PER_IP e-mails requested from one client address. The
counter is the audit trail itself (each request is an ``auth.password_reset_requested``
event with the client's IP and whether the e-mail went out), so every app server sees the
same counts with no cache to set up. Past a limit the page answers exactly as when the
e-mail goes out, so that it tells an attacker nothing; the event says it was held back.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from secondround.audit.actions import (
    client_ip,
    do_record_password_reset_done,
    do_record_password_reset_requested,
)
from secondround.audit.models import AuditEvent

WINDOW = timedelta(hours=1)
REQUESTED = "auth.password_reset_requested"


def _sent_since(**filters) -> int:
    return AuditEvent.objects.filter(
        action=REQUESTED, created_at__gte=timezone.now() - WINDOW, data__sent=True, **filters
    ).count()


def may_send_reset(member, ip: str) -> bool:
    per_address = _sent_since(target_type="accounts.member", target_id=member.pk)
    if per_address >= settings.PASSWORD_RESET_LIMIT_PER_ADDRESS:
        return False
    return not ip or _sent_since(data__ip=ip) < settings.PASSWORD_RESET_LIMIT_PER_IP


class LimitedPasswordResetForm(PasswordResetForm):
    request = None

    def save(self, *args, request=None, **kwargs):
        self.request = request
        return super().save(*args, request=request, **kwargs)

    def get_users(self, email):
        ip = client_ip(self.request)
        for user in super().get_users(email):
            member = getattr(user, "member", None)
            if member is None or not member.active:
                continue
            allowed = may_send_reset(member, ip)
            do_record_password_reset_requested(member, self.request, sent=allowed)
            if allowed:
                yield user


class PasswordResetView(auth_views.PasswordResetView):
    form_class = LimitedPasswordResetForm


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        response = super().form_valid(form)
        member = getattr(form.user, "member", None)
        if member is not None:
            do_record_password_reset_done(member, self.request)
        return response


def send_first_password_email(member) -> None:
    """E-mail a member who has no password yet (someone an import brought in as an inactive
    interviewer, then reactivated) a link to choose one: the reset form skips accounts
    without a usable password, and an invitation is refused for an existing account."""
    user = member.user
    link = settings.SECONDROUND_BASE_URL + reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    send_mail(
        subject=f"Choose your password for {member.organisation.name} on secondround",
        message=(
            f"Hello {member.display_name},\n\n"
            f"An admin of {member.organisation.name} gave you access to secondround, where "
            "your team runs its interviews. Choose your password here:\n"
            f"{link}\n\n"
            "The link works once, for a limited time. If it has expired, use 'Forgot your "
            f"password?' on the sign-in page.\n\nYour sign-in e-mail is {user.get_username()}.\n"
        ),
        from_email=None,
        recipient_list=[user.email or user.get_username()],
    )
