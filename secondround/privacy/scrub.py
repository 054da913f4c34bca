"""Replace a person's name and e-mail wherever they appear verbatim in free text.

Used by the erasure (``privacy.actions.do_erase_candidate``): evidence, notes, concerns,
decisions and scorecard versions keep their words, minus the candidate's identity."""

import re
from dataclasses import dataclass

PLACEHOLDER = "[candidate]"


@dataclass(frozen=True)
class Identity:
    """What identifies the person in text: the full name, the e-mail, and (in their own
    records only) each part of their name on its own."""

    name: str
    email: str

    def patterns(self, with_parts: bool) -> list[re.Pattern]:
        words = [self.name.strip(), self.email.strip()]
        if with_parts:
            # "Dana" alone in Dana's own scorecards means Dana; elsewhere it may be someone
            # else, so other records only lose the full name and the e-mail.
            words += [part for part in self.name.split() if len(part) >= 2]
        found, seen = [], set()
        for word in sorted(words, key=len, reverse=True):  # "Dana Kim" before "Dana"
            if word and word.casefold() not in seen:
                seen.add(word.casefold())
                found.append(re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE))
        return found


def scrub_text(text: str, patterns: list[re.Pattern]) -> str:
    for pattern in patterns:
        text = pattern.sub(PLACEHOLDER, text)
    return text


def scrub_value(value, patterns: list[re.Pattern]):
    """``scrub_text`` through JSON: strings in lists and dicts (keys included)."""
    if isinstance(value, str):
        return scrub_text(value, patterns)
    if isinstance(value, list):
        return [scrub_value(item, patterns) for item in value]
    if isinstance(value, dict):
        return {
            scrub_text(key, patterns) if isinstance(key, str) else key: scrub_value(v, patterns)
            for key, v in value.items()
        }
    return value


def scrub_rows(queryset, fields: list[str], patterns: list[re.Pattern]) -> int:
    """Rewrite the named text or JSON fields of each row where a pattern matched; returns
    the number of rows changed."""
    changed = 0
    for row in queryset.only("pk", *fields):
        updates = {}
        for field in fields:
            old = getattr(row, field)
            new = scrub_value(old, patterns)
            if new != old:
                updates[field] = new
        if updates:
            queryset.model._base_manager.filter(pk=row.pk).update(**updates)
            changed += 1
    return changed
