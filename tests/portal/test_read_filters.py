"""Every portal model's visible_to agrees with its rules view predicate, over every role
of the cast: the hiring team of the application sees its portal records, nobody else."""

import pytest
import rules

from secondround.portal import actions
from secondround.portal.models import CandidateRequest, PortalDocument, PortalOutcome, RequestKind

# Who sees Dana's portal records (as her application): oversight, her hiring manager, her
# interviewers. Not nora (no panel), not vera (no decision yet), never Globex.
DANA = {"alice", "harry", "ivy", "ian"}
ROLES = ["alice", "harry", "ivy", "ian", "nora", "vera", "oscar"]


@pytest.fixture
def records(cast, portal):
    actions.do_save_values(cast.alice, "How we work.")
    actions.do_save_intro(cast.ivy, "Hello.")
    actions.do_set_outcome_message(cast.harry, cast.dana_app, "Thanks.")
    request = CandidateRequest.objects.create(
        application=cast.dana_app, kind=RequestKind.RESCHEDULE, message="Mornings"
    )
    document = PortalDocument.objects.create(
        application=cast.dana_app, file="portal/x.pdf", original_name="x.pdf",
        content_type="application/pdf", size=1,
    )  # fmt: skip
    acme = {"alice", "harry", "ivy", "ian", "nora", "vera"}
    return {
        "link": (portal.link, DANA),  # as the candidate
        "topic": (portal.topic, DANA),
        "document": (document, DANA),
        "request": (request, DANA),
        "outcome": (PortalOutcome.objects.get(), DANA),
        "values": (cast.acme.portal_values, acme),
        "intro": (cast.ivy.portal_intro, acme),
    }


@pytest.mark.parametrize("name", ["link", "topic", "document", "request", "outcome", "values",
                                  "intro"])  # fmt: skip
@pytest.mark.parametrize("who", ROLES)
def test_read_filter_and_predicate_agree(cast, records, name, who):
    obj, seers = records[name]
    member = getattr(cast, who)
    model = type(obj)
    in_queryset = model.objects.visible_to(member).filter(pk=obj.pk).exists()
    perm = f"portal.view_{model._meta.model_name}"
    assert in_queryset is (who in seers), (name, who)
    assert rules.has_perm(perm, member.user, obj) is in_queryset, (name, who)
