"""Forms of the portal, for the candidate and for the hiring team. Rules stay in actions.py."""

from django import forms


def _text(label: str, required: bool = True, rows: int = 4, help_text: str = "") -> forms.Field:
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": "Write something here first."},
    )


class AnswerForm(forms.Form):
    answer = _text("Your answer", rows=5)


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Document",
        help_text="PDF, PNG, JPEG or plain text.",
        error_messages={"required": "Choose a file to upload.", "empty": "This file is empty."},
    )


class RescheduleForm(forms.Form):
    message = _text(
        "Which days and times suit you?",
        help_text="For example: “Any morning next week, or Thursday after 14:00.”",
    )


class WithdrawForm(forms.Form):
    reason = _text("Would you like to tell us why? (optional)", required=False, rows=3)


class ShareTopicForm(forms.Form):
    wording = _text(
        "What the candidate reads",
        rows=3,
        help_text="Written for the candidate: friendly, specific, without the internal notes.",
    )


class OutcomeForm(forms.Form):
    message = _text("Message to the candidate", rows=5)


class ValuesForm(forms.Form):
    text = _text("How we work", rows=12)


class IntroForm(forms.Form):
    text = _text(
        "Your introduction",
        required=False,
        rows=4,
        help_text="Two or three sentences candidates read before they meet you. "
        "Leave it empty to show none.",
    )
