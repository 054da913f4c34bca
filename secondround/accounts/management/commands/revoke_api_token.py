"""Revoke a member's API tokens by name (or all of them)."""

from django.core.management.base import BaseCommand, CommandError

from secondround.accounts.actions import do_revoke_api_token
from secondround.accounts.models import ApiToken


class Command(BaseCommand):
    help = "Revoke the API tokens of the member with this e-mail: one by --name, or --all."

    def add_arguments(self, parser):
        parser.add_argument("email")
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--name", help="the token's name, as given when it was created")
        which.add_argument("--all", action="store_true", help="every token of the member")

    def handle(self, *args, email: str, name: str | None, all: bool, **options):
        tokens = ApiToken.objects.filter(member__user__email__iexact=email.strip(), revoked=False)
        if name is not None:
            tokens = tokens.filter(name=name)
        tokens = list(tokens)
        if not tokens:
            raise CommandError("No live token matches.")
        for token in tokens:
            do_revoke_api_token(None, token)
        self.stdout.write(f"Revoked {len(tokens)} token(s).")
