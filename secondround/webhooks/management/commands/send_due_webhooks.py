"""Send webhook deliveries that are due: retries whose time has come (when the task backend
cannot schedule them itself), and any delivery a lost task left waiting. Run it every minute
from cron or a systemd timer, or keep it running with `--every N` (seconds)."""

import time

from django.core.management.base import BaseCommand

from secondround.webhooks.sending import deliver_due


class Command(BaseCommand):
    help = "Send the webhook deliveries that are due."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, default=0, metavar="SECONDS")

    def handle(self, *args, every: int = 0, **options):
        while True:
            sent = deliver_due()
            if options["verbosity"] > 0 and (sent or not every):
                self.stdout.write(f"{sent} webhook delivery(ies) accepted by their receivers.")
            if not every:
                return
            time.sleep(every)
