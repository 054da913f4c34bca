"""The question bank's forms: the write function's message sits by the text, input kept."""

from django.urls import reverse

from secondround.hiring.actions import do_save_question
from secondround.hiring.models import Question
from tests.conftest import login


def test_adding_an_empty_question_keeps_the_topic_and_shows_the_error_by_the_text(client, cast):
    response = login(client, cast.harry).post(
        reverse("questions"), {"topic": "Problem solving", "text": ""}
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert 'id="text-error">A question needs a topic and its text.' in html
    assert (
        '<option value="Problem solving" selected>' in html
        and '<details class="drawer card" open>' in html
    )
    assert not Question.objects.exists()


def test_editing_a_question_keeps_what_was_typed(client, cast):
    question = do_save_question(cast.alice, topic="Collaboration", text="A hard time?")
    url = reverse("question_edit", args=[question.pk])
    response = login(client, cast.alice).post(url, {"topic": "", "text": "Changed words"})
    html = response.content.decode()
    assert response.status_code == 422
    assert 'id="text-error">A question needs a topic and its text.' in html
    assert "Changed words</textarea>" in html
    question.refresh_from_db()
    assert question.text == "A hard time?"
