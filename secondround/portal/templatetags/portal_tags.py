"""Small includes that show, on members' pages, what the candidate sent from the portal."""

from django import template

from secondround.portal.models import CandidateRequest, PortalDocument, PortalTopic
from secondround.portal.rules import may_manage_portal_for

register = template.Library()


@register.inclusion_tag("portal/team/_candidate_answer.html", takes_context=True)
def portal_answer(context, concern):
    """The candidate's answer to a shared concern, next to the concern (kit, application)."""
    member = context["request"].member
    topic = PortalTopic.objects.visible_to(member).filter(concern=concern).first()
    return {"topic": topic, "first_name": concern.application.candidate.first_name}


@register.inclusion_tag("portal/team/_application_portal.html", takes_context=True)
def portal_activity(context, application, manage=True):
    """Documents and requests from the candidate; on the application page, the team's links."""
    member = context["request"].member
    return {
        "application": application,
        "documents": PortalDocument.objects.visible_to(member).filter(application=application),
        "requests": CandidateRequest.objects.visible_to(member).filter(application=application),
        "may_run_portal": manage and may_manage_portal_for(member, application),
    }
