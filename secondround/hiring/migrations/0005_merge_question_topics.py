"""One spelling per question-bank topic.

Before this, a topic was free text: the bank could hold "System design" and "Systems
design" as two topics, and kinds of concern by their code ("employment_gap") or their label.
This merges every topic with the key rule of hiring.topics (copied here, since a migration
must not change when the app's code does): lower case, "-" and "_" as spaces, one space, a
plural "s" dropped from each word. A kind of concern becomes its code (shown by its label).
Other topics take, in order of preference, the spelling of a competency of the organisation,
else the spelling most of the organisation's questions use, else the first alphabetically.
No question is deleted; only their topics change. Backwards, nothing is undone (the merged
spellings are valid topics as they stand).
"""

import re
from collections import Counter, defaultdict

from django.db import migrations

CONCERN_TYPES = {
    "skill_gap": "Skill gap",
    "motivation": "Motivation or reason for leaving",
    "employment_gap": "Employment gap",
    "communication": "Communication",
    "other": "Other",
    "evidence_request": "More evidence requested",
}


def topic_key(topic):
    words = re.sub(r"[\s_\-]+", " ", topic.strip().lower()).split(" ")
    return " ".join(
        w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words
    )


CONCERN_BY_KEY = {topic_key(code): code for code in CONCERN_TYPES} | {
    topic_key(label): code for code, label in CONCERN_TYPES.items()
}


def merge_topics(apps, schema_editor):
    Question = apps.get_model("hiring", "Question")
    Competency = apps.get_model("hiring", "Competency")
    by_org = defaultdict(list)
    for question in Question.objects.order_by("pk"):
        by_org[question.organisation_id].append(question)
    for org_id, questions in by_org.items():
        competency_names = set(
            Competency.objects.filter(job__organisation_id=org_id).values_list("name", flat=True)
        )
        spellings = defaultdict(Counter)
        for question in questions:
            spellings[topic_key(question.topic)][question.topic.strip()] += 1
        canonical = {}
        for key, counts in spellings.items():
            if key in CONCERN_BY_KEY:
                canonical[key] = CONCERN_BY_KEY[key]
                continue
            named = sorted(s for s in counts if s in competency_names)
            if named:
                canonical[key] = named[0]
            else:
                canonical[key] = sorted(counts, key=lambda s: (-counts[s], s))[0]
        for question in questions:
            topic = canonical[topic_key(question.topic)]
            if question.topic != topic:
                question.topic = topic
                question.save(update_fields=["topic"])


class Migration(migrations.Migration):
    dependencies = [("hiring", "0004_library_and_notes")]

    operations = [migrations.RunPython(merge_topics, migrations.RunPython.noop)]
