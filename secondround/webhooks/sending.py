"""Sending one delivery: sign, POST, log the attempt, and plan the retry.

Signature (Stripe's scheme): header ``Secondround-Signature: t=<unix time>,v1=<hex>`` where
<hex> is HMAC-SHA256, keyed with the subscription's secret, of ``"<t>.<body>"``. The time is
signed with the body, so a receiver that checks it is recent refuses an old message replayed.

Retries: a non-2xx answer, a timeout or a refused address is retried after 1, 5, 25, 125 and
625 minutes (about 13 hours in all), then the delivery is marked failed. Redirects are not
followed (a 3xx is a failure): following one would send the body to an address that was
never checked. Each attempt re-checks the URL against the SSRF rule (targets.py) and
connects to the address it checked.

Of two workers (a task and the sweep), only one sends: each first claims the row with a
conditional UPDATE (pending -> sending). A worker that dies while sending leaves the row
"sending"; the sweep gives it back after STALE_AFTER, which can send it once more (the
receiver drops it by its delivery id).
"""

import hashlib
import hmac
import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

import urllib3
from django.db.models import F
from django.utils import timezone

from secondround.webhooks.models import Attempt, Delivery, DeliveryStatus, settings_of
from secondround.webhooks.targets import Target, TargetRefused, resolve

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 6  # the first and five retries
FIRST_RETRY = timedelta(minutes=1)
BACKOFF_FACTOR = 5
CONNECT_TIMEOUT = 3.0  # seconds
READ_TIMEOUT = 10.0
SNIPPET_BYTES = 500
STALE_AFTER = timedelta(minutes=5)
USER_AGENT = "secondround-webhooks/1"


def sign(secret: str, timestamp: int, body: str) -> str:
    message = f"{timestamp}.{body}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_header(secret: str, body: str, timestamp: int) -> str:
    return f"t={timestamp},v1={sign(secret, timestamp, body)}"


def retry_delay(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failed attempt: 1, 5, 25, ... minutes."""
    return FIRST_RETRY * BACKOFF_FACTOR ** (attempts - 1)


@dataclass
class Answer:
    status_code: int | None = None
    snippet: str = ""
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def post(url: str, body: str, headers: dict, *, allow_private: bool) -> Answer:
    """POST ``body`` to ``url`` once, at an address the SSRF rule checked (the next one
    when an address refuses the connection, as a browser does with IPv6 and IPv4)."""
    try:
        target = resolve(url, allow_private=allow_private)
    except TargetRefused as refused:
        return Answer(error=refused.message)
    headers = {**headers, "Host": target.host_header}
    answer = Answer()
    for address in target.addresses:
        answer = _post_to(target, address, body, headers)
        if not answer.error.startswith(COULD_NOT_CONNECT):
            break
    return answer


COULD_NOT_CONNECT = "Could not connect"


def _post_to(target: Target, address: str, body: str, headers: dict) -> Answer:
    timeout = urllib3.Timeout(connect=CONNECT_TIMEOUT, read=READ_TIMEOUT)
    if target.scheme == "https":
        pool = urllib3.HTTPSConnectionPool(
            address,
            target.port,
            timeout=timeout,
            retries=False,
            cert_reqs="CERT_REQUIRED",
            server_hostname=target.host,  # SNI, and the certificate must name the host
            assert_hostname=target.host,
        )
    else:
        pool = urllib3.HTTPConnectionPool(address, target.port, timeout=timeout, retries=False)
    try:
        response = pool.urlopen(
            "POST",
            target.path,
            body=body.encode(),
            headers=headers,
            redirect=False,
            retries=False,
            preload_content=False,
            assert_same_host=False,
        )
        try:
            snippet = response.read(SNIPPET_BYTES, decode_content=False)
        finally:
            response.release_conn()
        return Answer(response.status, snippet.decode("utf-8", "replace"))
    except urllib3.exceptions.HTTPError as error:
        return Answer(error=_describe(error))
    finally:
        pool.close()


def _describe(error: Exception) -> str:
    if isinstance(error, urllib3.exceptions.NewConnectionError):  # a TimeoutError subclass
        return f"{COULD_NOT_CONNECT}: {error}"[:300]
    if isinstance(error, urllib3.exceptions.TimeoutError):
        return "Timed out."
    reason = getattr(error, "reason", None) or error
    return f"{type(reason).__name__}: {reason}"[:300]


def _claim(pk: int, now: datetime) -> bool:
    """pending and due -> sending, for one caller only (a conditional UPDATE is atomic)."""
    claimed = Delivery.objects.filter(
        pk=pk, status=DeliveryStatus.PENDING, next_attempt_at__lte=now
    ).update(status=DeliveryStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    return claimed == 1


def deliver(pk: int, now: datetime | None = None) -> bool:
    """Make one attempt at a due delivery. Returns whether the receiver took it (2xx)."""
    now = now or timezone.now()
    if not _claim(pk, now):
        return False
    delivery = Delivery.objects.select_related("subscription").get(pk=pk)
    subscription = delivery.subscription
    started = time.monotonic()
    if not subscription.active:
        answer = Answer(error="The subscription is disabled.")
    else:
        answer = post(
            subscription.url,
            delivery.body,
            headers_for(delivery, subscription.secret, int(now.timestamp())),
            allow_private=settings_of(delivery.organisation_id).allow_private_targets,
        )
    Attempt.objects.create(
        delivery=delivery,
        number=delivery.attempts,
        started_at=now,
        duration_ms=round((time.monotonic() - started) * 1000),
        status_code=answer.status_code,
        error=answer.error[:300],
        response_snippet=answer.snippet[:SNIPPET_BYTES],
        requested_by_id=delivery.resend_by_id,
    )
    _settle(delivery, answer, now, retry=subscription.active)
    return answer.ok


def headers_for(delivery: Delivery, secret: str, timestamp: int) -> dict:
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "Secondround-Event": delivery.event,
        "Secondround-Delivery": str(delivery.uuid),
        "Secondround-Signature": signature_header(secret, delivery.body, timestamp),
    }


def _settle(delivery: Delivery, answer: Answer, now: datetime, *, retry: bool) -> None:
    from secondround.webhooks.emit import enqueue

    changes = {"resend_by": None, "claimed_at": None}
    if answer.ok:
        changes |= {"status": DeliveryStatus.SUCCEEDED, "next_attempt_at": None}
    elif retry and delivery.attempts < MAX_ATTEMPTS:
        due = now + retry_delay(delivery.attempts)
        changes |= {"status": DeliveryStatus.PENDING, "next_attempt_at": due}
    else:
        changes |= {"status": DeliveryStatus.FAILED, "next_attempt_at": None}
    Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.SENDING).update(**changes)
    if changes["status"] == DeliveryStatus.PENDING:
        enqueue([delivery.pk], run_after=changes["next_attempt_at"])


def deliver_due(now: datetime | None = None) -> int:
    """Send what is due: retries whose time has come, deliveries no task sent, and rows left
    "sending" by a worker that died. Returns how many were delivered."""
    now = now or timezone.now()
    Delivery.objects.filter(status=DeliveryStatus.SENDING, claimed_at__lt=now - STALE_AFTER).update(
        status=DeliveryStatus.PENDING
    )
    due = Delivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
    return sum(deliver(pk, now) for pk in list(due.order_by("pk").values_list("pk", flat=True)))
