"""What a roll-up tells: per ledger, its tasks, signed off, overdue and findings, or why it
could not be rolled up."""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs
import orjson

from civledger._fields import to_tuple
from civledger.i18n import N_, _, ngettext, nphrase
from civledger.reports.columns import worded
from civledger.reports.table import Column, Table

__all__ = ["SUMMARY_COLUMNS", "SUMMARY_VERSION", "LedgerRollup", "RollupSummary"]

SUMMARY_VERSION = 1
"""The version of the summary's JSON layout (``civledger_rollup`` in
:meth:`RollupSummary.to_json` and the dataset's ``_rollup.json``)."""


@attrs.frozen(kw_only=True)
class LedgerRollup:
    """One ledger of a roll-up: what it holds, or why it could not be rolled up.

    Attributes
    ----------
    ledger
        The ledger file, as given.
    campaign, name
        The campaign's id (the dataset's partition) and name; ``None`` when the file
        could not be read.
    as_of
        The day the states were taken at.
    tasks, signed_off, cancelled, overdue
        Tasks and problems; signed off (已销号), cancelled (已撤销), open past the due
        date in force (逾期), as of that day.
    errors, warnings, notes
        The findings of its check by severity (waived ones left out).
    problem
        Why it could not be rolled up (a file that cannot be read, a folder that
        cannot be written); ``None`` when it was.
    seconds
        How long its worker took.

    Examples
    --------
    >>> done = LedgerRollup(ledger="a.yaml", campaign="zc", tasks=10, signed_off=6, cancelled=2)
    >>> done.ok, done.signed_off_rate
    (True, 0.75)
    >>> LedgerRollup(ledger="b.yaml", problem="b.yaml: the file is empty").ok
    False
    """

    ledger: str
    campaign: str | None = None
    name: str | None = None
    as_of: date | None = None
    tasks: int = 0
    signed_off: int = 0
    cancelled: int = 0
    overdue: int = 0
    errors: int = 0
    warnings: int = 0
    notes: int = 0
    problem: str | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """Whether the ledger was rolled up."""
        return self.problem is None

    @property
    def signed_off_rate(self) -> float | None:
        """Signed off ÷ tasks not cancelled (``None`` without any)."""
        counted = self.tasks - self.cancelled
        return self.signed_off / counted if counted > 0 else None

    def to_dict(self) -> dict[str, Any]:
        """The ledger's line as plain data (JSON keys never change with the language)."""
        return {
            "ledger": self.ledger,
            "campaign": self.campaign,
            "name": self.name,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "tasks": self.tasks,
            "signed_off": self.signed_off,
            "cancelled": self.cancelled,
            "overdue": self.overdue,
            "errors": self.errors,
            "warnings": self.warnings,
            "notes": self.notes,
            "problem": self.problem,
            "seconds": round(self.seconds, 3),
        }


SUMMARY_COLUMNS: tuple[Column, ...] = (
    Column(key="ledger", label=N_("Ledger")),
    Column(key="campaign", label=N_("Campaign")),
    Column(key="as_of", label=N_("As of"), kind="date"),
    Column(key="tasks", label=N_("Tasks"), kind="int"),
    Column(key="rate", label=N_("Sign-off rate"), kind="percent"),
    Column(key="overdue", label=N_("Overdue"), kind="int"),
    Column(key="errors", label=N_("Errors"), kind="int"),
    Column(key="problem", label=N_("Not rolled up")),
)
"""The columns of :meth:`RollupSummary.to_table` (labels are messages)."""


@attrs.frozen(kw_only=True)
class RollupSummary:
    """The result of :func:`civledger.rollup`: a line per ledger, in the order given.

    Attributes
    ----------
    output
        The dataset's folder.
    engine
        ``local`` or ``dask``.
    workers
        How many workers rolled the ledgers up.
    as_of
        The day asked for (``None``: each ledger's own default day).
    ledgers
        A :class:`LedgerRollup` per ledger.
    seconds
        How long the whole roll-up took.

    Examples
    --------
    >>> summary = RollupSummary(output="out", engine="local", ledgers=[
    ...     LedgerRollup(ledger="a.yaml", campaign="zc", tasks=4, signed_off=1, overdue=1),
    ...     LedgerRollup(ledger="b.yaml", problem="b.yaml: the file is empty")])
    >>> summary.ok, summary.tasks, [ledger.ledger for ledger in summary.failed]
    (False, 4, ['b.yaml'])
    >>> summary.to_table().to_rows()[0]["rate"]
    0.25
    """

    output: str
    engine: str
    ledgers: tuple[LedgerRollup, ...] = attrs.field(converter=to_tuple)
    workers: int = 1
    as_of: date | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """Whether every ledger was rolled up."""
        return all(ledger.ok for ledger in self.ledgers)

    @property
    def failed(self) -> tuple[LedgerRollup, ...]:
        """The ledgers that could not be rolled up."""
        return tuple(ledger for ledger in self.ledgers if not ledger.ok)

    @property
    def tasks(self) -> int:
        """The tasks and problems of every ledger rolled up."""
        return sum(ledger.tasks for ledger in self.ledgers)

    def to_table(self) -> Table:
        """The summary as a report table (worded in the language of the moment): per ledger,
        its tasks, the share signed off, overdue, errors, or why it was not rolled up."""
        rolled = len(self.ledgers) - len(self.failed)
        notes = [
            ngettext(
                "{rolled} of {n} ledger rolled up into {output} ({engine}, {workers}, "
                "{seconds:.1f} s); {tasks} tasks in all.",
                "{rolled} of {n} ledgers rolled up into {output} ({engine}, {workers}, "
                "{seconds:.1f} s); {tasks} tasks in all.",
                len(self.ledgers),
            ).format(
                rolled=rolled,
                n=len(self.ledgers),
                output=self.output,
                engine=self.engine,
                workers=nphrase("{n} worker", "{n} workers", self.workers),
                seconds=self.seconds,
                tasks=self.tasks,
            ),
            _(
                "Sign-off rate = signed off ÷ tasks not cancelled; overdue = open past the due "
                "date in force; errors = findings of severity error, not waived."
            ),
        ]
        return Table(
            title=_("Roll-up of the ledgers"),
            name="rollup",
            columns=worded(SUMMARY_COLUMNS),
            rows=[
                {
                    "ledger": ledger.ledger,
                    "campaign": ledger.campaign,
                    "as_of": ledger.as_of,
                    "tasks": ledger.tasks if ledger.ok else None,
                    "rate": ledger.signed_off_rate,
                    "overdue": ledger.overdue if ledger.ok else None,
                    "errors": ledger.errors if ledger.ok else None,
                    "problem": ledger.problem,
                }
                for ledger in self.ledgers
            ],
            notes=notes,
            as_of=self.as_of,
        )

    def to_dict(self) -> dict[str, Any]:
        """The summary as plain data (what ``_rollup.json`` holds)."""
        return {
            "civledger_rollup": SUMMARY_VERSION,
            "output": self.output,
            "engine": self.engine,
            "workers": self.workers,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "seconds": round(self.seconds, 3),
            "ok": self.ok,
            "ledgers": [ledger.to_dict() for ledger in self.ledgers],
        }

    def to_json(self) -> str:
        """The summary as a JSON document.

        Examples
        --------
        >>> import json
        >>> json.loads(RollupSummary(output="out", engine="dask", ledgers=[]).to_json())["ok"]
        True
        """
        return orjson.dumps(self.to_dict(), option=orjson.OPT_INDENT_2).decode("utf-8")
