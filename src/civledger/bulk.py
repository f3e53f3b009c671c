"""An opt-in speed-up for building millions of objects: Python's cyclic collector paused.

civledger's entities hold no reference cycles, so the cyclic garbage
collector's passes over the millions of objects a big ledger builds find
nothing and only cost time (loading and checking a million-task ledger runs
two to five times faster without them). Switching the collector off is a
process-wide change, so the library never does it on its own: the
``civledger`` command does it for its own process, and a program that loads
big ledgers may ask for it by name::

    with civledger.paused_gc():
        ledger = civledger.load("city.json")
        report = civledger.check(ledger)

The collector is back as it was when the block ends.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

__all__ = ["paused_gc"]

_LOCK = threading.Lock()
_DEPTH = 0
_WAS_ENABLED = False


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block, then restore it as it was.

    Blocks may nest and may run in several threads at once: the collector is
    paused when the first block starts and restored when the last one ends.
    Nothing else of the collector is touched (no object is frozen, no pass is
    forced), so the process is as it was once the block is over.

    Examples
    --------
    >>> import gc
    >>> before = gc.isenabled()
    >>> with paused_gc():
    ...     gc.isenabled()
    False
    >>> gc.isenabled() == before
    True
    """
    global _DEPTH, _WAS_ENABLED
    with _LOCK:
        if _DEPTH == 0:
            _WAS_ENABLED = gc.isenabled()
            gc.disable()
        _DEPTH += 1
    try:
        yield
    finally:
        with _LOCK:
            _DEPTH -= 1
            if _DEPTH == 0 and _WAS_ENABLED:
                gc.enable()
