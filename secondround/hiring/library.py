"""The organisation's competency library: competencies written once, with their behavioural
anchors, that a job copies when it is set up. A copy is the job's own: editing the library
later changes no job, and editing a job's copy changes neither the library nor other jobs
(ratings and calibrations hang on the job's competency, which must not move under them)."""

from django.db import models

from secondround.accounts.models import Member, Organisation
from secondround.hiring.choices import CompetencyKind

# The library describes the 1-4 scale that jobs use by default. A job on another scale
# copies an entry only if the entry has an anchor for each of the job's points.
LIBRARY_SCALE = range(1, 5)


class LibraryCompetencyQuerySet(models.QuerySet):
    def visible_to(self, member: Member | None) -> "LibraryCompetencyQuerySet":
        """Everyone in the organisation reads its library (like the question bank)."""
        if member is None:
            return self.none()
        return self.filter(organisation_id=member.organisation_id)


class LibraryCompetency(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="competency_library"
    )
    name = models.CharField(max_length=120)
    kind = models.CharField(
        max_length=8, choices=CompetencyKind.choices, default=CompetencyKind.SKILL
    )
    description = models.TextField(blank=True)
    # {"1": "behaviour that earns a 1", ...}: string keys, as JSON has them.
    anchors = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    objects = LibraryCompetencyQuerySet.as_manager()

    class Meta:
        app_label = "hiring"
        ordering = ["name"]
        verbose_name = "library competency"
        verbose_name_plural = "competency library"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="library_competency_name_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_values(self) -> bool:
        return self.kind == CompetencyKind.VALUES

    def anchor(self, point: int) -> str:
        return self.anchors.get(str(point), "")

    @property
    def anchor_list(self) -> list[tuple[int, str]]:
        return sorted((int(p), text) for p, text in self.anchors.items())
