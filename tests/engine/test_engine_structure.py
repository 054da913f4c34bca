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

    def calibrate_with_lift_from(who: str):
        extra = []
        for cand in "XY":
            for rater in "AN":
                bump = 2 if (cand == "X" and rater == who) else 0
                extra += [_rec("J", cand, rater, comp, 4 + bump, t + 1) for comp in COMPS]
        return calibrate(RatingsTable.from_records(recs + extra))

    def lift(res) -> float:
        return res.candidate("X").score - res.candidate("Y").score

    from_a, with_n = lift(calibrate_with_lift_from("A")), calibrate_with_lift_from("N")
    assert from_a > 0.5
    assert 0 < lift(with_n) < 0.4 * from_a
    # The explanation says so: N's ratings carry well under half of X's score.
    shares = {a.interviewer: a.weight for a in with_n.candidate("X").adjustments}
    assert shares["N"] < 0.375 < shares["A"]
    text = with_n.explain("X", names={"N": "Ned"})
    assert any(
        s.startswith("Ned's ratings decide") and "track the rest of the panel's" in s for s in text
    )


def test_a_tiny_design_with_a_one_value_rater_stays_sane_without_stretching_others():
    # Three interviewers, five candidates, one competency, 13 ratings; I0 gives only
    # 3s. Estimating scale use here once drifted to scores of hundreds of rating
    # points, and later the one-value rater's floor stretched the others (geometric
    # mean 1). With the robust reference, I0 alone goes to the floor.
    cand = [0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 4, 4, 4]
    who = ["I2", "I0", "I0", "I2", "I1", "I0", "I2", "I1", "I0", "I2", "I0", "I1", "I2"]
    rating = [3, 3, 3, 3, 4, 3, 3, 1, 3, 2, 3, 3, 4]
    order = [5, 11, 8, 12, 13, 1, 3, 9, 2, 10, 14, 7, 6]
    recs = [
        dict(_rec("J0", f"C{c}", w, "k0", r, t), scale_min=1, scale_max=5)
        for c, w, r, t in zip(cand, who, rating, order)
    ]
    res = calibrate(RatingsTable.from_records(recs))
    assert all(abs(c.score) < 2 and c.sd < 2 for c in res.candidates)
    by = {i.interviewer: i for i in res.interviewers}
    assert by["I0"].flag == "one_value" and by["I0"].scale_use < 0.5
    assert all(0.7 < by[w].scale_use < 1.4 for w in ("I1", "I2"))
    assert any("same rating every time (I0)" in w for w in res.warnings)
    # A design that carries scale use gets no warning about it.
    full, _ = _calibration_team(np.random.default_rng(4))
    assert not any("Scale use" in w for w in calibrate(RatingsTable.from_records(full)).warnings)


def test_a_job_wide_offset_moves_its_candidates_alike_whoever_met_them():
    # W spreads ratings twice as widely as colleagues, N half as widely. In job J every
    # rating sits 2 points above the company's usual level (a stronger pool or an
    # easier rubric): X is met only by W, Y only by N, A and B by everyone, all with the
    # same ratings. The job's offset is not part of anyone's stretch, so X and Y stay
    # close; read through each rater's stretch, Y would land far above X (1.8 points
    # apart with the previous engine).
    rng = np.random.default_rng(5)
    stretch = {"W": 2.0, "N": 0.5, "M": 1.0}
    recs, t = [], 0.0
    for c in range(60):
        true = rng.normal(0, 0.8)
        for who, s in stretch.items():
            for comp in "xyz":
                r = np.clip(np.rint(5 + s * true + rng.normal(0, 0.3)), 1, 9)
                recs.append(dict(_rec(f"K{c // 5}", f"cal{c}", who, comp, r, t), scale_max=9))
            t += 1
    panels = {"X": "W", "Y": "N", "A": "WNM", "B": "WNM"}
    for cand, panel in panels.items():
        for who in panel:
            recs += [dict(_rec("J", cand, who, comp, 7, t), scale_max=9) for comp in "xyz"]
    res = calibrate(RatingsTable.from_records(recs))
    x, y = res.candidate("X").score, res.candidate("Y").score
    assert abs(x - y) < 0.5
