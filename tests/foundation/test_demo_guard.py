"""Production settings refuse to run with the demo organisation in the database."""

import pytest
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from secondround.accounts.actions import do_create_organisation
from secondround.demo.content import ORGANISATION
from secondround.demo.guard import refuse_demo_data_in_production


@pytest.fixture
def demo_org(db):
    return do_create_organisation(*ORGANISATION)


def test_production_settings_refuse_to_start_with_demo_data(demo_org, settings):
    settings.DEMO_ALLOWED = False
    with pytest.raises(ImproperlyConfigured, match="demo organisation"):
        refuse_demo_data_in_production()
    errors = checks.run_checks(tags=[checks.Tags.database], databases=["default"])
    assert [e.id for e in errors] == ["secondround.E001"]


def test_debug_settings_run_with_demo_data(demo_org, settings):
    settings.DEMO_ALLOWED = True
    refuse_demo_data_in_production()
    assert checks.run_checks(tags=[checks.Tags.database], databases=["default"]) == []


def test_production_without_demo_data_starts(db, settings):
    settings.DEMO_ALLOWED = False
    refuse_demo_data_in_production()
    assert checks.run_checks(tags=[checks.Tags.database], databases=["default"]) == []
