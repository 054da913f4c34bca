"""Interview structure: which competencies an interview covered, and interviewers
whose scorecards look consistent but whose overall impressions are noise."""

import numpy as np

from secondround.engine import RatingsTable, calibrate

COMPS = "wxyz"


def _rec(job, cand, who, comp, rating, time):
    return dict(
        job=job,
        candidate=cand,
        interviewer=who,
        competency=comp,
        rating=int(rating),
        scale_min=1,
        scale_max=7,
        interviewed_at=float(time),
    )


def _calibration_team(rng, raters="ABC", n=40, noise=0.3, flat=""):
    """Candidates met by every rater on every competency, so habits are measurable.

    Raters in ``flat`` give one random value to every competency of a scorecard:
    internally consistent, unrelated to the candidate.
    """
    recs, t = [], 0.0
    for c in range(n):
        true = rng.normal(0, 0.8)
        profile = rng.normal(0, 0.5, len(COMPS))
        for who in raters:
            value = rng.integers(2, 7)
            for k, comp in enumerate(COMPS):
                r = value if who in flat else np.rint(4 + true + profile[k] + rng.normal(0, noise))
                recs.append(_rec(f"K{c // 5}", f"cal{c}", who, comp, np.clip(r, 1, 7), t))
            t += 1
    return recs, t


def test_an_interview_of_one_strong_competency_is_not_read_as_the_whole_candidate():
    # P is strong on w only (7, 4, 4, 4 from A and C: mean 4.75); B rated P on w
    # alone and gave 7. Q gets 5 on everything from all three (mean 5). Read as an
    # overall impression, B's 7 would lift P above Q; read against P's
    # profile, it says what A and C said.
    recs, t = _calibration_team(np.random.default_rng(2))
    for comp, r in zip(COMPS, (7, 4, 4, 4)):
        recs += [_rec("J", "P", "A", comp, r, t), _rec("J", "P", "C", comp, r, t + 1)]
    recs.append(_rec("J", "P", "B", "w", 7, t + 2))
    recs += [_rec("J", "Q", who, comp, 5, t + 3) for who in "ABC" for comp in COMPS]
    res = calibrate(RatingsTable.from_records(recs))
    p, q = res.candidate("P"), res.candidate("Q")
    assert q.score > p.score + 0.05
    assert q.p_best > 0.6
    # The per-competency scores still show P's strength on w.
    assert p.competencies["w"].score > q.competencies["w"].score


def test_an_interviewer_whose_impressions_are_noise_counts_for_less():
    # N gives one random value to a whole scorecard: no spread within an interview
    # (so no visible per-rating noise), but the value says nothing of the candidate.
    recs, t = _calibration_team(np.random.default_rng(3), raters="ABCN", n=60, noise=0.7, flat="N")

    def lift_from(who: str) -> float:
        extra = []
        for cand in "XY":
            for rater in "AN":
                bump = 2 if (cand == "X" and rater == who) else 0
                extra += [_rec("J", cand, rater, comp, 4 + bump, t + 1) for comp in COMPS]
        res = calibrate(RatingsTable.from_records(recs + extra))
        return res.candidate("X").score - res.candidate("Y").score

    from_a, from_n = lift_from("A"), lift_from("N")
    assert from_a > 0.5
    assert 0 < from_n < 0.4 * from_a
