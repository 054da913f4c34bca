from tests.conftest import fill_scorecard


def test_cast_builds_a_loop_and_a_submitted_scorecard_is_audited(cast):
    from secondround.audit.models import AuditEvent

    card = fill_scorecard(cast.ivy, cast.dana_r1, value=4)
    assert card.is_submitted and card.version == 1
    assert AuditEvent.objects.filter(action="scorecard.submitted", target_id=card.pk).exists()
