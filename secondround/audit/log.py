"""The one way to write an audit event. Call it inside the write function's transaction."""

from django.db import models

from secondround.audit.models import AuditEvent


def record(actor, action: str, target: models.Model, organisation=None, **data) -> AuditEvent:
    """Append an audit event for ``target``. ``actor`` is a Member or None (the system)."""
    organisation_id = (
        organisation.pk if organisation is not None else actor.organisation_id  # type: ignore[union-attr]
    )
    event = AuditEvent.objects.create(
        organisation_id=organisation_id,
        actor=actor,
        action=action,
        target_type=target._meta.label_lower,
        target_id=target.pk,
        data=data,
    )
    # The facts that webhooks report are the ones the trail records: one hook here sends
    # them (after the commit, so a rolled-back write sends nothing).
    from secondround.webhooks.emit import on_audit_event

    on_audit_event(event, target)
    return event
