"""Reading the scorecard form, and shaping competencies for the kit and scorecard templates.

The scorecard form is dynamic (one block per focus competency), so it is read by hand rather
than through a Django Form: field names are ``rating_<competency pk>``,
``evidence_<competency pk>``, ``recommendation`` and ``notes``."""

from secondround.scorecards.actions import RatingInput
from secondround.scorecards.models import Recommendation


def focus_with_anchors(round):
    """The round's focus competencies with their anchors, in one query each."""
    return list(round.focus_competencies.order_by("position", "name").prefetch_related("anchors"))


def ratings_from_post(post, competencies) -> list[RatingInput]:
    ratings = []
    for competency in competencies:
        raw = post.get(f"rating_{competency.pk}", "").strip()
        value = int(raw) if raw.isdigit() else None
        evidence = post.get(f"evidence_{competency.pk}", "")
        ratings.append(RatingInput(competency.pk, value, evidence))
    return ratings


def competency_blocks(competencies, job, ratings=None, post=None):
    """One dict per competency for the template: the scale with its anchors, and the values
    to show (from the form just posted, else from the saved scorecard)."""
    saved = {r.competency_id: r for r in (ratings or [])}
    blocks = []
    for competency in competencies:
        anchors = {a.point: a.text for a in competency.anchors.all()}
        rating = saved.get(competency.pk)
        if post is not None:
            value = post.get(f"rating_{competency.pk}", "")
            evidence = post.get(f"evidence_{competency.pk}", "")
        else:
            value = "" if rating is None or rating.value is None else str(rating.value)
            evidence = rating.evidence if rating else ""
        blocks.append(
            {
                "competency": competency,
                "points": [(str(p), anchors.get(p, "")) for p in job.scale],
                "value": value,
                "evidence": evidence,
            }
        )
    return blocks


def recommendation_choices():
    return Recommendation.choices


def evidence_hint(job) -> str:
    return f"Evidence is required for a {job.scale_min} or a {job.scale_max}."
