"""The whole loop in a real browser, from an empty database to an approved hire (issue 8's
"Done when"): nothing is seeded, every step after `create_organisation` is a person clicking
through the web pages, and no page of /admin/ is ever requested.

The cast: Ada (admin, from the command), Hana (hiring manager), Ivo, Jun and Kai
(interviewers), Vera (approver). Round 1's panel is Ivo and Jun, round 2's is Kai. Ivo raises
a concern on Zoe in round 1, handed to Kai, who closes it with evidence in round 2.
"""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import goto, shot

pytestmark = pytest.mark.browser

PASSPHRASE = "a long and quiet passphrase"
JOB = "Platform Engineer"
COMPETENCIES = ["Incident handling", "System design"]
CANDIDATES = ["Zoe Adler", "Yann Berg", "Xia Chen"]
FINALISTS = CANDIDATES[:2]
CONCERN = "Depth in on-call practice"
TEAM = [
    # (name, e-mail, role's label on the Team page)
    ("Hana Manager", "hana@acme.test", "Hiring manager"),
    ("Ivo Interviewer", "ivo@acme.test", "Interviewer"),
    ("Jun Interviewer", "jun@acme.test", "Interviewer"),
    ("Kai Interviewer", "kai@acme.test", "Interviewer"),
    ("Vera Approver", "vera@acme.test", "Approver"),
]


class Visits:
    """Every URL any page asked for, to show that no step touched /admin/, and every answer
    that refused or missed (4xx), so that a click landing on a 403 or 404 cannot pass."""

    def __init__(self, browsing):
        self.browsing = browsing
        self.urls: list[str] = []
        self.refused: list[str] = []

    def new_page(self):
        page = self.browsing.new_page()
        page.on("request", lambda request: self.urls.append(request.url))
        page.on("response", self.check)
        return page

    def check(self, response):
        # Chromium asks for /favicon.ico on its own; the app has none.
        if 400 <= response.status < 500 and not response.url.endswith("/favicon.ico"):
            self.refused.append(f"{response.status} from {response.url}")


def link_in_mail_to(email: str) -> str:
    """The invitation link of the one invitation e-mail sent to `email` (other e-mails, such
    as interview notices, may sit in the outbox too)."""
    invitations = [
        m for m in mail.outbox if email in m.to and re.search(r"/invitations/\S+/", m.body)
    ]
    assert len(invitations) == 1, f"{len(invitations)} invitation e-mails to {email}"
    return re.search(r"http\S+/invitations/\S+/", invitations[0].body).group(0)


def set_password(page, link: str, first_name: str):
    """Open a one-time link, choose a password, and land signed in on the home page."""
    goto(page, link)
    page.get_by_label(re.compile(r"^New password:?$")).fill(PASSPHRASE)
    page.get_by_label("New password again").fill(PASSPHRASE)
    with page.expect_navigation():
        page.get_by_role("button", name="Set password and sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(first_name)
    assert "/accounts/login/" not in page.url


def invite(page, name: str, email: str, role: str):
    goto(page, "/team/")
    form = page.locator("#invite-form")
    form.get_by_label("Name").fill(name)
    form.get_by_label("E-mail").fill(email)
    form.get_by_label(role, exact=True).check()
    form.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_role("status")).to_contain_text(f"Invitation sent to {email}")


def id_in_url(page, pattern: str) -> int:
    return int(re.search(pattern, page.url).group(1))


def create_job(page) -> int:
    page.get_by_role("link", name="Jobs", exact=True).click()
    page.get_by_role("link", name="New job").click()
    page.get_by_label("Title").fill(JOB)
    page.get_by_label("Department").fill("Infrastructure")
    page.get_by_label("What the job is").fill("Keeps the fleet running.")
    with page.expect_navigation():
        page.get_by_role("button", name="Create job").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Set up {JOB}")
    job_pk = id_in_url(page, r"/jobs/(\d+)/setup/")
    for name in COMPETENCIES:
        page.get_by_role("link", name="Add a competency").click()
        page.get_by_label("Name").fill(name)
        for point in (1, 2, 3, 4):
            page.locator(f"#anchor_{point}").fill(f"{name}: what a {point} looks like")
        with page.expect_navigation():
            page.get_by_role("button", name="Save competency").click()
        expect(page.locator(".setup-competency", has_text=name)).to_contain_text("4 anchors")
    for number, panel in ((1, ["Ivo Interviewer", "Jun Interviewer"]), (2, ["Kai Interviewer"])):
        page.get_by_role("link", name="Add a round").click()
        expect(page.locator("#number")).to_have_value(str(number))
        page.locator("input[name=objectives]").first.check()
        for person in panel:
            page.locator("label.choice", has_text=person).locator("input").check()
        with page.expect_navigation():
            page.locator("#save-round").click()
        card = page.locator(".card.round", has_text=f"{number}. Round {number}")
        expect(card).to_contain_text("Panel: " + ", ".join(panel))
    return job_pk


