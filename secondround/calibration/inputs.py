"""Turn an organisation's submitted ratings into the engine's ratings table.

Ids in the table are database ids as strings: job = Job.pk, candidate = Application.pk (a
person who applies to two jobs is two candidates to the engine), interviewer = Member.pk.
"""

import hashlib

from secondround.scorecards.models import Rating, ScorecardStatus

COLUMNS = (
    "job",
    "candidate",
    "interviewer",
    "competency",
    "rating",
    "scale_min",
    "scale_max",
    "interviewed_at",
)


def rating_rows(organisation_id: int) -> list[tuple]:
    """Every submitted rating of the organisation, one tuple per rating, in a stable order."""
    rows = (
        Rating.objects.filter(
            scorecard__status=ScorecardStatus.SUBMITTED,
            scorecard__interview__application__job__organisation_id=organisation_id,
            value__isnull=False,
        )
        .order_by("id")
        .values_list(
            "scorecard__interview__application__job_id",
            "scorecard__interview__application_id",
            "scorecard__author_id",
            "competency__name",
            "value",
            "scale_min",
            "scale_max",
            "scorecard__interview__starts_at",
        )
    )
    return [
        (str(job), str(app), str(author), name, value, lo, hi, when.isoformat())
        for job, app, author, name, value, lo, hi, when in rows
    ]


def fingerprint(rows: list[tuple]) -> str:
    digest = hashlib.sha256()
    for row in rows:
        digest.update(repr(row).encode())
    return digest.hexdigest()
