"""Daily use in a real browser (issue 14): the candidate list's filters, sorting and stage
summary; an internal note added on the application page; the question bank's search with
labelled topics; a job copying competencies from the library.

Demo facts relied on (secondround/demo/seed.py): Senior Data Engineer has three finalists
(Dana Kim, Luis Ortega, Mei Chen); Priya Shah is in Platform Engineer's round 1; the library
holds Coding and Ownership (values); the bank has employment-gap questions."""

import pytest
from playwright.sync_api import expect

from secondround.accounts.models import Member
from secondround.hiring.actions import do_create_job
from secondround.hiring.models import Application, Competency, Job
from tests.browser.conftest import PHONE, goto, scroll_width, shot

pytestmark = pytest.mark.browser


def test_filter_the_candidate_list_then_add_an_internal_note(browsing, demo):
    job = Job.objects.get(title="Senior Data Engineer")
    dana = Application.objects.get(job=job, candidate__name="Dana Kim")
    page = browsing.login("admin@demo.test")
    goto(page, "/candidates/")
    expect(page.get_by_role("navigation", name="Applications by stage")).to_contain_text(
        "Finalist (3)"
    )
    page.get_by_label("Job", exact=True).select_option(label="Senior Data Engineer")
    page.get_by_label("Stage", exact=True).select_option(label="Finalist")
    page.get_by_label("Sort by").select_option(label="Stage, furthest first")
    with page.expect_navigation():
        page.get_by_role("button", name="Show").click()
    expect(page.locator("h1")).to_have_text("Candidates for Senior Data Engineer")
    table = page.locator("table.candidate-table")
    expect(table.locator("tbody tr")).to_have_count(3)
    expect(table).not_to_contain_text("Priya Shah")
    # The filters stay shown with their values.
    expect(page.get_by_label("Stage", exact=True)).to_have_value("finalist")
    shot(page, "candidates-filtered")

    with page.expect_navigation():
        table.get_by_role("link", name="Dana Kim", exact=True).click()
    assert page.url.endswith(f"/applications/{dana.pk}/")
    page.get_by_role("textbox", name="Internal note").fill("Asked for a start date in March.")
    with page.expect_navigation():
        page.get_by_role("button", name="Add note").click()
    notes = page.locator("section[aria-labelledby=internal-notes]")
    expect(notes.locator(".internal-note")).to_contain_text("Asked for a start date in March.")
    expect(notes.locator(".internal-note").last).to_contain_text("Alex Admin")
    shot(page, "internal-note")


def test_the_candidate_list_fits_a_phone(browsing, demo):
    page = browsing.login("hm@demo.test", viewport=PHONE)
    goto(page, "/candidates/")
    expect(page.get_by_label("Stage", exact=True)).to_be_visible()
    assert scroll_width(page) <= PHONE["width"]
    shot(page, "candidates-phone")


def test_search_the_question_bank_by_words_and_topic(browsing, demo):
    page = browsing.login("hm@demo.test")
    goto(page, "/questions/")
    expect(page.locator("main")).not_to_contain_text("employment_gap")
    page.get_by_label("Topic", exact=True).last.select_option(label="Employment gap")
    with page.expect_navigation():
        page.get_by_role("button", name="Search").click()
    topics = page.locator("section.question-topic h2")
    expect(topics).to_have_count(1)
    expect(topics).to_have_text("Employment gap (2)")
    page.get_by_label("Words in the question").fill("skills current")
    with page.expect_navigation():
        page.get_by_role("button", name="Search").click()
    expect(page.locator("li.questions, ul.questions li")).to_have_count(1)
    shot(page, "question-search")


def test_copy_competencies_from_the_library_into_a_new_job(browsing, demo):
    admin = Member.objects.get(user__email="admin@demo.test")
    job = do_create_job(admin, title="Robotics Engineer")
    page = browsing.login("admin@demo.test")
    goto(page, f"/jobs/{job.pk}/setup/")
    with page.expect_navigation():
        page.get_by_role("link", name="Copy from the library").click()
    page.get_by_label("Coding (skill)").check()
    page.get_by_label("Ownership (values)").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Copy into Robotics Engineer").click()
    expect(page.locator(".messages")).to_contain_text("Copied into Robotics Engineer")
    expect(page.locator(".setup-competency")).to_have_count(2)
    assert set(Competency.objects.filter(job=job).values_list("name", flat=True)) == {
        "Coding",
        "Ownership",
    }
    shot(page, "library-copied")
