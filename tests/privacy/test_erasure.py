"""Erasing a candidate anonymises them everywhere, keeps their ratings without identity (so
calibration of everyone else is unchanged), and leaves the audit trail free of their name."""

import json

import pytest
from django.core.files.storage import storages

from secondround.audit.models import AuditEvent
from secondround.calibration.actions import do_refresh_calibration
from secondround.calibration.inputs import rating_rows
from secondround.errors import ActionError, NotAllowed
from secondround.hiring.models import Application, Candidate
from secondround.notifications.models import Notification
from secondround.portal.models import CandidateRequest, PortalDocument, PortalLink
from secondround.privacy.actions import do_erase_candidate
from secondround.privacy.models import Erasure
from secondround.scorecards.models import Rating, Scorecard, ScorecardVersion

IDENTITY = ("Dana", "Kim", "dana@example.com", "dana.kim")


def mentions(text: str) -> list[str]:
    return [word for word in IDENTITY if word.lower() in text.lower()]


def test_erasure_anonymises_the_candidate_everywhere(dana_file, django_capture_on_commit_callbacks):
    c = dana_file
    ratings_before = list(
        Rating.objects.filter(scorecard__interview__application=c.dana_app).values_list(
            "pk", "value", "competency_id", "scorecard__author_id"
        )
    )
    with django_capture_on_commit_callbacks(execute=True):  # files go once the erasure commits
        do_erase_candidate(c.alice, c.dana, confirmation="dana kim")

    dana = Candidate.objects.get(pk=c.dana.pk)
    assert dana.name == f"Anonymised candidate {dana.pk}"
    assert dana.email.endswith("@anonymised.invalid")
    assert (dana.phone, dana.notes, dana.cv_text, dana.cv_file.name) == ("", "", "", "")
    uploads = storages["uploads"]
    assert not uploads.exists(c.cv_name) and not uploads.exists(c.document_name)
    assert not PortalDocument.objects.filter(application=c.dana_app).exists()
    assert not PortalLink.objects.filter(candidate=dana).exists()
    assert CandidateRequest.objects.get(application=c.dana_app).message == ""

    # The team's text keeps its words, minus Dana's identity, in her records and in Luis's.
    texts = list(Rating.objects.values_list("evidence", flat=True))
    texts += list(Scorecard.objects.values_list("notes", flat=True))
    texts += [json.dumps(v) for v in ScorecardVersion.objects.values_list("data", flat=True)]
    texts += [f"{x.title} {x.probe}" for x in c.dana_app.concerns.all()]
    texts += list(Notification.objects.values_list("subject", "recipient_email").distinct())
    texts = [" ".join(t) if isinstance(t, tuple) else t for t in texts]
    assert not [t for t in texts if mentions(t)], "Dana's identity is still in the text"
    assert Rating.objects.filter(evidence__startswith="Stronger than [candidate]").exists()
    assert c.dana_app.concerns.get().title == "[candidate]: depth in streaming"

    # Her ratings stay, without identity: same values, same authors, same application.
    assert Application.objects.get(pk=c.dana_app.pk).candidate_id == dana.pk
    assert ratings_before == list(
        Rating.objects.filter(scorecard__interview__application=c.dana_app).values_list(
            "pk", "value", "competency_id", "scorecard__author_id"
        )
    )
    assert Erasure.objects.get(candidate=dana).erased_by == c.alice


def test_calibration_of_everyone_is_unchanged(dana_file):
    c = dana_file
    before_rows = rating_rows(c.acme.pk)
    before = do_refresh_calibration(c.acme.pk)
    do_erase_candidate(c.alice, c.dana, confirmation="Dana Kim")
    assert rating_rows(c.acme.pk) == before_rows
    after = do_refresh_calibration(c.acme.pk)
    assert after.pk == before.pk and after.fingerprint == before.fingerprint
    assert after.result["interviewers"] == before.result["interviewers"]
    luis = [r for r in after.result["candidates"] if r["candidate"] == str(c.luis_app.pk)]
    assert luis and luis == [
        r for r in before.result["candidates"] if r["candidate"] == str(c.luis_app.pk)
    ]


def test_no_audit_event_holds_the_candidates_name(dana_file):
    c = dana_file
    do_erase_candidate(c.alice, c.dana, confirmation="Dana Kim")
    events = AuditEvent.objects.filter(organisation=c.acme)
    leaks = [
        (event.action, event.data)
        for event in events
        if mentions(json.dumps(event.data, ensure_ascii=False))
    ]
    assert not leaks
    erased = events.get(action="candidate.erased")
    assert erased.target_id == c.dana.pk and erased.actor == c.alice
    assert erased.data["documents"] == 2 and erased.data["portal_links"] == 1


def test_erasure_needs_an_admin_and_the_typed_name(dana_file):
    c = dana_file
    with pytest.raises(NotAllowed):
        do_erase_candidate(c.harry, c.dana, confirmation="Dana Kim")
    with pytest.raises(NotAllowed):
        do_erase_candidate(c.oscar, c.dana, confirmation="Dana Kim")
    with pytest.raises(ActionError, match="Type the candidate's full name"):
        do_erase_candidate(c.alice, c.dana, confirmation="Dana")
    assert Candidate.objects.get(pk=c.dana.pk).name == "Dana Kim"
    do_erase_candidate(c.alice, c.dana, confirmation="Dana Kim")
    with pytest.raises(ActionError, match="already anonymised"):
        dana = Candidate.objects.get(pk=c.dana.pk)
        do_erase_candidate(c.alice, dana, confirmation=dana.name)
