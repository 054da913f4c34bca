"""The organisation's competency library: entries with anchors and a values flag, copied into
a job as the job's own, independent competencies."""

import pytest
from django.urls import reverse

from secondround.audit.models import AuditEvent
from secondround.errors import ActionError
from secondround.hiring.actions import do_create_job, do_save_competency
from secondround.hiring.library_actions import do_copy_from_library, do_save_library_competency
from secondround.hiring.models import Competency
from tests.conftest import ANCHORS, login


@pytest.fixture
def library(cast):
    cast.ownership = do_save_library_competency(
        cast.alice,
        name="Ownership",
        kind="values",
        description="Acts like an owner.",
        anchors={1: "Blames", 2: "Waits", 3: "Owns it", 4: "Owns the outcome"},
    )
    cast.coding = do_save_library_competency(cast.alice, name="Coding", anchors=ANCHORS)
    return cast


def test_saving_an_entry_keeps_its_anchors_and_records_an_event(library):
    entry = library.ownership
    entry.refresh_from_db()
    assert entry.is_values and entry.anchor(3) == "Owns it"
    assert entry.anchor_list == [
        (1, "Blames"),
        (2, "Waits"),
        (3, "Owns it"),
        (4, "Owns the outcome"),
    ]
    event = AuditEvent.objects.get(action="library_competency.saved", target_id=str(entry.pk))
    assert event.data["name"] == "Ownership" and event.data["created"] is True


def test_an_entry_needs_every_anchor_and_a_free_name(library):
    with pytest.raises(ActionError, match="missing: 2, 4"):
        do_save_library_competency(library.alice, name="Grit", anchors={1: "a", 3: "c"})
    with pytest.raises(ActionError, match="already has a competency with that name") as refused:
        do_save_library_competency(library.alice, name="Coding", anchors=ANCHORS)
    assert refused.value.field == "name"


def test_a_job_copies_several_entries_with_their_anchors(library):
    job = do_create_job(library.alice, title="Platform", hiring_manager=library.harry)
    copies = do_copy_from_library(library.harry, job, [library.ownership, library.coding])
    assert [c.name for c in copies] == ["Ownership", "Coding"]
    ownership = Competency.objects.get(job=job, name="Ownership")
    assert ownership.kind == "values" and ownership.description == "Acts like an owner."
    assert {a.point: a.text for a in ownership.anchors.all()}[4] == "Owns the outcome"
    event = AuditEvent.objects.get(action="job.competencies_copied")
    assert event.data["library"] == [library.ownership.pk, library.coding.pk]
    assert event.data["competencies"] == [c.pk for c in copies]


def test_the_copy_is_independent_of_the_library_both_ways(library):
    job = do_create_job(library.alice, title="Platform")
    (copy,) = do_copy_from_library(library.alice, job, [library.ownership])
    do_save_library_competency(
        library.alice,
        name="Ownership",
        kind="values",
        anchors={1: "New 1", 2: "New 2", 3: "New 3", 4: "New 4"},
        entry=library.ownership,
    )
    assert copy.anchors.get(point=1).text == "Blames"
    do_save_competency(
        library.alice, job, name="Ownership here", kind="values", anchors=ANCHORS, competency=copy
    )
    library.ownership.refresh_from_db()
    assert library.ownership.name == "Ownership" and library.ownership.anchor(1) == "New 1"


def test_a_copy_refuses_a_name_the_job_already_has(library):
    with pytest.raises(ActionError, match="This job already has: Coding"):
        do_save_competency(library.alice, library.job, name="coding", anchors=ANCHORS)
        do_copy_from_library(library.alice, library.job, [library.coding])
    assert not Competency.objects.filter(job=library.job, name="Coding").exists()


def test_a_job_on_another_scale_is_told_to_add_it_by_hand(library):
    job = do_create_job(library.alice, title="Five points", scale_min=1, scale_max=5)
    with pytest.raises(ActionError, match="this job rates 1-5"):
        do_copy_from_library(library.alice, job, [library.coding])


def test_the_copy_page_offers_only_what_the_job_lacks_and_copies(client, library):
    do_save_competency(library.alice, library.job, name="Coding", anchors=ANCHORS)
    url = reverse("copy_from_library", args=[library.job.pk])
    page = login(client, library.harry).get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Ownership (values)" in html and "Coding (skill)" not in html
    response = client.post(url, {"entries": [library.ownership.pk]})
    assert response.status_code == 302
    assert response["Location"].endswith(f"/jobs/{library.job.pk}/setup/#competencies")
    setup = client.get(reverse("job_setup", args=[library.job.pk]))
    assert setup.status_code == 200
    assert "Copied into Data Engineer: Ownership." in setup.content.decode()


def test_copying_nothing_is_refused_on_the_page(client, library):
    url = reverse("copy_from_library", args=[library.job.pk])
    response = login(client, library.alice).post(url, {})
    assert response.status_code == 422
    assert "Choose at least one competency from the library." in response.content.decode()


def test_the_library_page_lists_entries_with_kind_and_rubric(client, library):
    response = login(client, library.ivy).get(reverse("competency_library"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ownership" in html and "Values" in html and "Owns the outcome" in html
    assert reverse("library_new") not in html  # an interviewer reads it only


def test_the_library_form_saves_and_shows_a_missing_anchor(client, library):
    login(client, library.alice)
    data = {"name": "Curiosity", "kind": "values", "anchor_1": "a", "anchor_2": "b"}
    refused = client.post(reverse("library_new"), data)
    assert refused.status_code == 422
    assert "missing: 3, 4" in refused.content.decode()
    saved = client.post(reverse("library_new"), {**data, "anchor_3": "c", "anchor_4": "d"})
    assert saved.status_code == 302
    page = client.get(reverse("competency_library"))
    assert page.status_code == 200 and "Saved Curiosity in the library." in page.content.decode()
