"""A password change revokes the member's API tokens, whichever path changed it; a sign-in
notes whether a second factor is owed (accounts/gate.py)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_save
from django.dispatch import receiver

from secondround.accounts.api_tokens import do_revoke_tokens_after_password_change
from secondround.accounts.gate import note_device_at_sign_in
from secondround.accounts.models import Member


@receiver(post_save, sender=get_user_model(), dispatch_uid="revoke_tokens_on_password_change")
def password_changed(sender, instance, created, **kwargs):
    # ``_password`` holds the new raw password from set_password() until save() has called
    # the password validators' password_changed hook, i.e. through post_save. Django clears
    # it itself when it merely re-hashes an unchanged password at sign-in (a hasher upgrade),
    # so this is exactly Django's own notion of "the password changed".
    if created or getattr(instance, "_password", None) is None:
        return
    member = Member.objects.filter(user=instance).select_related("organisation").first()
    if member is not None:
        do_revoke_tokens_after_password_change(member)


@receiver(user_logged_in, dispatch_uid="note_two_factor_at_sign_in")
def signed_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        note_device_at_sign_in(request, user)
