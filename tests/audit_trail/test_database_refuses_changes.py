"""The audit table is append-only in the database itself: raw SQL that updates or deletes
an audit event is refused (a trigger on PostgreSQL and on SQLite)."""

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from secondround.audit.models import AuditEvent


def raw(sql, params=()):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.fixture
def event(cast):
    return AuditEvent.objects.filter(organisation=cast.acme).first()


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditevent SET action = 'forged' WHERE id = %s",
        "UPDATE audit_auditevent SET data = '{}' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ],
)
def test_raw_sql_cannot_change_or_delete_an_event(event, sql):
    before = AuditEvent.objects.filter(pk=event.pk).values().get()
    with pytest.raises(DatabaseError, match="append-only"):
        raw(sql, [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).values().get() == before


def test_raw_sql_can_still_append(event):
    raw(
        "INSERT INTO audit_auditevent (organisation_id, action, target_type, data, created_at) "
        "VALUES (%s, 'raw.append', 'x', '{}', CURRENT_TIMESTAMP)",
        [event.organisation_id],
    )
    assert AuditEvent.objects.filter(action="raw.append").exists()


@pytest.mark.django_db(transaction=True)
def test_flush_empties_the_table_and_keeps_the_triggers(cast):
    assert AuditEvent.objects.exists()
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEvent.objects.exists()
    from secondround.accounts.actions import do_create_organisation

    org = do_create_organisation("After flush", "after-flush")
    raw(
        "INSERT INTO audit_auditevent (organisation_id, action, target_type, data, created_at) "
        "VALUES (%s, 'raw.append', 'x', '{}', CURRENT_TIMESTAMP)",
        [org.pk],
    )
    with pytest.raises(DatabaseError, match="append-only"):
        raw("DELETE FROM audit_auditevent")
