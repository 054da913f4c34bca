"""Schemathesis over the whole OpenAPI document, in process (WSGI), with a real token of an
admin and recruiter (the demo's admin@demo.test has the same roles): no operation answers
with a server error, a status it does not declare, or a body that breaks its schema.

Bounded for CI: a few examples per operation, derandomised (the same cases every run).
"""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from secondround.accounts.actions import do_create_api_token

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture
def token(cast):
    return do_create_api_token(None, cast.alice, "schemathesis")[1]


@pytest.fixture
def keep_connection():
    """The WSGI handler closes the database connection after each request; inside a test
    that would end the test's transaction (on PostgreSQL). Django's test client holds the
    same signal off in the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


# Loaded at collection: serving the OpenAPI document needs no database.
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())


@schema.parametrize()
@settings(
    max_examples=6,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_conforms_to_its_schema(case, token, keep_connection):
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
