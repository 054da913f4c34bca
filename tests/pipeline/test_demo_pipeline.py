"""The demo organisation shows on the new pages: stage history, a rejection with its reason."""

import pytest
from django.urls import reverse

from secondround.accounts.models import Member
from secondround.demo.seed import seed_demo
from secondround.hiring.models import Application, Job, StageChange

pytestmark = pytest.mark.django_db


def test_demo_pipeline_history_and_a_rejection_with_its_reason(client):
    seed_demo(verbosity=0)
    hannah = Member.objects.get(user__email="hm@demo.test")
    yusuf = Application.objects.get(candidate__name="Yusuf Demir")
    closing = yusuf.stage_changes.last()
    assert (closing.to_stage, closing.reason, closing.moved_by) == ("rejected", "stronger", hannah)
    assert StageChange.objects.filter(reason="").exclude(to_stage="rejected").count() > 50
    client.force_login(hannah.user)
    page = client.get(reverse("application", args=[yusuf.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Another candidate was stronger" in html and "has grown managers before" in html
    assert "History" in html and "Round 2" in html
    data = Job.objects.get(title="Senior Data Engineer")
    page = client.get(reverse("pipeline", args=[data.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Finalist (3)" in html and "Not hired (5)" in html and "Dana Kim" in html
    platform = Job.objects.get(title="Platform Engineer")
    page = client.get(reverse("pipeline", args=[platform.pk]))
    assert page.status_code == 200 and "Advance to Round 2" in page.content.decode()
