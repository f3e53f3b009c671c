"""What a ledger knows of its journal file: how much of it it read, and the lines it keeps.

A ledger whose journal lives in its own JSON Lines file remembers, in its
:class:`~civledger.Origin`, a :class:`JournalMark`: which file it read (its
device and inode), how many bytes (the complete lines), their CRC-32 and last
bytes, and the lines it keeps as they are (:class:`KeptLine`). Whoever writes
the file again — an append, a dump, an import — compares the mark with the
file under the file's lock: the bytes after the mark are lines other programs
appended since, which are written after the ledger's own; a file replaced or
changed in place is noticed, and never overwritten blindly.
"""

from __future__ import annotations

import zlib

import attrs

from civledger.model.journal import Entry

__all__ = ["TAIL_BYTES", "JournalMark", "KeptLine"]

TAIL_BYTES = 64
"""How many of the last bytes read a mark keeps, to notice a file changed in place."""


@attrs.frozen(kw_only=True)
class KeptLine:
    """A line of a journal file kept verbatim through every rewrite of the file.

    Two kinds of line are kept. A line that holds no entry civledger could read
    (not JSON, an unknown action, a bad date…) has ``entry`` ``None`` and is
    written back after the first ``index`` entries of the journal. A line whose
    entry was read without part of it (an unknown key, a value left out, a key
    given twice) has that ``entry``; it is written back in place of the entry as
    long as the ledger holds an entry equal to it. ``line`` is where it was read.

    Examples
    --------
    >>> KeptLine(index=3, text=b'{"at": "soon", "task": "T-1"}', line=4).entry is None
    True
    """

    index: int
    text: bytes
    entry: Entry | None = None
    line: int | None = None


@attrs.frozen(kw_only=True)
class JournalMark:
    """How much of its journal file a ledger holds.

    ``path`` is the file read; ``device`` and ``inode`` say which file it was
    (a rewrite replaces the file: another inode); ``size`` is the bytes read
    (the complete lines); ``checksum`` their CRC-32 and ``tail`` their last
    :data:`TAIL_BYTES` bytes, ``lines`` the line ends among them; ``kept`` the
    lines kept verbatim.

    Examples
    --------
    >>> mark = JournalMark.of("j.jsonl", b'{"task": "T-1"}\\n', device=1, inode=2)
    >>> mark.size, mark.tail
    (16, b'{"task": "T-1"}\\n')
    >>> longer = mark.extended(b'{"task": "T-2"}\\n')
    >>> whole = JournalMark.of("j", b'{"task": "T-1"}\\n{"task": "T-2"}\\n')
    >>> longer.size, longer.lines, longer.checksum == whole.checksum
    (32, 2, True)
    """

    path: str
    size: int = 0
    device: int | None = None
    inode: int | None = None
    checksum: int = 0
    tail: bytes = b""
    lines: int = 0
    kept: tuple[KeptLine, ...] = ()

    @classmethod
    def of(
        cls,
        path: str,
        data: bytes,
        *,
        device: int | None = None,
        inode: int | None = None,
        lines: int | None = None,
        kept: tuple[KeptLine, ...] = (),
    ) -> JournalMark:
        """The mark of a ledger that read ``data``, the first bytes of the file at ``path``.

        ``lines`` is the number of line ends in ``data`` (counted when not given).
        """
        return cls(
            path=path,
            size=len(data),
            device=device,
            inode=inode,
            checksum=zlib.crc32(data),
            tail=data[-TAIL_BYTES:],
            lines=data.count(b"\n") if lines is None else lines,
            kept=kept,
        )

    def extended(self, data: bytes, kept: tuple[KeptLine, ...] = ()) -> JournalMark:
        """The mark once ``data``, the bytes after the ones read, are read too."""
        if not data and not kept:
            return self
        return attrs.evolve(
            self,
            size=self.size + len(data),
            checksum=zlib.crc32(data, self.checksum),
            tail=(self.tail + data)[-TAIL_BYTES:],
            lines=self.lines + data.count(b"\n"),
            kept=self.kept + kept,
        )

    def same_file(self, device: int, inode: int) -> bool:
        """Whether the file with this device and inode is the one this mark was read from."""
        return (self.device, self.inode) == (device, inode)
