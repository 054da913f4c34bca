"""Branch ``speed4`` (issue #11): the package imports on demand; the command line starts
OpenBLAS without worker threads and imports with the garbage collector paused."""

import gc
import json
import os
import subprocess
import sys

import pytest

import secondround.engine as engine
from secondround.engine import cli

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RATINGS = (
    "job,candidate,interviewer,competency,rating,scale_min,scale_max,interviewed_at\n"
    "J,C1,I1,x,3,1,5,2025-01-01T10:00:00\n"
    "J,C1,I2,x,4,1,5,2025-01-01T11:00:00\n"
    "J,C2,I1,x,4,1,5,2025-01-02T10:00:00\n"
    "J,C2,I2,x,2,1,5,2025-01-02T11:00:00\n"
)


def _python(code: str, env: dict | None = None) -> str:
    """Run ``code`` in a fresh interpreter, with no OPENBLAS_NUM_THREADS but ``env``'s."""
    clean = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        env={**clean, **(env or {})},
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


def test_importing_the_package_loads_neither_numpy_nor_scipy():
    code = "import sys, secondround.engine.cli; print(sorted({'numpy', 'scipy'} & {*sys.modules}))"
    assert _python(code) == "[]"


@pytest.mark.parametrize("name", engine.__all__)
def test_every_public_name_is_the_object_of_its_module(name):
    import importlib

    module = importlib.import_module(engine._PUBLIC[name], engine.__name__)
    assert getattr(engine, name) is getattr(module, name)
    assert name in dir(engine)


def test_type_checkers_see_every_public_name_from_its_module():
    # The lazy names are invisible to a static reader but for the TYPE_CHECKING imports.
    import ast

    with open(engine.__file__, encoding="utf-8") as source:
        tree = ast.parse(source.read())
    block = next(
        node
        for node in tree.body
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING"
    )
    seen = {
        alias.name: "." + node.module
        for node in block.body
        if isinstance(node, ast.ImportFrom) and node.level == 1
        for alias in node.names
    }
    assert seen == {name: engine._PUBLIC[name] for name in engine.__all__}


def test_dir_lists_each_name_once_after_the_names_are_imported():
    for name in engine.__all__:
        getattr(engine, name)
    listed = dir(engine)
    assert len(listed) == len(set(listed))
    assert set(engine.__all__) <= set(listed)


def test_an_unknown_name_is_an_attribute_error_and_submodules_still_import():
    with pytest.raises(AttributeError, match="no_such_name"):
        engine.no_such_name  # noqa: B018
    from secondround.engine import model

    assert model.__name__ == "secondround.engine.model"


@pytest.mark.skipif(
    not os.path.isdir("/proc/self/task") or (os.cpu_count() or 1) < 2,
    reason="counts the process's threads (Linux, 2 cores or more)",
)
@pytest.mark.parametrize("preset", [None, "2"])
def test_command_line_starts_openblas_without_worker_threads_unless_set(tmp_path, preset):
    # Each OpenBLAS (numpy's, scipy's) starts a worker per extra core when it loads.
    ratings = tmp_path / "r.csv"
    ratings.write_text(RATINGS)
    code = (
        "import os; from secondround.engine.cli import main; "
        f"rc = main([{str(ratings)!r}, '--json', {str(tmp_path / 'o.json')!r}, '--quiet']); "
        "print(rc, len(os.listdir('/proc/self/task')), os.environ['OPENBLAS_NUM_THREADS'])"
    )
    env = {"OPENBLAS_NUM_THREADS": preset} if preset else {}
    rc, threads, setting = _python(code, env).split()
    assert rc == "0"
    if preset is None:
        assert (threads, setting) == ("1", "1")
    else:  # the user's value wins: the two libraries start their workers
        assert setting == preset and int(threads) > 1


def test_command_line_imports_without_collections_and_leaves_the_collector_on(tmp_path):
    ratings = tmp_path / "r.csv"
    ratings.write_text(RATINGS)
    code = (
        "import gc; from secondround.engine.cli import main; n = [0]; "
        "gc.callbacks.append(lambda phase, info: n.__setitem__(0, n[0] + (phase == 'start'))); "
        f"rc = main([{str(ratings)!r}, '--json', {str(tmp_path / 'o.json')!r}, '--quiet']); "
        "print(rc, n[0], gc.isenabled(), gc.get_freeze_count() > 0)"
    )
    rc, collections, enabled, frozen = _python(code).split()
    # Importing numpy, pandas and scipy with the collector on sets off about 180.
    assert (rc, enabled, frozen) == ("0", "True", "True")
    assert int(collections) < 20
    assert json.loads((tmp_path / "o.json").read_text())["candidates"]


def test_a_caller_that_loaded_numpy_keeps_its_environment_and_its_garbage(tmp_path):
    # main called in a process that imported numpy before (a test, an app): no OpenBLAS
    # setting left in the environment its children inherit, and nothing frozen, so
    # garbage the caller left in the oldest generation is still collected.
    ratings = tmp_path / "r.csv"
    ratings.write_text(RATINGS)
    code = (
        "import gc, os, weakref, numpy\n"
        "class Node: pass\n"
        "freed = []\n"
        "node = Node(); node.cycle = node; weakref.finalize(node, freed.append, 1)\n"
        "gc.collect(); del node\n"
        "from secondround.engine.cli import main\n"
        f"rc = main([{str(ratings)!r}, '--json', {str(tmp_path / 'o.json')!r}, '--quiet'])\n"
        "gc.collect()\n"
        "print(rc, os.environ.get('OPENBLAS_NUM_THREADS'), gc.get_freeze_count(), freed)"
    )
    assert _python(code).split() == ["0", "None", "0", "[1]"]


def test_an_import_error_surfaces_with_the_collector_on_again(tmp_path, monkeypatch):
    ratings = tmp_path / "r.csv"
    ratings.write_text(RATINGS)

    def broken():
        raise ImportError("no numpy here")

    monkeypatch.setattr(cli, "_small_pages", broken)
    assert gc.isenabled()
    with pytest.raises(ImportError, match="no numpy here"):
        cli.main([str(ratings), "--json", str(tmp_path / "o.json"), "--quiet"])
    assert gc.isenabled()
    assert not (tmp_path / "o.json").exists()


def test_bad_input_still_exits_2_with_its_line(tmp_path, capsys):
    ratings = tmp_path / "r.csv"
    ratings.write_text(RATINGS.replace("J,C2,I1,x,4", "J,C2,I1,x,four"))
    assert cli.main([str(ratings), "--json", str(tmp_path / "o.json"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("secondround calibrate: error: line 4: rating 'four'")
    assert not (tmp_path / "o.json").exists()
