"""The verification example in docs/api.md, run as written, accepts what secondround signs
and refuses a wrong secret, a changed body, a stale time and a malformed header."""

import hashlib
import hmac
import time

import pytest

from secondround.webhooks.sending import signature_header
from tests.webhooks.conftest import documented_verify

SECRET = "whsec_" + "ab" * 32
BODY = '{"data": {"candidate_id": 7}, "event": "candidate.created", "id": "x"}'


@pytest.fixture(scope="module")
def verify():
    return documented_verify()


def test_it_accepts_what_we_sign(verify):
    now = int(time.time())
    header = signature_header(SECRET, BODY, now)
    assert verify(SECRET, BODY.encode(), header)


def test_the_header_is_stripe_style(verify):
    header = signature_header(SECRET, BODY, 1764169200)
    expected = hmac.new(SECRET.encode(), f"1764169200.{BODY}".encode(), hashlib.sha256).hexdigest()
    assert header == f"t=1764169200,v1={expected}"
    assert verify(SECRET, BODY.encode(), header, now=1764169200 + 299)


@pytest.mark.parametrize(
    ("secret", "body", "age", "header"),
    [
        ("whsec_other", BODY, 0, None),  # another secret
        (SECRET, BODY.replace("7", "8"), 0, None),  # a changed body
        (SECRET, BODY, 301, None),  # more than five minutes old: a replay
        (SECRET, BODY, -301, None),  # from the future
        (SECRET, BODY, 0, "v1=abc"),  # no time
        (SECRET, BODY, 0, "t=soon,v1=abc"),
        (SECRET, BODY, 0, ""),
    ],
)
def test_it_refuses(verify, secret, body, age, header):
    signed_at = 1764169200
    header = header if header is not None else signature_header(SECRET, BODY, signed_at)
    assert not verify(secret, body.encode(), header, now=signed_at + age)


def test_the_real_receiver_verified_every_message(hooked, django_capture_on_commit_callbacks):
    from secondround.hiring.application_actions import do_set_stage

    with django_capture_on_commit_callbacks(execute=True):
        do_set_stage(hooked.alice, hooked.dana_app, "round_2")
    assert hooked.receiver.received and all(m.valid for m in hooked.receiver.received)
