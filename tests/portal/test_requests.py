"""Asking to reschedule and withdrawing: both reach the recruiters by e-mail (sent in the
background after commit) and appear on the application page. Withdrawing sets the stage
through the hiring write function."""

from secondround.audit.models import AuditEvent
from secondround.hiring.models import Application, Stage, StageChange
from secondround.portal.models import CandidateRequest, RequestKind
from tests.conftest import login


def test_ask_to_reschedule(client, cast, portal, mailoutbox, django_capture_on_commit_callbacks):
    path = f"{portal.url}applications/{cast.dana_app.pk}/reschedule/"
    assert client.get(path).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(path, {"message": "Any morning next week"})
    assert response.status_code == 302
    request = CandidateRequest.objects.get()
    assert request.kind == RequestKind.RESCHEDULE and request.message == "Any morning next week"
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert set(mail.to) == {cast.alice.email, cast.harry.email}  # recruiters + the manager
    assert "Dana Kim asked to reschedule" in mail.subject
    assert "Any morning next week" in mail.body
    page = login(client, cast.alice).get(f"/applications/{cast.dana_app.pk}/")
    assert page.status_code == 200
    assert "Asked to reschedule" in page.content.decode()
    assert "Any morning next week" in page.content.decode()


def test_a_reschedule_request_needs_times(client, cast, portal, mailoutbox):
    path = f"{portal.url}applications/{cast.dana_app.pk}/reschedule/"
    response = client.post(path, {"message": ""})
    assert response.status_code == 422
    assert not CandidateRequest.objects.exists() and not mailoutbox


def test_withdraw(client, cast, portal, mailoutbox, django_capture_on_commit_callbacks):
    path = f"{portal.url}applications/{cast.dana_app.pk}/withdraw/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(path, {"reason": "I accepted another offer."})
    assert response.status_code == 302
    assert Application.objects.get(pk=cast.dana_app.pk).stage == Stage.WITHDRAWN
    # The stage changed through the hiring write function (its audit event and history
    # line), on the candidate's behalf by the member who issued the link.
    withdrawn = AuditEvent.objects.get(action="application.withdrawn", target_id=cast.dana_app.pk)
    assert withdrawn.actor == cast.alice
    change = StageChange.objects.filter(application=cast.dana_app).latest("pk")
    assert change.to_stage == Stage.WITHDRAWN and change.note == "I accepted another offer."
    portal.r2.refresh_from_db()
    assert portal.r2.status == "cancelled"  # the upcoming round 2 is called off
    assert AuditEvent.objects.filter(action="portal.withdrew", actor=None).exists()
    withdrew = [m for m in mailoutbox if m.subject == "Dana Kim withdrew"]
    assert len(withdrew) == 1 and "I accepted another offer." in withdrew[0].body
    # The called-off round-2 interview reaches its panel and Dana as calendar cancellations.
    others = {m.subject for m in mailoutbox} - {"Dana Kim withdrew"}
    assert others and all(s.startswith("Cancelled: ") for s in others)
    home = client.get(portal.url)
    assert home.status_code == 200
    html = home.content.decode()
    assert "You have withdrawn" in html
    assert "Ask to reschedule" not in html and "Round 2" not in html
    page = login(client, cast.harry).get(f"/applications/{cast.dana_app.pk}/")
    assert page.status_code == 200
    assert (
        "Withdrew" in page.content.decode() and "I accepted another offer." in page.content.decode()
    )


def test_withdrawing_needs_no_reason(client, cast, portal):
    path = f"{portal.url}applications/{cast.dana_app.pk}/withdraw/"
    assert client.post(path, {"reason": ""}).status_code == 302
    assert Application.objects.get(pk=cast.dana_app.pk).stage == Stage.WITHDRAWN


def test_no_request_on_another_candidates_application(client, cast, portal):
    path = f"{portal.url}applications/{cast.luis_app.pk}/withdraw/"
    assert client.post(path, {"reason": ""}).status_code == 404
    assert Application.objects.get(pk=cast.luis_app.pk).stage == Stage.ROUND_1
