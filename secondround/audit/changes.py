"""Old and new values of an edit, in the shape audit events keep them.

Events hold ids, field names and values, except a candidate's personal fields, which are
recorded only as "changed": erasing a candidate then never needs to touch the append-only
trail. Secrets (password hashes, tokens) are never recorded either."""

import datetime
import decimal

from django.db import models

# Models whose every field is a candidate's personal data (model label -> fields; "*" = all).
PERSONAL = {"hiring.candidate": "*"}
SECRET = {"password", "key_hash", "portal_token", "token"}
CHANGED = "changed"
MAX_TEXT = 500


def plain(value):
    """A JSON-friendly form of a field value: ids for records, ISO text for times."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime.date | datetime.datetime | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, list | tuple | set | frozenset | models.QuerySet):
        return sorted((plain(v) for v in value), key=str)
    text = str(value)
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT] + "…"


def is_personal(label: str, field: str) -> bool:
    fields = PERSONAL.get(label, ())
    return field in SECRET or fields == "*" or field in fields


def field_changes(label: str, names, old: dict, new: dict) -> dict:
    """{field: {"old": ..., "new": ...}} for each changed field, or "changed" for personal
    and secret fields."""
    changes = {}
    for name in names:
        if is_personal(label, name):
            changes[name] = CHANGED
        else:
            changes[name] = {"old": plain(old.get(name)), "new": plain(new.get(name))}
    return changes


def form_changes(form) -> dict:
    """The changes a ModelForm is about to save (old: its initial values)."""
    label = form._meta.model._meta.label_lower
    return field_changes(label, form.changed_data, form.initial, form.cleaned_data)
