"""Where uploads go: under the data directory by default, never inside the static root."""

import sys

from tests.foundation.test_cli_and_settings import ROOT, run

PRINT_UPLOADS = "from django.conf import settings; print(settings.STORAGES['uploads'])"


def test_uploads_default_to_the_data_directory(tmp_path):
    shell = [sys.executable, str(ROOT / "manage.py"), "shell", "-c", PRINT_UPLOADS]
    result = run(shell, tmp_path, SECONDROUND_TESTING="0")
    assert result.returncode == 0, result.stderr
    assert str(tmp_path / "data" / "uploads") in result.stdout


def test_an_uploads_directory_inside_the_static_root_is_refused(tmp_path):
    check = [sys.executable, str(ROOT / "manage.py"), "check"]
    inside = str(tmp_path / "data" / "static" / "cvs")
    result = run(check, tmp_path, SECONDROUND_UPLOADS_DIR=inside)
    assert result.returncode != 0
    assert "must not be inside the static root" in result.stderr
