"""Over https, the message goes to the checked address while TLS still checks the URL's
host: a certificate the system trusts for that host is accepted, an untrusted one or one for
another name is refused (nothing reaches the receiver). The receiver is a real TLS server on
127.0.0.1 with a certificate made for "localhost" by openssl."""

import shutil
import ssl
import subprocess

import pytest

from secondround.webhooks.sending import post, signature_header
from tests.webhooks.conftest import Receiver

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="needs openssl")

BODY = '{"id": "d1", "event": "candidate.created"}'


@pytest.fixture
def tls_receiver(tmp_path):
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-keyout", str(key), "-out", str(cert), "-subj", "/CN=localhost",
         "-addext", "subjectAltName=DNS:localhost"],
        check=True, capture_output=True,
    )  # fmt: skip
    running = Receiver()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    running.server.socket = context.wrap_socket(running.server.socket, server_side=True)
    running.secret = "whsec_test"
    running.port = running.server.server_port
    running.cert = cert
    yield running
    running.close()


def headers():
    return {"Secondround-Signature": signature_header("whsec_test", BODY, 1_764_169_200)}


def test_a_trusted_certificate_for_the_host_is_accepted(tls_receiver, monkeypatch):
    monkeypatch.setenv("SSL_CERT_FILE", str(tls_receiver.cert))  # the system's CA store
    answer = post(
        f"https://localhost:{tls_receiver.port}/hooks", BODY, headers(), allow_private=True
    )
    assert answer.status_code == 200 and answer.snippet == "thanks", answer.error
    (received,) = tls_receiver.received
    assert received.headers["Host"] == f"localhost:{tls_receiver.port}"
    assert received.body == BODY.encode()


def test_an_untrusted_certificate_is_refused(tls_receiver):
    answer = post(
        f"https://localhost:{tls_receiver.port}/hooks", BODY, headers(), allow_private=True
    )
    assert answer.status_code is None and "CERTIFICATE_VERIFY_FAILED" in answer.error
    assert tls_receiver.received == []


def test_a_certificate_for_another_name_is_refused(tls_receiver, monkeypatch):
    monkeypatch.setenv("SSL_CERT_FILE", str(tls_receiver.cert))
    answer = post(
        f"https://127.0.0.1:{tls_receiver.port}/hooks", BODY, headers(), allow_private=True
    )
    assert answer.status_code is None and "127.0.0.1" in answer.error, answer.error
    assert tls_receiver.received == []
