"""Cost of the calibration pages as the organisation's history grows: 1x, 10x, 100x the
demo's ratings.

    .venv/bin/python -m bench.freshness [--n 15] [--factors 1 10 100] [--write docs/benchmarks.md]

Seeds the demo organisation into a fresh SQLite database in a temporary directory. For each
factor F it copies the demo's submitted scorecards until the organisation holds F times the
demo's ratings (each copy in a closed copy of its job, with the same competencies, rounds
and interviewers, a week earlier per copy: past openings, so the jobs the pages show stay
as they are; bulk inserts, since only the volume matters here), runs the calibration once
(not timed), then times, N times each and with DEBUG off:

- the freshness check the pages used before (read and hash every submitted rating of the
  organisation: ``rating_rows`` + ``fingerprint``);
- the check they use now (the organisation's change stamp, one row);
- the interviewer calibration report and the finalist comparison, whole requests through
  Django's test Client (as bench.pages).

``--write FILE`` puts the table in FILE's "## Calibration pages at 10x and 100x" section.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.pages import machine, setup_django

SECTION = "## Calibration pages at 10x and 100x"
COMMAND = ".venv/bin/python -m bench.freshness"


def submitted_ratings(org_id: int) -> int:
    from secondround.scorecards.models import Rating

    return Rating.objects.filter(
        scorecard__status="submitted",
        scorecard__interview__application__job__organisation_id=org_id,
        value__isnull=False,
    ).count()


def clone_job(job_id: int, k: int) -> tuple[int, dict, dict]:
    """A closed copy of a job (a past opening with the same competencies and rounds): the
    organisation's history grows without touching the jobs the pages show."""
    from secondround.hiring.models import Competency, Job, Round

    job = Job.objects.get(pk=job_id)
    job.pk, job.title, job.status = None, f"{job.title} (#{k})", "closed"
    job.save()
    competencies = {}
    for competency in Competency.objects.filter(job_id=job_id):
        source = competency.pk
        competency.pk, competency.job = None, job
        competency.save()
        competencies[source] = competency.pk
    rounds = {}
    for round_ in Round.objects.filter(job_id=job_id).prefetch_related("focus_competencies"):
        focus = [competencies[c.pk] for c in round_.focus_competencies.all()]
        source = round_.pk
        round_.pk, round_.job = None, job
        round_.save()
        round_.focus_competencies.set(focus)
        rounds[source] = round_.pk
    return job.pk, competencies, rounds


def grow(org_id: int, copies: int, start_index: int) -> None:
    """Add ``copies`` copies of the organisation's submitted scorecards, each copy in closed
    copies of their jobs (bulk inserts: only the volume matters here)."""
    from django.db import transaction

    from secondround.hiring.models import Application, Candidate, Interview
    from secondround.scorecards.models import Rating, Scorecard, ScorecardStatus

    originals = list(
        Scorecard.objects.filter(
            status=ScorecardStatus.SUBMITTED,
            interview__application__job__organisation_id=org_id,
            interview__application__candidate__name__regex=r"^[^#]*$",
        ).select_related("interview__application")
    )
    ratings = {}
    for rating in Rating.objects.filter(scorecard__in=originals):
        ratings.setdefault(rating.scorecard_id, []).append(rating)
    jobs = sorted({card.interview.application.job_id for card in originals})
    with transaction.atomic():
        for k in range(start_index, start_index + copies):
            clones = {job: clone_job(job, k) for job in jobs}
            applications = {}
            for card in originals:
                source = card.interview
                job, competencies, rounds = clones[source.application.job_id]
                app = applications.get(source.application_id)
                if app is None:
                    person = Candidate.objects.create(
                        organisation_id=org_id,
                        name=f"#{k} copy of {source.application_id}",
                        email=f"copy{k}-{source.application_id}@bench.test",
                    )
                    app = Application.objects.create(job_id=job, candidate=person, stage="rejected")
                    applications[source.application_id] = app
                shift = dt.timedelta(days=7 * (k + 1))
                interview = Interview.objects.create(
                    application=app,
                    round_id=rounds[source.round_id],
                    starts_at=source.starts_at - shift,
                    ends_at=source.ends_at - shift,
                    status=source.status,
                )
                interview.interviewers.add(card.author_id)
                copy = Scorecard.objects.create(
                    interview=interview,
                    author_id=card.author_id,
                    status=card.status,
                    recommendation=card.recommendation,
                    version=1,
                    submitted_at=card.submitted_at,
                )
                Rating.objects.bulk_create(
                    Rating(
                        scorecard=copy,
                        competency_id=competencies[r.competency_id],
                        value=r.value,
                        evidence=r.evidence,
                        scale_min=r.scale_min,
                        scale_max=r.scale_max,
                    )
                    for r in ratings.get(card.pk, [])
                )
        from secondround.calibration.stamp import bump_inputs

        bump_inputs(org_id)


