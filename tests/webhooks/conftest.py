"""A real HTTP receiver on 127.0.0.1 (http.server in a thread) that checks each message's
signature with the verification example of docs/api.md, and a subscription of Acme's to
every event pointing at it (the organisation allows private targets, as tests must)."""

import json
import re
import threading
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from secondround.webhooks.actions import do_create_subscription, do_save_webhook_settings
from secondround.webhooks.models import Event

API_DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"


def documented_verify():
    """The `verify` function of docs/api.md's "Verifying a signature", run as written."""
    text = API_DOC.read_text()
    section = text[text.index("### Verifying a signature") :]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    namespace = {}
    exec(compile(code, str(API_DOC), "exec"), namespace)
    return namespace["verify"]


class Received:
    def __init__(self, headers, body: bytes, valid: bool):
        self.headers, self.body, self.valid = headers, body, valid
        self.json = json.loads(body)

    @property
    def delivery_id(self) -> str:
        return self.headers["Secondround-Delivery"]


class Receiver:
    """Answers each POST with the next status of ``answers`` (200 once they run out)."""

    def __init__(self):
        self.received: list[Received] = []
        self.answers: deque[int] = deque()
        self.secret = ""
        self.verify = documented_verify()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                valid = receiver.verify(
                    receiver.secret, body, self.headers.get("Secondround-Signature", "")
                )
                receiver.received.append(Received(self.headers, body, valid))
                status = receiver.answers.popleft() if receiver.answers else 200
                self.send_response(status)
                self.end_headers()
                self.wfile.write(b"thanks" if status < 300 else b"receiver broke")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def events(self, name: str) -> list[Received]:
        return [r for r in self.received if r.json["event"] == name]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    running = Receiver()
    yield running
    running.close()


@pytest.fixture
def hooked(cast, receiver):
    """cast, plus Acme's subscription to every event at the receiver."""
    do_save_webhook_settings(cast.alice, allow_private_targets=True)
    cast.subscription = do_create_subscription(
        cast.alice, url=receiver.url, events=list(Event.values), description="Test receiver"
    )
    receiver.secret = cast.subscription.secret
    cast.receiver = receiver
    return cast
