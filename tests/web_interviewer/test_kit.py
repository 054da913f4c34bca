from django.urls import reverse

from secondround.concerns.actions import do_raise_concern
from secondround.concerns.models import Concern
from secondround.decisions.actions import do_propose_decision
from secondround.hiring.actions import do_save_question
from secondround.scorecards.models import FeedbackView
from tests.conftest import fill_scorecard

BLIND = (
    "Your colleagues' feedback appears after you submit yours, so that it does not colour your own."
)


def kit(client, interview):
    return client.get(reverse("interview_kit", args=[interview.pk]))


def raise_blocking_concern(cast, owner):
    """Ivy raises it from her round 1 card; Ian has submitted his round 1 card too, so
    round 1 is finished and its concern is for round 2 to probe."""
    fill_scorecard(cast.ian, cast.dana_r1)
    card = fill_scorecard(cast.ivy, cast.dana_r1)
    concern = do_raise_concern(
        cast.ivy,
        cast.dana_app,
        type="skill_gap",
        title="Depth in streaming pipelines",
        probe="Walk me through a pipeline you ran in production that broke.",
        blocking=True,
        scorecard=card,
        owner=owner,
    )
    Concern.objects.filter(pk=concern.pk).update(
        candidate_note="Happy to go through our Kafka setup."
    )
    return concern


def test_kit_shows_my_concern_with_probe_anchors_and_bank_questions(
    cast, today_interview, as_member
):
    raise_blocking_concern(cast, owner=cast.ian)
    do_raise_concern(cast.ivy, cast.dana_app, type="motivation", title="Why leave so soon?")
    do_save_question(cast.alice, topic="problem solving", text="Tell me about a hard bug.")
    do_save_question(cast.alice, topic="Skill gap", text="What would you need to learn first?")
    do_save_question(cast.alice, topic="Problem solving", text="Retired one", active=False)
    do_save_question(cast.oscar, topic="Problem solving", text="Globex's own question")
    response = kit(as_member(cast.ian), today_interview)
    assert response.status_code == 200
    html = response.content.decode()
    mine = html.split('id="concerns-heading"')[1].split("Other open concerns")[0]
    assert "Depth in streaming pipelines" in mine and "Blocking" in mine
    assert "Walk me through a pipeline you ran in production that broke." in mine
    assert "raised by Ivy in Round 1" in mine
    assert "Happy to go through our Kafka setup." in mine
    assert "What would you need to learn first?" in mine  # concern-type question
    others = html.split("Other open concerns")[1].split("</section>")[0]
    assert "Why leave so soon?" in others and "not handed to anyone yet" in others
    assert (
        "This round is mainly to clear up open questions from the earlier round, "
        "and see how Dana works with the team." in html
    )
    assert "Excellent" in html and "Weak" in html  # anchors for every scale point
    assert "Tell me about a hard bug." in html
    assert "Retired one" not in html and "Globex" not in html
    assert 'class="badge values"' in html
    assert reverse("scorecard", args=[today_interview.pk]) in html


def test_kit_is_blind_before_submitting_and_records_first_view_after(
    cast, today_interview, as_member
):
    fill_scorecard(cast.ivy, cast.dana_r1, value=4)  # evidence: "Ivy saw ... at 4"
    client = as_member(cast.ian)
    html = kit(client, today_interview).content.decode()
    assert BLIND in html
    assert "Ivy saw" not in html
    assert not FeedbackView.objects.filter(member=cast.ian).exists()

    fill_scorecard(cast.ian, cast.dana_r1)
    still_owes = kit(client, today_interview).content.decode()
    assert BLIND in still_owes and "Ivy saw" not in still_owes  # round 2 card still owed

    fill_scorecard(cast.ian, today_interview)
    html = kit(client, today_interview).content.decode()
    assert BLIND not in html
    assert "Ivy saw Problem solving at 4" in html
    kit(client, today_interview)
    assert FeedbackView.objects.filter(member=cast.ian, application=cast.dana_app).count() == 1


def test_no_feedback_yet_is_said_plainly_and_records_nothing(cast, as_member):
    fill_scorecard(cast.ivy, cast.dana_r1)
    html = kit(as_member(cast.ivy), cast.dana_r1).content.decode()
    assert "No colleague has submitted feedback on Dana yet." in html
    assert not FeedbackView.objects.exists()


def test_hiring_manager_on_the_panel_is_blind_until_he_submits(cast, today_interview, as_member):
    today_interview.interviewers.add(cast.harry)
    fill_scorecard(cast.ivy, cast.dana_r1)
    client = as_member(cast.harry)
    html = kit(client, today_interview).content.decode()
    assert BLIND in html and "Ivy saw" not in html
    assert not FeedbackView.objects.filter(member=cast.harry).exists()
    fill_scorecard(cast.harry, today_interview)
    assert "Ivy saw" in kit(client, today_interview).content.decode()
    assert FeedbackView.objects.filter(member=cast.harry).count() == 1


def test_hiring_manager_off_the_panel_sees_feedback_at_once(cast, today_interview, as_member):
    fill_scorecard(cast.ivy, cast.dana_r1)
    html = kit(as_member(cast.harry), today_interview).content.decode()
    assert "Ivy saw" in html and BLIND not in html


def test_internal_notes_only_for_the_hiring_team(cast, today_interview, as_member):
    cast.dana.notes = "Salary expectations above band"
    cast.dana.save()
    assert "Salary expectations" not in kit(as_member(cast.ivy), today_interview).content.decode()
    for member in (cast.harry, cast.alice):
        html = kit(as_member(member), today_interview).content.decode()
        assert "Salary expectations above band" in html


def test_kit_and_scorecard_refuse_outsiders(cast, today_interview, as_member):
    for member in (cast.nora, cast.oscar):
        client = as_member(member)
        assert kit(client, today_interview).status_code == 404
        assert client.get(reverse("scorecard", args=[today_interview.pk])).status_code == 404
    # An approver sees the application through a decision, yet is not on this panel.
    fill_scorecard(cast.ivy, cast.dana_r1)
    do_propose_decision(
        cast.harry,
        cast.dana_app,
        outcome="hire",
        summary="Go",
        rationale={},
        approvers=[cast.vera],
        incomplete_reason="Round 2 is still to come; deciding on round 1.",
    )
    vera = as_member(cast.vera)
    assert kit(vera, today_interview).status_code == 403
    assert vera.get(reverse("scorecard", args=[today_interview.pk])).status_code == 403
    # The hiring manager opens the kit but writes no scorecard for an interview he is not on.
    harry = as_member(cast.harry)
    assert kit(harry, today_interview).status_code == 200
    assert harry.get(reverse("scorecard", args=[today_interview.pk])).status_code == 403


def test_kit_query_count_is_bounded(
    cast, today_interview, as_member, django_assert_max_num_queries
):
    for n in range(6):
        do_save_question(cast.alice, topic="Collaboration", text=f"Question {n}")
        do_raise_concern(cast.ivy, cast.dana_app, type="other", title=f"Doubt {n}", owner=cast.ian)
    fill_scorecard(cast.ivy, cast.dana_r1)
    fill_scorecard(cast.ian, cast.dana_r1)
    fill_scorecard(cast.ian, today_interview)
    client = as_member(cast.ian)
    kit(client, today_interview)  # the first view writes the FeedbackView
    with django_assert_max_num_queries(16):
        response = kit(client, today_interview)
    assert response.content.decode().count("Doubt ") == 6
