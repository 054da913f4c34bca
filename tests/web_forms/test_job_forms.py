"""The new-job and job-details forms: each error sits next to its field, what was typed is
kept, and only admins and recruiters are offered the hiring manager."""

import pytest
from django.urls import reverse

from secondround.hiring.models import Job
from tests.conftest import login


def new_job(**extra):
    return {"title": "Platform Engineer", "department": "Infra", "description": "Runs the fleet",
            "status": "draft", "scale_min": "1", "scale_max": "4", **extra}  # fmt: skip


@pytest.mark.parametrize(
    "data, field_id, message",
    [
        (new_job(title="Data Engineer"), "title-error", "A job with this title already exists."),
        (new_job(title=" "), "title-error", "Give the job a title."),
        (new_job(scale_max="x"), "scale-max-error", "Give the scale&#x27;s top."),
        (new_job(scale_min="3", scale_max="2"), "scale-max-error", "must be above its bottom"),
        (new_job(status="sold"), "status-error", "Choose a status from the list."),
        (new_job(hiring_manager="999"), "hm-error", "Choose a hiring manager from the list."),
    ],
)
def test_new_job_errors_sit_next_to_their_field_and_keep_the_input(client, cast, data, field_id,
                                                                   message):  # fmt: skip
    response = login(client, cast.alice).post(reverse("job_new"), data)
    html = response.content.decode()
    assert response.status_code == 422
    error = html.index(f'id="{field_id}"')
    assert message in html[error : error + 200]
    assert 'value="Infra"' in html and "Runs the fleet</textarea>" in html
    assert Job.objects.count() == 1


def test_job_details_error_keeps_what_was_typed(client, cast):
    response = login(client, cast.alice).post(
        reverse("job_setup", args=[cast.job.pk]),
        {"title": "", "department": "Data platform", "status": "open",
         "hiring_manager": str(cast.harry.pk)},
    )  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 422
    assert 'id="title-error">Give the job a title.' in html
    assert 'value="Data platform"' in html
    assert f'<option value="{cast.harry.pk}" selected>' in html
    cast.job.refresh_from_db()
    assert cast.job.title == "Data Engineer" and cast.job.department == ""


def test_only_admins_and_recruiters_are_offered_the_hiring_manager(client, cast):
    url = reverse("job_setup", args=[cast.job.pk])
    assert 'name="hiring_manager"' in login(client, cast.alice).get(url).content.decode()
    page = login(client, cast.harry).get(url)
    assert page.status_code == 200 and 'name="hiring_manager"' not in page.content.decode()
    assert "Admins and recruiters change it." in page.content.decode()
    # A posted hiring manager from someone not offered the field is ignored.
    saved = client.post(
        url, {"title": "Data Engineer", "status": "open", "hiring_manager": str(cast.alice.pk)}
    )
    assert saved.status_code == 302
    cast.job.refresh_from_db()
    assert cast.job.hiring_manager == cast.harry


def test_a_hiring_manager_manages_the_job_they_create(client, cast):
    login(client, cast.harry)
    form = client.get(reverse("job_new"))
    assert form.status_code == 200 and 'name="hiring_manager"' not in form.content.decode()
    response = client.post(reverse("job_new"), new_job(hiring_manager=str(cast.alice.pk)))
    assert response.status_code == 302
    assert Job.objects.get(title="Platform Engineer").hiring_manager == cast.harry
