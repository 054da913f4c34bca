"""secondround calibration engine: interview ratings in, calibrated standings out.

Pure numpy/scipy (pandas only to read CSV files fast); never imports Django.
See ``docs/engine.md`` for the method.
"""

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
