"""After a decision, the portal shows only the outcome message the team chose."""

import pytest

from secondround.hiring import actions as hiring
from secondround.portal import actions
from tests.conftest import login
from tests.portal.conftest import WORDING

MESSAGE = "Thank you, Dana. We would love you to join the data team; Alice will call you."


def test_the_team_writes_the_outcome_message(client, cast, portal):
    login(client, cast.harry)
    page = client.get(f"/candidates/{cast.dana.pk}/portal/")
    assert page.status_code == 200
    prefix = f"app{cast.dana_app.pk}"
    response = client.post(
        f"/applications/{cast.dana_app.pk}/portal-outcome/", {f"{prefix}-message": MESSAGE}
    )
    assert response.status_code == 302
    assert cast.dana_app.portal_outcome.message == MESSAGE
    client.logout()
    home = client.get(portal.url)  # no decision yet: the message waits
    assert home.status_code == 200 and MESSAGE not in home.content.decode()


def test_after_a_rejection_only_the_outcome_is_shown(client, cast, portal):
    actions.do_set_outcome_message(cast.harry, cast.dana_app, MESSAGE)
    hiring.do_set_stage(cast.alice, cast.dana_app, "rejected")
    home = client.get(portal.url)
    assert home.status_code == 200
    html = home.content.decode()
    assert MESSAGE in html
    for gone in (WORDING, "Round 2", "You&#x27;ll meet", "Ask to reschedule", "Upload a document"):
        assert gone not in html, gone
    for path in (f"topics/{portal.topic.pk}/", f"applications/{cast.dana_app.pk}/documents/",
                 f"interviews/{portal.r2.pk}.ics"):  # fmt: skip
        assert client.get(portal.url + path).status_code == 404


def test_an_approved_hire_closes_the_portal_too(client, cast, portal):
    from secondround.decisions.actions import do_give_verdict, do_propose_decision

    decision = do_propose_decision(
        cast.harry, cast.dana_app, outcome="hire", summary="Strong.", rationale={},
        override_reason="Settled in the debrief.", incomplete_reason="Panel agreed verbally.",
        approvers=[cast.vera],
    )  # fmt: skip
    do_give_verdict(cast.vera, decision, "approved", "Agreed.")
    home = client.get(portal.url)
    assert home.status_code == 200
    assert "will be in touch" in home.content.decode()  # no message written yet
    assert WORDING not in home.content.decode()
    hiring.do_set_stage(cast.alice, cast.dana_app, "hired")  # allowed: the hire is approved
    actions.do_set_outcome_message(cast.harry, cast.dana_app, MESSAGE)
    home = client.get(portal.url)
    assert home.status_code == 200 and MESSAGE in home.content.decode()
    assert WORDING not in home.content.decode() and "Round 2" not in home.content.decode()


def test_the_outcome_message_is_written_by_the_hiring_team_only(cast, portal):
    from secondround.errors import NotAllowed

    for member in (cast.ivy, cast.vera, cast.oscar):
        with pytest.raises(NotAllowed):
            actions.do_set_outcome_message(member, cast.dana_app, MESSAGE)
