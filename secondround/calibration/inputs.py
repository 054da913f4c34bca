"""Turn an organisation's submitted ratings into the engine's ratings table.

Ids in the table are database ids as strings: job = Job.pk, candidate = Application.pk (a
person who applies to two jobs is two candidates to the engine), interviewer = Member.pk.

The engine takes one rating per candidate, interviewer and competency. When an interviewer
meets the same candidate in two rounds, only their latest rating of each competency goes in:
it is the better-informed one, and the earlier one stays on the scorecard and in the
round-over-round view.
"""

import hashlib

from secondround.scorecards.models import Rating, ScorecardStatus


def rating_rows(organisation_id: int) -> list[tuple]:
    """The organisation's submitted ratings, one tuple per rating, in a stable order.

    Where an interviewer rated a candidate's competency in several rounds, only the rating
    from the latest interview is kept (see the module docstring).
    """
    rows = (
        Rating.objects.filter(
            scorecard__status=ScorecardStatus.SUBMITTED,
            scorecard__interview__application__job__organisation_id=organisation_id,
            value__isnull=False,
        )
        .order_by("scorecard__interview__starts_at", "id")
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
    latest: dict[tuple, tuple] = {}
    for job, app, author, name, value, lo, hi, when in rows:
        # Later interviews come later in the ordering, so they overwrite earlier ones.
        latest[(app, author, name)] = (
            str(job),
            str(app),
            str(author),
            name,
            value,
            lo,
            hi,
            when.isoformat(),
        )
    return list(latest.values())


def fingerprint(rows: list[tuple]) -> str:
    digest = hashlib.sha256()
    for row in rows:
        digest.update(repr(row).encode())
    return digest.hexdigest()
