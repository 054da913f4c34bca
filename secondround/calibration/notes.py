"""The engine's cautions in the web app's words: what rests on little evidence.

Pure functions over the snapshot JSON (see docs/engine.md, "Evidence quality"), so the
rules are unit-tested without a database.

- **Not comparable.** The engine gives no P(best) (``null``) in a job whose candidates were
  interviewed by separate groups of interviewers who never met the same candidate; each
  candidate carries its ``group``. Two finalists of different groups are "not comparable".
- **Thin evidence.** A finalist rated by one interviewer only, or whose score leans on an
  interviewer who gave the same rating every time (``flag: "one_value"``) or who shares
  fewer than 3 candidates with colleagues (``flag: "weak"``), gets a sentence saying so.
- **Engine warnings** name interviewers and jobs by their ids; they are shown with names.
- **Ends of the scale.** Where ratings pile on the scale's ends, calibrated scores spread
  wider than the ratings at face value; the comparison page repeats the engine's sentence.
"""

import re

from secondround.engine.evidence import END_PILING

# The engine narrates a habit or an effect only when it is this many sds from none.
CLEAR_Z = 2.0

NOT_COMPARABLE = "not comparable"


def is_clear(value: float | None, sd: float | None) -> bool:
    """Whether an estimate is beyond noise (|value| >= CLEAR_Z sds)."""
    if value is None:
        return False
    return abs(value) >= CLEAR_Z * (sd or 0.0) and abs(value) > 0


def not_comparable_sentence(names: list[str]) -> str:
    listed = ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else "".join(names)
    return (
        f"Not comparable: {listed} were interviewed by separate groups of interviewers who never "
        "met the same candidate, so their scores cannot be compared and no chance of being "
        "the strongest is given. One candidate interviewed by someone from each group would "
        "make them comparable."
    )


def pair_not_comparable(a_name: str, b_name: str) -> str:
    return f"{a_name} and {b_name} cannot be compared: separate groups of interviewers met them."


def thin_evidence(
    candidate: dict, interviewers: dict[str, dict], member_names: dict[str, str], name: str
) -> list[str]:
    """Sentences on what a finalist's score rests on, when that is little."""
    out = []
    adjustments = candidate.get("adjustments")
    if adjustments is not None and len(adjustments) == 1:
        out.append(f"{name} was rated by one interviewer only, so the score rests on one view.")
    for item in adjustments or []:
        ident = str(item.get("interviewer"))
        flag = (interviewers.get(ident) or {}).get("flag")
        who = member_names.get(ident, "One interviewer")
        if flag == "one_value":
            out.append(
                f"{who} gave the same rating every time, so their ratings count for little "
                f"in {name}'s score."
            )
        elif flag == "weak":
            out.append(
                f"{who} shares fewer than 3 candidates with colleagues, so how they rate is "
                "barely known and their correction rests mostly on assumptions."
            )
    return out


# A parenthesised list of member ids in an engine warning: "(12, 15 and 3 more)".
_ID_LIST = re.compile(r"\(((?:\d+, )*\d+)((?: and \d+ more)?)\)")
_JOB = re.compile(r"^Job (\d+):")


def readable_warning(text: str, member_names: dict[str, str], jobs: dict[int, str]) -> str:
    """An engine warning with member ids and job ids replaced by names and titles."""

    def names(m: re.Match) -> str:
        ids = m.group(1).split(", ")
        return "(" + ", ".join(member_names.get(i, f"member {i}") for i in ids) + m.group(2) + ")"

    text = _ID_LIST.sub(names, text)
    return _JOB.sub(lambda m: f"{jobs.get(int(m.group(1)), 'Job ' + m.group(1))}:", text)


# A competency's score resting on this many ratings or fewer gets a sentence: with so few,
# the engine leans on the candidate's other ratings and the job's average more than on them.
FEW_RATINGS = 2


def shrinkage_sentences(
    candidate: dict, name: str, raw_counts: dict[str, tuple[float, int]] | None = None
) -> list[str]:
    """Which of a candidate's competency scores rest on few ratings, and so are pulled toward
    the job's average: "Dana's Ownership rests on 1 rating, so it is pulled toward the job's
    average (mean rating 2.0, calibrated +0.3)."

    The count comes from the snapshot (``n_ratings`` per competency, stored beside the
    engine's output since the count was added); older snapshots fall back to ``raw_counts``,
    the (mean, count) of the ratings the reader can see."""
    from .figures import signed

    out = []
    for competency, values in (candidate.get("competencies") or {}).items():
        if not isinstance(values, dict) or values.get("score") is None:
            continue
        n, raw = values.get("n_ratings"), values.get("raw_mean")
        if n is None and raw_counts and competency in raw_counts:
            raw, n = raw_counts[competency]
        if n is None or int(n) > FEW_RATINGS:
            continue
        n = int(n)
        detail = (
            f" (mean rating {raw:.1f}, calibrated {signed(values['score'])})"
            if raw is not None
            else ""
        )
        out.append(
            f"{name}'s {competency} rests on {n} rating{'s' if n != 1 else ''}, so it is pulled "
            f"toward the job's average{detail}."
        )
    return out


def end_piling_note(result: dict) -> str | None:
    """The engine's sentence on ratings piled at the scale's ends, if it gave one."""
    return next((w for w in result.get("warnings") or [] if w.startswith(END_PILING)), None)
