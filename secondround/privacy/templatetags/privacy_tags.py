"""Filters for the readable access export (privacy/access_export.html)."""

from django import template

register = template.Library()


@register.filter
def is_mapping(value) -> bool:
    return isinstance(value, dict)


@register.filter
def is_sequence(value) -> bool:
    return isinstance(value, list | tuple)


@register.filter
def label(key) -> str:
    """ "resolution_evidence" -> "Resolution evidence"."""
    text = str(key).replace("_", " ").strip()
    return text[:1].upper() + text[1:]
