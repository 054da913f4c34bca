"""Background sending of webhooks (django-tasks): never inside a request."""

from django_tasks import task


@task()
def send_webhook(delivery_id: int) -> bool:
    from secondround.webhooks.sending import deliver

    return deliver(delivery_id)
