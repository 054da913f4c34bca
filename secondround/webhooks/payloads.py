"""What each webhook event carries: ids, stages, times and outcomes, never a person's
ratings, evidence, notes, concerns' text or personal fields. A receiver that needs more asks
the API with a token, where the read filters decide what it may see.

``for_audit_event`` maps the audit trail's actions to webhook events (the write functions
already record every fact a webhook reports); ``for_stage_change`` covers stage moves, which
many write functions make through ``hiring.application_actions.change_stage``. docs/api.md
lists every payload: keep the two in step.
"""

from secondround.webhooks.models import Event


def _application(application) -> dict:
    return {
        "application_id": application.pk,
        "candidate_id": application.candidate_id,
        "job_id": application.job_id,
    }


def _round(round) -> dict | None:
    if round is None:
        return None
    return {"id": round.pk, "number": round.number, "name": round.name}


def candidate_created(candidate, data: dict) -> dict:
    from secondround.hiring.models import Application

    applications = Application.objects.filter(pk__in=data.get("applications", []))
    return {
        "candidate_id": candidate.pk,
        "applications": [
            {"application_id": a.pk, "job_id": a.job_id, "stage": a.stage}
            for a in applications.order_by("pk")
        ],
    }


def stage_changed(change) -> dict:
    return {
        **_application(change.application),
        "from_stage": change.from_stage or None,  # None: a new application
        "to_stage": change.to_stage,
        "round": _round(change.round),
        "moved_by_id": change.moved_by_id,
        "moved_at": change.moved_at,
    }


def interview_scheduled(interview, data: dict) -> dict:
    return {
        "interview_id": interview.pk,
        **_application(interview.application),
        "round": _round(interview.round),
        "starts_at": interview.starts_at,
        "ends_at": interview.ends_at,
        "interviewer_ids": sorted(data.get("interviewers", [])),
        "recorded_after": bool(data.get("recorded_after")),
    }


def scorecard_submitted(scorecard, data: dict) -> dict:
    # Which interviewer submitted, and when; never what they rated or recommended.
    interview = scorecard.interview
    return {
        "scorecard_id": scorecard.pk,
        "interview_id": interview.pk,
        **_application(interview.application),
        "author_id": scorecard.author_id,
        "version": scorecard.version,
        "submitted_at": scorecard.submitted_at,
    }


def concern_resolved(concern, data: dict) -> dict:
    # The outcome only: the concern's title, details and evidence stay inside.
    return {
        "concern_id": concern.pk,
        **_application(concern.application),
        "status": concern.status,
        "blocking": concern.blocking,
        "resolved_by_id": concern.resolved_by_id,
        "resolved_at": concern.resolved_at,
    }


def _decision(decision) -> dict:
    return {
        "decision_id": decision.pk,
        **_application(decision.application),
        "outcome": decision.outcome,
        "version": decision.version,
    }


def decision_proposed(decision, data: dict) -> dict:
    return {
        **_decision(decision),
        "revises_decision_id": decision.previous_id,
        "proposed_by_id": decision.proposed_by_id,
        "proposed_at": decision.proposed_at,
        "approver_ids": [s.approver_id for s in decision.steps.order_by("order")],
    }


def decision_made(decision, data: dict) -> dict | None:
    # Settled for good (approved or rejected); a decision sent back for more evidence is not
    # made yet, and its revision will be proposed again.
    if decision.status not in ("approved", "rejected"):
        return None
    return {**_decision(decision), "status": decision.status, "decided_at": decision.decided_at}


def candidate_withdrew(application, data: dict) -> dict:
    return {**_application(application), "cancelled_interview_ids": data.get("cancelled", [])}


# audit action -> (webhook event, payload builder). A builder may return None: no event.
FROM_AUDIT = {
    "candidate.added": (Event.CANDIDATE_CREATED, candidate_created),
    "interview.scheduled": (Event.INTERVIEW_SCHEDULED, interview_scheduled),
    "scorecard.submitted": (Event.SCORECARD_SUBMITTED, scorecard_submitted),
    "concern.closed": (Event.CONCERN_RESOLVED, concern_resolved),
    "decision.proposed": (Event.DECISION_PROPOSED, decision_proposed),
    "decision.resubmitted": (Event.DECISION_PROPOSED, decision_proposed),
    "decision.settled": (Event.DECISION_MADE, decision_made),
    "application.withdrawn": (Event.CANDIDATE_WITHDREW, candidate_withdrew),
}
