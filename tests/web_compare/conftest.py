"""A three-finalist loop on the cast's job, and hand-made calibration snapshots for it."""

from datetime import UTC, datetime, timedelta

import pytest

from secondround.calibration.models import CalibrationSnapshot
from secondround.hiring import actions as hiring
from tests.conftest import ANCHORS, login  # noqa: F401 (login: used by this folder's tests)


@pytest.fixture
def loop(cast):
    """Dana, Luis and Mei in round 2 of the cast's job, with a third competency."""
    c = cast
    c.design = hiring.do_save_competency(c.alice, c.job, name="System design", anchors=ANCHORS)
    c.mei = hiring.do_add_candidate(c.alice, name="Mei Chen", email="mei@example.com")
    c.mei_app = hiring.do_apply(c.alice, c.mei, c.job, stage="round_2")
    for app in (c.dana_app, c.luis_app):
        hiring.do_set_stage(c.alice, app, "round_2")
    start = datetime(2026, 11, 21, 10, tzinfo=UTC)
    c.mei_r1 = hiring.do_schedule_interview(
        c.alice,
        c.mei_app,
        c.round1,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        interviewers=[c.ivy, c.ian],
    )
    return c


def candidate(c, app, p_best, score, comps, adjustments=None):
    names = ("Problem solving", "Collaboration", "System design")
    return {
        "job": str(c.job.pk),
        "candidate": str(app.pk),
        "score": score,
        "sd": 0.2,
        "p_best": p_best,
        "raw_mean": 3.0,
        "competencies": {n: {"score": s, "sd": sd} for n, (s, sd) in zip(names, comps)},
        "explanation": [],
        "adjustments": adjustments or [],
    }


def crafted_result(c, dana_p=0.71, luis_p=0.24, mei_p=0.05) -> dict:
    """Dana and Luis differ beyond noise only on Problem solving (0.9 vs 0.1, sd 0.15 each:
    gap 0.8 > 1.645 * 0.21); System design has their least certain gap (sd 0.5 and 0.45)."""
    ivy = str(c.ivy.pk)
    return {
        "candidates": [
            candidate(
                c,
                c.dana_app,
                dana_p,
                0.6,
                [(0.9, 0.15), (0.3, 0.3), (0.2, 0.5)],
                [{"interviewer": ivy, "severity": -0.5, "effect": 0.3, "contrast": 0.0}],
            ),
            candidate(c, c.luis_app, luis_p, 0.2, [(0.1, 0.15), (0.2, 0.3), (0.1, 0.45)]),
            candidate(c, c.mei_app, mei_p, -0.3, [(-0.2, 0.2), (-0.1, 0.3), (-0.3, 0.4)]),
        ],
        "interviewers": [
            {
                "interviewer": ivy,
                "severity": -0.5,
                "severity_sd": 0.1,
                "scale_use": 1.3,
                "scale_use_sd": 0.1,
                "n_ratings": 12,
                "connected": True,
            },
            {
                "interviewer": str(c.ian.pk),
                "severity": 0.2,
                "severity_sd": 0.1,
                "scale_use": 1.0,
                "scale_use_sd": 0.1,
                "n_ratings": 10,
                "connected": True,
            },
        ],
        "effects": {"contrast": -0.12, "contrast_sd": 0.03, "halo": 0.2},
        "reliability": {
            str(c.job.pk): {"design": "incomplete", "model": 0.71, "icc": None},
        },
        "warnings": [],
    }


def store(c, result, fingerprint="crafted", n_ratings=412):
    return CalibrationSnapshot.objects.create(
        organisation=c.acme, fingerprint=fingerprint, n_ratings=n_ratings, result=result
    )


@pytest.fixture
def snapshot(loop):
    return store(loop, crafted_result(loop))
