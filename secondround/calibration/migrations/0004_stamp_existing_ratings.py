"""Organisations that already had submitted ratings start with stamp 1, so that a snapshot
stored before the stamp existed (inputs_version 0) shows as possibly out of date, and an
organisation with ratings but no snapshot gets a run queued by the next page view."""

from django.db import migrations


def stamp_existing(apps, schema_editor):
    Rating = apps.get_model("scorecards", "Rating")
    InputsStamp = apps.get_model("calibration", "InputsStamp")
    organisations = (
        Rating.objects.filter(scorecard__status="submitted")
        .values_list("scorecard__interview__application__job__organisation_id", flat=True)
        .distinct()
    )
    for organisation_id in organisations:
        InputsStamp.objects.get_or_create(
            organisation_id=organisation_id, defaults={"version": 1}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("calibration", "0003_snapshot_job_parts"),
        ("scorecards", "0001_initial"),
    ]

    operations = [migrations.RunPython(stamp_existing, migrations.RunPython.noop)]
