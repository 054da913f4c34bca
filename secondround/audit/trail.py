"""The audit trail page for admins: filter the organisation's events, export them as CSV."""

import csv
import json

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from secondround.accounts.models import Member
from secondround.audit.actions import do_record_export
from secondround.audit.models import AuditEvent
from secondround.audit.rules import can_view_audit_event

PAGE_SIZE = 100
# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class TrailFilter(forms.Form):
    action = forms.ChoiceField(label="What happened", required=False)
    actor = forms.ModelChoiceField(
        label="Who", queryset=Member.objects.none(), required=False, empty_label="Anyone"
    )
    target_type = forms.ChoiceField(label="Kind of record", required=False)
    target_id = forms.IntegerField(label="Record id", required=False, min_value=1)
    since = forms.DateField(label="From", required=False, widget=forms.DateInput({"type": "date"}))
    until = forms.DateField(label="To", required=False, widget=forms.DateInput({"type": "date"}))

    def __init__(self, events, member, *args, **kwargs):
        super().__init__(*args, **kwargs)
        actions = events.order_by("action").values_list("action", flat=True).distinct()
        kinds = events.order_by("target_type").values_list("target_type", flat=True).distinct()
        self.fields["action"].choices = [("", "Anything")] + [(a, a) for a in actions]
        self.fields["target_type"].choices = [("", "Any")] + [(k, k) for k in kinds]
        self.fields["actor"].queryset = Member.objects.visible_to(member).order_by("display_name")

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", "The end date comes before the start date.")
        return data

    def apply(self, events):
        data = self.cleaned_data
        for field in ("action", "actor", "target_type", "target_id"):
            if data.get(field) not in (None, ""):
                events = events.filter(**{field: data[field]})
        if data.get("since"):
            events = events.filter(created_at__date__gte=data["since"])
        if data.get("until"):
            events = events.filter(created_at__date__lte=data["until"])
        return events


def _filtered(request):
    member = request.member
    if member is None or not can_view_audit_event(member):
        raise PermissionDenied("The audit trail is for admins.")
    events = AuditEvent.objects.visible_to(member)
    form = TrailFilter(events, member, request.GET or None)
    if form.is_bound and form.is_valid():
        events = form.apply(events)
    elif form.is_bound:
        events = events.none()
    return form, events.select_related("actor")


@login_required
def audit_trail(request):
    form, events = _filtered(request)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"nav": "audit", "form": form, "page": page, "query": query.urlencode()}
    return render(request, "audit/trail.html", context)


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class _Echo:
    def write(self, value):
        return value


@login_required
def audit_export(request):
    """The filtered trail as CSV, oldest first. The export is itself an audit event."""
    form, events = _filtered(request)
    do_record_export(request.member, {k: v for k, v in request.GET.items() if v})
    writer = csv.writer(_Echo())

    def rows():
        yield writer.writerow(
            ["when", "actor_id", "actor", "action", "target_type", "target_id", "data"]
        )
        for event in events.order_by("created_at", "id").iterator(chunk_size=2000):
            yield writer.writerow(
                [
                    safe_cell(event.created_at.isoformat()),
                    safe_cell(event.actor_id),
                    safe_cell(event.actor.display_name if event.actor else "system"),
                    safe_cell(event.action),
                    safe_cell(event.target_type),
                    safe_cell(event.target_id),
                    safe_cell(json.dumps(event.data, sort_keys=True, ensure_ascii=False)),
                ]
            )

    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-trail-{stamp}.csv"'
    return response
