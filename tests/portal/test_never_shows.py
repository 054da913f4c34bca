"""What the portal never shows, as a table: every portal page × every forbidden string, with
data that puts each one right next to the candidate (ratings and evidence on her, notes, a
recommendation, a calibration snapshot, an unshared concern, the shared concern's internal
title and details, another candidate on the same panel, members' e-mail addresses)."""

import pytest

from secondround.calibration.actions import do_refresh_calibration
from secondround.concerns.actions import do_raise_concern
from secondround.hiring.models import Candidate
from secondround.hiring.note_actions import do_add_internal_note
from secondround.portal import actions
from tests.conftest import fill_scorecard

FORBIDDEN = {
    "rating evidence": "EVIDENCE-MARKER",
    "scorecard notes": "SCORECARD-NOTES-MARKER",
    "candidate internal notes": "INTERNAL-NOTES-MARKER",
    "application internal note": "APPLICATION-NOTE-MARKER",
    "recommendation": "Strong yes",
    "rubric anchor": "Excellent",
    "unshared concern title": "UNSHARED-CONCERN-MARKER",
    "unshared concern details": "UNSHARED-DETAILS-MARKER",
    "shared concern internal title": "Shaky on streaming internals",
    "shared concern internal details": "Could not explain watermarks",
    "shared concern probe": "Ask about late data",
    "other candidate": "Luis",
    "member e-mail": "@acme-test.test",
    "calibrated score": "p_best",
    "competency weight": "weight",
}
PAGES = {
    "home": "",
    "values": "values/",
    "answer": "topics/{topic}/",
    "documents": "applications/{app}/documents/",
    "reschedule": "applications/{app}/reschedule/",
    "withdraw": "applications/{app}/withdraw/",
    "ics": "interviews/{r2}.ics",
}


@pytest.fixture
def crowded(cast, portal):
    """Everything forbidden, next to Dana."""
    from secondround.scorecards.actions import RatingInput, do_save_draft, do_submit_scorecard

    Candidate.objects.filter(pk=cast.dana.pk).update(notes="INTERNAL-NOTES-MARKER")
    do_add_internal_note(cast.harry, cast.dana_app, text="APPLICATION-NOTE-MARKER")
    ratings = [
        RatingInput(c.pk, 4, "EVIDENCE-MARKER") for c in cast.round1.focus_competencies.all()
    ]
    do_save_draft(
        cast.ian, cast.dana_r1, ratings, recommendation="strong_yes", notes="SCORECARD-NOTES-MARKER"
    )
    do_submit_scorecard(cast.ian, cast.dana_r1)
    fill_scorecard(cast.ivy, cast.dana_r1)
    fill_scorecard(cast.ivy, cast.luis_r1)
    fill_scorecard(cast.ian, cast.luis_r1)
    do_refresh_calibration(cast.acme.pk)
    do_raise_concern(
        cast.ian, cast.dana_app, type="motivation", title="UNSHARED-CONCERN-MARKER",
        details="UNSHARED-DETAILS-MARKER",
    )  # fmt: skip
    actions.do_save_values(cast.alice, "We say what we think, kindly.")
    actions.do_save_intro(cast.ivy, "I run the data platform.")
    return portal


@pytest.mark.parametrize("page", PAGES)
def test_portal_page_never_shows(client, cast, crowded, page):
    """One page against every row of FORBIDDEN (one scene per page keeps the table fast)."""
    path = crowded.url + PAGES[page].format(
        topic=crowded.topic.pk, app=cast.dana_app.pk, r2=crowded.r2.pk
    )
    response = client.get(path)
    assert response.status_code == 200
    body = response.content.decode().lower()
    shown = [what for what, text in FORBIDDEN.items() if text.lower() in body]
    assert shown == [], f"{page} shows: {shown}"


def test_the_scene_really_holds_the_forbidden_data(client, cast, crowded):
    """The table means something only if a member's page does show these strings."""
    from tests.conftest import login

    response = login(client, cast.alice).get(f"/applications/{cast.dana_app.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    for marker in ("EVIDENCE-MARKER", "INTERNAL-NOTES-MARKER", "UNSHARED-CONCERN-MARKER",
                   "APPLICATION-NOTE-MARKER",
                   "Shaky on streaming internals", "Strong yes"):  # fmt: skip
        assert marker in html, marker
