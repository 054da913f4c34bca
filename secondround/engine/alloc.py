"""Keep freed memory in the process while the engine runs (glibc only).

A fit makes thousands of temporary arrays of a few megabytes (one per numpy operation
on the interviews). glibc returns freed memory at the top of its heap to the system as
soon as more than its trim threshold is free there, and serves arrays above its mmap
threshold with fresh mappings; with its default (dynamic) thresholds a fit on a
million ratings returned its temporaries after nearly every E-step and faulted the pages
back in on the next one: 400,000 page faults, 0.85 s of system time out of 5 s of CPU
(docs/benchmarks.md, "Issue #11, branch fast"). Larger thresholds keep that memory for
reuse. The peak memory is unchanged (the same arrays are alive at the peak); what
changes is that up to ``TRIM_THRESHOLD`` of freed memory stays with the process until
it ends, instead of going back to the system at once.
"""

from __future__ import annotations

import ctypes
import ctypes.util

# mallopt parameters (malloc.h).
M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
# Arrays up to this size come from the heap; 32 MB is glibc's upper bound for it
# (a million float64 ratings are 8 MB).
MMAP_THRESHOLD = 32 * 1024 * 1024
TRIM_THRESHOLD = 256 * 1024 * 1024

_done = False


def keep_freed_memory() -> bool:
    """Raise glibc's trim and mmap thresholds, once per process.

    Returns whether the thresholds are set (False off glibc, e.g. macOS or musl,
    where nothing is changed). The results do not depend on it: only where memory
    comes from.
    """
    global _done
    if _done:
        return True
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    try:
        libc = ctypes.CDLL(name)
    except OSError:
        return False
    # gnu_get_libc_version exists only in glibc: other C libraries' mallopt may
    # take other parameter numbers.
    if not hasattr(libc, "gnu_get_libc_version") or not hasattr(libc, "mallopt"):
        return False
    mallopt = libc.mallopt
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    _done = bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(
        mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD)
    )
    return _done
