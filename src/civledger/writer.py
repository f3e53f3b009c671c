"""Appending to the journal: judge the entry, then record it — or refuse it.

``civledger.append(ledger, entry)`` is what a dispatch app calls when someone
acts on a task. The entry is judged against the task's current state and the
sign-off policy by the same code the SGN rules use. If nothing that fails a
check is found, the entry is recorded: written to the ledger's journal file
(when it has one) under an exclusive lock and flushed to disk, then added to
the ledger's journal, with the task's derived views brought up to date.
Otherwise nothing changes and the findings say why.

Before judging, entries other processes appended to the same journal file
since this ledger last looked are read and recorded, so that two apps
appending to one file each judge against the other's entries and lose none.
"""

from __future__ import annotations

import bisect
import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import orjson

from civledger.checks.rules.signoff import RULES_BY_CODE
from civledger.errors import CivLedgerError
from civledger.findings import Issue, Location, Tier
from civledger.io.journal_file import locked, parse_lines
from civledger.journal.audit import AUDIT, judge_for
from civledger.journal.state import (
    ENTRIES_BY_TASK,
    STATES,
    WRITTEN_OUT_OF_ORDER,
    Fold,
    end_of_day,
    entries_by_task,
)
from civledger.model import Entry, Ledger
from civledger.serialization.converter import fast_converter, reading_timezone

__all__ = ["append", "journal_path"]

_OFFSET = "journal_file_offset"


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


def append(ledger: Ledger, entry: Entry, *, strict: bool = False) -> list[Issue]:
    """Add an entry to the journal if the rules allow it; return what is wrong with it.

    An empty list means the entry was recorded. Findings that fail a check
    (errors and warnings) mean it was refused and nothing changed; notes
    (such as a late sign-off) are returned with an entry that was recorded.
    With ``strict``, the strict-tier journal rules judge too.

    Raises
    ------
    CivLedgerError
        When the journal file was rewritten since the ledger was loaded.

    Examples
    --------
    >>> import civledger
    >>> from datetime import datetime
    >>> from civledger import Entry, Action, testing
    >>> ledger = testing.small_ledger()
    >>> at = datetime(2026, 4, 3, 9, tzinfo=testing.CST)
    >>> sign_off = Entry(at=at, task="T-001", action=Action.SIGN_OFF, by="p-zhao")
    >>> refused = civledger.append(ledger, sign_off)
    >>> [i.code for i in refused]
    ['SGN001']
    >>> civledger.append(ledger, Entry(at=at, task="T-001", action=Action.CLAIM, by="p-qian"))
    []
    >>> civledger.state(ledger, "T-001", as_of=at.date()).status.label
    '已认领'
    """
    path = journal_path(ledger)
    with _file(ledger, path) as stream:
        issues = _judge(ledger, entry, strict, path)
        if any(issue.severity.fails for issue in issues):
            return issues
        if stream is not None:
            line = orjson.dumps(fast_converter.unstructure(entry)) + b"\n"
            stream.seek(0, os.SEEK_END)
            end = stream.tell()
            if end > 0:
                stream.seek(end - 1)
                if stream.read(1) != b"\n":
                    line = b"\n" + line  # a line cut off by a crash stays a line of its own
            stream.write(line)
            stream.flush()
            ledger.remember(_OFFSET, end + len(line))
        _record(ledger, entry)
    return issues


@contextlib.contextmanager
def _file(ledger: Ledger, path: Path | None) -> Iterator[IO[bytes] | None]:
    if path is None:
        yield None
        return
    with locked(path) as stream:
        _catch_up(ledger, stream)
        yield stream


def _catch_up(ledger: Ledger, stream: IO[bytes]) -> None:
    """Record the entries others appended to the file since this ledger last read it."""
    stream.seek(0, os.SEEK_END)
    size = stream.tell()
    origin_size = ledger.origin.journal_size if ledger.origin is not None else None
    offset: int = ledger.memo(_OFFSET, lambda: origin_size if origin_size is not None else size)
    if size < offset:
        raise CivLedgerError(
            f"the journal file {stream.name} is shorter than when it was read: it was "
            "rewritten meanwhile; load the ledger again"
        )
    if size == offset:
        return
    stream.seek(offset)
    lines = parse_lines(stream.read(size - offset), offset=offset)
    token = reading_timezone.set(ledger.campaign.zone())
    try:
        for raw in lines.entries:
            try:
                entry = fast_converter.structure(raw, Entry)
            except Exception:
                continue
            _record(ledger, entry)
    finally:
        reading_timezone.reset(token)
    ledger.remember(_OFFSET, lines.end)


def _judge(ledger: Ledger, entry: Entry, strict: bool, path: Path | None) -> list[Issue]:
    judge = judge_for(ledger)
    earlier = entries_by_task(ledger).get(entry.task, ())
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
    for verdict in judge.judge(entry, fold, previous):
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


def _record(ledger: Ledger, entry: Entry) -> None:
    """Add a judged entry to the ledger and bring the task's derived views up to date."""
    ledger._grow_journal(entry)
    by_task = ledger.cached(ENTRIES_BY_TASK)
    if by_task is not None:
        entries = list(by_task.get(entry.task, ()))
        if entries and entry.at < entries[-1].at:
            # Written out of time order (only entries read from another writer can be).
            written = ledger.cached(WRITTEN_OUT_OF_ORDER) or frozenset()
            ledger.remember(WRITTEN_OUT_OF_ORDER, written | {entry.task})
        bisect.insort_right(entries, entry, key=lambda e: e.at)
        by_task[entry.task] = tuple(entries)
    task = ledger.index("tasks").get(entry.task)
    zone = ledger.campaign.zone()
    for key in ledger.memo_keys():
        if isinstance(key, tuple) and key and key[0] == AUDIT:
            ledger.forget(key)
        elif isinstance(key, tuple) and key and key[0] == STATES and task is not None:
            day = key[1]
            cutoff = end_of_day(day, zone)
            if entry.at >= cutoff:
                continue
            fold = Fold(task=task.id, due=task.due)
            for before in entries_by_task(ledger).get(task.id, ()):
                if before.at >= cutoff:
                    break
                fold.apply(before)
            known = ledger.cached(key)
            assert known is not None
            known[task.id] = fold.freeze(day, zone)
