"""Where the ledgers are rolled up: a pool of processes on this machine, or a Dask cluster.

Both engines run :func:`~civledger.scaleout.worker.roll_up_ledger` once per ledger and
give back its :class:`~civledger.LedgerRollup` in the order the ledgers were
given; the workers write the Parquet files themselves, so nothing bigger than a
summary line travels back. A worker that dies (killed, out of memory) is reported
against its ledger, as a file that cannot be read is.

``local``: a :class:`concurrent.futures.ProcessPoolExecutor` of ``jobs`` processes started
by a fork server (one ledger, or ``jobs=1``: in the calling process, no pool at all).
``dask``: a ``distributed.Client`` of the scheduler at an address, or of a client given, or
of a ``LocalCluster`` of ``jobs`` single-threaded worker processes started for the call and
stopped after it (the ``rollup`` extra).
"""

from __future__ import annotations

import concurrent.futures
import logging
import multiprocessing
import multiprocessing.context
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from civledger._extras import optional_module
from civledger.i18n import N_, _, lazy
from civledger.progress import Progress
from civledger.scaleout.summary import LedgerRollup
from civledger.scaleout.worker import Job, roll_up_ledger

__all__ = ["ENGINES", "Ledgers", "run_dask", "run_local"]

ENGINES: tuple[str, ...] = ("local", "dask")
"""The engines of :func:`civledger.rollup`."""

Ledgers = Sequence[tuple[str, str]]
"""The ledgers to roll up: ``(path to read, name to show)`` each."""

_STAGE = N_("rolling up ledgers")


def _failed(name: str, exc: BaseException) -> LedgerRollup:
    """A ledger whose worker did not come back (a process killed, a lost Dask worker)."""
    return LedgerRollup(
        ledger=name,
        problem=_("its worker failed: {error}").format(error=f"{type(exc).__name__}: {exc}"),
    )


def run_local(ledgers: Ledgers, job: Job, jobs: int, progress: Progress) -> list[LedgerRollup]:
    """Roll the ledgers up in up to ``jobs`` processes of this machine; one at a time in
    this process when ``jobs`` is 1 or there is one ledger.

    Examples
    --------
    >>> import tempfile
    >>> from civledger.progress import NullProgress
    >>> job = Job(output=tempfile.mkdtemp())
    >>> [r.ok for r in run_local([("missing.json", "missing.json")], job, 2, NullProgress())]
    [False]
    """
    progress.stage(_STAGE, len(ledgers))
    if jobs <= 1 or len(ledgers) <= 1:
        results = []
        for path, name in ledgers:
            results.append(roll_up_ledger(path, job, name))
            progress.advance()
        progress.done()
        return results
    with concurrent.futures.ProcessPoolExecutor(
        max_workers=min(jobs, len(ledgers)), mp_context=_start_method()
    ) as pool:
        futures = [pool.submit(roll_up_ledger, path, job, name) for path, name in ledgers]
        for _done in concurrent.futures.as_completed(futures):
            progress.advance()
        progress.done()
        return [
            _outcome(future.exception, future.result, name)
            for future, (_p, name) in zip(futures, ledgers, strict=True)
        ]


def _start_method() -> multiprocessing.context.BaseContext:
    """How the pool starts its processes: never a bare fork of the caller, which may be a web
    back end with threads and locks of its own (a fork copies them held); a fork server where
    there is one, else a fresh interpreter."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def _outcome(
    exception: Callable[[], BaseException | None], result: Callable[[], Any], name: str
) -> LedgerRollup:
    error = exception()
    if error is not None:
        return _failed(name, error)
    found: LedgerRollup = result()
    return found


@contextmanager
def _client(distributed: Any, scheduler: Any, jobs: int) -> Iterator[Any]:
    """A client of the scheduler asked for; a cluster started (and stopped) when none is."""
    if scheduler is None:
        # Dask's own INFO lines (a worker started, a cluster closing) are not the command's.
        with (
            distributed.LocalCluster(
                n_workers=jobs,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.WARNING,
            ) as cluster,
            distributed.Client(cluster) as client,
        ):
            yield client
    elif isinstance(scheduler, str):
        with distributed.Client(scheduler) as client:
            yield client
    else:
        yield scheduler  # the caller's client: used, not closed


def run_dask(
    ledgers: Ledgers, job: Job, scheduler: Any, jobs: int, progress: Progress
) -> tuple[list[LedgerRollup], int]:
    """Roll the ledgers up on Dask, one task per ledger; the results and how many workers
    the cluster had.

    ``scheduler`` is an address (``tcp://10.0.0.5:8786``), a ``distributed.Client``, or
    ``None`` for a ``LocalCluster`` of ``jobs`` worker processes.
    """
    distributed = optional_module("distributed", lazy("rolling up on Dask"))
    progress.stage(_STAGE, len(ledgers))
    with _client(distributed, scheduler, jobs) as client:
        workers = len(client.scheduler_info().get("workers", {})) or jobs
        futures = [
            client.submit(roll_up_ledger, path, job, name, pure=False) for path, name in ledgers
        ]
        for _done in distributed.as_completed(futures):
            progress.advance()
        progress.done()
        results = [
            _outcome(future.exception, future.result, name)
            for future, (_p, name) in zip(futures, ledgers, strict=True)
        ]
        client.cancel(futures)
    return results, workers
