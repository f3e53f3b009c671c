"""Keeping a ledger in step with its journal file, under the file's lock.

The journal writer (:class:`civledger.JournalWriter`) calls these while it holds
the lock of the ledger's journal file: :func:`caught_up` gives the ledger with
what other processes appended since it last looked (or with the file read again,
when a dump or an import replaced it), :func:`written` writes one entry as the
file's last line and flushes it to disk. Both keep the ledger's
:class:`~civledger.model.journal_mark.JournalMark` — how much of the file it
holds — up to date in its :class:`~civledger.Origin`.
"""

from __future__ import annotations

import contextlib
import os
import zlib
from pathlib import Path
from typing import IO

import attrs
import orjson

from civledger.errors import JournalConflictError
from civledger.i18n import _
from civledger.io.atomic import write_error
from civledger.io.journal_file import JournalLines, parse_lines, read_at
from civledger.journal.advance import advance
from civledger.model import Entry, Journal, Ledger, Origin
from civledger.model.journal_mark import JournalMark
from civledger.serialization.converter import fast_converter
from civledger.serialization.journal_source import JournalSource
from civledger.serialization.loader import structure_entries

__all__ = ["caught_up", "written"]


def caught_up(ledger: Ledger, path: str | os.PathLike[str], stream: IO[bytes]) -> Ledger:
    """``ledger`` with the entries others appended to its journal file since it read it.

    ``stream`` is the file, open and locked. A ledger that never read the file
    takes what it holds as its own (appends go after it). A file replaced since
    (by a dump or an import, which keep every line) is read again, unless it
    begins with the very bytes the ledger read.

    Raises
    ------
    JournalConflictError
        When the file was cut short or changed in place since the ledger read it.

    Examples
    --------
    >>> import attrs, tempfile, pathlib
    >>> from civledger import testing
    >>> from civledger.io.journal_file import locked
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "j.jsonl"
    >>> ledger = attrs.evolve(testing.small_ledger(), journal_file="j.jsonl")
    >>> with locked(target) as stream:
    ...     known = caught_up(ledger, target, stream)
    >>> known.origin.journal_mark.size, len(known.journal)
    (0, 2)
    """
    fd = stream.fileno()
    info = os.fstat(fd)
    origin = ledger.origin or Origin()
    mark = origin.journal_mark
    name = os.fspath(path)
    if mark is None:
        # A ledger that did not read this file (built, or given a journal file):
        # what the file holds is taken as its own, and appends go after it.
        whole = _read(fd, 0, info.st_size)
        mark = JournalMark.of(name, whole, device=info.st_dev, inode=info.st_ino)
        return ledger.with_origin(
            attrs.evolve(origin, journal_path=name, journal_mark=mark, journal_size=mark.size)
        )
    if not mark.same_file(info.st_dev, info.st_ino):
        # Replaced, by a dump or an import (which kept every line we wrote).
        if not _same_bytes(mark, fd, info):
            return _read_again(ledger, name, fd, info)
        mark = attrs.evolve(mark, device=info.st_dev, inode=info.st_ino)
        ledger = ledger.with_origin(attrs.evolve(origin, journal_mark=mark))
    elif not _unchanged(mark, fd, info):
        raise JournalConflictError(
            name,
            _("it is shorter than when it was read")
            if info.st_size < mark.size
            else _("the lines this ledger read were changed in place"),
        )
    if info.st_size == mark.size:
        return ledger
    data = _read(fd, mark.size, info.st_size)
    lines = parse_lines(data, first_line=mark.lines + 1, offset=mark.size)
    entries, seen, kept, _unused = structure_entries(
        lines.entries,
        first_index=len(ledger.journal),
        source=_source(ledger, name, lines),
        zone=ledger.campaign.zone(),
    )
    for read in entries:
        ledger = advance(ledger, read)
    mark = mark.extended(data[: lines.end - mark.size], kept)
    origin = ledger.origin or origin
    return ledger.with_origin(
        attrs.evolve(
            origin,
            journal_mark=mark,
            journal_size=mark.size,
            observations=origin.observations + tuple(seen),
        )
    )


def written(
    ledger: Ledger, path: str | os.PathLike[str], stream: IO[bytes], entry: Entry
) -> Ledger:
    """Write ``entry`` as the last line of the locked file, flushed to disk; the ledger then.

    ``ledger`` holds ``entry`` already and knows the file (:func:`caught_up`).

    Raises
    ------
    FileWriteError
        When the line cannot be written (a full disk); the file is cut back to
        where it was, so no half line is left.
    """
    origin = ledger.origin
    mark = origin.journal_mark if origin is not None else None
    assert origin is not None
    assert mark is not None
    line = orjson.dumps(fast_converter.unstructure(entry)) + b"\n"
    fd = stream.fileno()
    try:
        _write_all(fd, line)
        os.fsync(fd)
        if mark.size == 0:
            _sync_folder(Path(path))  # a new file: its name must last too
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.ftruncate(fd, mark.size)  # no half line left behind
        raise write_error(path, exc) from None
    mark = mark.extended(line)
    return ledger.with_origin(attrs.evolve(origin, journal_mark=mark, journal_size=mark.size))


def _read(fd: int, start: int, stop: int) -> bytes:
    chunks = []
    position = start
    while position < stop:
        chunk = read_at(fd, stop - position, position)
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
        chunk = read_at(fd, min(1 << 20, mark.size - position), position)
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


def _source(ledger: Ledger, path: str, lines: JournalLines) -> JournalSource:
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
