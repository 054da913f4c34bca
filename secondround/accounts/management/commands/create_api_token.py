"""Create an API bearer token for a member and print it, once (only its hash is stored)."""

from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from secondround.accounts.actions import do_create_api_token
from secondround.accounts.api_tokens import end_of_day
from secondround.accounts.models import Member, TokenScope
from secondround.errors import ActionError


class Command(BaseCommand):
    help = (
        "Create an API token for the member with this e-mail. The token is printed once on "
        "standard output; only its SHA-256 hash is stored."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--name", default="API token", help="what the token is for")
        parser.add_argument(
            "--scope",
            choices=TokenScope.values,
            default=TokenScope.WRITE,
            help="read: GET requests only; write (the default): everything the member may do",
        )
        parser.add_argument(
            "--expires",
            type=date.fromisoformat,
            metavar="YYYY-MM-DD",
            help="last day the token works (to midnight, server time zone); default: never",
        )

    def handle(self, *args, email: str, name: str, scope: str, expires, **options):
        member = (
            Member.objects.select_related("user", "organisation")
            .filter(user__email__iexact=email.strip())
            .first()
        )
        if member is None:
            raise CommandError(f"No member has the e-mail {email}.")
        try:
            token, raw = do_create_api_token(
                None,
                member,
                name,
                scope=scope,
                expires_at=end_of_day(expires, settings.TIME_ZONE) if expires else None,
            )
        except ActionError as error:
            raise CommandError(error.message) from error
        expiry = f"expires {token.expires_at.isoformat()}" if token.expires_at else "no expiry"
        # The token alone on stdout, so that scripts can capture it; the rest on stderr.
        self.stdout.write(raw)
        self.stderr.write(
            f'Token "{token.name}" ({token.get_scope_display().lower()}, {expiry}) for '
            f"{member} ({member.organisation}). It is shown only now: store it safely. Use it "
            "as: Authorization: Bearer <token>",
            style_func=str,
        )
