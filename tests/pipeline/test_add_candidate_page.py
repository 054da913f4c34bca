"""The Add candidate page: a PDF, several jobs, errors by field, and the likely duplicate."""

from django.urls import reverse

from secondround.hiring.models import Candidate
from tests.conftest import login
from tests.pipeline.conftest import EXE, PDF, pdf_upload


def form(cast, **extra):
    return {
        "name": "Priya Shah",
        "email": "priya@example.com",
        "timezone": "Europe/Berlin",
        "source": "referral",
        "jobs": [cast.job.pk],
        **extra,
    }


def test_add_with_a_pdf_and_land_on_the_application(client, cast):
    login(client, cast.harry)
    page = client.get(reverse("candidate_new") + f"?job={cast.job.pk}")
    assert page.status_code == 200
    assert (
        f'value="{cast.job.pk}"' in page.content.decode()
        and "Data Engineer" in page.content.decode()
    )
    response = client.post(reverse("candidate_new"), form(cast, cv_file=pdf_upload()))
    person = Candidate.objects.get(email="priya@example.com")
    application = person.applications.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("application", args=[application.pk])
    assert person.timezone == "Europe/Berlin" and person.cv_file
    page = client.get(response["Location"])
    assert page.status_code == 200 and "Download the CV" in page.content.decode()


def test_errors_show_by_their_field_and_keep_what_was_typed(client, cast, settings):
    settings.CV_MAX_BYTES = 100
    login(client, cast.alice)
    response = client.post(
        reverse("candidate_new"), form(cast, cv_file=pdf_upload(content=PDF + b"0" * 200))
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert "the limit is" in html and 'value="Priya Shah"' in html
    response = client.post(reverse("candidate_new"), form(cast, cv_file=pdf_upload("cv.pdf", EXE)))
    assert response.status_code == 422
    assert "This file is not a PDF, whatever its name says." in response.content.decode()
    response = client.post(reverse("candidate_new"), form(cast, email="not-an-email"))
    assert response.status_code == 422 and "valid email" in response.content.decode()
    assert not Candidate.objects.filter(name="Priya Shah").exists()


def test_a_likely_duplicate_is_offered_and_used(client, cast, other_job):
    login(client, cast.alice)
    response = client.post(
        reverse("candidate_new"),
        form(cast, name="Dana K.", email="DANA@example.com", jobs=[other_job.pk]),
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert "This may be someone already on file" in html and "Dana Kim" in html
    # The confirmation carries the chosen jobs along.
    assert f'type="hidden" name="jobs" value="{other_job.pk}"' in html
    assert Candidate.objects.filter(email="dana@example.com").count() == 1
    response = client.post(
        reverse("candidate_new"),
        {"use_existing": cast.dana.pk, "email": "dana@example.com", "jobs": [other_job.pk]},
    )
    assert response.status_code == 302
    assert cast.dana.applications.filter(job=other_job).exists()
    assert Candidate.objects.filter(email="dana@example.com").count() == 1


def test_a_duplicate_the_reader_may_not_see_is_not_named(client, cast, hank):
    from secondround.hiring import actions as hiring

    job = hiring.do_create_job(hank, title="Hank's job")
    login(client, hank)
    response = client.post(
        reverse("candidate_new"), form(cast, email="dana@example.com", jobs=[job.pk])
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert "already on file" in html and "Dana Kim" not in html and "use-existing" not in html
    # Nor can the existing candidate be used by forging the confirmation.
    response = client.post(
        reverse("candidate_new"), {"use_existing": cast.dana.pk, "jobs": [job.pk]}
    )
    assert response.status_code == 404
    assert not cast.dana.applications.filter(job=job).exists()


def test_candidates_are_searched_by_name_and_email_within_reach(client, cast):
    login(client, cast.alice)
    page = client.get(reverse("candidates"), {"q": "luis@example"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "Luis Ortega" in html and "Dana Kim" not in html
    assert reverse("candidate", args=[cast.luis.pk]) in html
    assert "Add candidate" in html
    page = login(client, cast.oscar).get(reverse("candidates"), {"q": "example.com"})
    assert page.status_code == 200 and "Luis Ortega" not in page.content.decode()


def test_the_candidate_page_applies_to_more_jobs_and_hides_notes_from_interviewers(
    client, cast, other_job
):
    cast.dana.notes = "Salary expectations: high"
    cast.dana.save()
    login(client, cast.alice)
    url = reverse("candidate", args=[cast.dana.pk])
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200 and "Salary expectations" in html and "Designer" in html
    response = client.post(url, {"jobs": [other_job.pk]})
    assert response.status_code == 302
    assert cast.dana.applications.filter(job=other_job).exists()
    page = login(client, cast.ivy).get(url)
    html = page.content.decode()
    assert page.status_code == 200 and "Dana Kim" in html
    assert "Salary expectations" not in html and "Apply to these jobs" not in html