def timed(fn, n: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def measure_at(org_id: int, n: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.test import Client, override_settings

    from secondround.calibration.actions import do_refresh_calibration
    from secondround.calibration.inputs import fingerprint, rating_rows
    from secondround.calibration.stamp import inputs_version
    from secondround.hiring.models import Application

    start = time.perf_counter()
    do_refresh_calibration(org_id)
    engine_s = time.perf_counter() - start
    job = Application.objects.get(candidate__name="Dana Kim").job_id
    client = Client()
    client.force_login(get_user_model().objects.get(email="admin@demo.test"))

    def page(url):
        def get():
            response = client.get(url)
            if response.status_code != 200 or b"Ratings changed since this run" in response.content:
                sys.exit(f"{url} answered {response.status_code} or with a stale snapshot")

        return get

    with override_settings(DEBUG=False):
        return {
            "ratings": submitted_ratings(org_id),
            "engine_s": engine_s,
            "old": timed(lambda: fingerprint(rating_rows(org_id)), n),
            "new": timed(lambda: inputs_version(org_id), n),
            "report": timed(page("/calibration/"), n),
            "compare": timed(page(f"/jobs/{job}/compare/"), n),
        }


def markdown(rows: list[dict], n: int, factors: list[int], load: str) -> str:
    lines = [
        SECTION,
        "",
        f"Measured on {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC with "
        f"`{COMMAND} --n {n} --factors {' '.join(map(str, factors))}` on: {machine()}; "
        f"load average before the run {load}.",
        "",
        "Median milliseconds over the runs, DEBUG off, SQLite. *Old check*: what every "
        "comparison and report page did before to decide whether its snapshot was current "
        "(read every submitted rating of the organisation and hash them). *Stamp*: what "
        "they do now (one row of the organisation's change stamp, kept by the write "
        "functions). The pages are whole requests as the demo admin (the comparison of the "
        "finalist job). The engine run (in the background worker, never in a request) is "
        "shown for scale.",
        "",
        "| x demo | ratings | old check ms | stamp ms | report page ms | comparison ms "
        "| engine run s |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for factor, r in zip(factors, rows):
        lines.append(
            f"| {factor}x | {r['ratings']:,} | {r['old']:.1f} | {r['new']:.2f} "
            f"| {r['report']:.1f} | {r['compare']:.1f} | {r['engine_s']:.1f} |"
        )
    lines.append("")
    return "\n".join(lines)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=15)
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--write", type=Path)
    args = parser.parse_args(argv)
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    with tempfile.TemporaryDirectory() as data_dir:
        setup_django(data_dir)
        from django.core.management import call_command

        from secondround.accounts.models import Organisation
        from secondround.demo.seed import seed_demo

        call_command("migrate", verbosity=0)
        seed_demo(verbosity=0)
        org_id = Organisation.objects.get(name="Acme Robotics").pk
        rows, have = [], 1
        for factor in sorted(args.factors):
            if factor > have:
                grow(org_id, factor - have, have)
                have = factor
            rows.append(measure_at(org_id, args.n))
            print(f"{factor}x: {rows[-1]}", file=sys.stderr)
    text = markdown(rows, args.n, sorted(args.factors), load)
    print(text)
    if args.write:
        existing = args.write.read_text() if args.write.exists() else ""
        marker = "\n" + SECTION + "\n"
        if marker in existing:
            head, _, tail = existing.partition(marker)
            rest = tail.split("\n## ", 1)
            after = ("\n## " + rest[1]) if len(rest) > 1 else ""
            existing = head.rstrip("\n") + "\n\n" + text + after
        else:
            existing = existing.rstrip("\n") + "\n\n" + text
        args.write.write_text(existing)


if __name__ == "__main__":
    main()
