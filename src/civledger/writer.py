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
import zlib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import attrs
import orjson

from civledger.checks.rules.loading import TORN_LINE_MOVED
from civledger.checks.rules.signoff import RULES_BY_CODE
from civledger.errors import JournalConflictError
from civledger.findings import Issue, Location, Tier
from civledger.io.atomic import write_error
from civledger.io.containment import inside
from civledger.io.journal_file import Healed, heal, locked, parse_lines
from civledger.io.ledgers import load
from civledger.journal.advance import advance
from civledger.journal.audit import judge_for
from civledger.journal.state import Fold, entries_by_task
from civledger.model import Entry, EntryDraft, Journal, Ledger, Origin
from civledger.model.journal_mark import JournalMark
from civledger.serialization.converter import fast_converter
from civledger.serialization.journal_source import JournalSource
from civledger.serialization.loader import structure_entries

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
        ledger = self._ledger
        if stream is None or self._path is None:
            return ledger
        fd = stream.fileno()
        info = os.fstat(fd)
        origin = ledger.origin or Origin()
        mark = origin.journal_mark
        path = os.fspath(self._path)
        if mark is None:
            # A ledger that did not read this file (built, or given a journal file):
            # what the file holds is taken as its own, and appends go after it.
            whole = _read(fd, 0, info.st_size)
            mark = JournalMark.of(path, whole, device=info.st_dev, inode=info.st_ino)
            return ledger.with_origin(
                attrs.evolve(origin, journal_path=path, journal_mark=mark, journal_size=mark.size)
            )
        if not mark.same_file(info.st_dev, info.st_ino):
            # Replaced, by a dump or an import (which kept every line we wrote).
            if not _same_bytes(mark, fd, info):
                return _read_again(ledger, path, fd, info)
            mark = attrs.evolve(mark, device=info.st_dev, inode=info.st_ino)
            ledger = ledger.with_origin(attrs.evolve(origin, journal_mark=mark))
            origin = ledger.origin or origin
        elif not _unchanged(mark, fd, info):
            raise JournalConflictError(
                path,
                "it is shorter than when it was read"
                if info.st_size < mark.size
                else "the lines this ledger read were changed in place",
            )
        if info.st_size == mark.size:
            return ledger
        data = _read(fd, mark.size, info.st_size)
        lines = parse_lines(data, first_line=mark.lines + 1, offset=mark.size)
        entries, seen, kept, _ = structure_entries(
            lines.entries,
            first_index=len(ledger.journal),
            source=_source(ledger, path, lines),
            zone=ledger.campaign.zone(),
        )
        for read in entries:
            ledger = advance(ledger, read)
        mark = mark.extended(data[: lines.end - mark.size], kept)
        return ledger.with_origin(
            attrs.evolve(
                origin,
                journal_mark=mark,
                journal_size=mark.size,
                observations=origin.observations + tuple(seen),
            )
        )

    def _written(self, ledger: Ledger, stream: IO[bytes], entry: Entry) -> Ledger:
        """Write ``entry`` as the file's last line, flushed to disk; the ledger that knows it."""
        origin = ledger.origin
        mark = origin.journal_mark if origin is not None else None
        assert self._path is not None
        assert origin is not None
        assert mark is not None
        line = orjson.dumps(fast_converter.unstructure(entry)) + b"\n"
        fd = stream.fileno()
        try:
            _write_all(fd, line)
            os.fsync(fd)
            if mark.size == 0:
                _sync_folder(self._path)  # a new file: its name must last too
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, mark.size)  # no half line left behind
            raise write_error(self._path, exc) from None
        mark = mark.extended(line)
        return ledger.with_origin(attrs.evolve(origin, journal_mark=mark, journal_size=mark.size))


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


def _read(fd: int, start: int, stop: int) -> bytes:
    chunks = []
    position = start
    while position < stop:
        chunk = os.pread(fd, stop - position, position)
        if not chunk:
            break
        chunks.append(chunk)
        position += len(chunk)
    return b"".join(chunks)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _sync_folder(path: Path) -> None:
    with contextlib.suppress(OSError):
        folder = os.open(path.parent if str(path.parent) else ".", os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


def _same_bytes(mark: JournalMark, fd: int, info: os.stat_result) -> bool:
    """Whether the file begins with the bytes the mark was read from (its CRC-32)."""
    if info.st_size < mark.size:
        return False
    checksum, position = 0, 0
    while position < mark.size:
        chunk = os.pread(fd, min(1 << 20, mark.size - position), position)
        if not chunk:
            return False
        checksum = zlib.crc32(chunk, checksum)
        position += len(chunk)
    return checksum == mark.checksum


def _unchanged(mark: JournalMark, fd: int, info: os.stat_result) -> bool:
    """Whether the file the mark was read from is at least as long, and ends as it did there."""
    if info.st_size < mark.size:
        return False
    return _read(fd, mark.size - len(mark.tail), mark.size) == mark.tail


def _source(ledger: Ledger, path: str, lines: Any) -> JournalSource:
    return JournalSource(
        name=ledger.journal_file or path,
        path=path,
        lines=tuple(lines.lines),
        problems=tuple(lines.problems),
        size=lines.end,
        data=lines.data,
        offset=lines.offset,
        starts=lines.starts,
        stops=lines.stops,
        problem_spans=tuple(lines.problem_spans),
        repeated=tuple(lines.repeated),
    )


def _read_again(ledger: Ledger, path: str, fd: int, info: os.stat_result) -> Ledger:
    """The ledger with its journal read again from a file rewritten since it was read.

    A dump or an import replaced the file (keeping every line appended to it), or
    it was edited: the file is the truth, and the writer goes on from it.
    """
    lines = parse_lines(_read(fd, 0, info.st_size))
    entries, seen, kept, kept_at = structure_entries(
        lines.entries,
        first_index=0,
        source=_source(ledger, path, lines),
        zone=ledger.campaign.zone(),
    )
    origin = ledger.origin or Origin()
    mark = JournalMark.of(
        path,
        lines.data[: lines.end],
        device=info.st_dev,
        inode=info.st_ino,
        lines=lines.newlines,
        kept=kept,
    )
    others = tuple(o for o in origin.observations if o.location.file != origin.journal_path)
    origin = attrs.evolve(
        origin,
        observations=others + tuple(seen),
        journal_path=path,
        journal_lines=tuple(lines.lines),
        journal_size=mark.size,
        journal_mark=mark,
        positions={
            **{k: v for k, v in origin.positions.items() if k[:1] != ("journal",)},
            **({("journal",): kept_at} if kept_at is not None else {}),
        },
    )
    return attrs.evolve(ledger, journal=Journal(entries), origin=origin)


def _judge(ledger: Ledger, entry: Entry, strict: bool, path: Path | None) -> list[Issue]:
    judge = judge_for(ledger)
    by_task = entries_by_task(ledger)
    earlier = by_task.get(entry.task, ())
    task = judge.tasks.get(entry.task)
    fold = None
    if task is not None:
        fold = Fold(task=task.id, due=task.due)
        for before in earlier:
            fold.apply(before)
    previous = earlier[-1].at if earlier else None
    position = len(ledger.journal)
    file = os.fspath(path) if path is not None else (ledger.origin.file if ledger.origin else None)
    issues = []
    for verdict in judge.judge(entry, fold, previous, by_task):
        rule = RULES_BY_CODE[verdict.code]
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
