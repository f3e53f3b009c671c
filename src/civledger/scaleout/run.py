"""``civledger.rollup``: many ledgers into one Parquet dataset, on this machine or on Dask."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from typing import Any

from civledger.errors import ArgumentError
from civledger.i18n import _, language
from civledger.io.arrow import pyarrow
from civledger.model.arguments import DayLike, as_optional_day
from civledger.progress import NullProgress, Progress
from civledger.scaleout.dataset import finish, prepare
from civledger.scaleout.engines import ENGINES, run_dask, run_local
from civledger.scaleout.summary import RollupSummary
from civledger.scaleout.worker import Job

__all__ = ["default_jobs", "rollup"]


def default_jobs() -> int:
    """The processors this process may run on (the default number of workers).

    Examples
    --------
    >>> default_jobs() >= 1
    True
    """
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _ledgers(paths: Iterable[str | os.PathLike[str]]) -> list[tuple[str, str]]:
    """``(absolute path, name as given)`` of each ledger, the same file once."""
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    seen: set[str] = set()
    ledgers = []
    for given in paths:
        if not isinstance(given, str | os.PathLike):
            raise ArgumentError(
                "paths", _("expected file names, got {value!r}").format(value=given)
            )
        absolute = os.path.abspath(given)
        if absolute not in seen:
            seen.add(absolute)
            ledgers.append((absolute, os.fspath(given)))
    if not ledgers:
        raise ArgumentError("paths", _("no ledger to roll up"))
    return ledgers


def rollup(
    paths: Iterable[str | os.PathLike[str]],
    output: str | os.PathLike[str],
    *,
    engine: str = "local",
    scheduler: Any = None,
    as_of: DayLike | None = None,
    jobs: int | None = None,
    allow_outside: bool = False,
    progress: Progress | None = None,
    pause_gc: bool = False,
) -> RollupSummary:
    """Roll ledgers up into one Parquet dataset, partitioned by campaign; the summary.

    Each ledger is loaded, checked (with the ``civledger.toml`` beside it, as
    ``civledger check`` does) and queried in a worker, which writes its rows to
    ``output``: ``tasks`` (a row per task as of the day, every value of
    :func:`civledger.query` and more), ``findings``, ``units`` and ``progress`` (per unit
    at every level), each a folder of ``campaign=<id>`` partitions, and
    ``_rollup.json`` (the summary). A ledger that cannot be read is reported in the
    summary; the others are rolled up all the same. See docs/scale-out.md for the
    columns and for queries over the dataset.

    Parameters
    ----------
    paths
        The ledger files (a file named twice is rolled up once).
    output
        The dataset's folder: new, empty, or holding an earlier roll-up (which is
        replaced). On a cluster, a path every worker can write to under the same name.
    engine
        ``local`` (a pool of processes on this machine; the ``arrow`` extra) or
        ``dask`` (Dask distributed; the ``rollup`` extra).
    scheduler
        For ``dask``: the scheduler's address (``tcp://10.0.0.5:8786``) or a
        ``distributed.Client``; ``None`` starts a ``LocalCluster`` for the call.
    as_of
        The day to take every ledger's states at; by default each ledger's own
        (its ``campaign.as_of``, else today).
    jobs
        How many workers: processes of the pool, or of the ``LocalCluster``; by default
        the processors of this machine. A cluster at ``scheduler`` has its own.
    allow_outside
        Read journal files the ledgers name outside their folders.
    progress
        Told of each ledger done (see :mod:`civledger.progress`).
    pause_gc
        Pause the cyclic garbage collector in the workers while they roll a ledger up
        (faster on big ledgers; the command asks for it). Never in the workers of a
        cluster at ``scheduler``, which the call did not start.

    Raises
    ------
    ArgumentError
        For an unknown engine, a scheduler without ``engine="dask"``, ``jobs`` below 1,
        no ledger, or a date that is not one.
    CivLedgerError
        When ``output`` is a file, or a folder that is neither empty nor an earlier
        roll-up.
    MissingExtraError
        When pyarrow (``arrow``), or for ``dask`` Dask distributed (``rollup``), is not
        installed.

    Examples
    --------
    >>> import tempfile, pathlib, civledger
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> for n in (1, 2):
    ...     civledger.dump(civledger.synthesize(streets=1, communities=1, grids=1, tasks=6,
    ...                                         seed=n, campaign=f"city-{n}"),
    ...                    folder / f"city-{n}.json")
    >>> summary = civledger.rollup([folder / "city-1.json", folder / "city-2.json"],
    ...                            folder / "province", jobs=1)
    >>> summary.ok, summary.tasks, [ledger.campaign for ledger in summary.ledgers]
    (True, 12, ['city-1', 'city-2'])
    >>> import pyarrow.parquet as pq
    >>> tasks = pq.read_table(folder / "province" / "tasks")
    >>> tasks.num_rows, sorted(set(tasks.column("campaign").to_pylist()))
    (12, ['city-1', 'city-2'])
    """
    if engine not in ENGINES:
        raise ArgumentError(
            "engine",
            _("expected {choices}, got {value!r}").format(
                choices=_(" or ").join(ENGINES), value=engine
            ),
        )
    if scheduler is not None and engine != "dask":
        raise ArgumentError("scheduler", _("a scheduler is for engine='dask' only"))
    if jobs is not None and (not isinstance(jobs, int) or isinstance(jobs, bool) or jobs < 1):
        raise ArgumentError(
            "jobs", _("expected a whole number, at least 1, got {value!r}").format(value=jobs)
        )
    day = as_optional_day(as_of, "as_of")
    ledgers = _ledgers(paths)
    pyarrow()  # a missing extra is one clear error here, not one failure per ledger
    started = time.perf_counter()
    folder = prepare(output)
    job = Job(
        output=str(folder),
        as_of=day,
        language=language(),
        allow_outside=allow_outside,
        # Only in processes started for this call: the workers of a scheduler's cluster are
        # other people's processes, left as they are.
        pause_gc=pause_gc and (engine == "local" or scheduler is None),
    )
    workers = jobs if jobs is not None else default_jobs()
    shown = progress or NullProgress()
    if engine == "dask":
        results, workers = run_dask(ledgers, job, scheduler, workers, shown)
    else:
        results = run_local(ledgers, job, workers, shown)
        workers = max(1, min(workers, len(ledgers)))
    summary = RollupSummary(
        output=os.fspath(output),
        engine=engine,
        workers=workers,
        as_of=day,
        ledgers=results,
        seconds=time.perf_counter() - started,
    )
    finish(folder, summary.to_dict())
    return summary
