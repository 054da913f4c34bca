"""What the comparison and report templates show: charts, table cells and sentences, built
from a Comparison (compare.py) or a snapshot's JSON. No database access here."""

import threading
from collections import OrderedDict, defaultdict

from django.template.defaultfilters import floatformat

from secondround.calibration.compare import Comparison
from secondround.calibration.figures import Z80, interval_text, scale_text, score_text, two_places
from secondround.calibration.figures import percent as _percent
from secondround.calibration.figures import signed as _signed
from secondround.calibration.notes import is_clear, readable_warning
from secondround.calibration.svg import Group, Mark, interval_chart
from secondround.engine.evidence import THIN_LEAD

SYMBOLS = ("●", "■", "▲", "◆", "▼", "✕")  # the same order as svg.SHAPES
WIDE, NARROW = (760, 170), (380, 92)  # (chart width, label column width)


def _both_widths(groups, short_axis_label: str, **kwargs) -> dict[str, str]:
    """A wide chart for desktops and a narrow one for phones (CSS shows one of them), so
    that labels stay readable instead of shrinking with the viewBox."""
    narrow = {**kwargs, "chart_id": kwargs["chart_id"] + "-narrow", "axis_label": short_axis_label}
    return {
        "wide": interval_chart(groups, width=WIDE[0], label_width=WIDE[1], **kwargs),
        "narrow": interval_chart(groups, width=NARROW[0], label_width=NARROW[1], **narrow),
    }


def comparison_fragment(comparison: Comparison, job, view: str) -> dict:
    """The chart and the table of the finalist comparison, raw or calibrated."""
    finalists = comparison.finalists
    names = ", ".join(f.name for f in finalists)
    groups, rows = [], []
    if view == "raw":
        for competency in comparison.competencies:
            marks, cells = [], []
            for f in finalists:
                mean_n = f.raw.get(competency)
                if mean_n:
                    mean, n = mean_n
                    marks.append(Mark(f.name, mean, series=f.series, note=f"{mean:.1f}"))
                    cells.append((f"{mean:.1f}", f"{n} rating{'s' if n != 1 else ''}"))
                else:
                    cells.append(("–", "no rating you can see"))
            groups.append(Group(competency, marks))
            rows.append((competency, cells))
        lo, hi, reference = job.scale_min, job.scale_max, None
        axis = f"Mean rating as written ({job.scale_min} to {job.scale_max})"
        short_axis = "Mean rating as written"
        title = f"Raw mean ratings per competency: {names}"
        desc = "Mean of the ratings you can see, before calibration. " + "; ".join(
            f"{competency}: "
            + ", ".join(
                f"{f.name} {f.raw[competency][0]:.1f}" for f in finalists if competency in f.raw
            )
            for competency in comparison.competencies
        )
    else:
        ends = []
        for competency in comparison.competencies:
            marks, cells = [], []
            for f in finalists:
                if competency in f.calibrated:
                    score, sd = f.calibrated[competency]
                    low, high = score - Z80 * sd, score + Z80 * sd
                    ends += [low, high]
                    marks.append(Mark(f.name, score, low, high, f.series, _signed(score)))
                    cells.append((_signed(score), interval_text(score, sd)))
                else:
                    cells.append(("–", "not calibrated"))
            groups.append(Group(competency, marks))
            rows.append((competency, cells))
        overall = []
        for f in finalists:
            if f.score is not None and f.sd is not None:
                overall.append((_signed(f.score), interval_text(f.score, f.sd)))
            else:
                overall.append(("–", "not calibrated"))
        rows.append(("Overall", overall))
        ends = ends or [-1.0, 1.0]
        pad = (max(ends) - min(ends)) * 0.05 or 0.5
        lo, hi, reference = min(min(ends) - pad, 0.0), max(max(ends) + pad, 0.0), 0.0
        axis = "Calibrated score, rating points against the average candidate (0)"
        short_axis = "Calibrated score (0 = average)"
        title = f"Calibrated scores with 80% intervals per competency: {names}"
        desc = "Each line spans the 80% interval; the mark is the estimate. " + "; ".join(
            f"{competency}: "
            + ", ".join(
                f"{f.name} {_signed(f.calibrated[competency][0])}"
                for f in finalists
                if competency in f.calibrated
            )
            for competency in comparison.competencies
        )
    return {
        "weights": [(f, weight_cells(f.weights)) for f in finalists if f.weights],
        "charts": _both_widths(
            groups,
            short_axis,
            chart_id=f"compare-{view}",
            title=title,
            desc=desc,
            axis_label=axis,
            lo=lo,
            hi=hi,
            reference=reference,
        ),
        "rows": rows,
        "legend": [(f, SYMBOLS[f.series % len(SYMBOLS)]) for f in finalists],
    }


