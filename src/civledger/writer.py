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
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from civledger.checks.rules.loading import TORN_LINE_MOVED
from civledger.checks.rules.measures import ENTRY_RULES_BY_CODE
from civledger.checks.rules.signoff import RULES_BY_CODE
from civledger.findings import Issue, Location, Tier
from civledger.io.containment import inside
from civledger.io.journal_file import Healed, heal, locked
from civledger.io.journal_sync import caught_up, written
from civledger.io.ledgers import load
from civledger.journal.advance import advance
from civledger.journal.audit import judge_for
from civledger.journal.state import Fold, entries_by_task
from civledger.model import Entry, EntryDraft, Ledger

__all__ = ["Clock", "JournalWriter", "append", "journal_path"]

Clock = Callable[[], datetime]
"""A function that gives the current time, time-zone aware (``JournalWriter(clock=...)``)."""


def journal_path(ledger: Ledger, *, allow_outside: bool = False) -> Path | None:
    """The journal file of a ledger that keeps its journal in one, else ``None``.

    It is named relative to the ledger's own file (or the current folder for a
    ledger that was not loaded from a file), and must lie in that folder.

    Raises
    ------
    OutsideFolderError
        When the name leads out of the ledger's folder and ``allow_outside`` is false.

    Examples
    --------
    >>> import attrs
    >>> from civledger import testing
    >>> journal_path(testing.small_ledger()) is None
    True
    >>> str(journal_path(attrs.evolve(testing.small_ledger(), journal_file="j.jsonl")))
    'j.jsonl'
    >>> journal_path(attrs.evolve(testing.small_ledger(), journal_file="/etc/passwd"))
    Traceback (most recent call last):
    ...
    civledger.errors.OutsideFolderError: the journal file '/etc/passwd' lies outside ...
    """
    if ledger.journal_file is None:
        return None
    origin = ledger.origin
    folder = Path(origin.file).parent if origin is not None and origin.file else Path()
    named = inside(
        folder,
        ledger.journal_file,
        ledger=origin.file if origin is not None else None,
        allow_outside=allow_outside,
    )
    if origin is not None and origin.journal_path is not None:
        return Path(origin.journal_path)
    return named


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
    allow_outside
        Append to a journal file that lies outside the ledger's folder.
    clock
        The current time, for entries appended without ``at`` (an
        :class:`~civledger.EntryDraft`); by default the system clock.

    Raises
    ------
    OutsideFolderError
        When the ledger's journal file lies outside its folder and
        ``allow_outside`` is false.

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

    def __init__(
        self,
        ledger: Ledger,
        *,
        strict: bool = False,
        allow_outside: bool = False,
        clock: Clock | None = None,
    ) -> None:
        self._ledger = ledger
        self._strict = strict
        self._path = journal_path(ledger, allow_outside=allow_outside)
        self._clock = clock or _now
        self._lock = threading.Lock()

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        strict: bool = False,
        format: str | None = None,
        allow_outside: bool = False,
        clock: Clock | None = None,
    ) -> JournalWriter:
        """Load a ledger file (:func:`civledger.load`) and make its writer.

        Examples
        --------
        >>> import civledger
        >>> civledger.JournalWriter.open("examples/zhecheng.yaml").ledger.campaign.id
        'zc-2026'
        """
        ledger = load(path, format=format, allow_outside=allow_outside)
        return cls(ledger, strict=strict, allow_outside=allow_outside, clock=clock)

    @property
    def ledger(self) -> Ledger:
        """The ledger as it stands: every entry accepted so far (an immutable value)."""
        with self._lock:
            return self._ledger

    @property
    def path(self) -> Path | None:
        """The journal file the writer appends to, if the ledger keeps its journal in one."""
        return self._path

    def append(self, entry: Entry | EntryDraft) -> list[Issue]:
        """Add an entry to the journal if the rules allow it; return what is wrong with it.

        An empty list means the entry was recorded. Findings that fail a check
        (errors and warnings) mean it was refused and nothing changed; notes
        (such as a late sign-off) are returned with an entry that was recorded.
        When the ledger keeps its journal in a file, a recorded entry is on disk
        when this returns; a line a crash cut off at the end of the file is
        first moved aside (a LDG018 note says where).

        An :class:`~civledger.EntryDraft` without ``at`` is stamped with the
        current time in the campaign's time zone, under the journal's lock and
        after reading what others appended, never earlier than its task's last
        entry: writers appending at once never refuse each other for order.

        Raises
        ------
        FileWriteError
            When the entry cannot be written (a full disk); nothing was recorded.
        JournalConflictError
            When the journal file was cut short or changed in place since it was
            read (a file replaced by a dump or an import is read again instead).
        """
        with self._lock, self._file() as stream:
            notes = self._healed(stream)
            ledger = self._caught_up(stream)
            recorded = self._stamped(entry, ledger)
            issues = _judge(ledger, recorded, self._strict, self._path)
            if not any(issue.severity.fails for issue in issues):
                ledger = advance(ledger, recorded)
                if stream is not None:
                    ledger = self._written(ledger, stream, recorded)
            self._ledger = ledger
        return notes + issues

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

    def repair(self) -> list[Issue]:
        """Mend the journal file after a crash: move a line cut off at its end aside.

        The line goes to the side file ``<journal>.torn`` beside the journal, and
        is reported once, as a LDG018 note (an empty list: nothing to mend). What
        other processes appended is read, as :meth:`refresh` does.
        ``civledger journal repair`` calls it.

        Examples
        --------
        >>> from civledger import testing
        >>> JournalWriter(testing.small_ledger()).repair()
        []
        """
        with self._lock, self._file() as stream:
            notes = self._healed(stream)
            self._ledger = self._caught_up(stream)
            return notes

    @contextlib.contextmanager
    def _file(self) -> Iterator[IO[bytes] | None]:
        if self._path is None:
            yield None
            return
        with locked(self._path) as stream:
            yield stream

    def _healed(self, stream: IO[bytes] | None) -> list[Issue]:
        if stream is None or self._path is None:
            return []
        healed = heal(stream, self._path)
        if healed is None or healed.side is None:
            return []
        return [moved_aside(healed, os.fspath(self._path))]

    def _stamped(self, entry: Entry | EntryDraft, ledger: Ledger) -> Entry:
        if isinstance(entry, Entry):
            return entry
        if entry.at is not None:
            return entry.stamped(entry.at)
        now = self._clock().astimezone(ledger.campaign.zone())
        earlier = entries_by_task(ledger).get(entry.task, ())
        if earlier and earlier[-1].at > now:
            now = earlier[-1].at  # a clock behind the task's last entry: never before it
        return entry.stamped(now)

    def _caught_up(self, stream: IO[bytes] | None) -> Ledger:
        """The ledger with the entries others appended to the file since it was read."""
        if stream is None or self._path is None:
            return self._ledger
        return caught_up(self._ledger, self._path, stream)

    def _written(self, ledger: Ledger, stream: IO[bytes], entry: Entry) -> Ledger:
        """Write ``entry`` as the file's last line, flushed to disk; the ledger that knows it."""
        assert self._path is not None
        return written(ledger, self._path, stream, entry)


def moved_aside(healed: Healed, path: str) -> Issue:
    """The LDG018 note of a line cut off by a crash that was moved to the side file."""
    text = healed.text[:400].decode("utf-8", errors="replace")
    return TORN_LINE_MOVED.issue(
        Location(file=path, line=healed.line),
        line=healed.line,
        side=healed.side,
        text=text if len(text) <= 80 else text[:79] + "…",
    )


def _now() -> datetime:
    return datetime.now(UTC)


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
