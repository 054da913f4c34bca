"""How much of a candidate's score each interviewer's ratings decide, in words and figures.

The engine weighs each interview by how consistently its interviewer's ratings track the
rest of the panel's (across every candidate they met) and by how many competencies they
rated; the shares of one candidate's interviews sum to 1 (``weight`` in the snapshot's
``adjustments``). These pure functions turn those shares into a table (raw mean next to the
share, an equal share beside it) and sentences, and say whether counting every interview
equally (``equal_weight_score``, engine/weighting.py) would change who comes out on top.
"""

from dataclasses import dataclass

from .figures import signed

# An interviewer whose ratings decide less than this fraction of an equal share of a
# candidate's score gets a sentence saying so, and why.
LOW_SHARE = 0.75


@dataclass
class WeightRow:
    name: str
    n_ratings: int
    raw_mean: float | None  # their ratings of this candidate as written, when visible
    equal: float  # the share every interview would have if all counted alike
    weight: float  # the share the engine gives them

    @property
    def low(self) -> bool:
        return self.weight < LOW_SHARE * self.equal


def weight_rows(
    candidate: dict,
    member_names: dict[str, str],
    raw_by_author: dict[str, tuple[float, int]] | None = None,
) -> list[WeightRow]:
    """One row per interviewer of the candidate (an interviewer met twice is one row)."""
    adjustments = [a for a in candidate.get("adjustments") or [] if a.get("weight") is not None]
    if len(adjustments) < 2:
        return []
    equal = 1.0 / len(adjustments)
    merged: dict[str, list] = {}
    for item in adjustments:
        ident = str(item.get("interviewer"))
        row = merged.setdefault(ident, [0, 0.0, 0.0])
        row[0] += int(item.get("n_ratings") or 0)
        row[1] += equal
        row[2] += float(item["weight"])
    raw_by_author = raw_by_author or {}
    return [
        WeightRow(
            name=member_names.get(ident, "One interviewer"),
            n_ratings=n,
            raw_mean=raw_by_author.get(ident, (None, 0))[0],
            equal=share,
            weight=weight,
        )
        for ident, (n, share, weight) in sorted(merged.items(), key=lambda kv: -kv[1][2])
    ]


def weight_sentences(rows: list[WeightRow], candidate: str) -> list[str]:
    """A sentence for each interviewer whose ratings decide well under an equal share."""
    most = max((r.n_ratings for r in rows), default=0)
    out = []
    for r in rows:
        if not r.low:
            continue
        share = f"{r.weight:.0%} of {candidate}'s score (an equal share: {r.equal:.0%})"
        if r.n_ratings < most:
            out.append(
                f"{r.name} rated fewer competencies than the others, so {r.name}'s "
                f"{r.n_ratings} rating{'s' if r.n_ratings != 1 else ''} decide {share}."
            )
        else:
            out.append(
                f"{r.name}'s ratings decide {share}: each rating counts by how consistently "
                f"its interviewer's ratings track the rest of the panel's, and {r.name}'s "
                "have tracked it less closely than most."
            )
    return out


def equal_weight_statement(finalists) -> str | None:
    """Whether counting every interview equally would change who has the highest score.

    ``finalists`` have ``name``, ``score`` and ``equal_weight_score`` (None when the
    snapshot predates it: nothing is said then)."""
    both = [f for f in finalists if f.score is not None and f.equal_weight_score is not None]
    if len(both) < 2:
        return None
    top = max(both, key=lambda f: f.score)
    top_equal = max(both, key=lambda f: f.equal_weight_score)
    listing = ", ".join(f"{f.name} {signed(f.equal_weight_score)}" for f in both)
    if top is top_equal:
        return (
            f"Counting every interview equally instead: {listing}. {top.name} still has the "
            "highest score, so the weighting does not change the pick."
        )
    return (
        f"Counting every interview equally instead: {listing}. {top_equal.name} would have "
        f"the highest score instead of {top.name}, so the weighting changes the pick: read "
        "whose ratings count for less, above, before deciding."
    )
