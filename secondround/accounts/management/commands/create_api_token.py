"""Create an API bearer token for a member and print it, once (only its hash is stored)."""

from django.core.management.base import BaseCommand, CommandError

from secondround.accounts.actions import do_create_api_token
from secondround.accounts.models import Member
from secondround.errors import ActionError


class Command(BaseCommand):
    help = (
        "Create an API token for the member with this e-mail. The token is printed once on "
        "standard output; only its SHA-256 hash is stored."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--name", default="API token", help="what the token is for")

    def handle(self, *args, email: str, name: str, **options):
        member = (
            Member.objects.select_related("user", "organisation")
            .filter(user__email__iexact=email.strip())
            .first()
        )
        if member is None:
            raise CommandError(f"No member has the e-mail {email}.")
        try:
            token, raw = do_create_api_token(None, member, name)
        except ActionError as error:
            raise CommandError(error.message) from error
        # The token alone on stdout, so that scripts can capture it; the rest on stderr.
        self.stdout.write(raw)
        self.stderr.write(
            f'Token "{token.name}" for {member} ({member.organisation}). It is shown only '
            "now: store it safely. Use it as: Authorization: Bearer <token>",
            style_func=str,
        )
