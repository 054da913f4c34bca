"""Helpers for the interviewer pages' tests."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone

from secondround.hiring import actions as hiring


@pytest.fixture
def as_member():
    """A logged-in test client for a member."""

    def login(member):
        client = Client()
        client.force_login(member.user)
        return client

    return login


def daytime_zone() -> str:
    """A zone where it is now daytime, so that 'in 30 minutes' is still today there."""
    now = timezone.now()
    for name in [
        "Europe/Berlin",
        "America/New_York",
        "Asia/Tokyo",
        "America/Los_Angeles",
        "Pacific/Auckland",
        "Asia/Kolkata",
        "UTC",
    ]:
        if 4 <= now.astimezone(ZoneInfo(name)).hour <= 20:
            return name
    return "UTC"


@pytest.fixture
def today_interview(cast):
    """Ivy and Ian meet Dana for round 2 in half an hour (daytime in Ivy's zone)."""
    cast.ivy.timezone = daytime_zone()
    cast.ivy.save(update_fields=["timezone"])
    start = timezone.now() + timedelta(minutes=30)
    return hiring.do_schedule_interview(
        cast.alice,
        cast.dana_app,
        cast.round2,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        interviewers=[cast.ivy, cast.ian],
        location="Room 3",
        video_link="https://meet.example.com/abc",
    )
