"""The kinds of import file (importable before Django is set up: the CLI's parser uses it)."""

from django.db import models


class ImportKind(models.TextChoices):
    CANDIDATES = "candidates", "Candidates and their applications"
    RATINGS = "ratings", "Historical ratings"
