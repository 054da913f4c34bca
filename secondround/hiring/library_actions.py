"""Write functions for the competency library and for copying from it into a job.

Who keeps the library: admins and recruiters. The library is the organisation's shared
wording (its values competencies above all), and an edit there shapes every job set up after
it, so it sits with the roles that oversee every job. Hiring managers read it and copy from
it into the jobs they set up, where the copy is theirs to adapt (see hiring.library)."""

from django.db import IntegrityError, transaction

from secondround.accounts.models import Member
from secondround.audit.log import record
from secondround.errors import ActionError, NotAllowed
from secondround.hiring.actions import _ensure_can_set_up, write_competency
from secondround.hiring.library import LIBRARY_SCALE, LibraryCompetency
from secondround.hiring.models import Competency, CompetencyKind, Job


def may_manage_library(member: Member | None) -> bool:
    return member is not None and member.has_oversight


@transaction.atomic
def do_save_library_competency(
    member: Member,
    *,
    name: str,
    kind: str = CompetencyKind.SKILL,
    description: str = "",
    anchors: dict[int, str] | None = None,
    entry: LibraryCompetency | None = None,
) -> LibraryCompetency:
    """Add a competency to the library, or change one. Every point of the library's scale
    needs its behavioural anchor. Jobs that copied it earlier keep their own copy."""
    if not may_manage_library(member):
        raise NotAllowed("Only admins and recruiters keep the competency library.")
    entry = entry or LibraryCompetency(organisation_id=member.organisation_id)
    if entry.organisation_id != member.organisation_id:
        raise NotAllowed("That competency belongs to another organisation's library.")
    if not name.strip():
        raise ActionError("Give the competency a name.", "name")
    if kind not in CompetencyKind.values:
        raise ActionError("A competency is a skill or a value.", "kind")
    anchors = anchors or {}
    missing = [p for p in LIBRARY_SCALE if not (anchors.get(p) or "").strip()]
    if missing:
        points = ", ".join(str(p) for p in missing)
        raise ActionError(f"Describe the behaviour for each scale point (missing: {points}).")
    created = entry.pk is None
    entry.name, entry.kind, entry.description = name.strip(), kind, description.strip()
    entry.anchors = {str(p): anchors[p].strip() for p in LIBRARY_SCALE}
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError as clash:
        raise ActionError("The library already has a competency with that name.", "name") from clash
    record(member, "library_competency.saved", entry, name=entry.name, created=created)
    return entry


@transaction.atomic
def do_copy_from_library(
    member: Member, job: Job, entries: list[LibraryCompetency]
) -> list[Competency]:
    """Give the job its own copy of each chosen library competency (name, kind, description,
    anchors; weight 1). The copies are independent of the library from then on."""
    _ensure_can_set_up(member, job)
    if not entries:
        raise ActionError("Choose at least one competency from the library.", "entries")
    if any(e.organisation_id != job.organisation_id for e in entries):
        raise NotAllowed("That competency belongs to another organisation's library.")
    taken = {n.lower() for n in job.competencies.values_list("name", flat=True)}
    clashes = [e.name for e in entries if e.name.lower() in taken]
    if clashes:
        raise ActionError(f"This job already has: {', '.join(clashes)}.", "entries")
    short = [e.name for e in entries if any(not e.anchor(p) for p in job.scale)]
    if short:
        raise ActionError(
            f"The library describes points {LIBRARY_SCALE[0]}-{LIBRARY_SCALE[-1]}; this job "
            f"rates {job.scale_min}-{job.scale_max}. Add {', '.join(short)} by hand instead.",
            "entries",
        )
    copies = [
        write_competency(
            job,
            name=entry.name,
            kind=entry.kind,
            weight=1.0,
            description=entry.description,
            anchors={p: entry.anchor(p) for p in job.scale},
        )
        for entry in entries
    ]
    record(
        member,
        "job.competencies_copied",
        job,
        library=[e.pk for e in entries],
        competencies=[c.pk for c in copies],
    )
    return copies
