"""Delete API idempotency keys older than 24 hours (they no longer replay anything). Run it
daily from cron or a systemd timer, like send_due_notifications (see docs/api.md)."""

from django.core.management.base import BaseCommand

from secondround.api.idempotency import prune


class Command(BaseCommand):
    help = "Delete API idempotency keys older than 24 hours."

    def handle(self, *args, **options):
        deleted = prune()
        if options["verbosity"] > 0:
            self.stdout.write(f"{deleted} idempotency key(s) older than 24 hours deleted.")
