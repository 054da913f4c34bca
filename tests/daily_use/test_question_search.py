"""The question bank page searches by words in a question and narrows to one topic."""

import pytest
from django.urls import reverse

from secondround.hiring.actions import do_save_question
from tests.conftest import login


@pytest.fixture
def bank(cast):
    do_save_question(cast.alice, topic="Problem solving", text="Tell me about a hard bug.")
    do_save_question(cast.alice, topic="Collaboration", text="A disagreement with a peer?")
    do_save_question(cast.alice, topic="employment_gap", text="What did you do that year?")
    return cast


def search(client, member, **params):
    response = login(client, member).get(reverse("questions"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_searching_by_words_finds_only_matching_questions(client, bank):
    html = search(client, bank.ivy, q="BUG")
    assert "Tell me about a hard bug." in html
    assert "A disagreement with a peer?" not in html and "What did you do that year?" not in html
    assert 'value="BUG"' in html and "Show the whole bank" in html


def test_searching_by_a_topic_s_label_finds_its_questions(client, bank):
    html = search(client, bank.alice, q="employment")
    assert "What did you do that year?" in html and "hard bug" not in html


def test_narrowing_to_one_topic(client, bank):
    html = search(client, bank.harry, topic="Collaboration")
    assert "A disagreement with a peer?" in html and "hard bug" not in html
    assert '<option value="Collaboration" selected>' in html


def test_a_search_that_matches_nothing_says_so(client, bank):
    html = search(client, bank.alice, q="zebra")
    assert "No question matches this search." in html and "The bank is empty" not in html


def test_another_organisation_s_questions_never_match(client, bank):
    do_save_question(bank.oscar, topic="Craft", text="Globex bug hunt?")
    html = search(client, bank.alice, q="bug")
    assert "Tell me about a hard bug." in html and "Globex bug hunt?" not in html
