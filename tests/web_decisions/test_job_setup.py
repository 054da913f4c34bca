"""Job setup pages: jobs list, new job, competencies with full rubrics, rounds."""

import pytest
from django.urls import reverse

from secondround.hiring import actions as hiring
from secondround.hiring.models import Competency, Job, Round
from tests.conftest import add_member, login


def anchors(*points):
    return {f"anchor_{p}": f"Behaviour at {p}" for p in points}


def test_create_job_then_land_on_its_setup(client, cast):
    response = login(client, cast.alice).post(
        reverse("job_new"),
        {
            "title": "Platform Engineer",
            "department": "Infra",
            "hiring_manager": str(cast.harry.pk),
            "status": "draft",
            "scale_min": "1",
            "scale_max": "4",
        },
    )
    job = Job.objects.get(title="Platform Engineer")
    assert response.status_code == 302
    assert response["Location"] == reverse("job_setup", args=[job.pk])
    assert job.hiring_manager == cast.harry and job.status == "draft"
    page = client.get(response["Location"]).content.decode()
    assert "Next step: add the competencies" in page


def test_new_job_errors_are_shown_by_field(client, cast):
    login(client, cast.alice)
    response = client.post(
        reverse("job_new"),
        {"title": "Data Engineer", "status": "open", "scale_min": "1", "scale_max": "4"},
    )
    assert response.status_code == 422
    assert 'id="title-error"' in response.content.decode()
    assert "already exists" in response.content.decode()
    response = client.post(
        reverse("job_new"), {"title": "X", "status": "open", "scale_min": "4", "scale_max": "2"}
    )
    assert 'id="scale-max-error"' in response.content.decode()
    assert not Job.objects.filter(title="X").exists()


def test_competency_without_every_anchor_is_refused_then_saved(client, cast):
    login(client, cast.harry)
    url = reverse("competency_new", args=[cast.job.pk])
    data = {"name": "System design", "kind": "skill", "weight": "1.5", **anchors(1, 2)}
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 422
    assert "missing: 3, 4" in html
    assert 'id="anchor-3-error"' in html and 'id="anchor-1-error"' not in html
    assert "Behaviour at 2" in html  # what was typed is kept
    assert not Competency.objects.filter(name="System design").exists()
    response = client.post(url, {**data, **anchors(1, 2, 3, 4)})
    assert response.status_code == 302
    saved = Competency.objects.get(name="System design")
    assert saved.weight == 1.5
    assert [a.text for a in saved.anchors.all()] == [f"Behaviour at {p}" for p in (1, 2, 3, 4)]
    page = client.get(reverse("job_setup", args=[cast.job.pk])).content.decode()
    assert "System design" in page and "Behaviour at 4" in page


def test_edit_competency_keeps_its_anchors_in_the_form(client, cast):
    login(client, cast.alice)
    url = reverse("competency_edit", args=[cast.job.pk, cast.collab.pk])
    page = client.get(url).content.decode()
    assert "Excellent" in page and 'value="values" checked' in page
    response = client.post(
        url, {"name": "Teamwork", "kind": "values", "weight": "x", **anchors(1, 2, 3, 4)}
    )
    assert 'id="weight-error"' in response.content.decode()
    response = client.post(
        url, {"name": "Teamwork", "kind": "values", "weight": "2", **anchors(1, 2, 3, 4)}
    )
    assert response.status_code == 302
    cast.collab.refresh_from_db()
    assert cast.collab.name == "Teamwork" and cast.collab.weight == 2


def test_add_round_with_objectives_focus_and_panel(client, cast):
    login(client, cast.alice)
    url = reverse("round_new", args=[cast.job.pk])
    form = client.get(url).content.decode()
    assert 'value="3"' in form  # the next free number
    assert "Judge fit with how we work" in form and "see how the candidate works" in form
    response = client.post(
        url,
        {
            "number": "3",
            "name": "Final round",
            "objectives": ["finalists", "buy_in"],
            "purpose": "Meet the VP.",
            "focus": [str(cast.collab.pk)],
            "panel": [str(cast.ivy.pk), str(cast.vera.pk)],
            "duration_minutes": "45",
        },
    )
    assert response.status_code == 302
    saved = Round.objects.get(job=cast.job, number=3)
    assert saved.objectives == ["finalists", "buy_in"]
    assert list(saved.focus_competencies.all()) == [cast.collab]
    assert set(saved.panel.all()) == {cast.ivy, cast.vera}
    assert saved.duration_minutes == 45
    page = client.get(reverse("job_setup", args=[cast.job.pk])).content.decode()
    assert "Final round" in page and "compare the finalists on the same ground" in page


