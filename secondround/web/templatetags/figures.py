"""Template filters and tags for the numbers and times people read on every page.

    {% load figures %}
    {{ score|score_interval:sd }}   +0.6 (+0.5 to +0.8)     (80% interval)
    {{ score|signed }}              +0.6
    {{ p_best|percent }}            71%
    {% local_time when %}           <time datetime="...">26 Nov 2026, 14:00 Europe/Berlin</time>
    {{ when|day_and_time }}         26 Nov 2026, 14:00       (in the template's time zone)

Times are shown in the reader's own time zone (their member setting), labelled with the
zone's name, so nobody has to guess whether "14:00" is UTC.
"""

from django import template
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.html import format_html

from secondround.calibration import figures
from secondround.timezones import member_zone, zone_of

register = template.Library()


@register.filter
def score_interval(score, sd=None):
    if score is None or score == "":
        return "–"
    return figures.score_text(float(score), None if sd in (None, "") else float(sd))


@register.filter
def signed(value):
    if value is None or value == "":
        return "–"
    return figures.signed(float(value))


@register.filter
def percent(value):
    if value is None or value == "":
        return "–"
    return figures.percent(float(value))


# Month abbreviations as Django's "M" writes them in English, the pages' only language.
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@register.filter(expects_localtime=True)
def day_and_time(when):
    """What ``date:"j M Y, H:i"`` writes, for lists with a time on every row: Django's
    ``date`` filter parses its format and looks up translations on every call, about 2 ms
    for a list of 50 rows."""
    if not when:
        return ""
    return f"{when.day} {_MONTHS[when.month - 1]} {when.year:04d}, {when:%H:%M}"


@register.simple_tag
def interval_name():
    return figures.INTERVAL_NAME


def reader_zone(context):
    # An inclusion tag's context keeps the request as an attribute, not as a variable.
    request = getattr(context, "request", None) or context.get("request")
    member = getattr(request, "member", None)
    if member is not None:
        return member_zone(member)
    zone = context.get("zone")
    return zone if zone is not None and hasattr(zone, "key") else zone_of(None)


@register.simple_tag(takes_context=True)
def local_time(context, when, fmt="j M Y, H:i", plain=False):
    """A time in the reader's zone, labelled with the zone: '26 Nov 2026, 14:00 Europe/Berlin'
    (``plain=True``: the text alone, for an <option>, which holds no markup)."""
    if not when:
        return "–"
    zone = reader_zone(context)
    local = timezone.localtime(when, zone)
    if plain:
        return f"{format_date(local, fmt)} {zone.key}"
    return format_html(
        '<time datetime="{}">{} {}</time>', when.isoformat(), format_date(local, fmt), zone.key
    )


@register.simple_tag(takes_context=True)
def local_date(context, when, fmt="j M Y"):
    """A date in the reader's zone (a day can differ from UTC's near midnight)."""
    if not when:
        return "–"
    local = timezone.localtime(when, reader_zone(context))
    return format_html('<time datetime="{}">{}</time>', when.isoformat(), format_date(local, fmt))


@register.simple_tag(takes_context=True)
def local_now(context, fmt="j F Y, H:i"):
    """Now, in the reader's zone and labelled (for a printed record's 'printed at')."""
    return local_time(context, timezone.now(), fmt)
