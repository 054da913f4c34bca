"""The organisation's submitted ratings as a ratings CSV (DESIGN.md, "Ratings CSV").

The rows are exactly those the app calibrates (``calibration.inputs.rating_rows``), with
its ids (job = Job id, candidate = Application id, interviewer = Member id) and its times
to the second, so that ``secondround calibrate`` on the file gives the app's own snapshot.
"""

import csv

from secondround.calibration.inputs import rating_rows
from secondround.engine.table import COLUMNS

HEADER = list(COLUMNS)  # the ratings CSV format is the engine's (secondround calibrate)


def ratings_csv_rows(organisation_id: int, hidden_jobs=frozenset()) -> list[list]:
    """The CSV's rows without the header; ``hidden_jobs`` (job ids) are left out."""
    hidden = {str(job) for job in hidden_jobs}
    rows = []
    for job, candidate, interviewer, competency, value, lo, hi, when in rating_rows(
        organisation_id
    ):
        if job in hidden:
            continue
        # The app calibrates on whole seconds of UTC (calibration.actions): so does the file.
        rows.append([job, candidate, interviewer, competency, value, lo, hi, when[:19] + "Z"])
    return rows


def write_ratings_csv(stream, organisation_id: int, hidden_jobs=frozenset()) -> int:
    """Write the CSV to a text stream; returns the number of ratings written."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(HEADER)
    rows = ratings_csv_rows(organisation_id, hidden_jobs)
    writer.writerows(rows)
    return len(rows)
