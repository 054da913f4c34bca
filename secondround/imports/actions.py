"""Write functions of the import: stage an upload, then commit a candidates or ratings file.

A commit checks the file again inside its transaction (the organisation may have changed
since the preview), refuses it whole on any error, and otherwise writes everything in that
one transaction: a bad file, or a failure half-way, changes nothing.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from secondround.accounts.models import Member, Organisation
from secondround.audit.log import record
from secondround.calibration.stamp import inputs_changed
from secondround.errors import ActionError, NotAllowed
from secondround.imports.candidates import check_candidates, write_candidates
from secondround.imports.choices import ImportKind
from secondround.imports.csvfile import RowError
from secondround.imports.models import RUN_LIFETIME, ImportRun
from secondround.imports.preview import ImportPreview, Progress, no_progress
from secondround.imports.ratings import check_ratings
from secondround.imports.ratings_write import write_ratings
from secondround.imports.rules import may_import


class ImportRefused(ActionError):
    """The file has errors: nothing was written. ``errors`` lists them by row."""

    def __init__(self, errors: list[RowError]):
        super().__init__(f"The file has {len(errors)} error(s); nothing was imported.", "file")
        self.errors = errors


def ensure_may_import(actor: Member | None, organisation: Organisation) -> None:
    """Admins and recruiters import; ``actor`` None is the system (the command line)."""
    if actor is None:
        return
    if not (may_import(actor) and actor.organisation_id == organisation.pk):
        raise NotAllowed("Only admins and recruiters import files.")


def check_file(
    organisation: Organisation, kind: str, content: bytes, progress: Progress = no_progress
) -> ImportPreview:
    """The dry run of either kind of file. Reads, never writes."""
    if kind == ImportKind.RATINGS:
        return check_ratings(organisation, content, progress).preview
    if kind == ImportKind.CANDIDATES:
        return check_candidates(organisation, content, progress).preview
    raise ActionError("Choose what the file holds.", "kind")


def purge_expired_runs(now=None) -> int:
    """Drop uploads left uncommitted for RUN_LIFETIME: a kept file holds personal data.
    Committed imports stay (without their content) as the audit events' record."""
    cutoff = (now or timezone.now()) - RUN_LIFETIME
    stale = ImportRun.objects.filter(created_at__lt=cutoff, committed_at__isnull=True)
    deleted, _ = stale.delete()
    return deleted


@transaction.atomic
def do_stage_import(member: Member, kind: str, filename: str, content: bytes) -> ImportRun:
    """Keep an uploaded file for its preview and commit."""
    ensure_may_import(member, member.organisation)
    if kind not in ImportKind.values:
        raise ActionError("Choose what the file holds.", "kind")
    if len(content) > settings.IMPORT_MAX_BYTES:
        limit = settings.IMPORT_MAX_BYTES / 1e6
        raise ActionError(f"The file is larger than {limit:.0f} MB; use the command line.", "file")
    purge_expired_runs()
    run = ImportRun.objects.create(
        organisation_id=member.organisation_id,
        uploaded_by=member,
        kind=kind,
        filename=filename.rsplit("/", 1)[-1][:200],
        content=content,
    )
    record(member, "import.uploaded", run, kind=kind, bytes=len(content))
    return run


@transaction.atomic
def do_commit_run(member: Member, run: ImportRun, progress: Progress = no_progress) -> dict:
    """Commit a staged upload (the web page's confirm button). The run's row lock makes a
    double click import the file once."""
    run = ImportRun.objects.select_for_update().get(pk=run.pk)
    if run.committed_at is not None:
        raise ActionError("This file was imported already.", "file")
    importer = do_import_ratings if run.kind == ImportKind.RATINGS else do_import_candidates
    return importer(member, run.organisation, bytes(run.content), progress=progress, run=run)


@transaction.atomic
def do_import_candidates(
    actor: Member | None,
    organisation: Organisation,
    content: bytes,
    progress: Progress = no_progress,
    run: ImportRun | None = None,
) -> dict:
    ensure_may_import(actor, organisation)
    plan = check_candidates(organisation, content, progress)
    if plan.preview.errors:
        raise ImportRefused(plan.preview.sorted_errors())
    counts = write_candidates(actor, organisation, plan, progress)
    _close(actor, organisation, ImportKind.CANDIDATES, counts, run)
    return counts


@transaction.atomic
def do_import_ratings(
    actor: Member | None,
    organisation: Organisation,
    content: bytes,
    progress: Progress = no_progress,
    run: ImportRun | None = None,
) -> dict:
    ensure_may_import(actor, organisation)
    plan = check_ratings(organisation, content, progress)
    if plan.preview.errors:
        raise ImportRefused(plan.preview.sorted_errors())
    counts = write_ratings(actor, organisation, plan, progress)
    # New submitted ratings: the calibration's inputs changed (stamp, and a queued run).
    inputs_changed(organisation.pk)
    _close(actor, organisation, ImportKind.RATINGS, counts, run)
    return counts


def _close(actor, organisation, kind: str, counts: dict, run: ImportRun | None) -> None:
    """Mark the staged upload committed (its content is no longer needed), or keep a record
    of a command-line import, and write the import's one summary audit event."""
    if run is None:
        run = ImportRun.objects.create(
            organisation=organisation, uploaded_by=actor, kind=kind, filename="", content=b""
        )
    run.committed_at, run.summary, run.content = timezone.now(), counts, b""
    run.save(update_fields=["committed_at", "summary", "content"])
    record(actor, f"import.{kind}", run, organisation, **counts)
