from django.core.management.base import BaseCommand

from secondround.worker.recovery import recover_stale_tasks


class Command(BaseCommand):
    help = (
        "Put tasks left RUNNING by a worker that died back in the queue (db_worker also "
        "does this when it starts)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            default=None,
            help="Seconds after which a task of another machine's worker counts as stale "
            "(default: SECONDROUND_TASK_STALE_SECONDS).",
        )

    def handle(self, *args, older_than, **options):
        changed = recover_stale_tasks(stale_after=older_than)
        if options["verbosity"]:
            self.stdout.write(f"Recovered {len(changed)} task(s).")
