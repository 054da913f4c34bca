"""Round over round: did a later round confirm what the earlier one saw, competency by competency?

The rule, in one place so that the page, the tests and the docs agree:

- For each competency we take the mean rating per round, from the ratings the reader may see.
- The latest round that holds any visible rating for the application is compared with the
  latest earlier round that rated the same competency.
- If the two means differ by less than ``CONFIRM_THRESHOLD`` rating points, the later round
  *confirmed* the earlier one; otherwise it *contradicted* it, and we show both means.
- A competency the latest round did not rate reads "Not assessed in round N".

0.75 points on a 1-4 scale is a quarter of the whole scale: smaller moves are within what two
panels of two or three interviewers disagree by anyway, larger ones change the picture.
"""

from collections import defaultdict
from dataclasses import dataclass, field

CONFIRM_THRESHOLD = 0.75


@dataclass
class CompetencyRow:
    competency: str
    means: dict[int, float | None] = field(default_factory=dict)  # round number -> mean
    verdict: str = ""
    contradicted: bool = False


def verdict(
    earlier_round: int | None,
    earlier_mean: float | None,
    later_round: int,
    later_mean: float | None,
) -> tuple[str, bool]:
    """The plain verdict for one competency, and whether it is a contradiction."""
    if later_mean is None:
        return f"Not assessed in round {later_round}", False
    if earlier_round is None or earlier_mean is None:
        return f"First assessed in round {later_round}", False
    if abs(later_mean - earlier_mean) < CONFIRM_THRESHOLD:
        return f"Round {later_round} confirmed round {earlier_round}", False
    return (
        f"Round {later_round} contradicted round {earlier_round} "
        f"({earlier_mean:.1f} \u2192 {later_mean:.1f})",
        True,
    )


def round_over_round(
    ratings: list[tuple[str, int, int]], competencies: list[str]
) -> tuple[list[int], list[CompetencyRow]]:
    """Build the table from (competency name, round number, value) triples.

    Returns the round numbers that hold ratings (ascending) and one row per competency, in
    the order given (competencies rated but not listed come last). Verdicts are empty when
    fewer than two rounds hold ratings: there is nothing to compare yet.
    """
    values: dict[tuple[str, int], list[int]] = defaultdict(list)
    for name, number, value in ratings:
        if value is not None:
            values[(name, number)].append(value)
    rounds = sorted({number for _, number in values})
    names = list(competencies) + sorted({n for n, _ in values} - set(competencies))
    rows = []
    for name in names:
        row = CompetencyRow(competency=name)
        for number in rounds:
            found = values.get((name, number))
            row.means[number] = sum(found) / len(found) if found else None
        if len(rounds) >= 2:
            latest = rounds[-1]
            earlier = [n for n in rounds[:-1] if row.means[n] is not None]
            before = earlier[-1] if earlier else None
            row.verdict, row.contradicted = verdict(
                before, row.means.get(before) if before else None, latest, row.means[latest]
            )
        rows.append(row)
    return rounds, rows
