"""Reject with a reason from the list plus a note, and withdraw: on the page and in the history."""

import pytest
from django.urls import reverse

from secondround.audit.models import AuditEvent
from secondround.errors import ActionError, NotAllowed
from secondround.hiring import actions as hiring
from secondround.hiring.models import Stage
from tests.conftest import login


def test_reject_needs_a_reason_from_the_list(cast):
    for reason in ("", "bored"):
        with pytest.raises(ActionError) as refused:
            hiring.do_reject_application(cast.alice, cast.dana_app, reason=reason)
        assert refused.value.field == "reason"
    with pytest.raises(ActionError) as refused:
        hiring.do_reject_application(cast.alice, cast.dana_app, reason="other", note=" ")
    assert refused.value.field == "note"
    hiring.do_reject_application(cast.harry, cast.dana_app, reason="experience", note="Too junior")
    cast.dana_app.refresh_from_db()
    change = cast.dana_app.stage_changes.last()
    assert cast.dana_app.stage == Stage.REJECTED
    assert (change.reason, change.note, change.moved_by) == ("experience", "Too junior", cast.harry)
    assert AuditEvent.objects.filter(action="application.rejected").count() == 1
    with pytest.raises(ActionError):
        hiring.do_reject_application(cast.alice, cast.dana_app, reason="skills")
    with pytest.raises(ActionError):
        hiring.do_withdraw_application(cast.alice, cast.dana_app)


def test_interviewers_neither_reject_nor_withdraw(cast):
    with pytest.raises(NotAllowed):
        hiring.do_reject_application(cast.ivy, cast.dana_app, reason="skills")
    with pytest.raises(NotAllowed):
        hiring.do_withdraw_application(cast.ivy, cast.dana_app)


def test_reject_page_keeps_input_and_then_shows_the_reason(client, cast):
    login(client, cast.harry)
    url = reverse("reject", args=[cast.luis_app.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Another candidate was stronger" in page.content.decode()
    response = client.post(url, {"reason": "other", "note": ""})
    assert response.status_code == 422 and "Say why in the note." in response.content.decode()
    response = client.post(url, {"reason": "pay", "note": "Asked for 40% more"})
    assert response.status_code == 302
    page = client.get(reverse("application", args=[cast.luis_app.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Pay expectations too far apart" in html and "Asked for 40% more" in html
    assert "History" in html and "Not hired" in html


def test_withdraw_page_records_it(client, cast):
    login(client, cast.alice)
    response = client.post(
        reverse("withdraw", args=[cast.dana_app.pk]), {"note": "Accepted another offer"}
    )
    assert response.status_code == 302
    cast.dana_app.refresh_from_db()
    assert cast.dana_app.stage == Stage.WITHDRAWN
    page = client.get(reverse("application", args=[cast.dana_app.pk]))
    assert page.status_code == 200 and "Accepted another offer" in page.content.decode()


@pytest.mark.parametrize("close", ["reject", "withdraw"])
def test_closing_cancels_the_interviews_still_ahead(cast, close):
    from datetime import timedelta

    from django.utils import timezone

    from secondround.scorecards.models import owes_a_scorecard

    start = timezone.now() + timedelta(days=2)
    ahead = hiring.do_schedule_interview(
        cast.alice, cast.dana_app, cast.round2, starts_at=start,
        ends_at=start + timedelta(hours=1), interviewers=[cast.nora],
    )  # fmt: skip
    assert owes_a_scorecard(cast.nora, cast.dana_app)
    if close == "reject":
        hiring.do_reject_application(cast.alice, cast.dana_app, reason="skills")
    else:
        hiring.do_withdraw_application(cast.alice, cast.dana_app)
    ahead.refresh_from_db()
    cast.dana_r1.refresh_from_db()
    assert ahead.status == "cancelled" and cast.dana_r1.status == "scheduled"  # past: kept
    assert not owes_a_scorecard(cast.nora, cast.dana_app)
    assert AuditEvent.objects.filter(action="interview.cancelled", target_id=ahead.pk).exists()


def test_withdraw_and_cancel_need_no_words(client, cast):
    """An empty form is still a posted form: the note and the reason are optional."""
    from datetime import timedelta

    from django.utils import timezone

    start = timezone.now() + timedelta(days=2)
    ahead = hiring.do_schedule_interview(
        cast.alice, cast.luis_app, cast.round2, starts_at=start,
        ends_at=start + timedelta(hours=1), interviewers=[cast.nora],
    )  # fmt: skip
    login(client, cast.alice)
    assert client.post(reverse("interview_cancel", args=[ahead.pk])).status_code == 302
    ahead.refresh_from_db()
    assert ahead.status == "cancelled"
    assert client.post(reverse("withdraw", args=[cast.luis_app.pk])).status_code == 302
    cast.luis_app.refresh_from_db()
    assert cast.luis_app.stage == Stage.WITHDRAWN
