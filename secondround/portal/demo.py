"""The portal's part of the demo organisation: a values page, two introductions, the wording
of Dana's shared concern, and a live link printed by `secondround demo`."""

from secondround.hiring.models import Candidate
from secondround.portal import actions

DEMO_CANDIDATE_EMAIL = "dana.kim@example.com"

VALUES = """We build robots that work next to people, so we work closely with each other too.

Say what you think, kindly. We disagree in the open and decide together; once we decide, we \
all pull the same way.

Leave things better than you found them: the test, the runbook, the onboarding guide.

Ask for help early. Nobody here is expected to know everything, and the fastest way to \
learn is to ask."""

INTROS = {
    "ana": "I build our data platform and care about pipelines that fail loudly. "
    "Ask me about our move to streaming.",
    "chen": "I manage the data team of seven. I like hearing how people work together when "
    "things go wrong.",
}

SHARED_WORDING = (
    "We'd love to hear about a data pipeline you ran in production that broke: what happened, "
    "and what you changed afterwards. Streaming examples are especially welcome."
)


def seed_portal(admin, hiring_manager, members: dict, shared_concern) -> None:
    """Called by the demo seed, inside its transaction, through the write functions."""
    actions.do_save_values(admin, VALUES)
    for key, text in INTROS.items():
        actions.do_save_intro(members[key], text)
    actions.do_share_topic(hiring_manager, shared_concern, SHARED_WORDING)


def demo_portal_link(organisation, admin_email: str = "admin@demo.test") -> tuple[str, str]:
    """A fresh live link for the demo candidate (the previous one stops working): only its
    hash is stored, so each run of `secondround demo` issues and prints a new one.
    Returns (candidate name, path)."""
    candidate = Candidate.objects.get(organisation=organisation, email=DEMO_CANDIDATE_EMAIL)
    admin = organisation.members.get(user__email=admin_email)
    _, token = actions.do_issue_portal_link(admin, candidate)
    return candidate.name, f"/p/{token}/"
