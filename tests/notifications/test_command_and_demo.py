"""`send_due_notifications` (what cron or a systemd timer runs), and the demo's e-mails: the
seed invites the panels and candidates of its upcoming interviews, and nobody to past ones."""

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from secondround.hiring.models import Interview


def test_the_command_sends_what_is_due_and_says_so(cast, mailoutbox, settings):
    settings.SCORECARD_REMINDER_DELAY_HOURS = 0  # the cast's round 1 was last week
    out = StringIO()
    call_command("send_due_notifications", stdout=out)
    assert out.getvalue().strip() == "4 reminder(s) due, 4 e-mail(s) sent."
    assert len(mailoutbox) == 4
    out = StringIO()
    call_command("send_due_notifications", stdout=out)
    assert out.getvalue().strip() == "0 reminder(s) due, 0 e-mail(s) sent."


def test_the_demo_seed_invites_to_its_upcoming_interviews_only(
    db, mailoutbox, django_capture_on_commit_callbacks
):
    from secondround.demo.seed import seed_demo

    with django_capture_on_commit_callbacks(execute=True):
        seed_demo(verbosity=0)
    upcoming = Interview.objects.filter(ends_at__gt=timezone.now())
    past = Interview.objects.filter(ends_at__lte=timezone.now() - timedelta(minutes=1))
    assert upcoming.exists() and past.exists()
    subjects = [m.subject for m in mailoutbox]
    for interview in upcoming:
        name = interview.application.candidate.name
        invitations = [s for s in subjects if s.startswith(f"Interview with {name} (")]
        assert len(invitations) == interview.interviewers.count()
    for interview in past:
        name = interview.application.candidate.name
        assert not any(
            s.startswith(f"Interview with {name} ({interview.round.name})") for s in subjects
        )
