"""Restore refuses, with a clear message and before writing anything, what it cannot load
faithfully: a file that is no export, a newer or unknown format, another schema, a database
that already holds data."""

import json
import zipfile

import pytest

from secondround.cli import main
from secondround.hiring.models import Candidate
from secondround.transfer.export import export_organisation
from secondround.transfer.restore import RestoreError, restore_organisation


@pytest.fixture
def export(cast, tmp_path):
    path = tmp_path / "acme.zip"
    export_organisation(cast.acme, path)
    return path


def rewritten(export, tmp_path, change):
    """A copy of the export whose manifest went through ``change``."""
    copy = tmp_path / "changed.zip"
    with zipfile.ZipFile(export) as source, zipfile.ZipFile(copy, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "manifest.json":
                manifest = json.loads(data)
                change(manifest)
                data = json.dumps(manifest)
            target.writestr(item, data)
    return copy


def refusal(path) -> str:
    with pytest.raises(RestoreError) as refused:
        restore_organisation(path, migrate=False)
    return str(refused.value)


def test_a_database_with_data_is_refused(export):
    candidates = Candidate.objects.count()
    assert "The database is not empty" in refusal(export)
    assert Candidate.objects.count() == candidates


def test_a_newer_format_version_is_refused(export, tmp_path):
    newer = rewritten(export, tmp_path, lambda m: m.update(format_version=2))
    message = refusal(newer)
    assert "format version 2" in message and "Upgrade secondround" in message


def test_an_unknown_format_version_is_refused(export, tmp_path):
    odd = rewritten(export, tmp_path, lambda m: m.update(format_version="1.0"))
    assert "Unknown export format version '1.0'" in refusal(odd)


def test_an_export_from_a_newer_schema_is_refused(export, tmp_path):
    newer = rewritten(
        export, tmp_path, lambda m: m["migrations"]["hiring"].append("9999_from_the_future")
    )
    message = refusal(newer)
    assert "newer secondround" in message and "hiring.9999_from_the_future" in message


def test_an_export_from_an_older_schema_is_refused(export, tmp_path):
    older = rewritten(export, tmp_path, lambda m: m["migrations"]["hiring"].pop())
    message = refusal(older)
    assert "older secondround" in message and "then upgrade" in message


def test_a_file_that_is_not_an_export_is_refused(tmp_path):
    text = tmp_path / "notes.zip"
    text.write_text("not a zip")
    assert "Cannot read" in refusal(text)
    empty = tmp_path / "empty.zip"
    zipfile.ZipFile(empty, "w").close()
    assert "not a secondround export" in refusal(empty)


def test_the_command_line_says_why_and_exits_1(export, capsys):
    assert main(["restore", str(export)]) == 1
    assert "secondround restore: The database is not empty" in capsys.readouterr().err


def test_export_of_an_unknown_organisation_exits_1(db, tmp_path, capsys):
    assert main(["export", "--org", "nobody", str(tmp_path / "x.zip")]) == 1
    assert "no organisation 'nobody'" in capsys.readouterr().err
    assert not (tmp_path / "x.zip").exists()
