"""bench.speed: its startup line imports what the command does before reading the CSV."""

import os
import subprocess
import sys

from bench.speed import STARTUP

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_the_startup_line_loads_numpy_scipy_and_pandas():
    # "after startup" subtracts it: a startup without them would count their imports
    # as the fit's time.
    code = STARTUP + "; import sys; print(sorted({'numpy', 'scipy', 'pandas'} & {*sys.modules}))"
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "['numpy', 'pandas', 'scipy']"
