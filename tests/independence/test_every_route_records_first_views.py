"""Walk every route of the web app, the API and the admin site's scorecard records. A route
that shows colleagues' feedback on Dana (their evidence, or calibrated figures built from
it) records Alice's first view; every other route shows none of it. A new route fails here
until it is put in one of the two lists."""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from secondround.accounts.actions import do_create_api_token
from secondround.api.api import api
from secondround.calibration.actions import do_refresh_calibration
from secondround.decisions.actions import do_propose_decision
from secondround.scorecards.models import FeedbackView, Scorecard
from tests.blind_feedback.conftest import put_on_dana_panel
from tests.conftest import fill_scorecard

# Routes whose page shows colleagues' feedback, or figures built from it.
SHOWS_FEEDBACK = {
    "application",
    "interview_kit",
    "compare",
    "propose_decision",
    "decision_record",
    # Colleagues' ratings (of the jobs the reader is not blind on), and everything held
    # about a candidate, scorecards included (refused while the reader owes one).
    "ratings_csv",
    "candidate_access_json",
    "candidate_access_html",
}
# Everything else (POST-only routes answer 405 to GET, which is fine here).
NO_FEEDBACK = {
    # The import pages show the uploaded file, never ratings already held.
    "import_upload",
    "import_preview",
    "import_confirm",
    "healthz",
    "login",
    "logout",
    "password_change",
    "password_change_done",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "home",
    "decision",
    "give_verdict",
    "withdraw_decision",
    "approvals",
    "jobs",
    "job_new",
    "job_setup",
    "competency_new",
    "competency_edit",
    "round_new",
    "round_edit",
    "candidates",
    "calibration_report",
    "recalibrate",
    "calibration_status",
    "scorecard",
    "scorecard_draft",
    "scorecard_submit",
    "scorecard_raise_concern",
    "scorecard_resolve_concern",
    "scorecard_edit",
    "questions",
    "question_edit",
    "question_active",
    "competency_library",
    "library_new",
    "library_edit",
    "copy_from_library",
    # A refused note re-renders the application page, which records the view itself.
    "note_add",
    "note_edit",
    "close_concern",
    "audit_trail",
    "audit_export",
    "team",
    "webhooks",
    "webhook_add",
    "webhook_settings",
    "webhook_edit",
    "webhook_rotate",
    "webhook_delete",
    "webhook_deliveries",
    "webhook_send_again",
    "member_roles",
    "member_deactivate",
    "member_reactivate",
    "invitation_resend",
    "invitation_revoke",
    "reassign_step",
    "reassign_concern",
    "accept_invitation",
    "two_factor_verify",
    "two_factor",
    "two_factor_enrol",
    "two_factor_recovery_codes",
    "two_factor_disable",
    "security_settings",
    "api_tokens",
    "api_token_revoke",
    "candidate",
    "candidate_cv",
    "candidate_new",
    "pipeline",
    "advance",
    "move_stage",
    "reject",
    "withdraw",
    "interview_new",
    "interview_edit",
    "interview_cancel",
    "approval_policy",
    "assign_concern",
    "job_concerns",
    # Settings, calendar files, scheduling and the delivery log (notifications).
    "my_settings",
    "save_preferences",
    "save_working_hours",
    "reset_calendar_feed",
    "calendar_feed",
    "interview_ics",
    "delivery_log",
    "schedule_round_day",
    # The candidate's portal and the team's portal pages.
    "portal_home",
    "portal_candidate_values",
    "portal_ics",
    "portal_answer",
    "portal_documents",
    "portal_reschedule",
    "portal_withdraw",
    "candidate_portal",
    "portal_send_link",
    "portal_copy_link",
    "portal_revoke_link",
    "portal_set_outcome",
    "portal_shared_topics",
    "portal_values",
    "my_intro",
    "portal_document",
    # Candidates' personal data (secondround/privacy): the page, erasure and retention.
    "candidate_privacy",
    "candidate_erase",
    "retention_settings",
}
API_SHOWS_FEEDBACK = {"list_scorecards", "latest_calibration"}
API_NO_FEEDBACK = {
    "me",
    "list_jobs",
    "get_job",
    "list_competencies",
    "get_competency",
    "list_rounds",
    "get_round",
    "list_members",
    "get_member",
    "list_invitations",
    "list_candidates",
    "get_candidate",
    "list_applications",
    "get_application",
    "list_interviews",
    "get_interview",
    "list_concerns",
    "get_concern",
    "list_decisions",
    "get_decision",
}
ADMIN_SHOWS_FEEDBACK = ["scorecards/scorecard", "scorecards/rating", "scorecards/scorecardversion"]

EVIDENCE = "saw Problem solving at"  # tests.conftest.fill_scorecard writes it
FIGURES = ("probability of being the strongest", "p_best", "raw_mean")


def web_routes():
    """(name, route) for every named pattern outside the admin site and the API."""
    found = []

    def walk(patterns, prefix=""):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                if not route.startswith(("admin/", "api/")):
                    walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern) and pattern.name:
                found.append((pattern.name, route))

    walk(get_resolver().url_patterns)
    return found


def short_name(operation_id: str) -> str:
    """The view's name ("list_scorecards"), whether or not the id carries its module path."""
    for name in API_SHOWS_FEEDBACK | API_NO_FEEDBACK:
        if operation_id == name or operation_id.endswith("_" + name):
            return name
    return operation_id


