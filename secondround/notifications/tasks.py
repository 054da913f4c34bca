"""Background delivery of notifications (django-tasks): never inside a request."""

from django_tasks import task


@task()
def deliver_notification(notification_id: int) -> bool:
    from secondround.notifications.outbox import deliver

    return deliver(notification_id)
