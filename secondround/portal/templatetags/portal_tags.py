"""Small includes that show, on members' pages, what the candidate sent from the portal."""

from django import template

from secondround.portal.models import CandidateRequest, PortalDocument, PortalLink
from secondround.portal.rules import may_manage_candidate_portal, may_manage_portal_for

register = template.Library()


@register.inclusion_tag("portal/team/_candidate_answer.html", takes_context=True)
def portal_answer(context, concern):
    """The candidate's answer to a shared concern, next to the concern (kit, application).
    The page loads the topics of all its concerns first, in one query
    (portal.team_topics.attach_portal_topics)."""
    if not concern.shared_with_candidate:
        return {"topic": None}  # answers show while the topic is shared
    candidate = context.get("candidate")
    first_name = candidate.first_name if candidate else "The candidate"
    return {"topic": concern.loaded_portal_topic, "first_name": first_name}


@register.inclusion_tag("portal/team/_application_portal.html", takes_context=True)
def portal_activity(context, application, manage=True):
    """Documents from the candidate; on the application page (``manage``) also their
    requests to reschedule or withdraw, and the hiring team's links to the portal pages."""
    member = context["request"].member
    documents = PortalDocument.objects.visible_to(member).filter(application=application)
    if not manage:
        return {"application": application, "documents": documents, "in_kit": True}
    return {
        "application": application,
        "documents": documents,
        "requests": CandidateRequest.objects.visible_to(member).filter(application=application),
        "may_run_portal": may_manage_portal_for(member, application),
    }


@register.inclusion_tag("portal/team/_candidate_link.html", takes_context=True)
def portal_link_box(context, candidate):
    """On the candidate's page: the prep portal link's state and the buttons to send it,
    for those who run the candidate's portal."""
    member = context["request"].member
    if not may_manage_candidate_portal(member, candidate):
        return {"shown": False}
    live = PortalLink.objects.visible_to(member).live().filter(candidate=candidate).first()
    return {"shown": True, "candidate": candidate, "live": live}