def add_candidate(page, name: str) -> int:
    goto(page, "/candidates/new/")
    page.get_by_label("Name").fill(name)
    page.get_by_label("E-mail").fill(name.split()[0].lower() + "@example.com")
    page.get_by_label("Or paste the CV as text").fill(f"{name}: ten years of running systems.")
    page.get_by_label(JOB).check()
    with page.expect_navigation():
        page.locator("#add-candidate").click()
    expect(page.locator("#stage")).to_have_text("Applied")
    return id_in_url(page, r"/applications/(\d+)/")


def schedule_in_the_past(page, round_name: str, candidate: str, days_ago: int):
    """On the schedule page: an interview that already took place, with its panel."""
    expect(page.locator("h1")).to_have_text(f"Schedule {round_name} with {candidate}")
    day = (timezone.now() - timedelta(days=days_ago)).date().isoformat()
    page.get_by_label("Date", exact=True).fill(day)
    page.get_by_label("Starts", exact=True).fill("10:00")
    page.get_by_label("Ends", exact=True).fill("11:00")
    page.get_by_label("Place", exact=True).fill("Room 3")
    page.get_by_label("This interview already took place: record it as held").check()
    with page.expect_navigation():
        page.locator("#save-interview").click()
    expect(page.locator(".messages")).to_contain_text(f"{round_name} with {candidate} scheduled")


def fill_scorecard(page, candidate: str, round_name: str, rating: str):
    goto(page, "/")
    page.get_by_role("link", name=f"Write scorecard for {candidate}, {round_name}").click()
    page.wait_for_url(re.compile(r"/interviews/\d+/scorecard/$"))
    fieldsets = page.locator("fieldset[id^=competency-]")
    expect(fieldsets).to_have_count(len(COMPETENCIES))
    for i in range(len(COMPETENCIES)):
        fieldset = fieldsets.nth(i)
        fieldset.locator(f"label:has(input[value='{rating}'])").click()
        fieldset.locator("textarea[id^=evidence_]").fill(
            f"{candidate}, {round_name}: walked through a real outage, step by step."
        )
    expect(page.locator("#draft-status")).to_contain_text("Saved")


def submit_scorecard(page, recommendation: str):
    page.locator(f"input[name=recommendation][value={recommendation}]").check(force=True)
    expect(page.locator("#missing-list")).to_contain_text("Everything needed is filled in")
    page.locator("#submit-scorecard").click()
    expect(page.locator("#submitted-heading")).to_contain_text("Submitted")


