"""The hiring team's side of the portal: links, shared topics, outcome messages, the values
page, members' introductions and the candidates' documents."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from secondround.concerns.models import Concern
from secondround.errors import ActionError, forbid_if_not_allowed
from secondround.forms import posted, status_for, submit
from secondround.hiring.models import Application, Candidate
from secondround.portal import actions
from secondround.portal.forms import IntroForm, OutcomeForm, ShareTopicForm, ValuesForm
from secondround.portal.models import (
    MemberIntro,
    OrganisationValues,
    PortalDocument,
    PortalLink,
    PortalOutcome,
    PortalTopic,
)
from secondround.portal.rules import (
    is_decided,
    may_manage_candidate_portal,
    may_manage_portal_for,
)


def _base_url(request) -> str:
    """Links in e-mails use the configured public address; without one, this request's."""
    return settings.SECONDROUND_BASE_URL or request.build_absolute_uri("/")


def _candidate_for(member, pk) -> Candidate:
    candidate = get_object_or_404(Candidate.objects.visible_to(member), pk=pk)
    if not may_manage_candidate_portal(member, candidate):
        raise PermissionDenied("Only recruiters, admins and the hiring manager manage the portal.")
    return candidate


@login_required
def candidate_portal(request, pk, new_link=None):
    """The candidate's portal as the team runs it: the link, and per application the outcome
    message. ``new_link``: a URL just issued, shown this once."""
    member = request.member
    candidate = _candidate_for(member, pk)
    applications = Application.objects.visible_to(member).filter(candidate=candidate)
    outcomes = {o.application_id: o for o in PortalOutcome.objects.visible_to(member)}
    rows = [
        {
            "application": a,
            "decided": is_decided(a),
            "may_write": may_manage_portal_for(member, a),
            "form": OutcomeForm(
                initial={"message": outcomes[a.pk].message if a.pk in outcomes else ""},
                prefix=f"app{a.pk}",
            ),
        }
        for a in applications.select_related("job")
    ]
    context = {
        "nav": "candidates",
        "candidate": candidate,
        "live": PortalLink.objects.visible_to(member).live().filter(candidate=candidate).first(),
        "new_link": new_link,
        "rows": rows,
    }
    return render(request, "portal/team/candidate_portal.html", context)


@login_required
@require_POST
def send_link(request, pk):
    candidate = _candidate_for(request.member, pk)
    base = _base_url(request)
    try:
        actions.do_send_portal_link(request.member, candidate, base)
    except ActionError as error:
        forbid_if_not_allowed(error)
        raise
    messages.success(request, f"A new private link is on its way to {candidate.email}.")
    return redirect("candidate_portal", candidate.pk)


@login_required
@require_POST
def copy_link(request, pk):
    """Issue a link and show it once: only its hash is stored."""
    candidate = _candidate_for(request.member, pk)
    _, token = actions.do_issue_portal_link(request.member, candidate)
    url = actions.portal_url(_base_url(request), token)
    return candidate_portal(request, pk, new_link=url)


@login_required
@require_POST
def revoke_link(request, pk):
    candidate = _candidate_for(request.member, pk)
    actions.do_revoke_portal_link(request.member, candidate)
    messages.success(request, "The link no longer works.")
    return redirect("candidate_portal", candidate.pk)


@login_required
@require_POST
def set_outcome(request, pk):
    member = request.member
    application = get_object_or_404(Application.objects.visible_to(member), pk=pk)
    form = OutcomeForm(request.POST, prefix=f"app{application.pk}")
    if form.is_valid() and submit(
        form, actions.do_set_outcome_message, member, application, form.cleaned_data["message"]
    ):
        messages.success(request, "The candidate will read this message on their page.")
    elif form.errors:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("candidate_portal", application.candidate_id)


@login_required
def shared_topics(request, pk):
    """Where the hiring team writes each concern's candidate wording and shares it."""
    member = request.member
    application = get_object_or_404(
        Application.objects.visible_to(member).select_related("job", "candidate"), pk=pk
    )
    if not may_manage_portal_for(member, application):
        raise PermissionDenied("Only the hiring team chooses what the candidate sees.")
    concern_id = request.POST.get("concern") if request.method == "POST" else None
    bound = None
    if concern_id:
        concern = get_object_or_404(
            Concern.objects.visible_to(member), pk=concern_id, application=application
        )
        if request.POST.get("stop"):
            actions.do_unshare_topic(member, concern)
            messages.success(request, "The candidate no longer sees this topic.")
            return redirect("portal_shared_topics", application.pk)
        bound = ShareTopicForm(posted(request), prefix=f"c{concern.pk}")
        if bound.is_valid() and submit(
            bound, actions.do_share_topic, member, concern, bound.cleaned_data["wording"]
        ):
            messages.success(request, "Shared: the candidate can read it and answer.")
            return redirect("portal_shared_topics", application.pk)
    topics = {t.concern_id: t for t in PortalTopic.objects.visible_to(member)}
    rows = []
    for concern in Concern.objects.visible_to(member).filter(application=application):
        topic = topics.get(concern.pk)
        form = (
            bound
            if bound is not None and str(concern.pk) == concern_id
            else ShareTopicForm(
                initial={"wording": topic.candidate_wording if topic else ""},
                prefix=f"c{concern.pk}",
            )
        )
        rows.append({"concern": concern, "topic": topic, "form": form})
    context = {"nav": "candidates", "application": application, "rows": rows}
    return render(request, "portal/team/shared_topics.html", context, status=_status(bound))


def _status(form) -> int:
    return status_for(form) if form is not None else 200


@login_required
def values_editor(request):
    member = request.member
    if not member.has_oversight:
        raise PermissionDenied("Only admins and recruiters edit the values page.")
    current = OrganisationValues.objects.visible_to(member).first()
    form = ValuesForm(posted(request), initial={"text": current.text if current else ""})
    if form.is_valid() and submit(form, actions.do_save_values, member, form.cleaned_data["text"]):
        messages.success(request, "Saved. Candidates see it from rounds that assess values.")
        return redirect("portal_values")
    context = {"nav": "portal_values", "form": form, "current": current}
    return render(request, "portal/team/values.html", context, status=status_for(form))


@login_required
def my_intro(request):
    member = request.member
    current = MemberIntro.objects.filter(member=member).first()
    form = IntroForm(posted(request), initial={"text": current.text if current else ""})
    if form.is_valid() and submit(form, actions.do_save_intro, member, form.cleaned_data["text"]):
        messages.success(request, "Saved. Candidates you will meet can read it.")
        return redirect("my_intro")
    context = {"nav": "settings", "form": form, "current": current}
    return render(request, "portal/team/intro.html", context, status=status_for(form))


@login_required
def document(request, pk):
    """A candidate's document, for members who may see the application; never inline."""
    found = get_object_or_404(PortalDocument.objects.visible_to(request.member), pk=pk)
    response = FileResponse(
        found.file.open("rb"),
        as_attachment=True,
        filename=found.original_name,
        content_type=found.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
