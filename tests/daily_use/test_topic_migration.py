"""Migration 0005 merges the spellings of one topic in the question bank, keeping every
question: run through the real migrations on the test database."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from secondround.hiring.models import Question

BEFORE = [("hiring", "0004_library_and_notes")]
AFTER = [("hiring", "0005_merge_question_topics")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def before_the_migration(transactional_db):
    old = migrate(BEFORE)
    yield old
    executor = MigrationExecutor(connection)
    migrate(executor.loader.graph.leaf_nodes())


def test_duplicate_topics_merge_and_every_question_stays(before_the_migration):
    old = before_the_migration
    Organisation = old.get_model("accounts", "Organisation")
    acme = Organisation.objects.create(name="Acme", slug="acme")
    globex = Organisation.objects.create(name="Globex", slug="globex")
    job = old.get_model("hiring", "Job").objects.create(organisation=acme, title="Data")
    old.get_model("hiring", "Competency").objects.create(job=job, name="System design")
    OldQuestion = old.get_model("hiring", "Question")
    topics = {
        # a competency's spelling wins, even against a majority
        "Systems design": 2,
        "system-design": 1,
        "System design": 1,
        # kinds of concern become their code, whichever way they were typed
        "Employment gap": 1,
        "employment_gap": 1,
        "MOTIVATION": 1,
        # no competency: the spelling most questions use
        "Team work": 1,
        "Team works": 2,
    }
    for topic, n in topics.items():
        for i in range(n):
            OldQuestion.objects.create(organisation=acme, topic=topic, text=f"{topic} {i}")
    OldQuestion.objects.create(organisation=globex, topic="Systems design", text="Globex's")

    migrate(AFTER)

    acme_topics = sorted(
        set(Question.objects.filter(organisation_id=acme.pk).values_list("topic", flat=True))
    )
    assert acme_topics == ["System design", "Team works", "employment_gap", "motivation"]
    assert Question.objects.filter(organisation_id=acme.pk).count() == sum(topics.values())
    # Another organisation has no such competency: its own spelling stays.
    assert Question.objects.get(organisation_id=globex.pk).topic == "Systems design"
