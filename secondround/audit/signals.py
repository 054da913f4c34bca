"""Django's auth signals, recorded in the audit trail."""

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from secondround.audit.actions import do_record_failed_sign_in, do_record_sign_in


@receiver(user_logged_in, dispatch_uid="audit_signed_in")
def signed_in(sender, request, user, **kwargs):
    member = getattr(user, "member", None)
    if member is not None:
        do_record_sign_in(member, request)


@receiver(user_login_failed, dispatch_uid="audit_sign_in_failed")
def sign_in_failed(sender, credentials, request=None, **kwargs):
    do_record_failed_sign_in(credentials.get("username", ""), request)
