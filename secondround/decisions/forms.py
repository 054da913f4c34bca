"""The decision pages' forms. They check the shape of the input; the rules (blocking concerns,
missing scorecards, whose turn it is) live in decisions/actions.py, and a view shows an
ActionError on its field through ``secondround.forms.submit``."""

from django import forms

from secondround.decisions.models import EvidenceKind, Outcome, Verdict

APPROVER_SLOTS = 3

VERDICT_CHOICES = [
    (Verdict.APPROVED, "Approve"),
    (Verdict.REJECTED, "Reject"),
    (Verdict.MORE_EVIDENCE, "Ask for more evidence before deciding"),
]


class ProposeForm(forms.Form):
    """Outcome, reasoning, a rationale per competency (``rationale_<pk>``), up to three
    approvers in order (``approver_1`` ...), and the two written reasons to go ahead."""

    # The write function names the chain "approvers"; its errors show by the first slot.
    field_aliases = {"approvers": "approver_1"}

    outcome = forms.ChoiceField(
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose hire, no hire or hold."},
    )
    summary = forms.CharField(widget=forms.Textarea, required=False, strip=False)
    override_reason = forms.CharField(widget=forms.Textarea, required=False)
    incomplete_reason = forms.CharField(widget=forms.Textarea, required=False)

    def __init__(self, *args, competencies=(), approvers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.competencies = list(competencies)
        self.approvers = {str(a.pk): a for a in approvers}
        for competency in self.competencies:
            self.fields[f"rationale_{competency.pk}"] = forms.CharField(
                label=competency.name, widget=forms.Textarea, required=False
            )
        options = [("", "No one")] + [(pk, str(a)) for pk, a in self.approvers.items()]
        for n in range(1, APPROVER_SLOTS + 1):
            self.fields[f"approver_{n}"] = forms.ChoiceField(
                choices=options,
                required=False,
                label=f"Approver {n}",
                error_messages={
                    "invalid_choice": f"Approver {n} is not someone who can approve here."
                },
            )

    def clean(self):
        data = super().clean()
        # Duplicates are passed on so that the write function can say so.
        data["approvers"] = [
            self.approvers[data[f"approver_{n}"]]
            for n in range(1, APPROVER_SLOTS + 1)
            if data.get(f"approver_{n}")
        ]
        data["rationale"] = {
            c.name: data.get(f"rationale_{c.pk}", "") or "" for c in self.competencies
        }
        return data

    def competency_fields(self):
        return [(c, self[f"rationale_{c.pk}"]) for c in self.competencies]

    def approver_fields(self):
        return [self[f"approver_{n}"] for n in range(1, APPROVER_SLOTS + 1)]

    @staticmethod
    def initial_from(decision) -> dict:
        """A sent-back decision's proposal, to start its revision from."""
        initial = {"outcome": decision.outcome, "summary": decision.summary}
        for n, step in enumerate(decision.steps.all(), start=1):
            if n <= APPROVER_SLOTS:
                initial[f"approver_{n}"] = str(step.approver_id)
        return initial


class VerdictForm(forms.Form):
    verdict = forms.ChoiceField(
        choices=VERDICT_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose approve, reject or ask for more evidence."},
    )
    evidence_kind = forms.ChoiceField(
        choices=[("", "Choose")] + EvidenceKind.choices, required=False
    )
    rationale = forms.CharField(widget=forms.Textarea, required=False)


class WithdrawForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea, required=False)


class PolicyForm(forms.Form):
    approvers_advisory = forms.TypedChoiceField(
        choices=[
            ("0", "Approvers decide: any rejection stops the decision (recommended)"),
            (
                "1",
                "Approvers advise: a rejection is recorded as dissent and the decision "
                "goes on to the next approver; the last approver settles it",
            ),
        ],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
