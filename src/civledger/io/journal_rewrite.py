"""Writing a whole journal file again without losing a line another program wrote.

A dump or an import writes the ledger's journal file again. Other programs may
have appended to it since the ledger was read, and the ledger holds lines it
could not read; neither may be lost. So the rewrite, under the file's lock:

1. moves a line cut off by a crash aside (:func:`~civledger.io.journal_file.heal`);
2. compares the file with the ledger's mark (:class:`~civledger.model.journal_mark.JournalMark`):
   when the file holds what the ledger read, unchanged up to where it read it
   (the same bytes: CRC-32), the lines after that point were appended by others
   since: they are written after the ledger's own;
3. otherwise (another file, or the file replaced or edited since), the file
   must begin with the lines the ledger writes, or be the beginning of them:
   then nothing is lost. Anything else is refused
   (:class:`~civledger.errors.JournalConflictError`), saying what changed;
4. writes the ledger's journal — each entry in canonical form, or as the line it
   was read from when that line is kept verbatim, and the unreadable lines where
   they stood — then those appended lines, atomically.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path

import attrs
import orjson

from civledger.errors import JournalConflictError
from civledger.i18n import _
from civledger.io.atomic import atomic_write
from civledger.io.journal_file import Healed, heal, locked, read_at
from civledger.model import Entry, Ledger
from civledger.model.journal_mark import JournalMark, KeptLine
from civledger.serialization.converter import fast_converter

__all__ = ["Rewritten", "journal_body", "rewrite_journal"]

_CHUNK = 1 << 20


@attrs.frozen(kw_only=True)
class Rewritten:
    """What a rewrite of a journal file did.

    ``entries`` were written (``verbatim`` of them as the lines they were read
    from), ``unread`` lines that hold no readable entry were kept as they were,
    ``appended`` lines that other programs appended since the ledger was read
    were kept after them; ``healed`` says what was done to a last line cut off by
    a crash (``None`` when there was none).
    """

    path: str
    entries: int = 0
    verbatim: int = 0
    unread: int = 0
    appended: int = 0
    healed: Healed | None = None


@attrs.define
class _Count:
    entries: int = 0
    verbatim: int = 0
    unread: int = 0


def journal_body(ledger: Ledger, count: _Count | None = None) -> Iterator[bytes]:
    """The lines of the ledger's journal file as the ledger holds it, in chunks.

    Each entry is written in canonical form (compact JSON, keys in the order of
    the model, defaults left out), unless the ledger keeps the line it was read
    from (an unknown key, a value it could not read): then that line, as it was.
    Lines that hold no entry the ledger could read stand where they stood.

    Examples
    --------
    >>> import attrs
    >>> from civledger import testing
    >>> ledger = attrs.evolve(testing.small_ledger(), journal_file="j.jsonl")
    >>> b"".join(journal_body(ledger)).count(b"\\n")
    2
    """
    count = count or _Count()
    mark = ledger.origin.journal_mark if ledger.origin is not None else None
    kept = mark.kept if mark is not None else ()
    by_entry: dict[Entry, list[bytes]] = defaultdict(list)
    unread: list[KeptLine] = []
    for keep in kept:
        if keep.entry is None:
            unread.append(keep)
        else:
            by_entry[keep.entry].append(keep.text)
    hook = fast_converter.get_unstructure_hook(Entry)
    waiting = iter(unread)
    upcoming = next(waiting, None)
    buffer: list[bytes] = []
    size = 0
    for index, entry in enumerate(ledger.journal):
        while upcoming is not None and upcoming.index <= index:
            buffer.append(upcoming.text + b"\n")
            count.unread += 1
            upcoming = next(waiting, None)
        texts = by_entry.get(entry) if by_entry else None
        if texts:
            line = texts.pop(0) + b"\n"
            count.verbatim += 1
        else:
            line = orjson.dumps(hook(entry)) + b"\n"
        count.entries += 1
        buffer.append(line)
        size += len(line)
        if size >= _CHUNK:
            yield b"".join(buffer)
            buffer, size = [], 0
    while upcoming is not None:
        buffer.append(upcoming.text + b"\n")
        count.unread += 1
        upcoming = next(waiting, None)
    if buffer:
        yield b"".join(buffer)


def rewrite_journal(
    path: str | os.PathLike[str], ledger: Ledger, *, then: Callable[[], None] | None = None
) -> Rewritten:
    """Write the ledger's journal to ``path`` again, keeping every line it did not read.

    ``then`` runs while the file is still locked, once the journal is written
    (the dump writes the ledger's document there).

    Raises
    ------
    JournalConflictError
        When the file changed since the ledger read it in a way that writing it
        again would lose lines (see the module). Nothing is written.

    Examples
    --------
    >>> import attrs, tempfile, pathlib
    >>> from civledger import testing
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "j.jsonl"
    >>> ledger = attrs.evolve(testing.small_ledger(), journal_file="j.jsonl")
    >>> rewrite_journal(target, ledger).entries
    2
    >>> with target.open("ab") as other:  # another program appends
    ...     _ = other.write(b'{"appended": "by another program"}\\n')
    >>> done = rewrite_journal(target, ledger)  # the file begins with the ledger's lines
    >>> done.appended, target.read_bytes().splitlines()[-1]
    (1, b'{"appended": "by another program"}')
    """
    count = _Count()
    with locked(path) as stream:
        _clear_stale_temporaries(Path(path))
        healed = heal(stream, path)
        fd = stream.fileno()
        info = os.fstat(fd)
        body = journal_body(ledger, count)
        mark = _mark_of(ledger, info.st_size, fd)
        appended: list[int] = [0]
        chunks: Iterator[bytes]
        if mark is not None:
            chunks = itertools.chain(body, _rest(fd, mark.size, info.st_size, appended))
        else:
            chunks = _merged(body, fd, info.st_size, os.fspath(path), appended)
        atomic_write(path, chunks)
        if then is not None:
            then()
    return Rewritten(
        path=os.fspath(path),
        entries=count.entries,
        verbatim=count.verbatim,
        unread=count.unread,
        appended=appended[0],
        healed=healed,
    )


def _clear_stale_temporaries(path: Path) -> None:
    """Remove what a rewrite killed before its rename left beside the journal.

    Every rewrite of the journal writes its temporary file while holding the
    lock we hold now: one that exists now is an orphan.
    """
    for orphan in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        with contextlib.suppress(OSError):
            orphan.unlink()


def _mark_of(ledger: Ledger, size: int, fd: int) -> JournalMark | None:
    """The ledger's mark, if the file holds what the ledger read up to it.

    The bytes, not the file's identity, decide: a file replaced by a dump that
    wrote the same lines back is still the file the ledger read.
    """
    mark = ledger.origin.journal_mark if ledger.origin is not None else None
    if mark is None or size < mark.size:
        return None
    checksum, position = 0, 0
    while position < mark.size:
        chunk = read_at(fd, min(_CHUNK, mark.size - position), position)
        if not chunk:
            return None
        checksum = zlib.crc32(chunk, checksum)
        position += len(chunk)
    return mark if checksum == mark.checksum else None


def _rest(fd: int, start: int, stop: int, appended: list[int]) -> Iterator[bytes]:
    """The bytes of the file from ``start`` to ``stop``: the lines appended since the mark."""
    position = start
    while position < stop:
        chunk = read_at(fd, min(_CHUNK, stop - position), position)
        if not chunk:
            break
        appended[0] += chunk.count(b"\n")
        position += len(chunk)
        yield chunk


def _merged(
    body: Iterator[bytes], fd: int, size: int, path: str, appended: list[int]
) -> Iterator[bytes]:
    """``body``, checked against a file the ledger did not read, then the file's extra lines.

    The file must begin with ``body`` or be the beginning of it: otherwise
    writing would remove lines of it, and :class:`JournalConflictError` is raised.
    """
    position = 0
    lines = 0
    for chunk in body:
        if position < size:
            existing = read_at(fd, min(len(chunk), size - position), position)
            if existing != chunk[: len(existing)]:
                raise _conflict(path, fd, size, chunk, existing, lines)
            lines += chunk.count(b"\n")
        position += len(chunk)
        yield chunk
    if position < size:
        yield from _rest(fd, position, size, appended)


def _conflict(
    path: str, fd: int, size: int, chunk: bytes, existing: bytes, lines_before: int
) -> JournalConflictError:
    at = next(i for i, (a, b) in enumerate(zip(existing, chunk, strict=False)) if a != b)
    line = lines_before + chunk.count(b"\n", 0, at) + 1
    total = _lines_in(fd, size)
    return JournalConflictError(
        path,
        _(
            "its line {line} is not the line this ledger holds there (the file has {total} "
            "lines; another program replaced or edited it), and writing the ledger's journal "
            "would remove lines this ledger did not read"
        ).format(line=line, total=total),
    )


def _lines_in(fd: int, size: int) -> int:
    return sum(chunk.count(b"\n") for chunk in _rest(fd, 0, size, [0]))
