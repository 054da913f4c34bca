"""Schedule a round-2 day in one step: pick a date, a start time and the slots with their
panels, review the times and any conflicts, then confirm; every invitation goes out together."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from secondround.forms import posted, status_for, submit
from secondround.hiring.models import Application, Round
from secondround.scheduling.actions import Slot, do_schedule_round_day, may_schedule, plan_day
from secondround.scheduling.forms import RoundDayForm, next_weekday
from secondround.scheduling.warnings import scheduling_warnings


def _round_for(request, application) -> Round:
    rounds = Round.objects.visible_to(request.member).filter(job=application.job)
    chosen = request.POST.get("round") or request.GET.get("round")
    if chosen and chosen.isdigit():
        return get_object_or_404(rounds, pk=int(chosen))
    default = rounds.filter(number=2).first() or rounds.order_by("-number").first()
    if default is None:
        raise PermissionDenied("This job has no rounds yet: add one in the job's setup.")
    return default


def _review(member, form, round) -> list[dict]:
    data = form.cleaned_data
    slots = form.slots()
    times = plan_day(
        data["date"], data["start"], data["timezone"], [m for m, _ in slots], data["break_minutes"]
    )
    return [
        {
            "number": number,
            "starts_at": starts_at,
            "ends_at": ends_at,
            "panel": panel,
            "warnings": scheduling_warnings(member, panel, starts_at, ends_at),
        }
        for number, ((starts_at, ends_at), (_, panel)) in enumerate(zip(times, slots), start=1)
    ]


@login_required
def round_day(request, pk: int):
    member = request.member
    application = get_object_or_404(
        Application.objects.visible_to(member).select_related("candidate", "job"), pk=pk
    )
    if not may_schedule(member, application):
        raise PermissionDenied("Only recruiters, admins and the job's hiring manager schedule.")
    round = _round_for(request, application)
    panel = round.panel.filter(active=True).order_by("display_name")
    initial = {
        "date": next_weekday(timezone.localdate()),
        "start": "10:00",
        "timezone": member.timezone or "UTC",
        "break_minutes": 15,
    }
    form = RoundDayForm(posted(request), panel=panel, initial=initial)
    review = None
    if request.method == "POST" and form.is_valid():
        review = _review(member, form, round)
        if "confirm" in request.POST:
            slots = [Slot(s["starts_at"], s["ends_at"], s["panel"]) for s in review]
            scheduled = submit(
                form,
                do_schedule_round_day,
                member,
                application,
                round,
                slots,
                location=form.cleaned_data["location"],
                video_link=form.cleaned_data["video_link"],
            )
            if scheduled:
                messages.success(
                    request,
                    f"{len(slots)} interview{'s' if len(slots) > 1 else ''} scheduled for "
                    f"{application.candidate.name}. The invitations are on their way.",
                )
                return redirect("application", pk=application.pk)
    context = {
        "nav": "candidates",
        "application": application,
        "candidate": application.candidate,
        "job": application.job,
        "round": round,
        "rounds": Round.objects.visible_to(member).filter(job=application.job),
        "panel": panel,
        "form": form,
        "review": review,
        "zone": form.cleaned_data["timezone"] if review else None,
    }
    return render(request, "scheduling/round_day.html", context, status=status_for(form))
