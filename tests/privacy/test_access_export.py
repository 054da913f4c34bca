"""An admin downloads everything held about a candidate, as readable HTML and as JSON, with
a reminder to review it before sending; the download is an audit event."""

import json

from secondround.audit.models import AuditEvent
from tests.conftest import login


def test_the_html_export_is_readable_and_complete(client, dana_file):
    c = dana_file
    response = login(client, c.alice).get(f"/candidates/{c.dana.pk}/privacy/access.html")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert (
        (response["Content-Disposition"]) == 'attachment; filename="access-request-dana-kim.html"'
    )
    page = response.content.decode()
    for expected in (
        "<h1>Personal data held about Dana Kim</h1>",
        "Review it before sending",
        "dana@example.com",
        "+44 20 7946 0000",  # personal fields
        "Dana Kim explained the design; Dana was clear (Problem solving)",  # evidence
        "Dana Kim: depth in streaming",  # concern
        "I am Dana Kim, mornings please",  # portal activity
        "ref.txt",  # documents list
        "Your interview, Dana Kim",  # e-mails
        "Round 1",  # stage and interviews
    ):
        assert expected in page, expected
    assert "Stronger than Dana Kim" not in page  # Luis's scorecards are not Dana's data
    event = AuditEvent.objects.get(action="candidate.access_exported")
    assert (event.actor, event.target_id, event.data) == (c.alice, c.dana.pk, {"format": "html"})


def test_the_json_export_holds_every_part(client, dana_file):
    c = dana_file
    response = login(client, c.alice).get(f"/candidates/{c.dana.pk}/privacy/access.json")
    assert response.status_code == 200
    record = json.loads(response.content)
    assert record["candidate"]["name"] == "Dana Kim"
    assert record["candidate"]["notes"] == "Dana Kim prefers mornings."
    assert [d["document"] for d in record["documents"]] == ["CV", "Uploaded in the prep portal"]
    assert record["documents"][1]["file name"] == "ref.txt"
    (application,) = record["applications"]
    assert application["job"] == "Data Engineer"
    assert application["stage_history"][0]["to_stage"] == "Round 1"
    (interview,) = application["interviews"]
    cards = {card["author"]: card for card in interview["scorecards"]}
    assert sorted(cards) == ["Ian", "Ivy"]
    assert {r["rating"] for r in cards["Ian"]["ratings"]} == {2}
    assert cards["Ivy"]["ratings"][0]["evidence"].startswith("Dana Kim explained")
    assert cards["Ivy"]["versions"][0]["version"] == 1
    assert application["concerns"][0]["title"] == "Dana Kim: depth in streaming"
    assert application["portal"]["requests"][0]["message"] == "I am Dana Kim, mornings please"
    assert len(record["portal_links"]) == 1 and "token_hash" not in record["portal_links"][0]
    assert record["emails"][0]["subject"] == "Your interview, Dana Kim"
    assert "Review it before sending" in record["about"]
