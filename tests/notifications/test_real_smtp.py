"""One invitation through Django's real SMTP backend to a real SMTP server (aiosmtpd) on
127.0.0.1, parsed as received: headers, bodies and the .ics attachment."""

import socket
from datetime import timedelta
from email import message_from_bytes, policy

import pytest
import vobject
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message

from secondround.hiring import actions as hiring
from tests.notifications.conftest import next_monday_at


class Collect(Message):
    def __init__(self):
        super().__init__()
        self.received = []

    def handle_message(self, message):
        self.received.append(message)


def free_port() -> int:
    # aiosmtpd's controller checks it started by connecting to its own port, so it cannot be
    # given port 0: bind one here to learn a free port, release it, and pass that.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    handler = Collect()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield handler
    controller.stop()


def test_an_invitation_arrives_through_smtp_with_its_calendar_file(cast, commit, smtp_server):
    start = next_monday_at(9)
    interview = commit(
        hiring.do_schedule_interview,
        cast.alice,
        cast.dana_app,
        cast.round2,
        starts_at=start,
        ends_at=start + timedelta(minutes=45),
        interviewers=[cast.ivy],
    )
    by_recipient = {m["X-RcptTo"]: m for m in smtp_server.received}
    assert sorted(by_recipient) == sorted([cast.ivy.email, "dana@example.com"])

    received = message_from_bytes(by_recipient[cast.ivy.email].as_bytes(), policy=policy.default)
    assert received["Subject"].startswith("Interview with Dana Kim (Round 2)")
    assert received["To"] == cast.ivy.email
    text = received.get_body(("plain",)).get_content()
    html = received.get_body(("html",)).get_content()
    assert f"/interviews/{interview.pk}/kit/" in text and "Open the interview kit" in html
    [calendar] = [p for p in received.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert calendar.get_param("method") == "REQUEST"
    assert calendar.get_filename() == "invite.ics"
    event = vobject.readOne(calendar.get_content()).vevent
    assert event.uid.value == interview.calendar_event.uid
    assert int(event.sequence.value) == 0
    assert event.dtstart.value == start
