"""A hiring manager who creates a job manages it; only admins and recruiters change who."""

import pytest
from django.urls import reverse

from secondround.errors import NotAllowed
from secondround.hiring import actions as hiring
from secondround.hiring.models import Job
from tests.conftest import login


def test_a_hiring_manager_who_creates_a_job_manages_it(cast, hank):
    job = hiring.do_create_job(hank, title="Robot Whisperer")
    assert job.hiring_manager == hank
    other = hiring.do_create_job(hank, title="Second", hiring_manager=cast.harry)
    assert other.hiring_manager == hank
    assert hiring.do_create_job(cast.alice, title="Third").hiring_manager is None


def test_only_admins_and_recruiters_change_the_hiring_manager(cast, hank):
    with pytest.raises(NotAllowed):
        hiring.do_update_job(cast.harry, cast.job, hiring_manager=hank)
    with pytest.raises(NotAllowed):
        hiring.do_update_job(cast.harry, cast.job, hiring_manager=None)
    hiring.do_update_job(cast.harry, cast.job, hiring_manager=cast.harry, title="Data Eng")
    hiring.do_update_job(cast.alice, cast.job, hiring_manager=hank)
    cast.job.refresh_from_db()
    assert cast.job.hiring_manager == hank


def test_the_setup_page_offers_the_choice_only_to_admins_and_recruiters(client, cast, hank):
    url = reverse("job_setup", args=[cast.job.pk])
    page = login(client, cast.harry).get(url)
    assert page.status_code == 200
    assert 'name="hiring_manager"' not in page.content.decode()
    # A forged field from a hiring manager changes nothing.
    data = {"title": "Data Engineer", "status": "open", "hiring_manager": str(hank.pk)}
    assert client.post(url, data).status_code == 302
    assert Job.objects.get(pk=cast.job.pk).hiring_manager == cast.harry
    page = login(client, cast.alice).get(url)
    assert page.status_code == 200 and 'name="hiring_manager"' in page.content.decode()
