"""The authorization table: for every route, what each viewer gets.

A row says who may use the route (``may``) and who may see the object it is about without
acting on it (``sees``, who then get 403); every other signed-in member gets 404, and the
signed-out viewers (anonymous, a deactivated member's old session, a candidate holding a
portal link) are sent to sign in. Routes whose URL carries its own key (a portal link, a
calendar feed, an invitation) answer whoever holds the key.

Viewers (tests/permissions/conftest.py and tests/authorization/conftest.py): alice (admin and
recruiter), rita (recruiter), harry (hiring manager of the job), hank (hiring manager of
another job), ivy before and after she submits her scorecard on Dana, nora (interviewer on no
panel), vera (approver of Dana's decision), vince (approver on another chain), oscar (admin of
another organisation), anon, dee (deactivated), portal (Luis, holding his own portal link).
"""

LOGIN = "login"  # a 302 to the sign-in page

OVERSIGHT = {"alice", "rita"}
IVY = {"ivy_before", "ivy_after"}
ACME = OVERSIGHT | IVY | {"harry", "hank", "nora", "vera", "vince"}
MEMBERS = ACME | {"oscar"}  # signed in; oscar acts in his own organisation
SIGNED_OUT = {"anon", "dee", "portal"}
EVERYONE = MEMBERS | SIGNED_OUT

ADMINS = {"alice", "oscar"}  # each organisation's own admin
ACME_ADMINS = {"alice"}  # on an Acme record
OVERSIGHT_ANYWHERE = OVERSIGHT | {"oscar"}  # recruiters and admins, in their own organisation
HIRING_MANAGERS = {"harry", "hank"}
DANA_TEAM = OVERSIGHT | {"harry"}  # oversight and the job's hiring manager
DANA = DANA_TEAM | IVY | {"vera"}  # who sees Dana's application (her panel, her approver)
JOB = DANA  # who sees the job: the same people
DECISION = DANA_TEAM | {"vera"}
IVY_SEES_NOT = {"hank", "nora", "vince", "oscar"}


def outcome(viewer, may, sees, ok, denied=403, out=LOGIN):
    if viewer in SIGNED_OUT:
        return out
    if viewer in may:
        return ok
    return denied if viewer in sees else 404


def row(may, sees=MEMBERS, ok=200, denied=403, out=LOGIN):
    """{viewer: expected status} for a route guarded by membership and permission."""
    return {v: outcome(v, may, sees, ok, denied, out) for v in EVERYONE}


def same(status, **exceptions):
    """Everybody gets ``status`` (public pages, or keys in the URL), with named exceptions."""
    return {v: exceptions.get(v, status) for v in EVERYONE}


def page(may, sees=MEMBERS, post_ok=422, **kw):
    """A page with a form: GET shows it (200), an empty POST is refused by the form (422)."""
    return row(may, sees, 200, **kw), row(may, sees, post_ok, **kw)


def post_only(may, sees=MEMBERS, ok=302, get_signed_out=LOGIN, post_signed_out=LOGIN):
    """A POST-only route: GET is 405 (after the sign-in check where ``get_signed_out`` is
    LOGIN); an empty POST by those who may gives ``ok``."""
    get = {v: (get_signed_out if v in SIGNED_OUT else 405) for v in EVERYONE}
    return get, row(may, sees, ok, out=post_signed_out)


def admins_post_only(may, ok=302):
    """A POST-only admin route that checks the role before the method: a GET by a member who
    is not an admin is 403; a GET by any admin 405; a POST by another organisation's 404."""
    get = {v: 403 if v in ACME - ADMINS else (LOGIN if v in SIGNED_OUT else 405) for v in EVERYONE}
    return get, row(may, sees=ACME, ok=ok)


def own(ok_get=200, ok_post=200):
    """A member's own settings: every signed-in member, on their own record."""
    return row(MEMBERS, ok=ok_get), row(MEMBERS, ok=ok_post)


# A portal page, by a candidate's link: members try Dana's link (it opens, whoever holds it);
# "portal" is Luis, whose link does not open Dana's records.
def portal(get=200, post=200, luis_get=404, luis_post=404):
    return same(get, portal=luis_get), same(post, portal=luis_post)


