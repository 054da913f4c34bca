"""The shared-concern page: the hiring team writes the candidate's wording and shares it; the
candidate answers in writing; the panel reads the answer next to the concern in the kit."""

import pytest

from secondround.concerns.models import Concern
from secondround.portal.models import PortalTopic
from tests.conftest import login
from tests.portal.conftest import WORDING

# Who may open the shared-topics page of Dana's application.
PAGE_ACCESS = {"alice": 200, "harry": 200, "ivy": 403, "ian": 403, "nora": 404, "vera": 404,
               "oscar": 404}  # fmt: skip


@pytest.mark.parametrize(("who", "status"), PAGE_ACCESS.items())
def test_who_may_open_the_shared_topics_page(client, cast, portal, who, status):
    response = login(client, getattr(cast, who)).get(
        f"/applications/{cast.dana_app.pk}/shared-topics/"
    )
    assert response.status_code == status
    if status == 200:
        assert "Shaky on streaming internals" in response.content.decode()


def test_the_team_writes_the_wording_and_shares(client, cast, portal):
    from secondround.concerns.actions import do_raise_concern

    concern = do_raise_concern(
        cast.ian, cast.dana_app, type="motivation", title="Why leave after a year?"
    )
    login(client, cast.harry)
    page = f"/applications/{cast.dana_app.pk}/shared-topics/"
    wording = "What are you looking for in your next team?"
    response = client.post(page, {"concern": concern.pk, f"c{concern.pk}-wording": wording})
    assert response.status_code == 302
    concern.refresh_from_db()
    assert concern.shared_with_candidate
    assert concern.portal_topic.candidate_wording == wording
    home = client.get(portal.url)
    assert home.status_code == 200
    assert wording in home.content.decode()
    assert "Why leave after a year?" not in home.content.decode()


def test_the_internal_title_is_refused_as_wording_and_the_input_kept(client, cast, portal):
    from secondround.concerns.actions import do_raise_concern

    concern = do_raise_concern(cast.ian, cast.dana_app, type="motivation", title="Job hopper?")
    login(client, cast.alice)
    response = client.post(
        f"/applications/{cast.dana_app.pk}/shared-topics/",
        {"concern": concern.pk, f"c{concern.pk}-wording": "job hopper?"},
    )
    assert response.status_code == 422
    assert "internal title stays inside the team" in response.content.decode()
    assert not Concern.objects.get(pk=concern.pk).shared_with_candidate


def test_stop_sharing_hides_the_topic(client, cast, portal):
    login(client, cast.alice).post(
        f"/applications/{cast.dana_app.pk}/shared-topics/",
        {"concern": portal.concern.pk, "stop": "1"},
    )
    client.logout()
    home = client.get(portal.url)
    assert home.status_code == 200 and WORDING not in home.content.decode()
    assert client.get(f"{portal.url}topics/{portal.topic.pk}/").status_code == 404


def test_the_candidate_answers_and_the_panel_reads_it_in_the_kit(client, cast, portal):
    answer = "We moved our Kafka consumers to idempotent writes after an outage."
    form = client.get(f"{portal.url}topics/{portal.topic.pk}/")
    assert form.status_code == 200 and WORDING in form.content.decode()
    response = client.post(f"{portal.url}topics/{portal.topic.pk}/", {"answer": answer})
    assert response.status_code == 302
    assert PortalTopic.objects.get().answer == answer
    kit = login(client, cast.ivy).get(f"/interviews/{portal.r2.pk}/kit/")
    assert kit.status_code == 200
    html = kit.content.decode()
    assert answer in html
    assert html.index("Shaky on streaming internals") < html.index(answer)  # by its concern


def test_an_empty_answer_is_refused_on_its_field(client, cast, portal):
    response = client.post(f"{portal.url}topics/{portal.topic.pk}/", {"answer": "  "})
    assert response.status_code == 422
    assert "Write something here first." in response.content.decode()
