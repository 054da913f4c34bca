"""A member's settings (notifications, working hours, calendar feed), the interview's .ics,
the personal calendar feed, and an interview's delivery log for admins."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from secondround.forms import status_for, submit
from secondround.hiring.models import Interview
from secondround.notifications.actions import (
    do_remove_calendar_feed,
    do_reset_calendar_feed,
    do_save_preferences,
)
from secondround.notifications.calendar import base_url, feed_ics, member_ics
from secondround.notifications.forms import PreferencesForm
from secondround.notifications.models import (
    PREFERENCE_CHOICES,
    CalendarFeed,
    Notification,
    NotificationPreference,
)
from secondround.scheduling.actions import do_save_working_hours
from secondround.scheduling.forms import WorkingHoursForm
from secondround.scheduling.models import hours_of
from secondround.scorecards.access import ensure_may_open_kit, interview_for
from secondround.timezones import zone_of

FEED_PAST = timedelta(days=60)


def _settings_page(request, *, preferences=None, hours=None, feed_url=None, status=200):
    member = request.member
    muted = getattr(NotificationPreference.objects.filter(member=member).first(), "muted", [])
    receive = [code for code, _ in PREFERENCE_CHOICES if code not in muted]
    start, end, days = hours_of(member)
    context = {
        "nav": "settings",
        "preferences": preferences or PreferencesForm(initial={"receive": receive}),
        "hours": hours or WorkingHoursForm(initial={"start": start, "end": end, "days": days}),
        "zone": zone_of(member.timezone).key,
        "feed": CalendarFeed.objects.filter(member=member).first(),
        "feed_url": feed_url,
    }
    return render(request, "notifications/settings.html", context, status=status)


@login_required
def my_settings(request):
    if request.member is None:
        raise PermissionDenied
    return _settings_page(request)


@login_required
@require_POST
def save_preferences(request):
    form = PreferencesForm(request.POST)
    if form.is_valid() and submit(
        form, do_save_preferences, request.member, receive=form.cleaned_data["receive"]
    ):
        messages.success(request, "Your e-mail choices are saved.")
        return redirect("my_settings")
    return _settings_page(request, preferences=form, status=status_for(form))


@login_required
@require_POST
def save_working_hours(request):
    form = WorkingHoursForm(request.POST)
    if form.is_valid() and submit(form, do_save_working_hours, request.member, **form.cleaned_data):
        messages.success(request, "Your working hours are saved.")
        return redirect("my_settings")
    return _settings_page(request, hours=form, status=status_for(form))


@login_required
@require_POST
def reset_feed(request):
    """The new URL is shown on this response only: it is not kept anywhere to show again."""
    if "remove" in request.POST:
        do_remove_calendar_feed(request.member)
        messages.success(request, "Your calendar feed is switched off.")
        return redirect("my_settings")
    raw = do_reset_calendar_feed(request.member)
    return _settings_page(request, feed_url=base_url() + reverse("calendar_feed", args=[raw]))


def calendar_feed(request, token: str):
    """The member's interviews as a calendar to subscribe to; the secret in the URL is the
    only credential, so an unknown or reset one is a plain 404."""
    feed = (
        CalendarFeed.objects.filter(token_hash=CalendarFeed.hash_token(token))
        .select_related("member")
        .first()
    )
    if feed is None or not feed.member.active:
        raise Http404
    member = feed.member
    interviews = (
        Interview.objects.visible_to(member)
        .filter(interviewers=member, ends_at__gte=timezone.now() - FEED_PAST)
        .select_related("application__candidate", "application__job", "round")
        .prefetch_related("interviewers__user")
    )
    response = HttpResponse(
        feed_ics(member, interviews), content_type="text/calendar; charset=utf-8"
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def interview_ics(request, pk: int):
    member = request.member
    interview = interview_for(member, pk)
    ensure_may_open_kit(member, interview)
    response = HttpResponse(
        member_ics(interview, zone_of(member.timezone)), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="interview-{interview.pk}.ics"'
    return response


@login_required
def delivery_log(request, pk: int):
    member = request.member
    interview = interview_for(member, pk)
    if not member.is_admin:
        raise PermissionDenied("The delivery log is for admins.")
    rows = (
        Notification.objects.visible_to(member)
        .filter(interview=interview)
        .order_by("created_at", "pk")
    )
    context = {
        "interview": interview,
        "candidate": interview.application.candidate,
        "job": interview.application.job,
        "rows": rows,
        "zone": zone_of(member.timezone),
    }
    return render(request, "notifications/delivery_log.html", context)