def weight_cells(rows) -> list[dict]:
    """A finalist's weight table as the texts it shows: worked out once here rather than by
    a filter per cell in the template."""
    return [
        {
            "name": w.name,
            "n_ratings": w.n_ratings,
            "raw_mean": "–" if w.raw_mean is None else floatformat(w.raw_mean, 1),
            "equal": _percent(w.equal),
            "weight": _percent(w.weight),
            "low": w.low,
        }
        for w in rows
    ]


def evidence_by_competency(comparison: Comparison, ratings: list[dict]) -> list[dict]:
    """Evidence notes per competency, one column per finalist, from the visible ratings."""
    notes = defaultdict(list)
    for r in ratings:
        # Each note as the two texts the template writes (it escapes them): one variable
        # each rather than four, and no number for the template to localise.
        notes[(r["competency__name"], r["scorecard__interview__application_id"])].append(
            {
                "text": r["evidence"] or "No evidence written",
                "footer": f"{r['value']} · {r['scorecard__author__display_name']}, "
                f"{r['scorecard__interview__round__name']}",
            }
        )
    return [
        {
            "competency": competency,
            "columns": [(f, notes[(competency, f.application_id)]) for f in comparison.finalists],
        }
        for competency in comparison.competencies
    ]


def severity_words(severity: float) -> str:
    if abs(severity) < 0.05:
        return "rates like colleagues"
    return f"rates {abs(severity):.1f} {'above' if severity > 0 else 'below'} colleagues"


def scale_words(scale_use: float) -> str:
    if abs(scale_use - 1) < 0.15:
        return "uses the scale like colleagues"
    if scale_use > 1:
        return f"spreads ratings {scale_use:.1f}× as widely (uses the extremes)"
    return f"spreads ratings {scale_use:.1f}× as widely (stays in the middle)"


def contrast_sentence(effects: dict) -> str:
    contrast, sd = effects.get("contrast"), effects.get("contrast_sd")
    if contrast is None:
        return "The contrast effect was not estimated in this run."
    if not is_clear(contrast, sd):
        # Noise is never described as an effect.
        return (
            "No clear contrast effect in your ratings: the estimate "
            f"({score_text(contrast, sd or 0.0)} points per point) is within noise."
        )
    direction = "drop" if contrast < 0 else "rise"
    return (
        f"After a strong candidate, ratings of the next one {direction} by about "
        f"{abs(contrast):.2f} points per point ({interval_text(contrast, sd or 0.0)}). "
        "Calibration corrects for it."
    )


def _padded_range(marks: list[Mark], reference: float, min_pad: float) -> tuple[float, float]:
    """Axis range covering every interval and the reference line, with 5% to spare."""
    ends = [m.low for m in marks] + [m.high for m in marks] + [reference]
    pad = (max(ends) - min(ends)) * 0.05 or min_pad
    return min(ends) - pad, max(ends) + pad


# Reports kept, the least recently used going first: a stored snapshot never changes, so
# its report changes only with the names and job titles it shows.
KEPT_REPORTS = 32
_kept_reports: OrderedDict[tuple, dict] = OrderedDict()
_keeping = threading.Lock()


def kept_interviewer_report(
    snapshot_key: tuple, result: dict, names: dict[str, str], jobs: dict[int, str]
) -> dict:
    """``interviewer_report`` of a stored snapshot (``snapshot_key`` names it), built once
    for each set of names and job titles: its charts were a tenth of the report page's
    server time. The report is shared: readers must not change it."""
    key = (snapshot_key, tuple(names.items()), tuple(jobs.items()))
    with _keeping:
        report = _kept_reports.get(key)
        if report is not None:
            _kept_reports.move_to_end(key)
            return report
    report = interviewer_report(result, names, jobs)
    with _keeping:
        _kept_reports[key] = report
        while len(_kept_reports) > KEPT_REPORTS:
            _kept_reports.popitem(last=False)
    return report


# What the report's "Evidence" column says of an interviewer, by the engine's flag.
EVIDENCE_WORDS = {
    "one_value": "Gave the same rating every time: their ratings count for little",
    "weak": "Shares fewer than 3 candidates with colleagues: barely measured",
    "alone": "The only interviewer in their group: not measurable",
}


