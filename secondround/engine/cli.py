"""Command line: ``secondround calibrate RATINGS.csv --json OUT.json``.

Bad input exits with code 2 and a one-line message naming the line and the
problem; the output file is written atomically (temp file + ``os.replace``), so
it is either complete or absent.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
import tempfile
import time

PROGRESS_MIN_ROWS = 50_000


class _Bar:
    """A plain-text progress bar on stderr."""

    def __init__(self, stream, enabled: bool):
        self.stream, self.enabled, self.last = stream, enabled, -1.0
        self.t0 = time.monotonic()

    def __call__(self, frac: float, stage: str) -> None:
        if not self.enabled or (frac - self.last < 0.02 and frac < 1.0):
            return
        self.last = frac
        filled = int(round(30 * frac))
        elapsed = time.monotonic() - self.t0
        bar = "#" * filled + "." * (30 - filled)
        self.stream.write(f"\r[{bar}] {frac:4.0%} {stage:<12} {elapsed:5.1f}s")
        if frac >= 1.0:
            self.stream.write("\n")
        self.stream.flush()


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="secondround calibrate",
        description="Calibrate interview ratings: severity, scale use, halo and contrast, "
        "every separate group of interviewers on its own (ratings taken at face value, "
        "or with --likelihood ordinal as intervals of a latent scale).",
    )
    p.add_argument(
        "ratings",
        help="ratings CSV (job, candidate, interviewer, competency, rating, scale_min, "
        "scale_max, interviewed_at)",
    )
    p.add_argument(
        "--json",
        dest="json_out",
        metavar="OUT.json",
        help="write the calibration JSON here (default: standard output)",
    )
    p.add_argument("--seed", type=int, default=0, help="seed of the P(best) draws (default 0)")
    p.add_argument(
        "--explanations",
        choices=("auto", "yes", "no"),
        default="auto",
        help="per-candidate plain-words explanations (auto: only up to 20,000 candidates)",
    )
    p.add_argument(
        "--likelihood",
        choices=("face", "ordinal"),
        default="face",
        help="face: ratings at face value (default, fastest); ordinal: each rating an "
        "interval of a latent scale (cumulative probit with each interviewer's severity and "
        "scale use), which reaches interviewers who pile ratings at the scale's ends; slower",
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    return p


def _keep_freed_memory() -> None:
    """Ask glibc to keep freed memory for reuse instead of unmapping it.

    The fit allocates and frees many arrays of a few MiB each. By default glibc
    returns such blocks to the kernel at once and the next array faults its pages
    in again: at 1M ratings that is about 0.4 s of system time. One arena for every
    thread: pandas parses the CSV in threads, and memory freed in a thread's own arena
    is not reused by the fit (with one arena: 60 MiB less peak RSS and 20k fewer page
    faults at 1M ratings). Only the command line does this (it owns its process);
    elsewhere (glibc absent) it is a no-op.
    """
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(-1, 1 << 30)  # M_TRIM_THRESHOLD: keep up to 1 GiB of free heap
        libc.mallopt(-3, 1 << 30)  # M_MMAP_THRESHOLD: big blocks from the heap too
        libc.mallopt(-8, 1)  # M_ARENA_MAX: the main arena for every thread
    except (OSError, AttributeError):  # pragma: no cover - not glibc
        pass


def _small_pages() -> None:
    """Ask numpy not to advise the kernel to back its large arrays with huge pages.

    numpy advises 2 MiB pages for every array of 4 MiB or more. On the 2-core virtual
    machine of the speed target a fresh huge page costs far more to fault in than the
    4 KiB pages the kernel recycles: at 1M ratings the command took about 0.4 s less
    system time without the advice, its user time unchanged (docs/benchmarks.md,
    section 3, branch ``speed3``). The same as ``NUMPY_MADVISE_HUGEPAGE=0``, which
    numpy reads when it is imported, before this runs; a value the user set wins.
    Only the command line does this (it owns its process).
    """
    if "NUMPY_MADVISE_HUGEPAGE" in os.environ:
        return
    try:
        from numpy._core.multiarray import _set_madvise_hugepage
    except ImportError:  # pragma: no cover - another numpy's layout
        return
    _set_madvise_hugepage(False)


def _one_blas_thread() -> None:
    """Start numpy's and scipy's OpenBLAS with no worker threads.

    Each library starts one worker thread per extra core when it loads, and a worker
    spins for a while after it starts and after every call that woke it. The fit makes
    no BLAS call large enough to share out (3 x 3 solves, small products), so the spin
    is pure cost: at 1M ratings about 0.1-0.2 CPU-s on 2 cores (docs/benchmarks.md,
    section 3, branch ``speed4``). OpenBLAS reads ``OPENBLAS_NUM_THREADS`` when it
    loads, so this must run before numpy is imported (the package imports nothing
    heavy until it is asked for a name; ``__init__.py``); a value the user set wins.
    Only the command line does this, and only in a process it starts (``_owns_process``):
    a caller of ``main`` that loaded numpy keeps its environment, which its own child
    processes inherit.
    """
    if _owns_process():
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def _owns_process() -> bool:
    """Whether numpy is not loaded yet: ``main`` runs as the command, not in a caller
    (a test, an app) that imported the engine before, whose state is not the command's."""
    return "numpy" not in sys.modules


