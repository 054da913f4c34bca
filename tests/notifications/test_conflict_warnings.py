"""Scheduling warns about a panel member's overlapping interview (naming it only to a reader
who may see it) and about slots outside their working hours, which they set themselves."""

from datetime import timedelta

from django.urls import reverse

from secondround.hiring import actions as hiring
from secondround.scheduling.warnings import scheduling_warnings
from tests.conftest import ANCHORS, add_member, login
from tests.notifications.conftest import next_monday_at

HOUR = timedelta(hours=1)


def test_an_overlap_names_the_other_interview_to_a_reader_who_may_see_it(cast, dana_r2):
    start = dana_r2.starts_at + timedelta(minutes=30)
    warnings = scheduling_warnings(cast.alice, [cast.ivy, cast.nora], start, start + HOUR)
    assert warnings == ["Ivy already has an interview then: Dana Kim, Round 2 (10:00–11:00)."]
    assert (
        scheduling_warnings(cast.alice, [cast.ivy], dana_r2.ends_at, dana_r2.ends_at + HOUR) == []
    )
    # moving the interview itself is no clash with itself
    assert (
        scheduling_warnings(cast.alice, [cast.ivy], start, start + HOUR, exclude=dana_r2.pk) == []
    )


def test_an_overlap_the_reader_may_not_see_stays_anonymous(cast, dana_r2):
    """Hank manages another job: Ivy's interview with Dana is none of his business."""
    hank = add_member(cast.acme, "hank", "hiring_manager")
    job2 = hiring.do_create_job(cast.alice, title="Designer", hiring_manager=hank)
    craft = hiring.do_save_competency(cast.alice, job2, name="Craft", anchors=ANCHORS)
    hiring.do_save_round(cast.alice, job2, number=1, name="R1", objectives=[], focus=[craft])
    warnings = scheduling_warnings(hank, [cast.ivy], dana_r2.starts_at, dana_r2.ends_at)
    assert warnings == ["Ivy already has another interview then."]
    assert "Dana" not in " ".join(warnings)


def test_a_slot_outside_default_working_hours_is_flagged(cast):
    monday = next_monday_at(8)  # 08:00 UTC; Ivy's zone is UTC, her day starts at 09:00
    early = scheduling_warnings(cast.alice, [cast.ivy], monday, monday + HOUR)
    assert early == ["This is outside Ivy's working hours (Mon–Fri 09:00–17:00 UTC)."]
    assert scheduling_warnings(cast.alice, [cast.ivy], monday + HOUR, monday + 2 * HOUR) == []
    saturday = monday - timedelta(days=2) + 2 * HOUR
    assert scheduling_warnings(cast.alice, [cast.ivy], saturday, saturday + HOUR) != []


def test_working_hours_are_read_in_the_members_time_zone(cast):
    cast.ivy.timezone = "America/New_York"  # 15:00 UTC is 10:00 there (in winter)
    cast.ivy.save()
    monday = next_monday_at(13)
    assert scheduling_warnings(cast.alice, [cast.ivy], monday, monday + HOUR) != []
    monday = next_monday_at(15)
    assert scheduling_warnings(cast.alice, [cast.ivy], monday, monday + HOUR) == []


def test_a_member_sets_their_hours_on_the_settings_page(client, cast):
    login(client, cast.ivy)
    data = {"start": "07:00", "end": "15:00", "days": ["0", "1", "2", "3"]}
    response = client.post(reverse("save_working_hours"), data)
    assert response.status_code == 302
    page = client.get(reverse("my_settings"))
    assert page.status_code == 200 and b'value="07:00"' in page.content

    monday = next_monday_at(7)
    assert scheduling_warnings(cast.alice, [cast.ivy], monday, monday + HOUR) == []
    friday = monday + timedelta(days=4, hours=2)
    assert scheduling_warnings(cast.alice, [cast.ivy], friday, friday + HOUR) == [
        "This is outside Ivy's working hours (Mon–Thu 07:00–15:00 UTC)."
    ]


def test_an_end_before_the_start_is_refused_next_to_the_field(client, cast):
    login(client, cast.ivy)
    response = client.post(
        reverse("save_working_hours"), {"start": "17:00", "end": "09:00", "days": ["0"]}
    )
    assert response.status_code == 422
    assert b"The end of your day must come after its start." in response.content
    assert b'value="17:00"' in response.content  # values kept
