"""django-tasks-db's worker, which first recovers the tasks a dead worker left RUNNING.

Same options as django-tasks-db's ``db_worker``; the default worker id names this machine
and process, so that the next worker here can tell whether it died
(secondround/worker/recovery.py)."""

from django_tasks_db.management.commands import db_worker

from secondround.worker.recovery import recover_stale_tasks, worker_id


class Command(db_worker.Command):
    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(worker_id=worker_id())

    def handle(self, *args, **options):
        self.configure_logging(options["verbosity"])
        recovered = recover_stale_tasks()
        if recovered:
            self.stdout.write(f"Recovered {len(recovered)} task(s) left running: retrying.")
        super().handle(*args, **options)
