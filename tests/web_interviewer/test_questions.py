from django.urls import reverse

from secondround.hiring.actions import do_save_question
from secondround.hiring.models import Question


def test_editors_add_edit_and_retire_questions(cast, as_member):
    client = as_member(cast.harry)  # hiring manager
    page = client.get(reverse("questions")).content.decode()
    assert 'id="add-question"' in page and '<option value="Problem solving">' in page
    assert (
        client.post(
            reverse("questions"), {"topic": "Problem solving", "text": "A hard bug?"}
        ).status_code
        == 302
    )
    question = Question.objects.get(text="A hard bug?")
    assert question.organisation == cast.acme
    edit = reverse("question_edit", args=[question.pk])
    assert (
        client.post(edit, {"topic": "Problem solving", "text": "Your hardest bug?"}).status_code
        == 302
    )
    question.refresh_from_db()
    assert question.text == "Your hardest bug?"
    client.post(reverse("question_active", args=[question.pk]), {"active": "0"})
    question.refresh_from_db()
    assert not question.active
    page = client.get(reverse("questions")).content.decode()
    assert "Retired questions (1)" in page
    client.post(reverse("question_active", args=[question.pk]), {"active": "1"})
    question.refresh_from_db()
    assert question.active


def test_an_empty_question_is_refused_with_the_message(cast, as_member):
    response = as_member(cast.alice).post(
        reverse("questions"), {"topic": "Problem solving", "text": " "}
    )
    assert response.status_code == 422
    assert "A question needs a topic and its text." in response.content.decode()
    assert not Question.objects.exists()


def test_interviewers_read_the_bank_but_cannot_change_it(cast, as_member):
    question = do_save_question(
        cast.alice, topic="Collaboration", text="Tell me about a disagreement."
    )
    client = as_member(cast.ivy)
    page = client.get(reverse("questions")).content.decode()
    assert "Tell me about a disagreement." in page
    assert 'id="add-question"' not in page and "Retire" not in page
    assert client.post(reverse("questions"), {"topic": "X", "text": "Y"}).status_code == 403
    assert (
        client.post(reverse("question_active", args=[question.pk]), {"active": "0"}).status_code
        == 403
    )
    assert client.get(reverse("question_edit", args=[question.pk])).status_code == 403
    question.refresh_from_db()
    assert question.active and Question.objects.count() == 1


def test_the_bank_never_crosses_organisations(cast, as_member):
    question = do_save_question(cast.alice, topic="Coding", text="Acme secret question")
    oscar = as_member(cast.oscar)
    assert "Acme secret question" not in oscar.get(reverse("questions")).content.decode()
    assert oscar.get(reverse("question_edit", args=[question.pk])).status_code == 404
    assert (
        oscar.post(reverse("question_active", args=[question.pk]), {"active": "0"}).status_code
        == 404
    )
