"""E-mail from the portal: the link to the candidate, and the candidate's requests to the
recruiters. Sent in the background (a django-tasks task), after the write commits."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django_tasks import task

from secondround.accounts.models import Member


def render_text(template: str, context: dict) -> str:
    return render_to_string(template, context).strip() + "\n"


def send_after_commit(recipients: list[str], subject: str, body: str) -> None:
    if recipients:
        transaction.on_commit(lambda: send_portal_mail.enqueue(recipients, subject, body))


def recruiters_of(application) -> list[str]:
    """The organisation's active recruiters, and the job's hiring manager."""
    job = application.job
    members = Member.objects.filter(organisation_id=job.organisation_id, active=True)
    emails = [m.email for m in members.filter(is_recruiter=True).select_related("user")]
    if job.hiring_manager is not None and job.hiring_manager.active:
        emails.append(job.hiring_manager.email)
    return sorted(set(emails))


def base_url() -> str:
    return settings.SECONDROUND_BASE_URL.rstrip("/")


def tell_recruiters(application, subject: str, body: str) -> None:
    path = f"{base_url()}/applications/{application.pk}/"
    send_after_commit(recruiters_of(application), subject, f"{body}\n\nThe application: {path}\n")


@task()
def send_portal_mail(recipients: list[str], subject: str, body: str) -> int:
    return send_mail(subject, body, None, recipients)
