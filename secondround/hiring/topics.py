"""Question-bank topics: a competency's name, or a kind of concern.

A kind of concern is stored as its code (``employment_gap``), which the interview kit matches,
and always shown by its label ("Employment gap"). A competency topic is stored as the
competency's name. Two spellings of one topic ("System design", "Systems design",
"system-design") share a *key*: lower case, with hyphens and underscores read as spaces, runs
of spaces collapsed, and a plural "s" dropped from each word (not from "ss": "Process"). A new
question takes the spelling its topic already has in the organisation, so the bank never
splits a topic in two again. Migration 0004 merged the topics written before this rule.
"""

import re

from secondround.concerns.models import RAISABLE_TYPES, ConcernType


def topic_key(topic: str) -> str:
    words = re.sub(r"[\s_\-]+", " ", topic.strip().lower()).split(" ")
    return " ".join(
        w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words
    )


CONCERN_LABELS = dict(ConcernType.choices)
# A concern topic is reachable by its code's key or its label's key.
_CONCERN_BY_KEY = {topic_key(code): code for code in CONCERN_LABELS} | {
    topic_key(label): code for code, label in CONCERN_LABELS.items()
}


def topic_label(topic: str) -> str:
    """How a stored topic reads on a page: never a raw code."""
    return CONCERN_LABELS.get(topic, topic)


def competency_names(organisation_id: int) -> list[str]:
    """The competency names a question may be about: the jobs' and the library's."""
    from secondround.hiring.library import LibraryCompetency
    from secondround.hiring.models import Competency

    names = set(
        Competency.objects.filter(job__organisation_id=organisation_id).values_list(
            "name", flat=True
        )
    )
    names.update(
        LibraryCompetency.objects.filter(organisation_id=organisation_id).values_list(
            "name", flat=True
        )
    )
    return sorted(names, key=str.lower)


def canonical_topic(organisation_id: int, topic: str) -> str:
    """The spelling to store ``topic`` under: a concern type's code, else the spelling that
    the organisation's bank or competencies already use for the same key, else as typed."""
    from secondround.hiring.models import Question

    key = topic_key(topic)
    if key in _CONCERN_BY_KEY:
        return _CONCERN_BY_KEY[key]
    known = competency_names(organisation_id) + list(
        Question.objects.filter(organisation_id=organisation_id)
        .order_by("topic")
        .values_list("topic", flat=True)
        .distinct()
    )
    return next((name for name in known if topic_key(name) == key), topic.strip())


def topic_choices(organisation_id: int, keep: str = "") -> list:
    """Grouped (value, label) choices for the question form: competencies, then kinds of
    concern. ``keep`` (a question's current topic) stays choosable even if no competency
    carries that name any more."""
    from secondround.hiring.models import Question

    names = competency_names(organisation_id)
    seen = {topic_key(n) for n in names} | set(_CONCERN_BY_KEY)
    bank = Question.objects.filter(organisation_id=organisation_id).values_list("topic", flat=True)
    for other in sorted(set(bank) | ({keep} if keep else set()), key=str.lower):
        if topic_key(other) not in seen:
            names.append(other)
            seen.add(topic_key(other))
    return [
        ("", "Choose a topic"),
        ("Competencies", [(n, n) for n in names]),
        ("Kinds of concern", [(code, label) for code, label in RAISABLE_TYPES]),
    ]
