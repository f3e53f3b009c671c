"""Appending to the journal: judge the entry, then record it — or refuse it.

A ledger is an immutable value. What happens to tasks is added to its journal
through a :class:`JournalWriter`, the one object that owns the journal of a
ledger: a dispatch app makes one when it loads the ledger, calls
:meth:`JournalWriter.append` when someone acts on a task, and reads
:attr:`JournalWriter.ledger` — the ledger as it stands, a new immutable value
after each accepted entry — for everything else.

Each entry is judged against the task's current state and the sign-off policy
by the same code the SGN rules use (:mod:`civledger.journal.audit`), and its
verdicts are worded by those rules. If nothing that fails a check is found,
the entry is recorded: written to the ledger's journal file (when it has one)
under an exclusive lock and flushed to disk, then added to the ledger.
Otherwise nothing changes and the findings say why.

Before judging, entries other processes appended to the same journal file
since the writer last looked are read and recorded, so that two apps
appending to one file each judge against the other's entries and lose none.
Appends from several threads of one program go through one writer, which
takes them one at a time.
"""

from __future__ import annotations

import contextlib
import os
import threading
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import orjson

from civledger.checks.rules.measures import ENTRY_RULES_BY_CODE
from civledger.checks.rules.signoff import RULES_BY_CODE
from civledger.errors import CivLedgerError
from civledger.findings import Issue, Location, Tier
from civledger.io.journal_file import locked, parse_lines
from civledger.io.ledgers import load
from civledger.journal.advance import advance
from civledger.journal.audit import judge_for
from civledger.journal.state import Fold, entries_by_task
from civledger.model import Entry, Ledger
from civledger.serialization.converter import fast_converter, reading_timezone

__all__ = ["JOURNAL_OFFSET", "JournalWriter", "append", "journal_path"]

JOURNAL_OFFSET = "journal_file_offset"
"""The journal view of a ledger: how many bytes of its journal file its journal holds."""


def journal_path(ledger: Ledger) -> Path | None:
    """The journal file of a ledger that keeps its journal in one, else ``None``.

    It is named relative to the ledger's own file (or the current folder for a
    ledger that was not loaded from a file).

    Examples
    --------
    >>> import attrs
    >>> from civledger import testing
    >>> journal_path(testing.small_ledger()) is None
    True
    >>> str(journal_path(attrs.evolve(testing.small_ledger(), journal_file="j.jsonl")))
    'j.jsonl'
    """
    if ledger.journal_file is None:
        return None
    origin = ledger.origin
    if origin is not None and origin.journal_path is not None:
        return Path(origin.journal_path)
    folder = Path(origin.file).parent if origin is not None and origin.file else Path()
    return folder / ledger.journal_file


class JournalWriter:
    """The owner of a ledger's journal: judges each entry, records it, hands out the ledger.

    Make one writer per ledger and share it between the threads of a program:
    it takes appends one at a time. Each accepted entry gives a new
    :attr:`ledger` (the old one is unchanged, and stays valid for whoever holds
    it); the new ledger shares the old one's entities and derived views, so an
    append costs the same on a small ledger and on a million-task one.

    Parameters
    ----------
    ledger
        The ledger to append to, as loaded (or built).
    strict
        Also judge with the strict-tier journal rules.

    Examples
    --------
    >>> import civledger
    >>> from datetime import date, datetime
    >>> from civledger import Entry, Action, testing
    >>> writer = civledger.JournalWriter(testing.small_ledger())
    >>> at = datetime(2026, 4, 3, 9, tzinfo=testing.CST)
    >>> refused = writer.append(Entry(at=at, task="T-001", action=Action.SIGN_OFF, by="p-zhao"))
    >>> [i.code for i in refused]
    ['SGN001']
    >>> writer.append(Entry(at=at, task="T-001", action=Action.CLAIM, by="p-qian"))
    []
    >>> civledger.state(writer.ledger, "T-001", as_of=date(2026, 4, 3)).status.label
    '已认领'
    """

    def __init__(self, ledger: Ledger, *, strict: bool = False) -> None:
        self._ledger = ledger
        self._strict = strict
        self._path = journal_path(ledger)
        self._lock = threading.Lock()

    @classmethod
    def open(
        cls, path: str | os.PathLike[str], *, strict: bool = False, format: str | None = None
    ) -> JournalWriter:
        """Load a ledger file (:func:`civledger.load`) and make its writer.

        Examples
        --------
        >>> import civledger
        >>> civledger.JournalWriter.open("examples/zhecheng.yaml").ledger.campaign.id
        'zc-2026'
        """
        return cls(load(path, format=format), strict=strict)

    @property
    def ledger(self) -> Ledger:
        """The ledger as it stands: every entry accepted so far (an immutable value)."""
        with self._lock:
            return self._ledger

    @property
    def path(self) -> Path | None:
        """The journal file the writer appends to, if the ledger keeps its journal in one."""
        return self._path

    def append(self, entry: Entry) -> list[Issue]:
        """Add an entry to the journal if the rules allow it; return what is wrong with it.

        An empty list means the entry was recorded. Findings that fail a check
        (errors and warnings) mean it was refused and nothing changed; notes
        (such as a late sign-off) are returned with an entry that was recorded.
        When the ledger keeps its journal in a file, a recorded entry is on disk
        when this returns.

        Raises
        ------
        CivLedgerError
            When the journal file was rewritten since the ledger was loaded.
        """
        with self._lock, self._file() as stream:
            ledger = self._caught_up(stream)
            issues = _judge(ledger, entry, self._strict, self._path)
            if not any(issue.severity.fails for issue in issues):
                ledger = advance(ledger, entry)
                if stream is not None:
                    ledger.remember(JOURNAL_OFFSET, _write(stream, entry), journal=True)
            self._ledger = ledger
        return issues

    def refresh(self) -> Ledger:
        """Read what other processes appended to the journal file; return the ledger then.

        Examples
        --------
        >>> from civledger import testing
        >>> JournalWriter(testing.small_ledger()).refresh().campaign.id
        'zc-2026'
        """
        with self._lock, self._file() as stream:
            self._ledger = self._caught_up(stream)
            return self._ledger

    @contextlib.contextmanager
    def _file(self) -> Iterator[IO[bytes] | None]:
        if self._path is None:
            yield None
            return
        with locked(self._path) as stream:
            yield stream

    def _caught_up(self, stream: IO[bytes] | None) -> Ledger:
        """The ledger with the entries others appended to the file since it was read."""
        ledger = self._ledger
        if stream is None:
            return ledger
        stream.seek(0, os.SEEK_END)
        size = stream.tell()
        offset = _offset(ledger, size)
        if size < offset:
            raise CivLedgerError(
                f"the journal file {stream.name} is shorter than when it was read: it was "
                "rewritten meanwhile; load the ledger again"
            )
        if size == offset:
            return ledger
        stream.seek(offset)
        lines = parse_lines(stream.read(size - offset), offset=offset)
        token = reading_timezone.set(ledger.campaign.zone())
        try:
            for raw in lines.entries:
                try:
                    read = fast_converter.structure(raw, Entry)
                except Exception:
                    continue
                ledger = advance(ledger, read)
        finally:
            reading_timezone.reset(token)
        ledger.remember(JOURNAL_OFFSET, lines.end, journal=True)
        return ledger


