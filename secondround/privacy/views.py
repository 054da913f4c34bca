"""Admins' pages for candidates' personal data: the access export, erasure, retention."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from secondround.errors import NotAllowed
from secondround.forms import posted, status_for, submit
from secondround.hiring.models import Candidate
from secondround.privacy.actions import (
    do_erase_candidate,
    do_export_candidate_data,
    do_save_retention_policy,
    may_manage_personal_data,
)
from secondround.privacy.forms import EraseForm, RetentionForm
from secondround.privacy.models import Erasure, RetentionPolicy


def _admin_candidate(request, pk) -> Candidate:
    """The candidate, for an admin of their organisation: another organisation's is a 404,
    any other role a 403."""
    member = request.member
    candidate = get_object_or_404(Candidate.objects.visible_to(member), pk=pk)
    if not may_manage_personal_data(member, candidate.organisation_id):
        raise PermissionDenied("Only admins handle candidates' personal data.")
    return candidate


def _privacy_page(request, candidate, form, status=200):
    erasure = Erasure.objects.visible_to(request.member).filter(candidate=candidate).first()
    context = {"nav": "candidates", "candidate": candidate, "form": form, "erasure": erasure}
    return render(request, "privacy/candidate.html", context, status=status)


@login_required
def candidate_privacy(request, pk):
    candidate = _admin_candidate(request, pk)
    return _privacy_page(request, candidate, EraseForm())


@require_POST
@login_required
def erase(request, pk):
    candidate = _admin_candidate(request, pk)
    form = EraseForm(request.POST)
    if form.is_valid():
        erased = submit(
            form,
            do_erase_candidate,
            request.member,
            candidate,
            confirmation=form.cleaned_data["confirmation"],
        )
        if erased is not None:
            messages.success(request, "The candidate was anonymised.")
            return redirect("candidate", candidate.pk)
    return _privacy_page(request, candidate, form, status_for(form))


def _download_name(candidate, extension) -> str:
    return f"access-request-{slugify(candidate.name) or candidate.pk}.{extension}"


@login_required
def access_json(request, pk):
    candidate = _admin_candidate(request, pk)
    data = _exported(request, candidate, "json")
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
    )
    return _as_download(response, _download_name(candidate, "json"))


@login_required
def access_html(request, pk):
    candidate = _admin_candidate(request, pk)
    data = _exported(request, candidate, "html")
    page = render_to_string("privacy/access_export.html", {"record": data})
    response = HttpResponse(page, content_type="text/html; charset=utf-8")
    return _as_download(response, _download_name(candidate, "html"))


def _exported(request, candidate, file_format) -> dict:
    try:
        return do_export_candidate_data(request.member, candidate, file_format)
    except NotAllowed as refused:
        raise PermissionDenied(refused.message) from refused


def _as_download(response, filename):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def retention_settings(request):
    member = request.member
    if not may_manage_personal_data(member):
        raise PermissionDenied("Only admins set the retention policy.")
    policy = RetentionPolicy.objects.visible_to(member).first()
    initial = {"enabled": policy.enabled, "months": policy.months} if policy else {"months": 24}
    form = RetentionForm(posted(request), initial=initial)
    if form.is_valid():
        saved = submit(form, do_save_retention_policy, member, **form.cleaned_data)
        if saved is not None:
            messages.success(request, "Retention policy saved.")
            return redirect("retention_settings")
    context = {"nav": "retention", "form": form, "policy": policy}
    return render(request, "privacy/retention.html", context, status=status_for(form))