def interviewer_report(result: dict, names: dict[str, str], jobs: dict[int, str]) -> dict:
    rows = []
    for item in result.get("interviewers", []):
        ident = str(item.get("interviewer"))
        severity, sev_sd = item.get("severity") or 0.0, item.get("severity_sd") or 0.0
        scale, scale_sd = item.get("scale_use"), item.get("scale_use_sd") or 0.0
        rows.append(
            {
                "name": names.get(ident, f"Interviewer {ident} (no longer a member)"),
                "severity": severity,
                "severity_sd": sev_sd,
                "severity_low": severity - Z80 * sev_sd,
                "severity_high": severity + Z80 * sev_sd,
                "severity_words": severity_words(severity),
                # The table's text, written here once rather than by filters in every row.
                "severity_text": score_text(severity, sev_sd),
                "scale_text": "" if scale is None else scale_text(scale, scale_sd),
                "scale_use": scale,
                "scale_low": None if scale is None else scale - Z80 * scale_sd,
                "scale_high": None if scale is None else scale + Z80 * scale_sd,
                "scale_words": "" if scale is None else scale_words(scale),
                "n_ratings": item.get("n_ratings", 0),
                "connected": item.get("connected", True),
                "group": item.get("group"),
                "flag": item.get("flag"),
                "evidence_words": EVIDENCE_WORDS.get(item.get("flag"), "Enough"),
            }
        )
    rows.sort(key=lambda r: (r["severity"], r["name"]))
    severity_marks = [
        Mark(
            r["name"] if r["connected"] else f"{r['name']} (separate group)",
            r["severity"],
            r["severity_low"],
            r["severity_high"],
            note=_signed(r["severity"]),
        )
        for r in rows
    ]
    lo, hi = _padded_range(severity_marks, 0.0, 0.25)
    charts = None
    if rows:
        charts = _both_widths(
            [Group(None, severity_marks)],
            "Below  ←  0  →  above colleagues",
            chart_id="severity",
            title="Interviewer severity with 80% intervals",
            desc="Rating points above (right) or below (left) colleagues for the same "
            "candidate. " + "; ".join(f"{r['name']} {_signed(r['severity'])}" for r in rows),
            axis_label="Rates below colleagues  ←  0  →  rates above colleagues",
            lo=lo,
            hi=hi,
            reference=0.0,
        )
    scale_rows = [r for r in rows if r["scale_use"] is not None]
    scale_charts = None
    if scale_rows:
        scale_marks = [
            Mark(
                r["name"],
                r["scale_use"],
                r["scale_low"],
                r["scale_high"],
                note=f"×{r['scale_use']:.2f}",
            )
            for r in sorted(scale_rows, key=lambda r: (r["scale_use"], r["name"]))
        ]
        lo, hi = _padded_range(scale_marks, 1.0, 0.1)
        scale_charts = _both_widths(
            [Group(None, scale_marks)],
            "Narrow  ←  1  →  wide",
            chart_id="scale-use",
            title="Interviewer scale use with 80% intervals",
            desc="How widely each interviewer spreads ratings compared with colleagues (1 = the "
            "same; above 1 uses the ends more). "
            + "; ".join(f"{r['name']} ×{r['scale_use']:.2f}" for r in scale_rows),
            axis_label="Keeps to the middle  ←  1  →  uses the ends of the scale",
            lo=lo,
            hi=hi,
            reference=1.0,
        )
    reliability = [
        {
            "job": jobs.get(int(job) if str(job).isdigit() else -1, f"Job {job}"),
            "design": values.get("design"),
            "model": values.get("model"),
            "model_text": two_places(values.get("model")),
            # "ICC1 0.45, ICC2 0.51, ...": one text, not a loop of cells per job.
            "icc_text": ", ".join(
                f"{name} {two_places(v)}" for name, v in (values.get("icc") or {}).items()
            ),
        }
        for job, values in (result.get("reliability") or {}).items()
        if not str(job).isdigit() or int(job) in jobs
    ]
    return {
        "rows": rows,
        "charts": charts,
        "scale_charts": scale_charts,
        "contrast": contrast_sentence(result.get("effects") or {}),
        "reliability": reliability,
        # The report is about interviewers: a warning about one candidate carries their
        # P(best), which a reader who still owes that candidate's scorecard must not see;
        # the comparison page flags such a finalist under its blind rule instead.
        "warnings": [
            readable_warning(w, names, jobs)
            for w in result.get("warnings") or []
            if THIN_LEAD not in w
        ],
    }
