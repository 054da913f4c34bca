"""The decision pages write every score as '+0.4 (+0.2 to +0.7)' with the 80% interval
named once per page, probabilities as percentages, and every time in the reader's own time
zone with the zone's name; the application page's times too."""

from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from secondround.accounts.actions import do_add_member
from tests.conftest import fill_scorecard, login
from tests.web_decisions.test_decisions import propose, snapshot

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def berta(cast):
    """An admin who reads in Berlin time."""
    return do_add_member(
        None,
        cast.acme,
        email="berta@acme-test.test",
        display_name="Berta",
        roles={"admin"},
        password="pw",
        timezone="Europe/Berlin",
    )


def pages(cast, decision):
    return {
        "propose": reverse("propose_decision", args=[cast.luis_app.pk]),
        "decision": reverse("decision", args=[decision.pk]),
        "record": reverse("decision_record", args=[decision.pk]),
    }


def test_one_number_format_on_every_decision_page(client, cast, berta):
    snapshot(cast, 0.42)
    decision = propose(cast)
    for name, url in pages(cast, decision).items():
        response = login(client, cast.alice).get(url)
        html = response.content.decode()
        assert response.status_code == 200, name
        assert "±" not in html, name
        assert html.count("80% interval") == 1, name
        if name != "propose":  # the propose page here is Luis's, scored -0.1
            assert "+0.4 (+0.2 to +0.7)" in html, name
            assert "63%" in html, name
    luis = login(client, cast.alice).get(reverse("propose_decision", args=[cast.luis_app.pk]))
    assert "\u22120.1 (\u22120.4 to +0.2)" in luis.content.decode()


def test_times_are_in_the_readers_zone_and_labelled(client, cast, berta):
    snapshot(cast, 0.42)
    decision = propose(cast)
    berlin = timezone.localtime(decision.proposed_at, BERLIN).strftime("%H:%M")
    utc = timezone.localtime(decision.proposed_at, ZoneInfo("UTC")).strftime("%H:%M")
    for name, url in pages(cast, decision).items():
        if name == "propose":
            continue
        html = login(client, berta).get(url).content.decode()
        assert f"{berlin} Europe/Berlin</time>" in html, name
        html = login(client, cast.alice).get(url).content.decode()
        assert f"{utc} UTC</time>" in html, name
    # The propose page's panel: interview times (12:00 UTC is 13:00 in Berlin in November).
    html = login(client, berta).get(reverse("propose_decision", args=[cast.luis_app.pk]))
    assert "20 Nov 2026, 13:00 Europe/Berlin</time>" in html.content.decode()


def test_the_application_page_shows_times_in_the_readers_zone(client, cast, berta):
    card = fill_scorecard(cast.ivy, cast.dana_r1)
    response = login(client, berta).get(f"/applications/{cast.dana_app.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    submitted = timezone.localtime(card.submitted_at, BERLIN).strftime("%H:%M")
    assert f"{submitted} Europe/Berlin</time>" in html
    assert "Fri 20 Nov 2026, 11:00" in html  # the interview, in Berlin time
