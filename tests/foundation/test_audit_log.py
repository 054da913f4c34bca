"""The audit trail is append-only: no code path changes or deletes an event."""

import pytest

from secondround.audit.models import AppendOnlyError, AuditEvent


def test_audit_events_cannot_be_changed_or_deleted(cast):
    event = AuditEvent.objects.filter(action="job.created").get()
    event.action = "job.forged"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="job.forged")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "job.created"
