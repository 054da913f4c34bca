"""The scorecard form, and shaping its competencies for the kit and scorecard templates.

The form is dynamic: one ``rating_<competency pk>`` and one ``evidence_<competency pk>`` field
per focus competency of the round, built in ``__init__``, then ``recommendation`` and
``notes``. It only reads the input; the rules (a rating on the scale, evidence for an extreme
rating, everything filled in before submitting) stay in ``scorecards/actions.py``.
"""

from django import forms

from secondround.scorecards.actions import RatingInput
from secondround.scorecards.models import Recommendation


def focus_with_anchors(round):
    """The round's focus competencies with their anchors, in one query each."""
    return list(round.focus_competencies.order_by("position", "name").prefetch_related("anchors"))


class ScorecardForm(forms.Form):
    recommendation = forms.ChoiceField(
        choices=Recommendation.choices,
        required=False,
        error_messages={"invalid_choice": "Choose a recommendation from the list."},
    )
    notes = forms.CharField(required=False, strip=False, widget=forms.Textarea)
    # Sent by the autosave script (app.js), never typed: orders the saves.
    draft_version = forms.IntegerField(
        required=False, min_value=0, max_value=2**62, widget=forms.HiddenInput
    )

    def __init__(self, competencies, job, *args, card=None, **kwargs):
        self.competencies, self.job = competencies, job
        if card is not None:
            kwargs.setdefault("initial", _initial(card))
        super().__init__(*args, **kwargs)
        for competency in competencies:
            self.fields[f"rating_{competency.pk}"] = forms.IntegerField(
                required=False,
                error_messages={"invalid": f"{competency.name}: choose a rating from the scale."},
            )
            self.fields[f"evidence_{competency.pk}"] = forms.CharField(
                required=False, widget=forms.Textarea
            )

    def ratings(self) -> list[RatingInput]:
        data = self.cleaned_data
        return [
            RatingInput(c.pk, data.get(f"rating_{c.pk}"), data.get(f"evidence_{c.pk}", ""))
            for c in self.competencies
        ]

    def draft(self) -> dict:
        """The arguments of ``do_save_draft`` after the interview."""
        return {
            "ratings": self.ratings(),
            "recommendation": self.cleaned_data["recommendation"],
            "notes": self.cleaned_data["notes"],
        }

    def first_error(self) -> str:
        """One message for the autosave's status line."""
        for errors in self.errors.values():
            return errors[0]
        return ""

    def blocks(self):
        """One dict per competency for the template: the scale with its anchors, the value and
        evidence to show (as typed, else as saved) and the errors of both fields."""
        blocks = []
        for competency in self.competencies:
            anchors = {a.point: a.text for a in competency.anchors.all()}
            rating, evidence = self[f"rating_{competency.pk}"], self[f"evidence_{competency.pk}"]
            value = rating.value()
            value = "" if value is None else str(value)
            points = [(str(p), anchors.get(p, "")) for p in self.job.scale]
            blocks.append(
                {
                    "competency": competency,
                    # The id as text: the template writes it a dozen times per competency,
                    # and a number costs the template a localisation each time.
                    "id": str(competency.pk),
                    "points": points,
                    # Each point as the radio button shows it, worked out here once rather
                    # than by template tags and filters for every point of every competency.
                    "scale": [
                        {
                            "point": point,
                            "title": f"{point}: {anchor}",
                            "text": anchor or "No anchor written for this point.",
                            "checked": point == value,
                        }
                        for point, anchor in points
                    ],
                    "chosen": next(((p, a) for p, a in points if p == value), None),
                    "value": value,
                    "evidence": evidence.value() or "",
                    "errors": rating.errors + evidence.errors,
                }
            )
        return blocks


class ScorecardEditForm(ScorecardForm):
    """A submitted scorecard's change, with the reason for it."""

    reason = forms.CharField(required=False, widget=forms.Textarea)


def _initial(card) -> dict:
    initial = {"recommendation": card.recommendation, "notes": card.notes}
    for rating in card.ratings.all():
        initial[f"rating_{rating.competency_id}"] = rating.value
        initial[f"evidence_{rating.competency_id}"] = rating.evidence
    return initial


def recommendation_choices():
    return Recommendation.choices


def evidence_hint(job) -> str:
    return f"Evidence is required for a {job.scale_min} or a {job.scale_max}."
