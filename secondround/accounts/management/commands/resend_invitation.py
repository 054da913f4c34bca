"""Print a new link for a pending invitation (the first admin's, when its link was lost).
The previous link stops working."""

from django.core.management.base import BaseCommand, CommandError

from secondround.accounts.invitations import do_resend_invitation, invitation_link
from secondround.accounts.models import Invitation
from secondround.errors import ActionError


class Command(BaseCommand):
    help = "Print a new one-time link for the pending invitation of this e-mail."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email: str, **options):
        pending = Invitation.objects.pending().filter(email=email.strip().lower())
        invitation = pending.select_related("organisation").first()
        if invitation is None:
            raise CommandError(f"No invitation for {email} is waiting.")
        try:
            invitation, raw = do_resend_invitation(None, invitation, send_email=False)
        except ActionError as error:
            raise CommandError(error.message) from error
        self.stdout.write(invitation_link(raw))
        self.stderr.write(
            f"New link for {invitation.email} ({invitation.organisation.name}); the previous "
            f"one no longer works. It works once, until {invitation.expires_at:%Y-%m-%d %H:%M} "
            "UTC.",
            style_func=str,
        )
