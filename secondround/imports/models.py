"""An uploaded import file, kept between its preview (dry run) and its commit."""

from datetime import timedelta

from django.db import models

from secondround.accounts.models import Member, Organisation
from secondround.imports.choices import ImportKind

# An upload not committed within this time is dropped (see actions.purge_expired_runs).
RUN_LIFETIME = timedelta(hours=24)


class ImportRunQuerySet(models.QuerySet):
    def visible_to(self, member: Member | None) -> "ImportRunQuerySet":
        """An upload holds candidates' personal data and ratings: only the admin or recruiter
        who uploaded it sees it, and only while they still have that role."""
        if member is None or not member.has_oversight:
            return self.none()
        return self.filter(organisation_id=member.organisation_id, uploaded_by=member)


class ImportRun(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="import_runs"
    )
    # None: imported from the command line, by the system.
    uploaded_by = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.CASCADE, related_name="import_runs"
    )
    kind = models.CharField(max_length=16, choices=ImportKind.choices)
    filename = models.CharField(max_length=200)
    content = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)
    committed_at = models.DateTimeField(null=True, blank=True)
    summary = models.JSONField(default=dict, blank=True, help_text="Counts written at commit")

    objects = ImportRunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.filename}"
