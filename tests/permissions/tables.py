"""Who may see what: {object name (tests/permissions/scene.py): the viewers who see it}.

Every other viewer of conftest.VIEWERS must NOT see it. One row per object; together the rows
cover every model with a `visible_to`.
"""

OVERSIGHT = {"alice", "rita"}
IVY = {"ivy_before", "ivy_after"}
ACME = OVERSIGHT | IVY | {"harry", "hank", "nora", "vera", "vince"}
GLOBEX = {"oscar"}

# The job (cast.job): its hiring manager, its panel, the approver on a chain for one of its
# applications. Not hank (another job's manager), nora (no panel), vince (another chain).
JOB = OVERSIGHT | {"harry", "vera"} | IVY
JOB2 = OVERSIGHT | {"hank", "vince"}  # ian is its panel; none of the viewers sits on it
DANA = JOB  # dana: ivy interviews her, vera approves her decision
LUIS = OVERSIGHT | {"harry"} | IVY  # luis: no decision, so no approver
DANA_DECISION = OVERSIGHT | {"harry", "vera"}
# Ian's submitted card on dana: ivy only once she has submitted hers.
IAN_ON_DANA = OVERSIGHT | {"harry", "vera", "ivy_after"}
# Ian's submitted card on luis: ivy owes her luis card in both states, so she stays blind.
IAN_ON_LUIS = OVERSIGHT | {"harry"}

VISIBLE = {
    # hiring
    "job": JOB,
    "job2": JOB2,
    "unmanaged_job": OVERSIGHT | {"harry", "hank"},  # any hiring manager may set it up
    "globex_job": GLOBEX,
    "problem": JOB,  # Competency
    "craft": JOB2,
    "problem_anchor": JOB,  # RubricAnchor
    "craft_anchor": JOB2,
    "round1": JOB,  # Round
    "job2_round": JOB2,
    "acme_question": ACME,  # Question: the bank is organisation-wide
    "globex_question": GLOBEX,
    "dana": DANA,  # Candidate
    "luis": LUIS,
    "paul": JOB2,
    "cleo": OVERSIGHT,  # no application yet
    "globex_candidate": GLOBEX,
    "dana_app": DANA,  # Application
    "luis_app": LUIS,
    "paul_app": JOB2,
    "dana_r1": DANA,  # Interview
    "dana_r2_ian": OVERSIGHT | {"harry", "vera"},  # ivy is not on it
    "luis_r1": LUIS,
    "paul_r1": JOB2,
    # the competency library: organisation-wide, like the question bank
    "acme_library": ACME,
    "globex_library": GLOBEX,
    # internal notes: who reads the candidate's notes (admins, recruiters, the hiring
    # manager of a job the candidate applied to); never interviewers or approvers
    "dana_note": OVERSIGHT | {"harry"},
    "paul_note": OVERSIGHT | {"hank"},
    "dana_move": DANA,  # StageChange: with the application
    "paul_move": JOB2,
    # scorecards (blind feedback)
    "ian_card": IAN_ON_DANA,
    "ivy_card": IVY,  # a draft (ivy_before) is hers alone; submitted, the others see it too
    "ian_draft": set(),  # nobody but ian, ever
    "ian_luis_card": IAN_ON_LUIS,
    "paul_card": JOB2,
    "ian_rating": IAN_ON_DANA,  # Rating
    "ivy_rating": IVY,
    "ian_draft_rating": set(),
    "ian_luis_rating": IAN_ON_LUIS,
    "paul_rating": JOB2,
    "ian_card_v1": IAN_ON_DANA,  # ScorecardVersion
    "ian_luis_v1": IAN_ON_LUIS,
    "paul_card_v1": JOB2,
    "ivy_seen": OVERSIGHT | IVY,  # FeedbackView: own + oversight
    "ian_seen": OVERSIGHT,
    # concerns: with the application
    "dana_concern": DANA,
    "paul_concern": JOB2,
    # decisions and their chains
    "dana_decision": DANA_DECISION,
    "paul_decision": OVERSIGHT | {"hank", "vince"},
    "vera_step": DANA_DECISION,  # ApprovalStep
    "victor_step": DANA_DECISION,
    "vince_step": OVERSIGHT | {"hank", "vince"},
    # how approvals work: every member reads their organisation's policy
    "acme_policy": ACME,
    "globex_policy": GLOBEX,
    # audit trail: admins only (not recruiter-only rita)
    "acme_event": {"alice"},
    "globex_event": GLOBEX,
    # calibration snapshots are organisation-scoped; the report page is gated by the
    # calibration.view_report predicate instead (test_action_predicates.py)
    "acme_snapshot": ACME,
    "globex_snapshot": GLOBEX,
    # the calibration inputs' change stamp: a counter, organisation-scoped
    "acme_stamp": ACME,
    "globex_stamp": GLOBEX,
    "acme_snapshot_job": ACME,
    # members: the organisation's directory
    "ivy_member": ACME,
    "oscar_member": GLOBEX,
    # API tokens: one's own; admins (alice, not rita the recruiter) their organisation's
    "ivy_token": IVY | {"alice"},
    "oscar_token": GLOBEX,
    # notifications: the interview's calendar identity goes with the interview; the delivery
    # log with admins (alice, not rita) and each row's recipient; settings are one's own
    "dana_r1_event": DANA,
    "vera_request": {"alice", "vera"},
    "ivy_preference": IVY,
    "ivy_feed": IVY,
    "ivy_hours": IVY,
    # Invitations: the organisation's admins only (alice, not rita the recruiter)
    "acme_invitation": {"alice"},
    "globex_invitation": GLOBEX,
}

# The ivy_card row above holds for others only because the card is a draft in their scene;
# test_blind_feedback.py checks who sees it once submitted.
