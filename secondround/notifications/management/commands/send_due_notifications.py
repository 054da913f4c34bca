"""Send what is due: scorecard reminders, and any notification a lost or failed task left
waiting. Run it every few minutes from cron or a systemd timer (see the README); `--every N`
keeps it running, sending every N seconds (`secondround demo` uses that)."""

import os
import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from secondround.notifications.outbox import deliver_due
from secondround.notifications.reminders import record_due_reminders
from secondround.privacy.retention import apply_retention_policies


def send_due(now=None) -> tuple[int, int]:
    """(reminders recorded, e-mails sent) at ``now``."""
    now = now or timezone.now()
    reminders = record_due_reminders(now)
    return len(reminders), deliver_due(now)


class Command(BaseCommand):
    help = "Send due scorecard reminders and any notification still waiting to be sent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--every",
            type=int,
            default=0,
            metavar="SECONDS",
            help="keep running, sending every SECONDS (stops when its parent process exits)",
        )

    def handle(self, *args, every: int = 0, **options):
        parent = os.getppid()
        while True:
            reminders, sent = send_due()
            # The same periodic run applies the organisations' retention policies (at most
            # once a day each; see secondround.privacy.retention).
            anonymised = apply_retention_policies()
            if options["verbosity"] > 0 and anonymised:
                self.stdout.write(f"{anonymised} candidate(s) anonymised by retention policies.")
            if options["verbosity"] > 0 and (sent or not every):
                self.stdout.write(f"{reminders} reminder(s) due, {sent} e-mail(s) sent.")
            if not every:
                return
            for _ in range(every):  # look every second whether the demo server stopped
                time.sleep(1)
                if os.getppid() != parent:
                    return
