"""secondround calibration engine: interview ratings in, calibrated standings out.

Pure numpy/scipy (pandas only to read CSV files fast); never imports Django.
See ``docs/engine.md`` for the method.
"""

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # type checkers and editors see the names and their types
    from .api import calibrate
    from .csvio import read_ratings_csv
    from .reliability import icc_shrout_fleiss
    from .result import (
        Adjustment,
        CalibrationResult,
        CandidateEstimate,
        CompetencyEstimate,
        Effects,
        InterviewerEstimate,
        JobReliability,
    )
    from .table import RatingsError, RatingsTable

# Where each public name lives. They are imported on first use (PEP 562):
# ``import secondround.engine`` alone imports neither numpy nor scipy, so the command
# line (cli.py) can set how their BLAS libraries start before anything loads them.
_PUBLIC = {
    "calibrate": ".api",
    "read_ratings_csv": ".csvio",
    "icc_shrout_fleiss": ".reliability",
    "Adjustment": ".result",
    "CalibrationResult": ".result",
    "CandidateEstimate": ".result",
    "CompetencyEstimate": ".result",
    "Effects": ".result",
    "InterviewerEstimate": ".result",
    "JobReliability": ".result",
    "RatingsError": ".table",
    "RatingsTable": ".table",
}

__all__ = [
    "Adjustment",
    "CalibrationResult",
    "CandidateEstimate",
    "CompetencyEstimate",
    "Effects",
    "InterviewerEstimate",
    "JobReliability",
    "RatingsError",
    "RatingsTable",
    "calibrate",
    "icc_shrout_fleiss",
    "read_ratings_csv",
]


def __getattr__(name: str):
    if name in _PUBLIC:
        value = getattr(importlib.import_module(_PUBLIC[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    # A name already imported is in globals() too: listed once.
    return sorted({*globals(), *_PUBLIC})
