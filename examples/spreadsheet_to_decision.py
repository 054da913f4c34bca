#!/usr/bin/env python3
"""From a spreadsheet row to a decision, through the secondround API only.

Each CSV row is one candidate for one job. For each row the script finds or adds the
candidate, applies them to the job, records the interview the spreadsheet mentions (with
its panel), and proposes the decision the row asks for, with its approval chain. Members
(interviewers, approvers) must already be in place: they are looked up by e-mail.

Columns (a header row; extra columns are ignored):

    name, email, job, interview_at, interviewers, outcome, summary, approvers

- job: the job's title, exactly as in secondround
- interview_at: ISO 8601 with a time zone (e.g. 2026-11-20T10:00:00+00:00); empty: none
- interviewers, approvers: e-mail addresses separated by ";"
- outcome: hire, no_hire or hold

Usage (standard library only; Python 3.11+):

    export SECONDROUND_TOKEN=sr_...        # an admin's token: /settings/tokens/ or
                                           # secondround manage create_api_token EMAIL
    python examples/spreadsheet_to_decision.py candidates.csv --url http://127.0.0.1:8000

Safe to run again: a candidate found by e-mail is not added twice, an existing application
is reused, and every write carries an Idempotency-Key made from the row, so a retried
request never acts twice.
"""

import argparse
import csv
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime, timedelta


class ApiError(Exception):
    def __init__(self, status: int, body: dict):
        super().__init__(f"{status}: {body.get('detail', body)}")
        self.status, self.body = status, body


class Client:
    """A tiny client: bearer token, JSON in and out, errors as ApiError."""

    def __init__(self, base_url: str, token: str):
        self.base = base_url.rstrip("/")
        self.token = token

    def call(self, method: str, path: str, body: dict | None = None, key: str | None = None):
        headers = {"Authorization": f"Bearer {self.token}", "Accept": "application/json"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if key:
            headers["Idempotency-Key"] = key
        request = urllib.request.Request(self.base + path, data, headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return json.load(response)
        except urllib.error.HTTPError as error:
            raise ApiError(error.code, json.load(error)) from None

    def get(self, path: str):
        return self.call("GET", path)

    def post(self, path: str, body: dict | None = None, key: str | None = None):
        return self.call("POST", path, body if body is not None else {}, key)

    def every(self, path: str):
        """All items of a list, page after page."""
        while path:
            page = self.get(path)
            yield from page["items"]
            path = page["next"]


def members_by_email(client: Client) -> dict[str, dict]:
    return {m["email"]: m for m in client.every("/api/members?active=true")}


def emails(cell: str) -> list[str]:
    return [part.strip().lower() for part in (cell or "").split(";") if part.strip()]


def job_named(client: Client, title: str) -> dict:
    for job in client.every("/api/jobs"):
        if job["title"] == title.strip():
            return job
    raise SystemExit(f"No job titled {title!r}: create it first (POST /api/jobs).")


def candidate_for(client: Client, row: dict, job: dict) -> dict:
    email = row["email"].strip().lower()
    found = client.get("/api/candidates?" + urllib.parse.urlencode({"email": email}))["items"]
    if found:
        return found[0]
    body = {"name": row["name"], "email": email, "source": "other", "source_detail": "spreadsheet"}
    return client.post("/api/candidates", body, key=f"{email}:candidate")


def application_for(client: Client, candidate: dict, job: dict) -> int:
    for application in candidate["applications"]:
        if application["job_id"] == job["id"]:
            return application["id"]
    body = {"job_id": job["id"]}
    made = client.post(
        f"/api/candidates/{candidate['id']}/applications", body, key=f"{candidate['email']}:apply"
    )
    return made["id"]


def record_interview(client, application_id: int, job: dict, row: dict, people: dict) -> None:
    if not row.get("interview_at", "").strip():
        return
    if client.get(f"/api/interviews?application={application_id}")["items"]:
        return  # already recorded on an earlier run
    rounds = client.get(f"/api/jobs/{job['id']}/rounds")["items"]
    if not rounds:
        raise SystemExit(f"{job['title']} has no rounds: add one first.")
    start = datetime.fromisoformat(row["interview_at"].strip())
    panel = [people[e]["id"] for e in emails(row.get("interviewers", ""))]
    body = {
        "round_id": rounds[0]["id"],
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(minutes=rounds[0]["duration_minutes"])).isoformat(),
        "interviewer_ids": panel,
        "schedule_anyway": True,  # the spreadsheet is the record: no clash questions
    }
    key = f"{row['email'].strip().lower()}:interview"
    client.post(f"/api/applications/{application_id}/interviews", body, key=key)


def propose(client, application_id: int, row: dict, people: dict) -> dict:
    existing = client.get(f"/api/decisions?application={application_id}&status=pending")["items"]
    if existing:
        return existing[0]
    body = {
        "outcome": row["outcome"].strip(),
        "summary": row["summary"].strip(),
        "approver_ids": [people[e]["id"] for e in emails(row.get("approvers", ""))],
        # The panel's scorecards are written by each interviewer in secondround; a decision
        # taken from the spreadsheet says why it goes ahead without them.
        "incomplete_reason": "Decided from the hiring spreadsheet; scorecards to follow.",
        "override_reason": "Reviewed in the hiring spreadsheet.",
    }
    key = f"{row['email'].strip().lower()}:decision"
    return client.post(f"/api/applications/{application_id}/decisions", body, key=key)


def run(client: Client, rows) -> list[dict]:
    people = members_by_email(client)
    decisions = []
    for row in rows:
        unknown = [
            e
            for e in emails(row.get("interviewers", "")) + emails(row.get("approvers", ""))
            if e not in people
        ]
        if unknown:
            raise SystemExit(f"{row['email']}: no active member with e-mail {unknown[0]}.")
        job = job_named(client, row["job"])
        candidate = candidate_for(client, row, job)
        application_id = application_for(client, candidate, job)
        record_interview(client, application_id, job, row, people)
        decision = propose(client, application_id, row, people)
        print(
            f"{row['name']}: decision {decision['id']} ({decision['outcome']}, "
            f"{decision['status']})"
        )
        decisions.append(decision)
    return decisions


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("csv", help="the spreadsheet, saved as CSV (UTF-8)")
    parser.add_argument("--url", default="http://127.0.0.1:8000", help="secondround's address")
    parser.add_argument("--token", default=os.environ.get("SECONDROUND_TOKEN"))
    args = parser.parse_args(argv)
    if not args.token:
        parser.error("give --token or set SECONDROUND_TOKEN")
    with open(args.csv, newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    try:
        run(Client(args.url, args.token), rows)
    except ApiError as error:
        print(f"secondround refused a request: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