def test_round_number_clash_is_shown_on_the_number_field(client, cast):
    response = login(client, cast.alice).post(
        reverse("round_new", args=[cast.job.pk]),
        {"number": "2", "name": "Again", "duration_minutes": "60"},
    )
    assert response.status_code == 422
    assert 'id="number-error"' in response.content.decode()
    assert "already has a round 2" in response.content.decode()


def test_edit_job_status_and_details(client, cast):
    login(client, cast.harry)
    url = reverse("job_setup", args=[cast.job.pk])
    response = client.post(
        url,
        {"title": "Data Engineer II", "status": "on_hold", "hiring_manager": str(cast.harry.pk)},
    )
    assert response.status_code == 302
    cast.job.refresh_from_db()
    assert cast.job.status == "on_hold" and cast.job.title == "Data Engineer II"
    response = client.post(url, {"title": "", "status": "open"})
    assert response.status_code == 422 and 'id="title-error"' in response.content.decode()


def test_jobs_list_counts_candidates_by_stage_and_links(client, cast):
    hiring.do_set_stage(cast.alice, cast.luis_app, "finalist")
    html = login(client, cast.alice).get(reverse("jobs")).content.decode()
    assert "Data Engineer" in html and "Harry" in html
    assert "2 candidates" in html and "Round 1 1" in html and "Finalist 1" in html
    assert reverse("job_setup", args=[cast.job.pk]) in html
    assert f"/jobs/{cast.job.pk}/compare/" in html


@pytest.mark.parametrize("who", ["ivy", "vera"])
def test_interviewers_and_approvers_cannot_set_up_jobs(client, cast, who):
    login(client, getattr(cast, who))
    assert client.get(reverse("jobs")).status_code == 403
    assert client.get(reverse("job_new")).status_code == 403
    assert client.get(reverse("job_setup", args=[cast.job.pk])).status_code in (403, 404)
    response = client.post(
        reverse("competency_new", args=[cast.job.pk]), {"name": "Sneaky", **anchors(1, 2, 3, 4)}
    )
    assert response.status_code in (403, 404)
    assert not Competency.objects.filter(name="Sneaky").exists()


def test_interviewer_on_the_panel_gets_403_not_the_setup(client, cast):
    # ivy sits on the panel, so she may see the job, but not set it up.
    login(client, cast.ivy)
    assert client.get(reverse("job_setup", args=[cast.job.pk])).status_code == 403


def test_another_hiring_managers_job_is_not_editable(client, cast):
    hana = add_member(cast.acme, "hana", "hiring_manager")
    login(client, hana)
    assert client.get(reverse("job_setup", args=[cast.job.pk])).status_code in (403, 404)
    assert "Data Engineer" not in client.get(reverse("jobs")).content.decode()


def test_other_organisation_gets_404(client, cast):
    login(client, cast.oscar)
    for name in ("job_setup", "competency_new", "round_new"):
        assert client.get(reverse(name, args=[cast.job.pk])).status_code == 404
    assert client.get(reverse("round_edit", args=[cast.job.pk, cast.round1.pk])).status_code == 404
    assert "Data Engineer" not in client.get(reverse("jobs")).content.decode()


def test_setup_pages_use_a_bounded_number_of_queries(client, cast, django_assert_max_num_queries):
    for n in range(4):
        job = hiring.do_create_job(cast.alice, title=f"Job {n}", hiring_manager=cast.harry)
        candidate = hiring.do_add_candidate(cast.alice, name=f"C {n}", email=f"c{n}@x.test")
        hiring.do_apply(cast.alice, candidate, job)
        hiring.do_save_competency(
            cast.alice, cast.job, name=f"Extra {n}", anchors={p: "x" for p in range(1, 5)}
        )
    login(client, cast.alice)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("jobs")).status_code == 200
    with django_assert_max_num_queries(11):
        assert client.get(reverse("job_setup", args=[cast.job.pk])).status_code == 200
    round_url = reverse("round_edit", args=[cast.job.pk, cast.round2.pk])
    with django_assert_max_num_queries(10):
        assert client.get(round_url).status_code == 200