WEB = {
    # Public: sign-in, password reset, health.
    "healthz": (same(200), same(200)),
    "login": (same(200), same(200)),
    "logout": (same(405), same(LOGIN)),
    "password_reset": (same(200), same(200)),
    "password_reset_done": (same(200), same(405)),
    "password_reset_confirm": (same(200), same(200)),  # an invalid link: a page that says so
    "password_reset_complete": (same(200), same(405)),
    "password_change": own(),
    "password_change_done": own(200, 405),
    "accept_invitation": (same(200), same(422)),  # the link is the key
    # Home, settings, one's own introduction and calendar.
    "home": own(200, 200),
    "my_settings": own(200, 200),
    "my_intro": own(200, 200),
    "save_preferences": post_only(MEMBERS),
    "save_working_hours": post_only(MEMBERS, ok=422),
    "reset_calendar_feed": post_only(MEMBERS, ok=200),
    "calendar_feed": (same(200), same(200)),  # Ivy's feed: the token is the key
    # The team (admins).
    "team": page(ADMINS),
    "member_roles": post_only(ACME_ADMINS, sees=ACME, get_signed_out=405, post_signed_out=LOGIN),
    "member_deactivate": page(ACME_ADMINS, sees=ACME, post_ok=302),
    "member_reactivate": post_only(ACME_ADMINS, sees=ACME, get_signed_out=405),
    "invitation_resend": post_only(ACME_ADMINS, sees=ACME, get_signed_out=405),
    "invitation_revoke": post_only(ACME_ADMINS, sees=ACME, get_signed_out=405),
    "reassign_step": post_only(OVERSIGHT, sees=ACME, get_signed_out=405),
    "reassign_concern": post_only(OVERSIGHT, sees=ACME, get_signed_out=405),
    "audit_trail": page(ADMINS, post_ok=200),
    "audit_export": page(ADMINS, post_ok=200),
    # Jobs and their setup.
    "jobs": page(OVERSIGHT_ANYWHERE | HIRING_MANAGERS, post_ok=200),
    "job_new": page(OVERSIGHT_ANYWHERE | HIRING_MANAGERS),
    "job_setup": page(DANA_TEAM, sees=JOB),
    "competency_new": page(DANA_TEAM, sees=JOB),
    "competency_edit": page(DANA_TEAM, sees=JOB),
    "round_new": page(DANA_TEAM, sees=JOB),
    "round_edit": page(DANA_TEAM, sees=JOB),
    "pipeline": page(DANA_TEAM, sees=JOB, post_ok=200),
    "job_concerns": page(JOB, sees=JOB, post_ok=200),
    "compare": page(DANA_TEAM | {"vera"}, sees=JOB, post_ok=200),  # Ivy: blind on Luis
    "questions": (row(MEMBERS), row(OVERSIGHT_ANYWHERE | HIRING_MANAGERS, ok=422)),
    "question_edit": page(OVERSIGHT | HIRING_MANAGERS, sees=ACME),
    "question_active": post_only(OVERSIGHT | HIRING_MANAGERS, sees=ACME, get_signed_out=LOGIN),
    # Candidates and their applications.
    "candidates": page(MEMBERS, post_ok=200),
    "candidate_new": page(OVERSIGHT_ANYWHERE | HIRING_MANAGERS),
    "candidate": page(DANA, sees=DANA),
    "candidate_cv": page(DANA_TEAM, sees=DANA_TEAM, post_ok=200),  # Cora: no panel yet
    "application": page(DANA, sees=DANA, post_ok=200),
    "advance": post_only(DANA_TEAM, sees=DANA),
    "move_stage": page(DANA_TEAM, sees=DANA),
    "reject": page(DANA_TEAM, sees=DANA),
    "withdraw": page(DANA_TEAM, sees=DANA, post_ok=302),
    "interview_new": page(DANA_TEAM, sees=DANA),
    "interview_edit": page(DANA_TEAM, sees=DANA),
    "interview_cancel": page(DANA_TEAM, sees=DANA),
    "schedule_round_day": page(DANA_TEAM, sees=DANA),
    "interview_ics": page(DANA_TEAM | IVY, sees=DANA, post_ok=200),
    "delivery_log": page({"alice"}, sees=DANA, post_ok=200),
    # The interviewer's loop: the kit and the scorecard are for the panel.
    "interview_kit": page(DANA_TEAM | IVY, sees=DANA, post_ok=200),
    "scorecard": (row(IVY, sees=DANA), row(IVY, sees=DANA)),
    "scorecard_draft": (
        post_only(IVY, sees=DANA)[0],
        {**row(IVY, sees=DANA, ok=200), "ivy_after": 422},  # a submitted card has no draft
    ),
    "scorecard_submit": (
        post_only(IVY, sees=DANA)[0],
        {**row(IVY, sees=DANA, ok=302), "ivy_before": 422},  # her draft is incomplete
    ),
    "scorecard_raise_concern": post_only(IVY, sees=DANA, ok=422),
    # The concern is Ian's to close; Ivy sees it but may not.
    "scorecard_resolve_concern": post_only(set(), sees=DANA),
    "scorecard_edit": (row(set(), sees=set()), row(set(), sees=set())),  # Ian's card: his alone
    # Concerns.
    "close_concern": post_only(DANA_TEAM, sees=DANA, ok=422),
    "assign_concern": page(DANA_TEAM | IVY, sees=DANA),  # Ivy raised it
    # Decisions.
    "propose_decision": page({"alice", "harry"}, sees=DANA),
    "decision": page(DECISION, sees=DECISION, post_ok=200),
    "decision_record": page(DECISION, sees=DECISION, post_ok=200),
    "give_verdict": post_only({"vera"}, sees=DECISION, ok=302),
    "withdraw_decision": post_only({"alice", "harry"}, sees=DECISION, ok=422),
    "approvals": page(MEMBERS, post_ok=200),
    "approval_policy": page(ADMINS),
    # Calibration (the interviewer report: oversight, in their own organisation).
    "calibration_report": page(OVERSIGHT_ANYWHERE, post_ok=200),
    "recalibrate": post_only(OVERSIGHT_ANYWHERE, sees=ACME, get_signed_out=405),
    "calibration_status": page(OVERSIGHT_ANYWHERE, post_ok=200),
    # Webhooks (admins; a subscription of Acme's is a 404 to Globex's admin).
    "webhooks": page(ADMINS, post_ok=200),
    "webhook_add": page(ADMINS),
    "webhook_settings": admins_post_only(ADMINS),
    "webhook_edit": page(ACME_ADMINS, sees=ACME),
    "webhook_rotate": admins_post_only(ACME_ADMINS, ok=200),
    "webhook_delete": page(ACME_ADMINS, sees=ACME, post_ok=302),
    "webhook_deliveries": page(ACME_ADMINS, sees=ACME, post_ok=200),
    "webhook_send_again": admins_post_only(ACME_ADMINS),
    # The team's portal pages for a candidate.
    "candidate_portal": page(DANA_TEAM, sees=DANA, post_ok=200),
    "portal_send_link": post_only(DANA_TEAM, sees=DANA),
    "portal_copy_link": post_only(DANA_TEAM, sees=DANA, ok=200),
    "portal_revoke_link": post_only(DANA_TEAM, sees=DANA),
    "portal_set_outcome": post_only(DANA_TEAM, sees=DANA),
    "portal_shared_topics": page(DANA_TEAM, sees=DANA, post_ok=200),
    "portal_values": page(OVERSIGHT_ANYWHERE),
    "portal_document": page(DANA, sees=DANA, post_ok=200),
    # The candidate's portal, by link.
    "portal_home": portal(luis_get=200, luis_post=200),  # Luis's own page
    "portal_candidate_values": portal(luis_get=200, luis_post=200),
    "portal_ics": portal(),
    "portal_answer": portal(post=422),
    "portal_documents": portal(post=422),
    "portal_reschedule": portal(post=422),
    "portal_withdraw": portal(post=302),
    # API tokens: one's own; admins see and revoke their organisation's (Ivy's token here).
    "api_tokens": own(200, 422),
    "api_token_revoke": post_only({"alice"} | IVY, sees=set(), get_signed_out=405),
    # Two-factor sign-in: each member's own; the code step only while one is pending.
    "two_factor": own(200, 200),
    "two_factor_enrol": post_only(MEMBERS, get_signed_out=405),  # no secret pending: back
    "two_factor_recovery_codes": post_only(MEMBERS, get_signed_out=405),  # not enrolled: back
    "two_factor_disable": post_only(MEMBERS, ok=422, get_signed_out=405),
    "two_factor_verify": own(302, 302),  # signed in already: nothing to verify
    "security_settings": page(ADMINS, post_ok=302),
    # Privacy (admins): a candidate's record, erasure, retention; the ratings export.
    "candidate_privacy": page(ACME_ADMINS, sees=DANA, post_ok=200),
    "candidate_access_html": page(ACME_ADMINS, sees=DANA, post_ok=200),
    "candidate_access_json": page(ACME_ADMINS, sees=DANA, post_ok=200),
    "candidate_erase": (same(405), row(ACME_ADMINS, sees=DANA, ok=422)),
    "retention_settings": page(ADMINS),
    "ratings_csv": page(OVERSIGHT_ANYWHERE, post_ok=200),
    # The competency library: everyone reads it; recruiters and admins keep it; a job's
    # setters copy from it.
    "competency_library": page(MEMBERS, post_ok=200),
    "library_new": page(OVERSIGHT_ANYWHERE),
    "library_edit": page(OVERSIGHT, sees=ACME),
    "copy_from_library": page(DANA_TEAM, sees=JOB),
    # Imports: recruiters and admins upload; a run is its uploader's alone (Alice's here). The
    # role is checked first (403 to those who may not import), then the run's owner (404).
    "import_upload": page(OVERSIGHT_ANYWHERE),
    "import_preview": page(ACME_ADMINS, sees=ACME - OVERSIGHT, post_ok=200),
    "import_confirm": post_only(ACME_ADMINS, sees=ACME - OVERSIGHT),
    # Internal notes: the hiring team adds them; only a note's author (Harry) edits it.
    "note_add": post_only(DANA_TEAM, sees=DANA, ok=422),
    "note_edit": page({"harry"}, sees=DANA_TEAM),
}

