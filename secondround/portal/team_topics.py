"""The topics a hiring team shared with the candidate, loaded for the team's pages."""

from secondround.portal.models import PortalTopic


def attach_portal_topics(member, concerns) -> None:
    """Load, in one query, the shared topics of ``concerns`` for ``portal_answer``; no query
    when none is shared with the candidate."""
    shared = [concern.pk for concern in concerns if concern.shared_with_candidate]
    topics = {}
    if shared:
        topics = {
            t.concern_id: t
            for t in PortalTopic.objects.visible_to(member).filter(concern_id__in=shared)
        }
    for concern in concerns:
        concern.loaded_portal_topic = topics.get(concern.pk)