def api_get_operations():
    schema = api.get_openapi_schema()
    return [
        (short_name(operation["operationId"]), path)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
        if method == "get"
    ]


@pytest.fixture
def scene(cast):
    fill_scorecard(cast.ivy, cast.dana_r1, value=4)
    fill_scorecard(cast.ian, cast.dana_r1, value=4)
    fill_scorecard(cast.ivy, cast.luis_r1, value=2)
    fill_scorecard(cast.ian, cast.luis_r1, value=2)
    do_refresh_calibration(cast.acme.pk)
    cast.decision = do_propose_decision(
        cast.harry,
        cast.dana_app,
        outcome="hire",
        summary="Yes",
        rationale={},
        approvers=[cast.vera],
    )
    cast.card = Scorecard.objects.get(author=cast.ian, interview=cast.dana_r1)
    FeedbackView.objects.all().delete()
    return cast


def url_for(cast, name, route) -> str:
    first = route.split("/")[0]
    pk = {
        "applications": cast.dana_app.pk,
        "decisions": cast.decision.pk,
        "interviews": cast.dana_r1.pk,
        "jobs": cast.job.pk,
        "scorecards": cast.card.pk,
        "candidates": cast.dana.pk,
    }.get(first, 999999)
    kwargs = {}
    for key in ("pk", "job_pk", "competency_pk", "round_pk", "concern_pk", "uidb64", "token"):
        if f"<int:{key}>" in route:
            kwargs[key] = {"job_pk": cast.job.pk, "competency_pk": cast.problem.pk}.get(
                key, cast.round1.pk if key == "round_pk" else pk
            )
        elif f"<{key}>" in route or f"<str:{key}>" in route:
            kwargs[key] = "x"
    return reverse(name, kwargs=kwargs)


def api_url(cast, path) -> str:
    return (
        path.replace("{application_id}", str(cast.dana_app.pk))
        .replace("{interview_id}", str(cast.dana_r1.pk))
        .replace("{decision_id}", str(cast.decision.pk))
        .replace("{concern_id}", "999999")
        .replace("{job_id}", str(cast.job.pk))
        .replace("{competency_id}", str(cast.problem.pk))
        .replace("{round_id}", str(cast.round1.pk))
        .replace("{member_id}", str(cast.ian.pk))
        .replace("{candidate_id}", str(cast.dana.pk))
    )


def seen(cast) -> bool:
    return FeedbackView.objects.filter(member=cast.alice, application=cast.dana_app).exists()


def body_of(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def shows_feedback(body: str) -> bool:
    return EVIDENCE in body or any(figure in body for figure in FIGURES)


def test_every_route_is_classified():
    names = {name for name, _ in web_routes()}
    assert names - SHOWS_FEEDBACK - NO_FEEDBACK == set(), "classify the new route"
    operations = {op for op, _ in api_get_operations()}
    assert operations - API_SHOWS_FEEDBACK - API_NO_FEEDBACK == set()


def get_everything(cast, client):
    """Yield (what, shows_feedback_route, response) for every GET route as Alice."""
    client.force_login(cast.alice.user)
    for name, route in web_routes():
        url = url_for(cast, name, route)
        yield name, name in SHOWS_FEEDBACK, client.get(url)
        if name == "compare":
            yield "compare raw", True, client.get(url + "?view=raw")
            yield (
                "compare fragment",
                True,
                client.get(url + "?view=raw", headers={"HX-Request": "true"}),
            )
    token = do_create_api_token(None, cast.alice, "tests")[1]
    api_client = Client(headers={"Authorization": f"Bearer {token}"})
    for operation, path in api_get_operations():
        yield operation, operation in API_SHOWS_FEEDBACK, api_client.get(api_url(cast, path))
    for model in ADMIN_SHOWS_FEEDBACK:
        yield model, True, client.get(f"/admin/{model}/")
    yield "admin scorecard", True, client.get(f"/admin/scorecards/scorecard/{cast.card.pk}/change/")
    rating = cast.card.ratings.first()
    yield "admin rating", True, client.get(f"/admin/scorecards/rating/{rating.pk}/change/")
    version = cast.card.versions.first()
    yield (
        "admin version",
        True,
        client.get(f"/admin/scorecards/scorecardversion/{version.pk}/change/"),
    )


def test_each_route_that_shows_feedback_records_the_first_view(scene, client):
    checked = 0
    for what, shows, response in get_everything(scene, client):
        assert response.status_code < 500, what
        if shows:
            assert response.status_code == 200, what
            assert seen(scene), f"{what} showed feedback without recording the first view"
            checked += 1
        else:
            body = body_of(response)
            assert not shows_feedback(body), f"{what} shows feedback: list it in SHOWS_FEEDBACK"
        FeedbackView.objects.all().delete()
    assert checked == len(SHOWS_FEEDBACK) + 2 + len(API_SHOWS_FEEDBACK) + 6


def test_no_route_records_or_shows_dana_while_the_reader_is_blind(scene, client):
    put_on_dana_panel(scene, scene.alice)
    for what, _, response in get_everything(scene, client):
        assert response.status_code < 500, what
        assert not seen(scene), what
        assert f"{scene.ian} saw Problem solving at 4" not in body_of(response), what
