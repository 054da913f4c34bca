"""Addresses of pages that take one integer id, for lists that link every row.

``reverse`` walks the URL patterns, quotes the arguments and checks the result against the
pattern on every call; a list of 50 rows with two links each spent more time there than in
its queries. ``id_url`` reverses each name once per URL configuration and script prefix (the
two things a reversed address depends on, as ``web.context`` does for the navigation) and
puts the id in its place.
"""

import functools

from django.urls import get_script_prefix, get_urlconf, reverse

# Reversed in place of the id, then cut out: a number no address holds by itself.
_MARK = 918_273_645


@functools.cache
def _around_id(name: str, urlconf, script_prefix: str) -> tuple[str, str]:
    address = reverse(name, args=[_MARK], urlconf=urlconf)
    head, mark, tail = address.partition(str(_MARK))
    if not mark or str(_MARK) in tail:
        raise ValueError(f"{name!r} does not take one id")
    return head, tail


def id_url(name: str, pk: int) -> str:
    """``reverse(name, args=[pk])`` for a page whose only argument is an integer id."""
    head, tail = _around_id(name, get_urlconf(), get_script_prefix())
    return f"{head}{int(pk)}{tail}"
