"""First install: create an organisation and its first admin.

The admin gets a one-time link to set their password (an invitation), printed here, or
types a password now with --password-prompt.
"""

import getpass

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from secondround.accounts.actions import do_add_member, do_create_organisation, normalise_email
from secondround.accounts.invitations import do_invite_member, invitation_link
from secondround.accounts.models import Invitation, Member
from secondround.errors import ActionError

FIRST_ADMIN_ROLES = {"admin"}


class Command(BaseCommand):
    help = (
        "Create an organisation and its first admin member, and print a one-time link for "
        "the admin to set their password (or ask for one with --password-prompt)."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", help='the organisation\'s name, e.g. "Acme"')
        parser.add_argument("--admin", required=True, metavar="EMAIL", help="the first admin")
        parser.add_argument("--name", dest="admin_name", default="", help="the admin's name")
        parser.add_argument("--slug", default="", help="short name (default: from the name)")
        parser.add_argument(
            "--password-prompt",
            action="store_true",
            help="type the admin's password now (twice) instead of printing a link",
        )

    def handle(self, *args, name, admin, admin_name, slug, password_prompt, **options):
        try:
            email = normalise_email(admin)
        except ActionError as error:
            raise CommandError(error.message) from error
        self.refuse_second_run(email)
        password = self.ask_password() if password_prompt else None
        try:
            with transaction.atomic():
                organisation = do_create_organisation(name, slug)
                if password is None:
                    invitation, raw = do_invite_member(
                        None,
                        organisation,
                        email=email,
                        display_name=admin_name or email,
                        roles=FIRST_ADMIN_ROLES,
                        send_email=False,
                    )
                else:
                    self.validate(password, email)
                    do_add_member(
                        None,
                        organisation,
                        email=email,
                        display_name=admin_name or email,
                        roles=FIRST_ADMIN_ROLES,
                        password=password,
                    )
        except ActionError as error:
            raise CommandError(error.message) from error

        if password is not None:
            self.stderr.write(
                f"Created {organisation.name} with its admin {email}. Sign in at "
                f"{settings.SECONDROUND_BASE_URL}{settings.LOGIN_URL}",
                style_func=str,
            )
            return
        # The link alone on stdout, so that a script can capture it; the rest on stderr.
        self.stdout.write(invitation_link(raw))
        if not settings.SECONDROUND_BASE_URL:
            self.stderr.write("SECONDROUND_BASE_URL is not set: put your site's address first.")
        self.stderr.write(
            f"Created {organisation.name}. Open the link above to set the password of "
            f"{email} (admin). It works once, until {invitation.expires_at:%Y-%m-%d %H:%M} UTC.",
            style_func=str,
        )

    def refuse_second_run(self, email: str) -> None:
        member = Member.objects.filter(user__username=email).select_related("organisation")
        if member.exists():
            raise CommandError(
                f"{email} is already a member of {member.first().organisation.name}: "
                "nothing was created. Sign in, or reset the password from the login page."
            )
        pending = Invitation.objects.pending().filter(email=email).select_related("organisation")
        if pending.exists():
            raise CommandError(
                f"An invitation for {email} to {pending.first().organisation.name} is "
                "already waiting: nothing was created. Use the link printed the first time, "
                f"or print a new one with: secondround manage resend_invitation {email}"
            )

    def ask_password(self) -> str:
        first = getpass.getpass("Password for the admin: ")
        second = getpass.getpass("Password (again): ")
        if first != second:
            raise CommandError("The two passwords differ: nothing was created.")
        if not first:
            raise CommandError("The password is empty: nothing was created.")
        return first

    def validate(self, password: str, email: str) -> None:
        from django.contrib.auth import get_user_model, password_validation
        from django.core.exceptions import ValidationError

        try:
            password_validation.validate_password(
                password, user=get_user_model()(username=email, email=email)
            )
        except ValidationError as invalid:
            raise ActionError(" ".join(invalid.messages), "password") from invalid
