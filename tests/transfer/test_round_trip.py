"""An organisation exported and restored into an empty database comes back row for row,
on SQLite and on PostgreSQL (whichever the test run uses), files included."""

import json

from django.apps import apps

from secondround.audit.models import AuditEvent
from secondround.transfer.export import export_organisation
from secondround.transfer.scope import NOT_EXPORTED, exported_models, label
from tests.transfer.conftest import run_cli
from tests.transfer.rich import build_rich_organisation
from tests.transfer.rows import table_rows


def test_every_model_is_exported_or_left_out_with_a_reason():
    every = {label(m) for m in apps.get_models(include_auto_created=True)}
    exported = {label(m) for m in exported_models()}
    through = {
        label(f.remote_field.through) for m in exported_models() for f in m._meta.many_to_many
    }
    assert not set(NOT_EXPORTED) - every, "NOT_EXPORTED names a model that no longer exists"
    assert every == exported | through | set(NOT_EXPORTED)
    assert {"privacy.erasure", "privacy.retentionpolicy", "audit.auditevent"} <= exported


def test_round_trip_into_an_empty_database(db, tmp_path, empty_database_env):
    organisation = build_rich_organisation()
    export = tmp_path / "acme.zip"
    manifest = export_organisation(organisation, export)
    before = table_rows(organisation.pk)

    # Every exported table (and many-to-many table) has rows, so each one is compared.
    empty = sorted(name for name, rows in before.items() if not rows)
    assert not empty, f"the rich organisation has no rows in {empty}: extend tests/transfer/rich.py"
    assert manifest["counts"]["hiring.candidate"] == len(before["hiring.candidate"])
    assert len(manifest["files"]) == 2  # the CV and the uploaded document
    assert not any(row["name"].startswith("Globex") for row in before["hiring.candidate"])

    out = tmp_path / "restored.json"
    restored = run_cli(
        empty_database_env,
        str(export),
        str(organisation.pk),
        str(out),
        module="tests.transfer.restore_and_dump",
    )
    assert restored.returncode == 0, restored.stderr
    assert "Restored Acme Robotics" in restored.stdout
    after = json.loads(out.read_text())

    restore_events = [
        row for row in after["audit.auditevent"] if row["action"] == "organisation.restored"
    ]
    assert len(restore_events) == 1
    after["audit.auditevent"].remove(restore_events[0])
    assert sorted(after) == sorted(before)
    for table in before:
        assert after[table] == before[table], f"{table} differs after the round trip"
    assert AuditEvent.objects.filter(action="organisation.exported").count() == 1
