"""A journal kept in its own JSON Lines file beside the ledger: one entry per line.

Appends take an exclusive lock on the file, write one whole line and flush it
to disk before the lock is released, so two processes appending at once lose
nothing. A line cut off by a crash (no newline at the end, not valid JSON) is
reported when the file is read and never harms the lines before it; the next
writer moves it aside, under the lock, into a side file beside the journal
(:func:`heal`), so that a crash never leaves a lasting error.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from array import array
from collections.abc import Iterable, Iterator
from typing import IO, Any

import attrs
import orjson

from civledger.errors import LedgerFileError
from civledger.i18n import _, lazy
from civledger.io.atomic import atomic_write, write_error
from civledger.model.journal_mark import JournalMark

__all__ = [
    "BOM",
    "TORN_SUFFIX",
    "Healed",
    "JournalLines",
    "heal",
    "locked",
    "parse_lines",
    "read_at",
    "read_journal_file",
    "repeated_keys",
    "write_journal_file",
]

BOM = b"\xef\xbb\xbf"
TORN_SUFFIX = ".torn"
"""The side file beside a journal that holds the lines cut off by crashes: ``j.jsonl.torn``."""


@attrs.frozen(kw_only=True)
class JournalLines:
    """What a journal file holds: the entries (as parsed JSON) and where each is.

    ``lines`` gives each entry's line number, ``starts`` and ``stops`` its bytes
    (offsets in the file); ``problems`` lists lines that are not JSON objects as
    (line, text, message, torn) where ``torn`` marks a last line cut off by a
    crash, with their bytes in ``problem_spans``; ``repeated`` lists the entries
    (by index) that give a key twice, with those keys. ``end`` is the offset just
    after the last line read (a torn last line is not read); ``newlines`` the
    number of line ends before it. ``data`` is the bytes parsed, from offset
    ``offset``.
    """

    entries: list[Any]
    lines: list[int]
    problems: list[tuple[int, str, str, bool]]
    end: int
    starts: array[int] = attrs.field(factory=lambda: array("q"))
    stops: array[int] = attrs.field(factory=lambda: array("q"))
    problem_spans: list[tuple[int, int]] = attrs.field(factory=list)
    repeated: list[tuple[int, tuple[str, ...]]] = attrs.field(factory=list)
    newlines: int = 0
    data: bytes = b""
    offset: int = 0
    device: int | None = None
    inode: int | None = None

    def text(self, start: int, stop: int) -> bytes:
        """The bytes of the file from ``start`` to ``stop`` (offsets in the file)."""
        return self.data[start - self.offset : stop - self.offset]

    def mark(self, path: str) -> JournalMark:
        """The mark of a ledger that read these lines from the start of the file at ``path``."""
        return JournalMark.of(
            path,
            self.data[: self.end - self.offset],
            device=self.device,
            inode=self.inode,
            lines=self.newlines,
        )


def parse_lines(data: bytes, *, first_line: int = 1, offset: int = 0) -> JournalLines:
    """Parse JSON Lines bytes: blank lines are skipped, bad lines reported.

    A last line without its end is read when it is a JSON object (the writer was
    cut off just before the newline, or the file was written by hand); otherwise
    it is torn, and not read (``end`` stops before it). A byte-order mark at the
    start of the file is skipped.

    Examples
    --------
    >>> got = parse_lines(b'{"task": "T-1"}\\n\\n[1]\\n{"task": "T-2"')
    >>> got.entries, got.lines
    ([{'task': 'T-1'}], [1])
    >>> [(line, torn) for line, _, _, torn in got.problems]
    [(3, False), (4, True)]
    >>> got.end, got.newlines
    (21, 3)
    >>> parse_lines(b'{"task": "T-1", "task": "T-2"}\\n').repeated
    [(0, ('task',))]
    """
    entries: list[Any] = []
    lines: list[int] = []
    problems: list[tuple[int, str, str, bool]] = []
    problem_spans: list[tuple[int, int]] = []
    repeated: list[tuple[int, tuple[str, ...]]] = []
    starts: array[int] = array("q")
    stops: array[int] = array("q")
    position = len(BOM) if offset == 0 and data.startswith(BOM) else 0
    number = first_line
    end = offset + position
    newlines = 0
    while position < len(data):
        newline = data.find(b"\n", position)
        complete = newline != -1
        stop = newline if complete else len(data)
        raw = data[position:stop]
        if raw.strip():
            try:
                value = orjson.loads(raw)
            except orjson.JSONDecodeError as exc:
                problems.append((number, _text(raw), exc.msg, not complete))
                problem_spans.append((offset + position, offset + stop))
            else:
                if type(value) is dict:
                    keys = repeated_keys(raw, value)
                    if keys:
                        repeated.append((len(entries), keys))
                    entries.append(value)
                    lines.append(number)
                    starts.append(offset + position)
                    stops.append(offset + stop)
                    if not complete:
                        end = offset + stop  # a whole entry, but for its newline
                else:
                    problems.append((number, _text(raw), lazy("not a JSON object"), not complete))
                    problem_spans.append((offset + position, offset + stop))
        elif not complete:
            end = offset + stop  # blanks at the end
        if complete:
            end = offset + newline + 1
            newlines += 1
        position = stop + 1
        number += 1
    return JournalLines(
        entries=entries,
        lines=lines,
        problems=problems,
        end=end,
        starts=starts,
        stops=stops,
        problem_spans=problem_spans,
        repeated=repeated,
        newlines=newlines,
        data=data,
        offset=offset,
    )


def repeated_keys(raw: bytes, value: dict[str, Any]) -> tuple[str, ...]:
    """The keys a JSON object gives twice (at any depth), in the order they come.

    orjson keeps the last value of a repeated key, silently. Each key of the
    text ends in ``":`` (unless white space comes before the colon); when the
    text holds exactly as many of those as the parsed object has keys, no key
    can be repeated. Only the other lines — a repeated key, a ``":`` inside a
    text, a space before a colon — are parsed again, keeping every pair.

    Examples
    --------
    >>> repeated_keys(b'{"a": 1, "b": {"c": 2, "c": 3}, "a": 4}', {"a": 4, "b": {"c": 3}})
    ('c', 'a')
    >>> repeated_keys(b'{"a": "x\\\\": y"}', {"a": 'x": y'})
    ()
    """
    marks = raw.count(b'":')
    if marks == len(value) or marks == _key_count(value):  # a flat entry, or nested ones
        return ()
    found: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        seen: set[str] = set()
        for key, _value in items:
            if key in seen:
                found.append(key)
            seen.add(key)
        return dict(items)

    try:
        json.loads(raw, object_pairs_hook=pairs)
    except (ValueError, RecursionError):
        return ()
    return tuple(dict.fromkeys(found))


def _key_count(value: dict[str, Any]) -> int:
    count = len(value)
    for item in value.values():
        if type(item) is dict:
            count += _key_count(item)
        elif type(item) is list:
            for element in item:
                if type(element) is dict:
                    count += _key_count(element)
    return count


def _text(raw: bytes) -> str:
    """The start of a bad line, for its finding (a line may be megabytes long).

    Control characters are shown escaped (``\\x1b``), so that a finding printed on a
    terminal never carries the line's escape sequences.

    >>> print(_text(b"\\x1b[2J" + b"x" * 100))
    \\x1b[2Jxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…
    """
    text = raw[:400].decode("utf-8", errors="replace").translate(_CONTROLS)
    return text if len(text) <= 80 and len(raw) <= 400 else text[:79] + "…"


_CONTROLS = {c: f"\\x{c:02x}" for c in (*range(32), *range(127, 160))}


def read_journal_file(path: str | os.PathLike[str]) -> JournalLines:
    """Read a journal file; a file that does not exist yet is an empty journal.

    Raises
    ------
    LedgerFileError
        When the path is a folder or cannot be read.
    """
    try:
        with open(path, "rb") as stream:
            info = os.fstat(stream.fileno())
            data = stream.read()
    except FileNotFoundError:
        return JournalLines(entries=[], lines=[], problems=[], end=0)
    except IsADirectoryError:
        raise LedgerFileError(os.fspath(path), _("is a folder, not a journal file")) from None
    except (OSError, ValueError) as exc:
        problem = getattr(exc, "strerror", None) or exc
        raise LedgerFileError(
            os.fspath(path), _("cannot be read ({error})").format(error=problem)
        ) from None
    return attrs.evolve(parse_lines(data), device=info.st_dev, inode=info.st_ino)


def write_journal_file(path: str | os.PathLike[str], lines: Iterable[bytes]) -> None:
    """Write a whole journal file atomically, one JSON object per line."""
    atomic_write(path, (line + b"\n" for line in lines))


@attrs.frozen(kw_only=True)
class Healed:
    """What :func:`heal` did to the end of a journal file.

    ``line`` is the line number of the last line, ``text`` its bytes. When it was
    a whole entry but for its newline, the newline was added (``side`` is
    ``None``); otherwise it was cut off by a crash and moved to the side file ``side``.
    """

    line: int
    text: bytes
    side: str | None


def heal(stream: IO[bytes], path: str | os.PathLike[str]) -> Healed | None:
    """Mend the end of a journal file locked by :func:`locked`; ``None`` when it was whole.

    A last line without its newline is either a whole JSON object (the newline is
    added) or a line cut off by a crash: it is appended to the side file
    ``<journal>.torn`` (flushed to disk first) and then cut from the journal,
    so that the next line starts where it began. A crash in between leaves the
    line in both files, never in neither.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "j.jsonl"
    >>> _ = target.write_bytes(b'{"task": "T-1"}\\n{"task": "T-')
    >>> with locked(target) as stream:
    ...     healed = heal(stream, target)
    >>> healed.line, healed.text, pathlib.Path(healed.side).name
    (2, b'{"task": "T-', 'j.jsonl.torn')
    >>> target.read_bytes(), pathlib.Path(healed.side).read_bytes()
    (b'{"task": "T-1"}\\n', b'{"task": "T-\\n')
    """
    fd = stream.fileno()
    size = os.fstat(fd).st_size
    if size == 0 or read_at(fd, 1, size - 1) == b"\n":
        return None
    start = _last_line_start(fd, size)
    text = read_at(fd, size - start, start)
    line = _count_lines(fd, start) + 1
    if not text.strip() or _is_object(text):
        _write_all(fd, b"\n")
        os.fsync(fd)
        return Healed(line=line, text=text, side=None)
    side = os.fspath(path) + TORN_SUFFIX
    try:
        with open(side, "ab") as aside:
            aside.write(text + b"\n")
            aside.flush()
            os.fsync(aside.fileno())
        os.ftruncate(fd, start)
        os.fsync(fd)
    except OSError as exc:
        raise write_error(side, exc) from None
    return Healed(line=line, text=text, side=side)


def read_at(fd: int, size: int, offset: int) -> bytes:
    """Up to ``size`` bytes of the open file ``fd`` from ``offset`` (``os.pread`` if there is).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryFile() as stream:
    ...     _ = stream.write(b"abcdef")
    ...     stream.flush()
    ...     read_at(stream.fileno(), 3, 2)
    b'cde'
    """
    if _PREAD is not None:
        data: bytes = _PREAD(fd, size, offset)
        return data
    os.lseek(fd, offset, os.SEEK_SET)  # pragma: no cover - Windows
    return os.read(fd, size)  # pragma: no cover - Windows


_PREAD = getattr(os, "pread", None)


def _is_object(text: bytes) -> bool:
    try:
        return type(orjson.loads(text)) is dict
    except orjson.JSONDecodeError:
        return False


def _last_line_start(fd: int, size: int) -> int:
    """Where the last line of a file begins (just after the last newline before ``size``)."""
    stop = size
    while stop > 0:
        start = max(0, stop - 65536)
        found = read_at(fd, stop - start, start).rfind(b"\n")
        if found != -1:
            return start + found + 1
        stop = start
    return len(BOM) if read_at(fd, len(BOM), 0) == BOM else 0


def _count_lines(fd: int, stop: int) -> int:
    count, position = 0, 0
    while position < stop:
        chunk = read_at(fd, min(1 << 20, stop - position), position)
        if not chunk:
            break
        count += chunk.count(b"\n")
        position += len(chunk)
    return count


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


@contextlib.contextmanager
def locked(path: str | os.PathLike[str]) -> Iterator[IO[bytes]]:
    """Open a journal file for appending, holding an exclusive lock until the block ends.

    If the file was replaced (a dump renames a new one over it) while this waited
    for the lock, the new file is opened and locked instead. A file that does
    not exist yet is created.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "journal.jsonl"
    >>> with locked(target) as stream:
    ...     _ = stream.write(b'{"task": "T-1"}\\n')
    >>> target.read_bytes()
    b'{"task": "T-1"}\\n'
    """
    while True:
        try:
            stream = open(path, "a+b")  # noqa: SIM115 - closed below, after the lock is released
        except OSError as exc:
            raise write_error(path, exc) from None
        _lock(stream)
        if _same_file(stream, path):
            break
        # Replaced (by a dump) while we waited for the lock: lock the new file instead.
        _unlock(stream)
        stream.close()
    try:
        try:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        finally:
            _unlock(stream)
    finally:
        stream.close()


def _same_file(stream: IO[bytes], path: str | os.PathLike[str]) -> bool:
    try:
        current = os.stat(path)
    except FileNotFoundError:
        return False
    mine = os.fstat(stream.fileno())
    return (mine.st_dev, mine.st_ino) == (current.st_dev, current.st_ino)


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock(stream: IO[bytes]) -> None:
        stream.seek(0)
        msvcrt.locking(stream.fileno(), msvcrt.LK_LOCK, 1)

    def _unlock(stream: IO[bytes]) -> None:
        stream.seek(0)
        msvcrt.locking(stream.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(stream: IO[bytes]) -> None:
        fcntl.flock(stream.fileno(), fcntl.LOCK_EX)

    def _unlock(stream: IO[bytes]) -> None:
        fcntl.flock(stream.fileno(), fcntl.LOCK_UN)
