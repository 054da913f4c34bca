"""Each role's home page shows what needs them next, and only what they may see."""

import pytest
from django.urls import reverse

from secondround.accounts.actions import do_set_roles
from tests.conftest import add_member
from tests.web_home.conftest import section

ROLE_HEADINGS = ["manager-heading", "approvals-heading", "settled-heading", "recruiter-heading"]

# (member, {section id: texts it must show}, section ids it must not have)
CASES = [
    (
        "harry",
        {
            "manager-heading": [
                "2 finalists ready to compare",
                "Ownership of incidents",
                "Sam Park",
                "came back",
                "Tom Berg",
                "waiting for a round 2 interview",
            ]
        },
        ["approvals-heading", "recruiter-heading", "due-heading"],
    ),
    (
        "vera",
        {"approvals-heading": ["Mei Chen"], "settled-heading": ["You have not given a verdict"]},
        ["manager-heading", "recruiter-heading", "due-heading"],
    ),
    (
        "victor",
        {
            "approvals-heading": ["No decision is waiting for you."],
            "settled-heading": ["Sam Park", "Rejected"],
        },
        ["manager-heading", "recruiter-heading"],
    ),
    (
        "alice",
        {
            "recruiter-heading": [
                "Ian",
                "owes 2 scorecards",
                "Dana Kim",
                "Luis Ortega",
                "Tom Berg",
                "1 concern with no owner",
                "Interviewer calibration",
                "Scorecards changed since the last run.",
            ],
            "reassign-heading": ["Notice period unclear"],
        },
        ["manager-heading", "approvals-heading", "due-heading"],
    ),
    (
        "adam",
        {"recruiter-heading": ["owes 2 scorecards", "Tom Berg", "1 concern with no owner"]},
        ["manager-heading", "approvals-heading", "due-heading"],
    ),
    (
        "rita",
        {"recruiter-heading": ["owes 2 scorecards", "Tom Berg", "Interviewer calibration"]},
        ["manager-heading", "approvals-heading", "due-heading"],
    ),
    (
        "ivy",
        {"due-heading": ["You are all caught up"], "today-heading": ["No interviews today."]},
        ["manager-heading", "approvals-heading", "recruiter-heading"],
    ),
    (
        "ian",
        {"due-heading": ["Dana Kim", "Luis Ortega", "Overdue"]},
        ["manager-heading", "approvals-heading", "recruiter-heading"],
    ),
]


@pytest.mark.parametrize("name, shown, absent", CASES, ids=[c[0] for c in CASES])
def test_each_role_sees_what_needs_them(busy, as_member, name, shown, absent):
    response = as_member(getattr(busy, name)).get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    for heading, texts in shown.items():
        part = section(html, heading)
        assert part, f"{name} should see {heading}"
        for text in texts:
            assert text in part, f"{name}: {text!r} missing from {heading}"
    for heading in absent:
        assert not section(html, heading), f"{name} should not see {heading}"


def test_the_recruiter_list_is_not_the_interviewers_own(busy, as_member):
    """Ivy submitted both of hers: she is not listed as owing anything; Ian is."""
    html = as_member(busy.alice).get(reverse("home")).content.decode()
    part = section(html, "recruiter-heading")
    assert "Ian" in part and "Ivy" not in part


def test_home_shows_no_ratings_to_anyone(busy, as_member):
    """Counts only: no score, rating or recommendation reaches the home page."""
    for name in ["harry", "vera", "alice", "ian"]:
        response = as_member(getattr(busy, name)).get(reverse("home"))
        assert response.status_code == 200
        html = response.content.decode()
        assert "saw Problem solving" not in html  # the evidence text of Ivy's ratings
        assert "calibrated" not in html.lower()


def test_another_organisation_sees_none_of_it(busy, as_member):
    response = as_member(busy.oscar).get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    for text in ["Tom Berg", "Mei Chen", "Ian", "Notice period"]:
        assert text not in html
    assert "Hiring is moving" in section(html, "recruiter-heading")


def test_an_idle_hiring_manager_and_recruiter_get_a_friendly_line(cast, as_member):
    """No finalists, concerns or unscheduled candidates: each section says so."""
    hiring_manager = add_member(cast.acme, "hugo", "hiring_manager")
    html = as_member(hiring_manager).get(reverse("home")).content.decode()
    assert "Nothing on your jobs needs you right now" in section(html, "manager-heading")
    recruiter = add_member(cast.globex, "rita", "recruiter")
    response = as_member(recruiter).get(reverse("home"))
    assert response.status_code == 200
    assert "Hiring is moving" in section(response.content.decode(), "recruiter-heading")


def test_several_roles_show_every_section_in_order_of_urgency(busy, as_member):
    do_set_roles(busy.alice, busy.harry, {"hiring_manager", "approver", "recruiter", "interviewer"})
    response = as_member(busy.harry).get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    order = ["manager-heading", "approvals-heading", "recruiter-heading", "due-heading"]
    positions = [html.index(f'id="{heading}"') for heading in order]
    assert positions == sorted(positions)


def test_a_hiring_manager_who_recruits_sees_each_waiting_candidate_once(busy, as_member):
    do_set_roles(busy.alice, busy.harry, {"hiring_manager", "recruiter"})
    response = as_member(busy.harry).get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tom Berg" in section(html, "recruiter-heading")
    assert "Tom Berg" not in section(html, "manager-heading")
    assert html.count("waiting for a round 2 interview") == 1
