"""The candidate's pages, opened with their private link (no account).

Every response is private: not indexed (X-Robots-Tag and the page's robots meta), no
Referer sent on (so the link never leaks to another site), not cached, and built from the
portal's own small templates and stylesheet (no third-party resource).
"""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from secondround.forms import posted, status_for, submit
from secondround.hiring.models import Application, Interview
from secondround.notifications.calendar import candidate_ics
from secondround.portal import actions
from secondround.portal.access import LinkNotValid, TooManyAttempts, open_link
from secondround.portal.forms import AnswerForm, RescheduleForm, UploadForm, WithdrawForm
from secondround.portal.models import OrganisationValues, PortalTopic
from secondround.portal.presenters import portal_page
from secondround.portal.rules import is_closed
from secondround.portal.uploads import ALLOWED_LABEL, human_size
from secondround.timezones import zone_of


def private(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "no-store, private"
    return response


def portal_view(view):
    """Open the link from the URL, or answer 404 (any bad link alike) or 429 (too many).

    No CSRF cookie check: with ``Referrer-Policy: no-referrer`` browsers send ``Origin: null``
    (and over HTTPS no Referer), which Django's CSRF check refuses. The link's token in the
    URL does that job instead: another site cannot forge a request to a URL it cannot know.
    """

    @csrf_exempt
    @wraps(view)
    def wrapper(request, token, *args, **kwargs):
        try:
            link = open_link(request, token)
        except TooManyAttempts:
            response = render(request, "portal/blocked.html", status=429)
            response["Retry-After"] = str(settings.PORTAL_LOCKOUT_SECONDS)
        except LinkNotValid:
            response = render(request, "portal/invalid.html", status=404)
        else:
            request.portal_link_token = token
            try:
                # Times on the candidate's pages are in the candidate's own zone.
                with timezone.override(zone_of(link.candidate.timezone)):
                    response = view(request, link, *args, **kwargs)
            except Http404:  # the portal's own page, private like the others
                response = render(request, "portal/invalid.html", status=404)
        return private(response)

    return wrapper


def _render(request, link, template, context=None, status=200):
    base = {"token": request.portal_link_token, "organisation": link.candidate.organisation.name}
    return render(request, template, {**base, **(context or {})}, status=status)


def _open_application(link, pk) -> Application:
    application = (
        Application.objects.filter(candidate=link.candidate, pk=pk).select_related("job").first()
    )
    if application is None or is_closed(application):
        raise Http404
    return application


@portal_view
def home(request, link):
    return _render(request, link, "portal/home.html", {"page": portal_page(link.candidate)})


@portal_view
def values(request, link):
    found = OrganisationValues.objects.filter(organisation_id=link.candidate.organisation_id)
    return _render(request, link, "portal/values.html", {"values": found.first()})


@portal_view
def interview_ics(request, link, pk):
    interview = Interview.objects.filter(application__candidate=link.candidate, pk=pk).first()
    if interview is None or is_closed(interview.application):
        raise Http404
    response = HttpResponse(candidate_ics(interview), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="interview-{interview.pk}.ics"'
    return response


@portal_view
@require_http_methods(["GET", "POST"])
def answer_topic(request, link, pk):
    topic = (
        PortalTopic.objects.filter(
            pk=pk,
            concern__application__candidate=link.candidate,
            concern__shared_with_candidate=True,
        )
        .select_related("concern__application")
        .first()
    )
    if topic is None or is_closed(topic.concern.application):
        raise Http404
    form = AnswerForm(posted(request), initial={"answer": topic.answer})
    if form.is_valid() and submit(
        form, actions.do_answer_topic, link, topic, form.cleaned_data["answer"]
    ):
        messages.success(request, "Thank you: the panel will read your note before you meet.")
        return redirect("portal_home", request.portal_link_token)
    context = {"topic": topic, "form": form}
    return _render(request, link, "portal/answer.html", context, status_for(form))


@portal_view
@require_http_methods(["GET", "POST"])
def documents(request, link, pk):
    application = _open_application(link, pk)
    form = UploadForm(posted(request), request.FILES or None)
    if form.is_valid() and submit(
        form, actions.do_upload_document, link, application, form.cleaned_data["file"]
    ):
        messages.success(request, "Your document was uploaded. The team can see it now.")
        return redirect("portal_home", request.portal_link_token)
    context = {
        "application": application,
        "form": form,
        "uploaded": application.portal_documents.all(),
        "limit": human_size(settings.PORTAL_MAX_UPLOAD_BYTES),
        "allowed": ALLOWED_LABEL,
    }
    return _render(request, link, "portal/documents.html", context, status_for(form))


@portal_view
@require_http_methods(["GET", "POST"])
def reschedule(request, link, pk):
    application = _open_application(link, pk)
    form = RescheduleForm(posted(request))
    if form.is_valid() and submit(
        form, actions.do_request_reschedule, link, application, form.cleaned_data["message"]
    ):
        messages.success(request, "Your request was sent. The recruiter will get back to you.")
        return redirect("portal_home", request.portal_link_token)
    context = {"application": application, "form": form}
    return _render(request, link, "portal/reschedule.html", context, status_for(form))


@portal_view
@require_http_methods(["GET", "POST"])
def withdraw(request, link, pk):
    application = _open_application(link, pk)
    form = WithdrawForm(posted(request))
    if form.is_valid() and submit(
        form, actions.do_withdraw, link, application, form.cleaned_data["reason"]
    ):
        messages.success(request, "You have withdrawn. Thank you for your time with us.")
        return redirect("portal_home", request.portal_link_token)
    context = {"application": application, "form": form}
    return _render(request, link, "portal/withdraw.html", context, status_for(form))
