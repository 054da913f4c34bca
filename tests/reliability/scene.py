"""A bigger panel than the cast's, for the reliability tests: many interviews that took place
last week, each with a panel of three, so that many scorecards can be written at once."""

from datetime import timedelta

from django.utils import timezone

from secondround.hiring import actions as hiring
from tests.conftest import add_member


def panel_slots(cast, interviews: int, panel_size: int = 3) -> list[tuple[int, int]]:
    """Schedule ``interviews`` past interviews of the cast's job (round 1), each with
    ``panel_size`` of a pool of interviewers, and return every (interview id, member id) seat:
    one scorecard each."""
    pool = [cast.ivy, cast.ian] + [
        add_member(cast.acme, f"panelist{i}", "interviewer") for i in range(panel_size + 1)
    ]
    start = timezone.now() - timedelta(days=7)
    slots = []
    for i in range(interviews):
        candidate = hiring.do_add_candidate(
            cast.alice, name=f"Candidate {i:03}", email=f"candidate{i}@example.com"
        )
        application = hiring.do_apply(cast.alice, candidate, cast.job, stage="round_1")
        panel = [pool[(i + k) % len(pool)] for k in range(panel_size)]
        interview = hiring.do_schedule_interview(
            cast.alice,
            application,
            cast.round1,
            starts_at=start + timedelta(hours=i),
            ends_at=start + timedelta(hours=i, minutes=45),
            interviewers=panel,
        )
        slots += [(interview.pk, member.pk) for member in panel]
    return slots
