"""A change keeps the event's UID and raises its SEQUENCE; a cancellation carries the same UID
with METHOD:CANCEL; a member taken off the panel gets the event withdrawn."""

from datetime import timedelta

from secondround.notifications.models import Notification
from tests.notifications.conftest import calendar_part, cancel, parse_both, reschedule, to


def test_reschedule_keeps_the_uid_and_raises_the_sequence(dana_r2, cast, commit, mailoutbox):
    uid = dana_r2.calendar_event.uid
    mailoutbox.clear()
    later = dana_r2.starts_at + timedelta(hours=2)
    commit(reschedule, cast.alice, dana_r2, starts_at=later, ends_at=later + timedelta(hours=1))

    assert len(mailoutbox) == 3
    for message in mailoutbox:
        assert message.subject.startswith("Changed: ")
        card, cal = parse_both(calendar_part(message))
        assert card.vevent.uid.value == uid
        assert int(card.vevent.sequence.value) == 1
        assert card.vevent.dtstart.value == later
        assert cal["method"] == "REQUEST"


def test_saving_an_unchanged_interview_sends_nothing(dana_r2, cast, commit, mailoutbox):
    mailoutbox.clear()
    commit(reschedule, cast.alice, dana_r2, starts_at=dana_r2.starts_at, ends_at=dana_r2.ends_at)
    assert mailoutbox == []
    dana_r2.calendar_event.refresh_from_db()
    assert dana_r2.calendar_event.sequence == 0


def test_cancellation_carries_the_same_uid_with_method_cancel(dana_r2, cast, commit, mailoutbox):
    uid = dana_r2.calendar_event.uid
    mailoutbox.clear()
    commit(cancel, cast.alice, dana_r2)

    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [cast.ivy.email, cast.ian.email, "dana@example.com"]
    )
    for message in mailoutbox:
        assert message.subject.startswith("Cancelled: ")
        card, cal = parse_both(calendar_part(message))
        assert card.method.value == "CANCEL" and cal["method"] == "CANCEL"
        assert card.vevent.uid.value == uid
        assert int(card.vevent.sequence.value) == 1
        assert card.vevent.status.value == "CANCELLED"


def test_panel_change_invites_the_newcomer_and_withdraws_the_event_from_the_leaver(
    dana_r2, cast, commit, mailoutbox
):
    mailoutbox.clear()
    commit(
        reschedule,
        cast.alice,
        dana_r2,
        starts_at=dana_r2.starts_at,
        ends_at=dana_r2.ends_at,
        interviewers=[cast.ivy, cast.nora],
    )
    [newcomer] = to(mailoutbox, cast.nora.email)
    assert not newcomer.subject.startswith(("Changed", "Cancelled"))
    [leaver] = to(mailoutbox, cast.ian.email)
    assert leaver.subject.startswith("Cancelled: ")
    card, _ = parse_both(calendar_part(leaver))
    assert card.method.value == "CANCEL"
    assert card.vevent.uid.value == dana_r2.calendar_event.uid
    kinds = dict(
        Notification.objects.filter(interview=dana_r2, version="1").values_list(
            "recipient_email", "kind"
        )
    )
    assert kinds[cast.ivy.email] == "interview_change"
    assert kinds[cast.nora.email] == "interview_invitation"


def test_a_member_taken_off_is_told_once_and_invited_afresh_when_back(
    dana_r2, cast, commit, mailoutbox
):
    times = {"starts_at": dana_r2.starts_at, "ends_at": dana_r2.ends_at}
    commit(reschedule, cast.alice, dana_r2, **times, interviewers=[cast.ivy])  # ian off
    later = dana_r2.starts_at + timedelta(hours=1)
    commit(reschedule, cast.alice, dana_r2, starts_at=later, ends_at=later + timedelta(hours=1))
    commit(reschedule, cast.alice, dana_r2, starts_at=later, ends_at=later + timedelta(hours=1),
           interviewers=[cast.ivy, cast.ian])  # fmt: skip
    ian = [m.subject.split(":")[0] for m in to(mailoutbox, cast.ian.email)]
    assert ian[0].startswith("Interview with") and ian[1] == "Cancelled"
    assert ian[2].startswith("Interview with") and len(ian) == 3  # nothing while he was off
    card, _ = parse_both(calendar_part(to(mailoutbox, cast.ian.email)[-1]))
    assert card.method.value == "REQUEST" and int(card.vevent.sequence.value) == 3


def test_cancelling_tells_only_those_who_hold_the_event(dana_r2, cast, commit, mailoutbox):
    commit(
        reschedule,
        cast.alice,
        dana_r2,
        starts_at=dana_r2.starts_at,
        ends_at=dana_r2.ends_at,
        interviewers=[cast.ivy],
    )
    mailoutbox.clear()
    commit(cancel, cast.alice, dana_r2)
    assert sorted(m.to[0] for m in mailoutbox) == sorted([cast.ivy.email, "dana@example.com"])