def test_from_an_empty_database_to_an_approved_hire(browsing, live_server, settings):
    from secondround.accounts.models import Member, Organisation

    assert not Organisation.objects.exists() and not Member.objects.exists()
    settings.SECONDROUND_BASE_URL = live_server.url
    visits = Visits(browsing)

    # First install: the command prints a one-time link for the first admin.
    out = StringIO()
    call_command("create_organisation", "Acme", "--admin", "ada@acme.test", stdout=out)
    admin_link = out.getvalue().strip()
    assert admin_link.startswith(f"{live_server.url}/invitations/"), admin_link
    ada = visits.new_page()
    set_password(ada, admin_link, "ada@acme.test")

    # The admin invites the team, and each accepts in their own browser.
    for name, email, role in TEAM:
        invite(ada, name, email, role)
    goto(ada, "/team/")
    for name, _, _ in TEAM:
        expect(ada.locator(".invitations")).to_contain_text(name)
    people = {}
    for name, email, _ in TEAM:
        first = name.split()[0]
        people[first] = visits.new_page()
        set_password(people[first], link_in_mail_to(email), first)
    goto(ada, "/team/")
    for name, _, _ in TEAM:
        expect(ada.locator("table.team")).to_contain_text(name)
    hana, ivo, jun, kai, vera = (people[p] for p in ("Hana", "Ivo", "Jun", "Kai", "Vera"))

    # The hiring manager sets up the job, adds three candidates, and schedules round 1.
    job_pk = create_job(hana)
    applications = {}
    for name in CANDIDATES:
        applications[name] = add_candidate(hana, name)
        with hana.expect_navigation():
            hana.locator("#advance").click()
        schedule_in_the_past(hana, "Round 1", name, days_ago=3)
    goto(hana, f"/jobs/{job_pk}/pipeline/")
    for name in CANDIDATES:
        expect(hana.locator(".pipeline-row", has_text=name)).to_be_visible()

    # Round 1's panel scores everyone; Ivo raises a concern on Zoe, handed to Kai.
    for page, rating in ((ivo, "3"), (jun, "4")):
        for name in CANDIDATES:
            fill_scorecard(page, name, "Round 1", rating)
            if page is ivo and name == "Zoe Adler":
                raise_concern(page)
            submit_scorecard(page, "yes")

    # Two candidates advance to round 2 from the pipeline, and round 2 is recorded.
    for name in FINALISTS:
        goto(hana, f"/jobs/{job_pk}/pipeline/")
        row = hana.locator(".pipeline-row", has_text=name)
        with hana.expect_navigation():
            row.get_by_role("button", name="Advance to Round 2").click()
        expect(hana.locator(".messages")).to_contain_text(f"{name} moved to Round 2")
        schedule_in_the_past(hana, "Round 2", name, days_ago=1)

    # Kai's kit for Zoe carries the concern from round 1; Kai closes it with evidence.
    goto(kai, "/")
    kai.get_by_role("link", name="Open kit for Zoe Adler, Round 2").click()
    kai.wait_for_url(re.compile(r"/interviews/\d+/kit/$"))
    concerns = kai.locator("section[aria-labelledby=concerns-heading]")
    expect(concerns.locator("article.concern", has_text=CONCERN)).to_be_visible()
    shot(kai, "whole-loop-round-2-kit")
    fill_scorecard(kai, "Zoe Adler", "Round 2", "4")
    card = kai.locator("[id^=concern-]", has_text=CONCERN).first
    card.locator("summary", has_text="Resolve").click()
    card.locator("input[name=status][value=resolved]").check()
    card.locator("textarea[name=evidence]").fill(
        "She ran the on-call rota for two years and walked through a real page."
    )
    card.get_by_role("button", name="Close this concern").click()
    expect(kai.locator("[id^=concern-] .badge.ok").first).to_have_text("Resolved")
    submit_scorecard(kai, "strong_yes")
    fill_scorecard(kai, "Yann Berg", "Round 2", "2")
    submit_scorecard(kai, "no")

    # Both finalists show on the comparison.
    goto(hana, "/jobs/")
    hana.get_by_role("link", name=f"Compare finalists for {JOB}").click()
    hana.wait_for_url(f"**/jobs/{job_pk}/compare/")
    expect(hana.locator("h1")).to_contain_text("2 finalists")
    finalists = hana.locator("ul.pbest li")
    expect(finalists).to_have_count(2)
    for name in FINALISTS:  # the comparison names finalists by their full name
        expect(finalists.get_by_role("link", name=name, exact=True)).to_be_visible()
    shot(hana, "whole-loop-compare")

    # The hiring manager proposes to hire Zoe, with Vera in the approval chain.
    zoe = applications["Zoe Adler"]
    goto(hana, f"/applications/{zoe}/")
    hana.locator("nav.page-actions").get_by_role("link", name="Propose decision").click()
    hana.wait_for_url(f"**/applications/{zoe}/decision/")
    hana.locator("input[name=outcome][value=hire]").check()
    hana.fill("#summary", "Zoe led the strongest round 2, and the concern was cleared.")
    hana.locator("#approver_1").select_option(label="Vera Approver")
    with hana.expect_navigation():
        hana.locator("#propose-decision").click()
    expect(hana.get_by_role("heading", level=1)).to_have_text("Hire: Zoe Adler")
    expect(hana.locator("p.lead")).to_contain_text("Waiting for Vera Approver")
    decision_pk = id_in_url(hana, r"/decisions/(\d+)/")

    # Vera approves from her approvals page.
    goto(vera, "/approvals/")
    vera.get_by_role("link", name="Review and decide on Zoe Adler").click()
    vera.wait_for_url(f"**/decisions/{decision_pk}/")
    vera.locator("input[name=verdict][value=approved]").check()
    vera.fill("#rationale", "Strong evidence in both rounds, and the concern is closed.")
    with vera.expect_navigation():
        vera.locator("#give-verdict").click()
    expect(vera.locator("p.lead")).to_contain_text("Approved")
    shot(vera, "whole-loop-approved")

    # Zoe shows as hired, on her application and on the pipeline.
    goto(hana, f"/applications/{zoe}/")
    expect(hana.locator("#stage")).to_have_text("Hired")
    goto(hana, f"/jobs/{job_pk}/pipeline/")
    expect(hana.get_by_role("link", name=re.compile(r"^Hired \(1\)"))).to_be_visible()
    shot(hana, "whole-loop-pipeline-hired")

    # What the pages showed is what was stored, through the write functions.
    from secondround.concerns.models import Concern
    from secondround.hiring.models import Application

    stages = dict(Application.objects.values_list("candidate__name", "stage"))
    assert stages == {"Zoe Adler": "hired", "Yann Berg": "round_2", "Xia Chen": "round_1"}
    concern = Concern.objects.get(title=CONCERN)
    assert concern.status == "resolved" and concern.owner.display_name == "Kai Interviewer"
    assert Member.objects.filter(organisation__name="Acme", active=True).count() == 6

    assert visits.urls, "no request was recorded"
    assert not [u for u in visits.urls if "/admin/" in u], "a step opened /admin/"
    assert not visits.refused, visits.refused


def raise_concern(page):
    page.locator("summary", has_text="Raise a concern").click()
    form = page.locator("#raise-concern")
    form.get_by_label("In a few words").fill(CONCERN)
    form.get_by_label("What should the next interviewer ask?").fill(
        "Ask for a night on call that went badly, and what changed after it."
    )
    form.get_by_label("Who should probe it").select_option(label="Kai Interviewer")
    with page.expect_navigation():
        form.get_by_role("button", name="Raise concern").click()
    expect(page.locator("section.raise")).to_contain_text(CONCERN)
