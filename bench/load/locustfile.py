"""The load test's users (Locust). Run by ``python -m bench.load.run`` (``make load``), which
prepares the database and the plan (``LOAD_PLAN``, see prepare.py) and starts the servers.

Three kinds of people, each pausing 1-3 s between requests, and each also probing
``/healthz`` (the bare Django view every figure is compared with):

- interviewers (ana, ben, chen, dee, raj; 3 of every 5 users): their interview kits and
  scorecards, and new scorecards drafted (two autosaves) and submitted;
- the hiring manager (hm): the finalist comparison (calibrated and raw), candidates' pages;
- a script using the API with hm's token: /api/me, /api/jobs, /api/applications/<id>.

Under production settings (``LOAD_PRODUCTION=1``) every client acts as if behind the
TLS-terminating proxy production runs behind: it sends ``X-Forwarded-Proto: https`` and an
``Origin`` (which the CSRF check of a secure request compares with the host), and it sends
the Secure cookies back over the plain HTTP of 127.0.0.1.
"""

import itertools
import json
import os
import random
from pathlib import Path

from locust import HttpUser, between, events, task
from requests.cookies import RequestsCookieJar

PLAN = json.loads(Path(os.environ["LOAD_PLAN"]).read_text())
INTERVIEWERS = itertools.cycle(sorted(PLAN["kits"]))
SEATS = {name: list(ids) for name, ids in PLAN["seats"].items()}
SESSIONS = {name: list(keys) for name, keys in PLAN["sessions"].items()}
SAMPLES = []  # (endpoint, milliseconds, failed): every request, for exact percentiles
PRODUCTION = os.environ.get("LOAD_PRODUCTION") == "1"


class CookiesPastTheProxy(RequestsCookieJar):
    """Keeps each cookie as if not Secure, so that it goes back over http too: the TLS ends at
    the (absent) proxy. (A cookie policy would not do: requests copies the jar into a new one
    with the default policy for each request.)"""

    def set_cookie(self, cookie, *args, **kwargs):
        cookie.secure = False
        return super().set_cookie(cookie, *args, **kwargs)


def behind_tls_proxy(user: HttpUser) -> None:
    if PRODUCTION:
        user.client.headers["X-Forwarded-Proto"] = "https"
        user.client.headers["Origin"] = "https://" + user.host.split("://", 1)[1]
        user.client.cookies = CookiesPastTheProxy()


@events.request.add_listener
def keep_sample(name, response_time, exception, response=None, **kwargs):
    failed = exception is not None or (response is not None and response.status_code >= 400)
    SAMPLES.append((name, response_time, failed))


@events.quitting.add_listener
def write_samples(environment, **kwargs):
    with open(os.environ["LOAD_SAMPLES"], "w") as out:
        json.dump(SAMPLES, out)


class SignedIn(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    who = ""

    def on_start(self):
        """Signed in already: a session made by prepare.py (a sign-in would time the password
        hasher). The home page then sets the CSRF cookie the forms need."""
        behind_tls_proxy(self)
        self.client.cookies.set("sessionid", SESSIONS[self.who].pop())
        self.client.get("/", name="/ (home)")

    def post(self, url, data, name, **headers):
        headers["X-CSRFToken"] = self.client.cookies.get("csrftoken", "")
        return self.client.post(url, data, headers=headers, name=name, allow_redirects=False)

    @task(1)
    def healthz(self):
        self.client.get("/healthz", name="/healthz")


class Interviewer(SignedIn):
    weight = 3

    def on_start(self):
        self.who = next(INTERVIEWERS)
        super().on_start()

    @task(4)
    def kit(self):
        pk = random.choice(PLAN["kits"][self.who])
        self.client.get(f"/interviews/{pk}/kit/", name="/interviews/[id]/kit/")

    @task(2)
    def scorecard_page(self):
        pk = random.choice(PLAN["kits"][self.who])
        self.client.get(f"/interviews/{pk}/scorecard/", name="/interviews/[id]/scorecard/")

    @task(1)
    def home(self):
        self.client.get("/", name="/ (home)")

    @task(3)
    def draft_and_submit(self):
        """A new scorecard: open it, autosave twice as the interviewer types, submit."""
        if not SEATS[self.who]:
            return
        pk = SEATS[self.who].pop()
        self.client.get(f"/interviews/{pk}/scorecard/", name="/interviews/[id]/scorecard/")
        form = {"recommendation": "yes", "notes": "Load test notes."}
        for n, competency in enumerate(PLAN["competencies"]):
            form[f"rating_{competency}"] = str(1 + (pk + n) % 4)
            form[f"evidence_{competency}"] = "Explained the trade-offs with a concrete example."
        htmx = {"HX-Request": "true"}
        for version in (1, 2):
            self.post(
                f"/interviews/{pk}/scorecard/draft",
                {**form, "draft_version": str(version)},
                "/interviews/[id]/scorecard/draft (autosave)",
                **htmx,
            )
        self.post(
            f"/interviews/{pk}/scorecard/submit", form, "/interviews/[id]/scorecard/submit"
        )  # answers 302 to the scorecard page, not followed: only the submission is timed


class HiringManager(SignedIn):
    weight = 1
    who = "hm"

    @task(3)
    def compare(self):
        self.client.get(PLAN["compare"], name="/jobs/[id]/compare/")

    @task(1)
    def compare_raw(self):
        self.client.get(PLAN["compare"] + "?view=raw", name="/jobs/[id]/compare/?view=raw")

    @task(2)
    def application(self):
        pk = random.choice(PLAN["applications"])
        self.client.get(f"/applications/{pk}/", name="/applications/[id]/")


class ApiScript(HttpUser):
    weight = 1
    wait_time = between(1, 3)

    def on_start(self):
        behind_tls_proxy(self)
        self.client.headers["Authorization"] = f"Bearer {PLAN['api_token']}"

    @task(1)
    def me(self):
        self.client.get("/api/me", name="/api/me")

    @task(2)
    def jobs(self):
        self.client.get("/api/jobs", name="/api/jobs")

    @task(3)
    def application(self):
        pk = random.choice(PLAN["applications"])
        self.client.get(f"/api/applications/{pk}", name="/api/applications/[id]")

    @task(1)
    def healthz(self):
        self.client.get("/healthz", name="/healthz")
