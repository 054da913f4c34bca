"""Django's ``flush`` (empty every table), which the append-only triggers would refuse on
SQLite, where flush deletes rows one table at a time (PostgreSQL truncates, which the
trigger lets through). A full wipe is the one way past the triggers: they are removed for
the flush and put back after it. Test runs use it between transactional tests."""

from django.core.management.commands.flush import Command as FlushCommand
from django.db import DEFAULT_DB_ALIAS, connections

from secondround.audit import triggers


class Command(FlushCommand):
    def handle(self, **options):
        connection = connections[options.get("database") or DEFAULT_DB_ALIAS]
        sqlite = connection.vendor == "sqlite"
        if sqlite:
            triggers.remove(connection)
        try:
            return super().handle(**options)
        finally:
            if sqlite:
                triggers.install(connection)