# Valid bodies, so that a POST reaches the permission check instead of stopping at the
# form: the permission is what these rows test.
WEB_POST_DATA = {
    "give_verdict": lambda w: {"verdict": "approved", "rationale": "Strong evidence."},
    "portal_set_outcome": lambda w: {f"app{w.dana_app.pk}-message": "Thank you for your time."},
}


def api_row(may, sees=MEMBERS, ok=200, denied=403):
    """{viewer: status} for an API operation: 401 without a live token (anonymous, a
    deactivated member's revoked token, a candidate), else like a web row."""
    return {v: outcome(v, may, sees, ok, denied, out=401) for v in EVERYONE}


API = {
    "GET /api/me": api_row(MEMBERS),
    "GET /api/jobs": api_row(MEMBERS),
    "GET /api/applications": api_row(MEMBERS),
    "GET /api/applications/{application_id}": api_row(DANA, sees=DANA),
    "GET /api/interviews/{interview_id}/scorecards": api_row(DANA, sees=DANA),
    "PUT /api/interviews/{interview_id}/scorecard": {
        **api_row(IVY, sees=DANA),
        "ivy_after": 400,  # submitted: no more drafts
    },
    "POST /api/interviews/{interview_id}/scorecard/submit": api_row(IVY, sees=DANA),
    "POST /api/applications/{application_id}/concerns": api_row(DANA, sees=DANA, ok=201)
    | {"vera": 403},
    "POST /api/concerns/{concern_id}/resolve": api_row(DANA_TEAM, sees=DANA),
    "POST /api/concerns/{concern_id}/owner": api_row(DANA_TEAM | IVY, sees=DANA),
    # On Luis, who has no decision yet (Dana's is pending); no approver sees him.
    "POST /api/applications/{application_id}/decisions": api_row(
        {"alice", "harry"}, sees=DANA_TEAM | IVY, ok=201
    ),
    "GET /api/decisions/{decision_id}": api_row(DECISION, sees=DECISION),
    "POST /api/decisions/{decision_id}/verdict": api_row({"vera"}, sees=DECISION),
    "GET /api/calibration/latest": api_row(OVERSIGHT_ANYWHERE),
    # Members and invitations (admins write; every member reads the directory).
    "GET /api/members": api_row(MEMBERS),
    "GET /api/members/{member_id}": api_row(ACME, sees=ACME),
    "PUT /api/members/{member_id}/roles": api_row(ACME_ADMINS, sees=ACME),
    "POST /api/members/{member_id}/deactivate": api_row(ACME_ADMINS, sees=ACME),
    "POST /api/members/{member_id}/reactivate": api_row(ACME_ADMINS, sees=ACME),  # dee
    "GET /api/invitations": api_row(ADMINS),
    "POST /api/invitations": api_row(ADMINS, ok=201),
    "POST /api/invitations/{invitation_id}/resend": api_row(ACME_ADMINS, sees=ACME),
    "POST /api/invitations/{invitation_id}/revoke": api_row(ACME_ADMINS, sees=ACME),
    # Jobs and their setup.
    "POST /api/jobs": api_row(OVERSIGHT_ANYWHERE | HIRING_MANAGERS, ok=201),
    "GET /api/jobs/{job_id}": api_row(JOB, sees=JOB),
    "PATCH /api/jobs/{job_id}": api_row(DANA_TEAM, sees=JOB),
    "GET /api/jobs/{job_id}/competencies": api_row(JOB, sees=JOB),
    "POST /api/jobs/{job_id}/competencies": api_row(DANA_TEAM, sees=JOB, ok=201),
    "GET /api/competencies/{competency_id}": api_row(JOB, sees=JOB),
    "PUT /api/competencies/{competency_id}": api_row(DANA_TEAM, sees=JOB),
    "GET /api/jobs/{job_id}/rounds": api_row(JOB, sees=JOB),
    "POST /api/jobs/{job_id}/rounds": api_row(DANA_TEAM, sees=JOB, ok=201),
    "GET /api/rounds/{round_id}": api_row(JOB, sees=JOB),
    "PUT /api/rounds/{round_id}": api_row(DANA_TEAM, sees=JOB),
    # Candidates and applications.
    "GET /api/candidates": api_row(MEMBERS),
    "POST /api/candidates": api_row(OVERSIGHT_ANYWHERE | HIRING_MANAGERS, ok=201),
    "GET /api/candidates/{candidate_id}": api_row(DANA, sees=DANA),
    "PATCH /api/candidates/{candidate_id}": api_row(DANA_TEAM, sees=DANA),
    # Cleo has no application yet: only oversight sees her.
    "POST /api/candidates/{candidate_id}/applications": api_row(OVERSIGHT, sees=OVERSIGHT, ok=201),
    # Dana's round 1 is not over: advancing is refused (400) once the permission holds.
    "POST /api/applications/{application_id}/advance": api_row(DANA_TEAM, sees=DANA, ok=400),
    "POST /api/applications/{application_id}/reject": api_row(DANA_TEAM, sees=DANA),
    "POST /api/applications/{application_id}/withdraw": api_row(DANA_TEAM, sees=DANA),
    "POST /api/applications/{application_id}/stage": api_row(DANA_TEAM, sees=DANA),
    # Interviews.
    "GET /api/interviews": api_row(MEMBERS),
    "GET /api/interviews/{interview_id}": api_row(DANA, sees=DANA),
    "POST /api/applications/{application_id}/interviews": api_row(DANA_TEAM, sees=DANA, ok=201),
    "POST /api/interviews/{interview_id}/reschedule": api_row(DANA_TEAM, sees=DANA),
    # Dana's round 1 has taken place: cancelling it is refused (400) once permitted.
    "POST /api/interviews/{interview_id}/cancel": api_row(DANA_TEAM, sees=DANA, ok=400),
    # Concerns and decisions.
    "GET /api/concerns": api_row(MEMBERS),
    "GET /api/concerns/{concern_id}": api_row(DANA, sees=DANA),
    "GET /api/decisions": api_row(MEMBERS),
    "POST /api/decisions/{decision_id}/withdraw": api_row({"alice", "harry"}, sees=DECISION),
}