def _offset(ledger: Ledger, size: int) -> int:
    """Where in the journal file the entries this ledger does not hold begin."""
    known = ledger.cached(JOURNAL_OFFSET, journal=True)
    if known is not None:
        return int(known)
    origin_size = ledger.origin.journal_size if ledger.origin is not None else None
    return origin_size if origin_size is not None else size


def _write(stream: IO[bytes], entry: Entry) -> int:
    """Write ``entry`` as the file's last line, flushed to disk; return the file's new size."""
    line = orjson.dumps(fast_converter.unstructure(entry)) + b"\n"
    stream.seek(0, os.SEEK_END)
    end = stream.tell()
    if end > 0:
        stream.seek(end - 1)
        if stream.read(1) != b"\n":
            line = b"\n" + line  # a line cut off by a crash stays a line of its own
    stream.write(line)
    stream.flush()
    os.fsync(stream.fileno())
    return end + len(line)


def _judge(ledger: Ledger, entry: Entry, strict: bool, path: Path | None) -> list[Issue]:
    judge = judge_for(ledger)
    by_task = entries_by_task(ledger)
    earlier = by_task.get(entry.task, ())
    task = judge.tasks.get(entry.task)
    fold = None
    if task is not None:
        fold = Fold.of(task, judge.zone)
        for before in earlier:
            fold.apply(before)
    previous = earlier[-1].at if earlier else None
    position = len(ledger.journal)
    file = os.fspath(path) if path is not None else (ledger.origin.file if ledger.origin else None)
    issues = []
    for verdict in judge.judge(entry, fold, previous, by_task):
        rule = RULES_BY_CODE.get(verdict.code) or ENTRY_RULES_BY_CODE[verdict.code]
        if rule.tier is Tier.STRICT and not strict:
            continue
        where: tuple[Any, ...] = ("journal", position)
        if verdict.field is not None:
            where = (*where, verdict.field)
        issues.append(
            rule.issue(Location(file=file, path=where), subjects=verdict.subjects, **verdict.params)
        )
    return issues


def append(ledger: Ledger, entry: Entry, *, strict: bool = False) -> list[Issue]:
    """Deprecated: append through a :class:`JournalWriter` instead.

    Judges and records ``entry`` as :meth:`JournalWriter.append` does, then
    changes ``ledger`` in place to hold it — the one place where a ledger is
    not an immutable value, kept only so that programs written for civledger
    0.x keep working. It warns with a :class:`DeprecationWarning` and will be
    removed in civledger 2.0. Replace::

        civledger.append(ledger, entry)

    with one writer per ledger, and read the ledger from it::

        writer = civledger.JournalWriter(ledger)
        writer.append(entry)
        ledger = writer.ledger

    Examples
    --------
    >>> import civledger, warnings
    >>> from datetime import datetime
    >>> from civledger import Entry, Action, testing
    >>> ledger = testing.small_ledger()
    >>> at = datetime(2026, 4, 3, 9, tzinfo=testing.CST)
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     civledger.append(ledger, Entry(at=at, task="T-001", action=Action.CLAIM, by="p-qian"))
    []
    >>> caught[0].category.__name__, len(ledger.journal)
    ('DeprecationWarning', 3)
    """
    warnings.warn(
        "civledger.append(ledger, entry) changes the ledger in place and will be removed in "
        "civledger 2.0; append through a writer: writer = civledger.JournalWriter(ledger); "
        "writer.append(entry); ledger = writer.ledger",
        DeprecationWarning,
        stacklevel=2,
    )
    writer = JournalWriter(ledger, strict=strict)
    issues = writer.append(entry)
    ledger._take_journal_of(writer.ledger)
    return issues