def _import_engine():
    """The engine's modules and pandas, imported with the garbage collector paused.

    Importing numpy, pandas and scipy allocates some 400,000 objects, which set off
    about 180 collections (0.10-0.13 CPU-s at any file size, docs/benchmarks.md,
    section 3, branch ``speed4``); modules and their functions live until the process
    ends, so those collections find nothing. ``gc.freeze`` then moves every object
    alive to the permanent generation, so that later collections do not walk them
    either. Only in a process the command starts (``_owns_process``): a caller that
    loaded numpy before (a test session, an app) has its own objects and garbage
    alive, which a freeze would keep for good. The collector is on again afterwards,
    also if an import fails.
    """
    was_enabled = gc.isenabled()
    first = _owns_process() and gc.get_freeze_count() == 0
    gc.disable()
    try:
        _keep_freed_memory()
        _small_pages()
        import pandas  # noqa: F401 - read by read_ratings_csv

        from .api import compute
        from .csvio import read_ratings_csv
        from .jsonout import dumps
        from .table import RatingsError

        if first:
            gc.freeze()
    finally:
        if was_enabled:
            gc.enable()
    return compute, read_ratings_csv, dumps, RatingsError


# While the JSON is formatted (pure Python, holding the GIL) P(best)'s thread needs the
# GIL back after each of its ~250 numpy calls at 1M ratings; at Python's default 5 ms
# switch interval that wait alone could take over a second.
SWITCH_INTERVAL = 2e-4


@contextlib.contextmanager
def _quick_thread_switches():
    """Python's thread switch interval at SWITCH_INTERVAL for the block, then as it was."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(min(before, SWITCH_INTERVAL))
    try:
        yield
    finally:
        sys.setswitchinterval(before)


def main(argv: list[str] | None = None) -> int:
    """Run the command; returns the exit code (0 ok, 2 bad input, 1 other failure)."""
    _one_blas_thread()
    args = _parser().parse_args(argv)
    compute, read_ratings_csv, dumps, RatingsError = _import_engine()

    try:
        size = os.path.getsize(args.ratings) if os.path.isfile(args.ratings) else 0
        # About 45 bytes per row: show the bar only for large inputs.
        bar = _Bar(sys.stderr, enabled=not args.quiet and size > PROGRESS_MIN_ROWS * 45)
        bar(0.0, "reading")
        table = read_ratings_csv(args.ratings)
        bar.enabled = bar.enabled and len(table) > PROGRESS_MIN_ROWS
        # P(best) is computed in a second thread while the rest of the JSON is formatted
        # (docs/benchmarks.md, section 3, branch `speed5`).
        computed = compute(
            table,
            seed=args.seed,
            progress=lambda f, s: bar(0.1 + 0.8 * f, s),
            likelihood=args.likelihood,
            p_best_beside=True,
        )
        bar(0.92, "writing")
        with _quick_thread_switches():
            text = dumps(
                computed, explanations={"auto": None, "yes": True, "no": False}[args.explanations]
            )
        if args.json_out:
            _write_atomic(args.json_out, text)
        else:
            sys.stdout.write(text)
        bar(1.0, "done")
        return 0
    except RatingsError as exc:
        _finish_line(bar if "bar" in locals() else None)
        print(f"secondround calibrate: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\nsecondround calibrate: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # never a traceback for the user
        _finish_line(bar if "bar" in locals() else None)
        print(
            f"secondround calibrate: internal error: {type(exc).__name__}: {exc}", file=sys.stderr
        )
        return 1


def _finish_line(bar) -> None:
    if bar is not None and bar.enabled and bar.last >= 0:
        sys.stderr.write("\n")


def _write_atomic(path: str, text: str) -> None:
    """Write text to a temp file in the target directory, then rename it in place."""
    from .table import RatingsError

    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        raise RatingsError(f"cannot write {path}: no such directory")
    # A path the user cannot write (no permission, a directory, a full disk) is their
    # input to fix, not an internal error: its reason, and any earlier file kept.
    try:
        fd, tmp = tempfile.mkstemp(prefix=".calibration-", suffix=".json.tmp", dir=directory)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except OSError as exc:
        raise RatingsError(f"cannot write {path}: {exc.strerror}") from exc


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
