"""One ledger's part of a roll-up, as a worker does it: load, check, query, write.

:func:`roll_up_ledger` runs in a worker process of the local pool or on a Dask
worker; everything it takes and gives back is small and picklable (a path, a
:class:`Job`, a :class:`~civledger.LedgerRollup`), and it never raises for a
ledger it cannot roll up: the reason is in what it gives back, so that one bad
ledger among three hundred stops nothing.
"""

from __future__ import annotations

import contextlib
import time
import traceback
from datetime import date

import attrs

from civledger.bulk import paused_gc
from civledger.checks import Report, check
from civledger.checks.config import find_config
from civledger.errors import CivLedgerError
from civledger.findings import Severity
from civledger.i18n import _, use_language
from civledger.io import load
from civledger.journal.lifecycle import Status
from civledger.scaleout.dataset import part_name, write_partitions
from civledger.scaleout.summary import LedgerRollup
from civledger.scaleout.tables import ledger_tables

__all__ = ["Job", "roll_up_ledger"]


@attrs.frozen(kw_only=True)
class Job:
    """What every worker of a roll-up is told (picklable: it travels to other processes
    and machines).

    Attributes
    ----------
    output
        The dataset's folder, absolute (on a cluster: a path every worker sees the same).
    as_of
        The day to take states at; ``None``: each ledger's own (its ``campaign.as_of``,
        else today).
    language
        The language of messages and labels in the rows (``zh`` or ``en``).
    allow_outside
        Read journal files a ledger names outside its folder.
    pause_gc
        Pause the cyclic garbage collector while a ledger is rolled up (the command asks
        for it; a library call leaves it alone unless asked).
    """

    output: str
    as_of: date | None = None
    language: str = "zh"
    allow_outside: bool = False
    pause_gc: bool = False


def roll_up_ledger(path: str, job: Job, name: str | None = None) -> LedgerRollup:
    """Roll one ledger up into the dataset: its four tables written to its campaign's
    partitions; what it holds, or why it could not be rolled up.

    ``path`` is the file to read (absolute, on a cluster); ``name`` how the rows and the
    summary call it (the path as the user gave it; by default ``path``).

    Examples
    --------
    >>> import tempfile, pathlib, civledger
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> civledger.dump(civledger.synthesize(streets=1, communities=1, grids=1, tasks=5),
    ...                folder / "a.json")
    >>> done = roll_up_ledger(str(folder / "a.json"), Job(output=str(folder / "out")))
    >>> done.ok, done.campaign, done.tasks
    (True, 'synth', 5)
    >>> roll_up_ledger(str(folder / "missing.json"), Job(output=str(folder / "out"))).problem
    '.../missing.json: ...'
    """
    started = time.perf_counter()
    with use_language(job.language):
        pause = paused_gc() if job.pause_gc else contextlib.nullcontext()
        with pause:
            try:
                result = _roll_up(path, job, name or path)
            except CivLedgerError as exc:  # a file that cannot be read or written
                result = LedgerRollup(ledger=name or path, problem=str(exc))
            except Exception as exc:  # a defect: reported with the ledger, not fatal to the rest
                result = LedgerRollup(
                    ledger=name or path,
                    problem=_("internal error: {error}").format(
                        error="".join(traceback.format_exception_only(exc)).strip()
                    ),
                )
    return attrs.evolve(result, seconds=time.perf_counter() - started)


def _roll_up(path: str, job: Job, name: str) -> LedgerRollup:
    ledger = load(path, allow_outside=job.allow_outside)
    config = find_config(path)
    report: Report = check(
        ledger,
        select=list(config.select) if config.select is not None else None,
        ignore=list(config.ignore),
        strict=config.strict,
        as_of=job.as_of,
    )
    day = job.as_of or ledger.campaign.default_date()
    tables = ledger_tables(ledger, report, day, name)
    write_partitions(job.output, ledger.campaign.id, part_name(path), tables)
    tasks = tables["tasks"]
    statuses = tasks.column("status").to_pylist()
    overdue = tasks.column("overdue").to_pylist()
    by_severity = report.stats()["by_severity"]
    return LedgerRollup(
        ledger=name,
        campaign=ledger.campaign.id,
        name=ledger.campaign.name,
        as_of=day,
        tasks=tasks.num_rows,
        signed_off=statuses.count(Status.SIGNED_OFF.value),
        cancelled=statuses.count(Status.CANCELLED.value),
        overdue=sum(1 for value in overdue if value),
        errors=by_severity[Severity.ERROR.value],
        warnings=by_severity[Severity.WARNING.value],
        notes=by_severity[Severity.INFO.value],
    )
