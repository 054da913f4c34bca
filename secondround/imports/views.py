"""Import pages for admins and recruiters: upload a file, see its dry run, confirm it.

The uploaded file is kept on an ImportRun between the preview and the confirmation, seen only
by its uploader (``ImportRun.objects.visible_to``); the preview runs the dry run again each
time it is shown, so it always reflects the organisation as it is now.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from secondround.forms import posted, status_for, submit
from secondround.imports.actions import check_file, do_commit_run, do_stage_import
from secondround.imports.forms import ConfirmForm, UploadForm
from secondround.imports.models import ImportRun
from secondround.imports.rules import may_import

ERRORS_SHOWN = 200


def _ensure_may_import(member) -> None:
    if not may_import(member):
        raise PermissionDenied("Only admins and recruiters import files.")


@login_required
def upload(request):
    member = request.member
    _ensure_may_import(member)
    form = UploadForm(posted(request), request.FILES or None)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        run = submit(
            form,
            do_stage_import,
            member,
            form.cleaned_data["kind"],
            upload.name,
            upload.read(),
        )
        if run is not None:
            return redirect("import_preview", pk=run.pk)
    return render(
        request, "imports/upload.html", {"nav": "candidates", "form": form}, status=status_for(form)
    )


@login_required
def preview(request, pk: int):
    member = request.member
    _ensure_may_import(member)
    run = get_object_or_404(ImportRun.objects.visible_to(member), pk=pk)
    return _render_preview(request, run, ConfirmForm())


@login_required
@require_POST
def confirm(request, pk: int):
    member = request.member
    _ensure_may_import(member)
    run = get_object_or_404(ImportRun.objects.visible_to(member), pk=pk)
    form = ConfirmForm(request.POST)
    if form.is_valid() and submit(form, do_commit_run, member, run) is not None:
        return redirect("import_preview", pk=run.pk)
    # Refused: the organisation changed since the preview; the page shows the errors now.
    return _render_preview(request, run, form, status=422)


def _render_preview(request, run: ImportRun, form, status: int = 200):
    context = {"nav": "candidates", "run": run, "form": form}
    if run.committed_at is None:
        result = check_file(run.organisation, run.kind, bytes(run.content))
        errors = result.sorted_errors()
        context.update(
            preview=result,
            errors=errors[:ERRORS_SHOWN],
            more_errors=max(0, len(errors) - ERRORS_SHOWN),
            counts=[(k.replace("_", " "), n) for k, n in result.counts.items()],
            new_records=[(k, names) for k, names in result.new_records.items() if names],
        )
    else:
        context["summary"] = [(k.replace("_", " "), n) for k, n in run.summary.items()]
    return render(request, "imports/preview.html", context, status=status)
