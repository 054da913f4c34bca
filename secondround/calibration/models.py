"""Calibration snapshots: one engine run over an organisation's ratings, with its inputs'
fingerprint so that a page can say which run it shows and whether it is current."""

from django.db import models

from secondround.accounts.models import Member, Organisation


class SnapshotQuerySet(models.QuerySet):
    def visible_to(self, member: Member | None) -> "SnapshotQuerySet":
        """Snapshots are organisation-scoped: any member of the organisation may load one
        (a decision page shows the scores it was made on, for instance). The snapshot holds
        every rater's and candidate's figures, so each page picks only the parts its reader
        may see; the calibration report itself is gated by the "calibration.view_report"
        predicate (admins and recruiters)."""
        if member is None:
            return self.none()
        return self.filter(organisation_id=member.organisation_id)

    def latest_for(self, organisation_id: int):
        return self.filter(organisation_id=organisation_id).order_by("-created_at", "-id").first()


class CalibrationSnapshot(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="calibrations"
    )
    fingerprint = models.CharField(max_length=64)
    # The organisation's InputsStamp.version when the run read its ratings: the snapshot is
    # current while the stamp has not moved since.
    inputs_version = models.PositiveBigIntegerField(default=0)
    n_ratings = models.PositiveIntegerField()
    result = models.JSONField()
    # The result without its candidates (interviewers, effects, reliability, warnings), so
    # that a page reads one job's candidates (SnapshotJob) and not the organisation's whole
    # history. Empty on snapshots stored before it existed: pages then read ``result``.
    summary = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    duration_ms = models.PositiveIntegerField(default=0)

    objects = SnapshotQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "fingerprint"], name="snapshot_fingerprint_unique"
            )
        ]
        indexes = [
            models.Index(fields=["organisation", "inputs_version"], name="snapshot_inputs_idx")
        ]

    def __str__(self) -> str:
        return f"Calibration #{self.pk} ({self.n_ratings} ratings)"


class SnapshotJobQuerySet(models.QuerySet):
    def visible_to(self, member: Member | None) -> "SnapshotJobQuerySet":
        """As the snapshot it belongs to (pages choose what they show of it)."""
        return self.filter(snapshot__in=CalibrationSnapshot.objects.visible_to(member))


class SnapshotJob(models.Model):
    """One job's candidates in a snapshot (the rows of ``result["candidates"]`` whose job is
    this one): what the comparison of that job reads."""

    snapshot = models.ForeignKey(
        CalibrationSnapshot, on_delete=models.CASCADE, related_name="job_parts"
    )
    job_id = models.BigIntegerField()
    candidates = models.JSONField(default=list)

    objects = SnapshotJobQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "job_id"], name="snapshot_job_unique")
        ]

    def __str__(self) -> str:
        return f"Job {self.job_id} in calibration #{self.snapshot_id}"


class InputsStampQuerySet(models.QuerySet):
    def visible_to(self, member: Member | None) -> "InputsStampQuerySet":
        """A counter with no content: any member of the organisation may read it."""
        if member is None:
            return self.none()
        return self.filter(organisation_id=member.organisation_id)


class InputsStamp(models.Model):
    """A per-organisation counter of changes to the calibration's inputs (submitted ratings,
    competency names, interview times). The write functions that change them bump it
    (``calibration.stamp.inputs_changed``), so that a page knows whether its snapshot is
    current by reading one row instead of every rating of the organisation."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, primary_key=True, related_name="inputs_stamp"
    )
    version = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(auto_now=True)

    objects = InputsStampQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Calibration inputs v{self.version}"
