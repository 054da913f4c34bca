"""Question-bank topics are labelled choices, in one spelling per topic: a kind of concern
is stored as its code and always shown by its label; "Systems design" joins "System design"."""

import pytest
from django.urls import reverse

from secondround.audit.models import AuditEvent
from secondround.hiring.actions import do_save_competency, do_save_question
from secondround.hiring.models import Question
from secondround.hiring.topics import canonical_topic, topic_key, topic_label
from tests.conftest import ANCHORS, login
from tests.daily_use.visible_text import visible_text


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("System design", "Systems design"),
        ("system-design", "Systems  Design"),
        ("Skill gap", "skill_gap"),
        ("Process", "process"),
    ],
)
def test_spellings_of_one_topic_share_a_key(a, b):
    assert topic_key(a) == topic_key(b)


def test_different_topics_keep_different_keys():
    assert topic_key("Process") != topic_key("Proces")
    assert topic_key("System design") != topic_key("System")


def test_a_kind_of_concern_reads_as_its_label():
    assert topic_label("employment_gap") == "Employment gap"
    assert topic_label("Problem solving") == "Problem solving"


def test_saving_a_question_uses_the_topic_s_existing_spelling(cast):
    do_save_competency(cast.alice, cast.job, name="System design", anchors=ANCHORS)
    question = do_save_question(cast.alice, topic="systems-design", text="Design a queue.")
    assert question.topic == "System design"
    gap = do_save_question(cast.alice, topic="Employment Gap", text="What happened then?")
    assert gap.topic == "employment_gap"
    new = do_save_question(cast.alice, topic="Grit", text="A hard time?")
    assert new.topic == "Grit"
    assert canonical_topic(cast.acme.pk, "grits") == "Grit"  # joins the bank's own spelling
    assert AuditEvent.objects.filter(action="question.saved").count() == 3


def test_the_bank_page_shows_labels_never_codes(client, cast):
    do_save_question(cast.alice, topic="employment_gap", text="Tell me about that year.")
    do_save_question(cast.alice, topic="skill_gap", text="What would you learn first?")
    retired = do_save_question(cast.alice, topic="motivation", text="Why now?", active=False)
    response = login(client, cast.alice).get(reverse("questions"))
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    for code in ("employment_gap", "skill_gap", "motivation:"):
        assert code not in text
    assert "Employment gap (1)" in text and "Skill gap (1)" in text
    assert "Motivation or reason for leaving: Why now?" in text  # the retired list
    edit = login(client, cast.alice).get(reverse("question_edit", args=[retired.pk]))
    assert edit.status_code == 200
    assert "skill_gap" not in visible_text(edit.content.decode())
    assert '<option value="motivation" selected>' in edit.content.decode()


def test_the_topic_is_chosen_from_labelled_groups(client, cast):
    response = login(client, cast.harry).get(reverse("questions"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<optgroup label="Competencies">' in html
    assert '<option value="Problem solving">Problem solving</option>' in html
    assert '<option value="employment_gap">Employment gap</option>' in html


def test_a_topic_outside_the_list_is_refused_on_the_field(client, cast):
    response = login(client, cast.harry).post(
        reverse("questions"), {"topic": "employment gap", "text": "Why?"}
    )
    assert response.status_code == 422
    assert 'id="topic-error">Choose a topic from the list.' in response.content.decode()
    assert not Question.objects.exists()


def test_a_question_added_under_a_kind_of_concern_says_its_label(client, cast):
    login(client, cast.harry)
    response = client.post(reverse("questions"), {"topic": "skill_gap", "text": "What next?"})
    assert response.status_code == 302
    assert Question.objects.get().topic == "skill_gap"
    page = client.get(reverse("questions"))
    assert page.status_code == 200 and "Question added under Skill gap." in page.content.decode()


def test_the_kit_finds_questions_under_any_spelling_of_its_competency(client, cast):
    from tests.conftest import interview_has_started

    do_save_competency(cast.alice, cast.job, name="Systems design", anchors=ANCHORS)
    Question.objects.create(organisation=cast.acme, topic="System design", text="Design X.")
    round1 = cast.round1
    round1.focus_competencies.add(cast.job.competencies.get(name="Systems design"))
    interview_has_started(cast.dana_r1)
    response = login(client, cast.ivy).get(reverse("interview_kit", args=[cast.dana_r1.pk]))
    assert response.status_code == 200 and "Design X." in response.content.decode()
