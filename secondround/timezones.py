"""Reading a stored time-zone name, for members and candidates alike."""

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def zone_of(name: str | None) -> ZoneInfo:
    """The named zone; UTC when the name is empty or unknown (a typo never breaks a page)."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def member_zone(member) -> ZoneInfo:
    """The member's own time zone."""
    return zone_of(member.timezone)
