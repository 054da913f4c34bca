"""Internal notes on an application: what the hiring team wants each other to know (a call
with the candidate, a salary expectation, a reference's remark). Internal means: only the
members who may read a candidate's internal notes (``hiring.rules.can_view_candidate_notes``:
admins, recruiters and the hiring manager of a job the candidate applied to) read or write
them. Interviewers and approvers do not, and the candidate's portal never shows them."""

from django.db import models
from django.db.models import Q

from secondround.accounts.models import Member


class InternalNoteQuerySet(models.QuerySet):
    def visible_to(self, member: Member | None) -> "InternalNoteQuerySet":
        """Mirrors can_view_candidate_notes: oversight roles see every note of their
        organisation; a hiring manager the notes on candidates who applied to a job they
        manage (on any of that candidate's applications). Nobody else sees any."""
        if member is None:
            return self.none()
        from secondround.hiring.models import Application

        qs = self.filter(application__job__organisation_id=member.organisation_id)
        if member.has_oversight:
            return qs
        managed = Application.objects.filter(job__hiring_manager=member).values("candidate_id")
        return qs.filter(Q(application__candidate_id__in=managed))


class InternalNote(models.Model):
    application = models.ForeignKey(
        "hiring.Application", on_delete=models.CASCADE, related_name="internal_notes"
    )
    author = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    # The last edit is shown on the page; the audit log keeps every edit.
    edited_at = models.DateTimeField(null=True, blank=True)

    objects = InternalNoteQuerySet.as_manager()

    class Meta:
        app_label = "hiring"
        ordering = ["application_id", "created_at", "pk"]

    def __str__(self) -> str:
        return f"Note on {self.application_id} by {self.author}"
