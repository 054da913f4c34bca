"""Standard normals from one random stream, the first ones drawn ahead in a thread.

P(best) needs a large block of normals that depends on nothing the model fit
estimates (one per candidate and draw: 19.5 million float32 at 1M ratings). numpy's
``Generator`` releases the GIL while it fills an array, so the block can be drawn on
a second core while the fit runs, and the caller collects it when it gets there.

The numbers cannot depend on the thread: they come from a stream of their own (a
child of the seed, so nothing else draws from it), and a generator gives the same
sequence whether it fills one array or several in turn (``PCG64`` keeps its
leftover half word in its state; tested in ``tests/engine/test_engine_pbest_streams.py``).
So how many values were drawn ahead, and by which thread, changes no value.
"""

from __future__ import annotations

import threading

import numpy as np

PIECE = 4_000_000  # values per fill call of the background thread: it stops between pieces


class PrefetchedNormals:
    """float32 standard normals of one stream, handed out in order.

    Parameters
    ----------
    source : numpy.random.SeedSequence
        The stream; nothing else may draw from it.
    n_values : int
        How many normals will be taken in all.
    ahead : int
        How many of them to hold drawn ahead (the rest are drawn as they are taken);
        0 draws every value when it is taken.
    """

    def __init__(self, source: np.random.SeedSequence, n_values: int, ahead: int = 0) -> None:
        self.source = source
        self.n_values = int(n_values)
        self._rng = np.random.default_rng(source)
        self._ahead = np.empty(int(min(max(ahead, 0), self.n_values)), dtype=np.float32)
        self._taken = 0
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._error: BaseException | None = None

    @property
    def n_ahead(self) -> int:
        """How many values are drawn ahead (or being drawn)."""
        return len(self._ahead)

    def fill(self) -> None:
        """Draw the values held ahead, in this thread, in pieces (stops when told)."""
        try:
            for lo in range(0, self.n_ahead, PIECE):
                if self._stop.is_set():
                    return
                self._rng.standard_normal(dtype=np.float32, out=self._ahead[lo : lo + PIECE])
        except BaseException as error:  # handed to the thread that takes the values
            self._error = error

    def start(self) -> None:
        """Draw the values held ahead in a background thread."""
        if self._thread is not None:
            raise RuntimeError("already started")
        self._thread = threading.Thread(target=self.fill, name="prefetched-normals", daemon=True)
        self._thread.start()

    def join(self) -> None:
        """Wait for the background thread, if any; raise what it raised."""
        if self._thread is not None:
            self._thread.join()
        if self._error is not None:
            raise self._error

    def close(self) -> None:
        """Stop the background thread after its current piece, and wait for it."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def take(self, out: np.ndarray) -> np.ndarray:
        """The next ``len(out)`` normals of the stream.

        A view of the values drawn ahead when they cover the request (``out`` is then
        left alone), else ``out`` filled. Either is the caller's to overwrite.
        """
        if self._stop.is_set():
            raise RuntimeError("closed")
        self.join()
        n = len(out)
        start, stop = self._taken, self._taken + n
        if stop > self.n_values:
            raise ValueError(f"{stop} normals taken of the {self.n_values} announced")
        self._taken = stop
        if stop <= self.n_ahead:
            return self._ahead[start:stop]
        held = max(self.n_ahead - start, 0)
        out[:held] = self._ahead[start:]
        self._rng.standard_normal(dtype=np.float32, out=out[held:])
        return out
