"""Production never runs with the demo organisation in its database: its accounts share the
password "demo". The WSGI application checks at startup, and `manage.py migrate` (or
`check --database default`) reports it as a system check error."""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError

from secondround.demo.content import ORGANISATION


def demo_data_present() -> bool:
    from secondround.accounts.models import Organisation

    return Organisation.objects.filter(slug=ORGANISATION[1]).exists()


def demo_data_problem() -> str | None:
    """A message when production settings meet demo data, else None. A database that cannot
    be read yet (not migrated, not reachable) is left to /healthz and migrate to report."""
    if settings.DEMO_ALLOWED:
        return None
    try:
        present = demo_data_present()
    except DatabaseError:
        return None
    if not present:
        return None
    return (
        f'The database holds the demo organisation "{ORGANISATION[0]}", whose accounts use '
        'the password "demo". Production settings refuse to run with it: use a fresh '
        "database, or delete that organisation with debug settings first."
    )


def refuse_demo_data_in_production() -> None:
    problem = demo_data_problem()
    if problem:
        raise ImproperlyConfigured(problem)


@checks.register(checks.Tags.database)
def check_no_demo_data_in_production(app_configs=None, databases=None, **kwargs):
    if not databases:
        return []
    problem = demo_data_problem()
    return [checks.Error(problem, id="secondround.E001")] if problem else []
