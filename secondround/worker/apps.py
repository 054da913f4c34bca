from django.apps import AppConfig


class WorkerConfig(AppConfig):
    """The task worker: django-tasks-db's ``db_worker``, plus recovery of tasks whose worker
    died. Listed before ``django_tasks_db`` in INSTALLED_APPS, so that its ``db_worker``
    command is the one ``manage.py db_worker`` runs."""

    name = "secondround.worker"
    label = "secondround_worker"