# Operations tried on another object than the path's usual one (urls.API_OBJECT).
API_OBJECTS = {
    "POST /api/members/{member_id}/reactivate": {"{member_id}": "dee"},
    "POST /api/candidates/{candidate_id}/applications": {"{candidate_id}": "cleo"},
    "POST /api/applications/{application_id}/decisions": {"{application_id}": "luis_app"},
}

AT = "2026-12-01T10:00:00Z"
UNTIL = "2026-12-01T11:00:00Z"
ANCHOR_BODY = {"1": "Weak", "2": "Mixed", "3": "Good", "4": "Excellent"}
API_BODY = {
    "POST /api/jobs": lambda w: {"title": "Analyst"},
    "PATCH /api/jobs/{job_id}": lambda w: {"description": "Owns the data platform."},
    "POST /api/jobs/{job_id}/competencies": lambda w: {"name": "SQL", "anchors": ANCHOR_BODY},
    "PUT /api/competencies/{competency_id}": lambda w: {
        "name": "Problem solving",
        "anchors": ANCHOR_BODY,
    },
    "POST /api/jobs/{job_id}/rounds": lambda w: {"number": 3, "name": "Round 3"},
    "PUT /api/rounds/{round_id}": lambda w: {
        "number": 1,
        "name": "Round 1",
        "focus_competency_ids": [w.problem.pk, w.collab.pk],
        "panel_ids": [w.ivy.pk, w.ian.pk],
    },
    "PUT /api/members/{member_id}/roles": lambda w: {"roles": ["interviewer", "approver"]},
    "POST /api/invitations": lambda w: {
        "email": "zed@acme.test",
        "name": "Zed",
        "roles": ["interviewer"],
    },
    "POST /api/candidates": lambda w: {"name": "Zoe Quinn", "email": "zoe@example.com"},
    "PATCH /api/candidates/{candidate_id}": lambda w: {"phone": "+1 555 0100"},
    "POST /api/candidates/{candidate_id}/applications": lambda w: {"job_id": w.job.pk},
    "POST /api/applications/{application_id}/reject": lambda w: {"reason": "skills"},
    "POST /api/applications/{application_id}/withdraw": lambda w: {"reason": "Took an offer"},
    "POST /api/applications/{application_id}/stage": lambda w: {"stage": "finalist"},
    "POST /api/applications/{application_id}/interviews": lambda w: {
        "round_id": w.round2.pk,
        "starts_at": AT,
        "ends_at": UNTIL,
        "interviewer_ids": [w.ian.pk],
        "schedule_anyway": True,
    },
    "POST /api/interviews/{interview_id}/reschedule": lambda w: {
        "starts_at": AT,
        "ends_at": UNTIL,
        "schedule_anyway": True,
    },
    "POST /api/interviews/{interview_id}/cancel": lambda w: {"reason": "Moved"},
    "POST /api/decisions/{decision_id}/withdraw": lambda w: {"reason": "We will wait"},
    "PUT /api/interviews/{interview_id}/scorecard": lambda w: {
        "ratings": [{"competency_id": w.problem.pk, "value": 3, "evidence": "Solid."}],
        "recommendation": "yes",
    },
    "POST /api/applications/{application_id}/concerns": lambda w: {
        "type": "skill_gap",
        "title": "Depth of SQL",
    },
    "POST /api/concerns/{concern_id}/resolve": lambda w: {
        "status": "resolved",
        "evidence": "Answered well in a reference call.",
    },
    "POST /api/concerns/{concern_id}/owner": lambda w: {"owner_id": w.ian.pk},
    "POST /api/applications/{application_id}/decisions": lambda w: {
        "outcome": "hire",
        "summary": "Strong.",
        "approver_ids": [w.vera.pk],
        "incomplete_reason": "Deciding before every scorecard is in.",
        "override_reason": "The concern is minor.",
    },
    "POST /api/decisions/{decision_id}/verdict": lambda w: {
        "verdict": "approved",
        "rationale": "Good.",
    },
}
