"""Forms for the round-2 day and for working hours."""

from datetime import date, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django import forms

from secondround.scheduling.models import WEEKDAYS

MAX_SLOTS = 4
DEFAULT_LENGTHS = [45, 45, 45, None]


def next_weekday(today: date) -> date:
    day = today + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


class RoundDayForm(forms.Form):
    """A date, a start time and up to four slots, each with its length and its panel (chosen
    from the round's panel). A slot without a length is left out."""

    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(
        label="First interview starts at",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    timezone = forms.CharField(label="Time zone", max_length=64)
    break_minutes = forms.IntegerField(
        label="Break between interviews (minutes)", min_value=0, max_value=180, initial=15
    )
    location = forms.CharField(max_length=200, required=False)
    video_link = forms.URLField(label="Video link", required=False, assume_scheme="https")

    def __init__(self, *args, panel=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.slot_names = []
        for number in range(1, MAX_SLOTS + 1):
            length, people = f"slot{number}_minutes", f"slot{number}_panel"
            self.fields[length] = forms.IntegerField(
                label="Length in minutes",
                min_value=10,
                max_value=480,
                required=False,
                initial=DEFAULT_LENGTHS[number - 1],
            )
            self.fields[people] = forms.ModelMultipleChoiceField(
                label="Panel",
                queryset=panel,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
            self.slot_names.append((length, people))

    def clean_timezone(self):
        name = self.cleaned_data["timezone"].strip()
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise forms.ValidationError("Give a time zone such as Europe/Berlin or UTC.") from error
        return name

    def clean(self):
        data = super().clean()
        used = 0
        for length, people in self.slot_names:
            if data.get(length) and not data.get(people):
                self.add_error(people, "Choose who sits on this interview.")
            if data.get(people) and not data.get(length):
                self.add_error(length, "Give this interview a length, or clear its panel.")
            used += bool(data.get(length))
        if not used and not self.errors:
            raise forms.ValidationError("Add at least one interview: give it a length and a panel.")
        return data

    def slots(self) -> list[tuple[int, list]]:
        """(minutes, panel) of each slot in use, in order."""
        data = self.cleaned_data
        return [
            (data[length], list(data[people]))
            for length, people in self.slot_names
            if data.get(length)
        ]

    def slot_fields(self):
        return [(self[length], self[people]) for length, people in self.slot_names]


class WorkingHoursForm(forms.Form):
    start = forms.TimeField(
        label="Day starts", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end = forms.TimeField(
        label="Day ends", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    days = forms.TypedMultipleChoiceField(
        label="Working days",
        choices=list(enumerate(WEEKDAYS)),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if isinstance(start, time) and isinstance(end, time) and end <= start:
            self.add_error("end", "The end of your day must come after its start.")
        return data
