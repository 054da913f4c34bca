"""Members' working hours, which scheduling checks a slot against."""

from datetime import time

from django.db import models
from django.db.models import F, Q

from secondround.accounts.models import Member

WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
DEFAULT_START, DEFAULT_END, DEFAULT_DAYS = time(9), time(17), [0, 1, 2, 3, 4]


class WorkingHoursQuerySet(models.QuerySet):
    def visible_to(self, member: Member | None) -> "WorkingHoursQuerySet":
        """A member's own. Scheduling reads colleagues' hours only to turn them into a warning
        ("outside Ana's working hours (Mon–Fri 09:00–17:00)"), never as a list."""
        if member is None:
            return self.none()
        return self.filter(member=member)


class WorkingHours(models.Model):
    """When a member is available for interviews, in their own time zone (Member.timezone).
    No row means the default: 09:00 to 17:00, Monday to Friday."""

    member = models.OneToOneField(Member, on_delete=models.CASCADE, related_name="working_hours")
    start = models.TimeField(default=DEFAULT_START)
    end = models.TimeField(default=DEFAULT_END)
    days = models.JSONField(default=list, help_text="Weekday numbers, Monday = 0")

    objects = WorkingHoursQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "working hours"
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="hours_end_after_start")
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.describe()}"

    def describe(self) -> str:
        return describe(self.start, self.end, self.days)


def describe(start: time, end: time, days: list[int]) -> str:
    """'Mon–Fri 09:00–17:00', or 'Mon, Wed 10:00–16:00'."""
    days = sorted(days)
    if days and days == list(range(days[0], days[-1] + 1)) and len(days) > 2:
        names = f"{WEEKDAYS[days[0]]}–{WEEKDAYS[days[-1]]}"
    else:
        names = ", ".join(WEEKDAYS[d] for d in days) or "no days"
    return f"{names} {start:%H:%M}–{end:%H:%M}"


def hours_of(member: Member) -> tuple[time, time, list[int]]:
    row = WorkingHours.objects.filter(member=member).first()
    if row is None:
        return DEFAULT_START, DEFAULT_END, list(DEFAULT_DAYS)
    return row.start, row.end, list(row.days)
