"""The competency (with its rubric) and round forms: errors next to their field, input kept."""

from django.urls import reverse

from secondround.hiring.models import Competency, Round
from tests.conftest import login


def test_competency_errors_sit_by_their_field_and_keep_the_rubric(client, cast):
    url = reverse("competency_new", args=[cast.job.pk])
    data = {"name": "Problem solving", "kind": "values", "weight": "1.5", "description": "Why",
            **{f"anchor_{p}": f"Typed {p}" for p in (1, 2, 3, 4)}}  # fmt: skip
    response = login(client, cast.alice).post(url, data)
    html = response.content.decode()
    assert response.status_code == 422
    assert 'id="name-error">This job already has a competency with that name.' in html
    assert 'value="values" checked' in html and 'value="1.5"' in html
    assert all(f"Typed {p}</textarea>" in html for p in (1, 2, 3, 4))
    response = client.post(url, {**data, "name": "Grit", "weight": "-1"})
    assert response.status_code == 422
    assert 'id="weight-error">The weight must be above zero.' in response.content.decode()
    assert not Competency.objects.filter(name="Grit").exists()


def test_round_errors_sit_by_their_field_and_keep_the_choices(client, cast):
    url = reverse("round_new", args=[cast.job.pk])
    data = {"number": "3", "name": "Final", "objectives": ["culture"], "purpose": "Meet the VP",
            "focus": [str(cast.collab.pk)], "panel": [str(cast.vera.pk)],
            "duration_minutes": "900"}  # fmt: skip
    response = login(client, cast.alice).post(url, data)
    html = response.content.decode()
    assert response.status_code == 422
    assert 'id="duration-error">A round lasts between 5 and 600 minutes.' in html
    assert 'value="culture" checked' in html and "Meet the VP</textarea>" in html
    assert f'value="{cast.collab.pk}" checked' in html
    assert f'value="{cast.problem.pk}" checked' not in html
    assert f'value="{cast.vera.pk}" checked' in html and 'value="Final"' in html
    assert not Round.objects.filter(name="Final").exists()


def test_a_focus_competency_of_another_job_is_refused_on_the_focus_field(client, cast):
    from secondround.hiring import actions as hiring
    from tests.conftest import ANCHORS

    other = hiring.do_create_job(cast.alice, title="Designer")
    taste = hiring.do_save_competency(cast.alice, other, name="Taste", anchors=ANCHORS)
    response = login(client, cast.alice).post(
        reverse("round_new", args=[cast.job.pk]),
        {"number": "3", "name": "Final", "focus": [str(taste.pk)], "duration_minutes": "60"},
    )
    assert response.status_code == 422
    assert 'id="focus-error">Focus competencies must belong to this job.' in (
        response.content.decode()
    )
    assert not Round.objects.filter(name="Final").exists()
