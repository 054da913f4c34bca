"""Scorecard reminders on a controlled clock: none before the interview or just after it, one
after the delay, none more that day, one the next day; none once submitted, none for a
cancelled or future interview; and no colleague's rating in any of them."""

from datetime import timedelta

from secondround.notifications.management.commands.send_due_notifications import send_due
from tests.conftest import fill_scorecard
from tests.notifications.conftest import cancel

MINUTE, HOUR, DAY = timedelta(minutes=1), timedelta(hours=1), timedelta(days=1)


def reminded(mailoutbox, interview):
    """Who got a reminder about ``interview`` (the cast's round 1 has two candidates)."""
    name = interview.application.candidate.name
    return sorted(m.to[0] for m in mailoutbox if m.subject == f"Scorecard due: {name} (Round 1)")


def test_reminders_follow_the_clock(cast, mailoutbox, settings):
    settings.SCORECARD_REMINDER_DELAY_HOURS = 4
    interview, panel = cast.dana_r1, sorted([cast.ivy.email, cast.ian.email])

    send_due(interview.starts_at - HOUR)  # before the interview
    send_due(interview.ends_at + 10 * MINUTE)  # just after it
    send_due(interview.ends_at + 4 * HOUR - MINUTE)  # not quite the delay
    assert reminded(mailoutbox, interview) == []

    send_due(interview.ends_at + 4 * HOUR)  # the delay has passed
    assert reminded(mailoutbox, interview) == panel
    send_due(interview.ends_at + 4 * HOUR + 30 * MINUTE)  # the cron job runs again
    send_due(interview.ends_at + 4 * HOUR + 23 * HOUR)  # later the same day
    assert reminded(mailoutbox, interview) == panel

    send_due(interview.ends_at + 4 * HOUR + DAY)  # the next day
    assert reminded(mailoutbox, interview) == sorted(panel * 2)


def test_a_submitted_scorecard_stops_the_reminders(cast, mailoutbox):
    interview = cast.dana_r1
    send_due(interview.ends_at + 3 * HOUR)
    assert reminded(mailoutbox, interview) == sorted([cast.ivy.email, cast.ian.email])
    fill_scorecard(cast.ian, interview)
    mailoutbox.clear()

    send_due(interview.ends_at + 3 * HOUR + DAY)
    assert reminded(mailoutbox, interview) == [cast.ivy.email]
    [message] = [m for m in mailoutbox if m.to == [cast.ivy.email] and "Dana" in m.subject]
    assert f"/interviews/{interview.pk}/scorecard/" in message.body
    # Ivy still owes her scorecard: Ian's ratings and evidence stay out of her e-mail.
    for text in (message.body, message.alternatives[0][0]):
        assert "Ian saw" not in text and "recommend" not in text.lower()


def test_cancelled_and_future_interviews_get_no_reminder(cast, dana_r2, commit, mailoutbox):
    commit(cancel, cast.alice, cast.luis_r1)
    mailoutbox.clear()
    send_due(cast.luis_r1.ends_at + 5 * HOUR)
    assert reminded(mailoutbox, cast.luis_r1) == []
    assert reminded(mailoutbox, cast.dana_r1) != []
    send_due(dana_r2.starts_at - HOUR)
    assert not [m for m in mailoutbox if "Round 2" in m.subject]


def test_a_reminder_recorded_before_the_scorecard_went_in_is_not_sent(cast, mailoutbox):
    """The rule is checked again at sending time, not only when the reminder is recorded."""
    from secondround.notifications.models import Notification, Status
    from secondround.notifications.outbox import deliver
    from secondround.notifications.reminders import record_due_reminders

    rows = record_due_reminders(cast.dana_r1.ends_at + 3 * HOUR)
    fill_scorecard(cast.ivy, cast.dana_r1)
    for row in rows:
        deliver(row.pk)
    skipped = Notification.objects.get(
        interview=cast.dana_r1, recipient_email=cast.ivy.email, kind="scorecard_reminder"
    )
    assert skipped.status == Status.SKIPPED and "submitted" in skipped.last_error
    assert cast.ivy.email not in reminded(mailoutbox, cast.dana_r1)
