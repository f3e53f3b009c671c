"""A journal kept in its own JSON Lines file beside the ledger: one entry per line.

Appends take an exclusive lock on the file, write one whole line and flush it
to disk before the lock is released, so two processes appending at once lose
nothing. A line cut off by a crash (no newline at the end, not valid JSON) is
reported when the file is read and never harms the lines before it; the next
append starts on a fresh line.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import attrs
import orjson

from civledger.errors import LedgerFileError
from civledger.io.atomic import atomic_write, write_error

__all__ = ["JournalLines", "locked", "parse_lines", "read_journal_file", "write_journal_file"]


@attrs.frozen(kw_only=True)
class JournalLines:
    """What a journal file holds: the entries (as parsed JSON) and where each is.

    ``lines`` gives each entry's line number; ``problems`` lists lines that are
    not JSON objects as (line, text, message, torn) where ``torn`` marks a last
    line cut off by a crash; ``end`` is the offset just after the last complete line.
    """

    entries: list[Any]
    lines: list[int]
    problems: list[tuple[int, str, str, bool]]
    end: int


def parse_lines(data: bytes, *, first_line: int = 1, offset: int = 0) -> JournalLines:
    """Parse JSON Lines bytes: blank lines are skipped, bad lines reported.

    Examples
    --------
    >>> got = parse_lines(b'{"task": "T-1"}\\n\\n[1]\\n{"task": "T-2"')
    >>> got.entries, got.lines
    ([{'task': 'T-1'}], [1])
    >>> [(line, torn) for line, _, _, torn in got.problems]
    [(3, False), (4, True)]
    >>> got.end
    21
    """
    entries: list[Any] = []
    lines: list[int] = []
    problems: list[tuple[int, str, str, bool]] = []
    position = 0
    number = first_line
    end = offset
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
            else:
                if isinstance(value, dict):
                    entries.append(value)
                    lines.append(number)
                else:
                    problems.append((number, _text(raw), "not a JSON object", not complete))
        if complete:
            end = offset + newline + 1
        position = stop + 1
        number += 1
    return JournalLines(entries=entries, lines=lines, problems=problems, end=end)


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
        data = Path(path).read_bytes()
    except FileNotFoundError:
        return JournalLines(entries=[], lines=[], problems=[], end=0)
    except IsADirectoryError:
        raise LedgerFileError(os.fspath(path), "is a folder, not a journal file") from None
    except OSError as exc:
        raise LedgerFileError(os.fspath(path), f"cannot be read ({exc.strerror or exc})") from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return parse_lines(data)


def write_journal_file(path: str | os.PathLike[str], lines: Iterable[bytes]) -> None:
    """Write a whole journal file atomically, one JSON object per line."""
    atomic_write(path, (line + b"\n" for line in lines))


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
