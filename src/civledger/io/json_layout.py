"""Read civledger's own JSON layout entry by entry.

civledger writes a JSON ledger with one entry per line::

    {"civledger": 1,
    "campaign": {...},
    "frameworks": [
     {"id": ..., "nodes": [
      {...},
      {...}]}],
    "units": [
     {...},
     {...}],
    ...
    }

A file in exactly this layout is split into its parts without parsing the
entries: each list becomes a :class:`~civledger.serialization.lazy.LazyEntries`
that parses an entry only when the loader reads it. Anything else (a file
written or edited by other tools) is parsed whole, as before.
"""

from __future__ import annotations

from typing import Any

import orjson

from civledger.serialization.lazy import LazyEntries
from civledger.serialization.sources import BufferSource, ByteSource

__all__ = ["LAYOUT_HEAD", "split_layout"]

LAYOUT_HEAD = _HEAD = b'{"civledger": '
_LINE = 1 << 16  # the longest top-level line read at once (campaign, policy); longer: read on


def split_layout(data: bytes | ByteSource) -> dict[str, Any] | None:
    """The top-level mapping of a document in civledger's layout, lists parsed lazily.

    ``data`` is the document's bytes, or a :class:`~civledger.serialization.sources.ByteSource`
    (a file read as needed: :class:`~civledger.io.file_bytes.FileSource`). Returns
    ``None`` when the bytes are not in that layout (the caller then parses them whole).

    Examples
    --------
    >>> text = b'{"civledger": 1,\\n"campaign": {"id": "a"},\\n"units": [\\n'
    >>> doc = split_layout(text + b' {"id": "u1"},\\n {"id": "u2"}]\\n}\\n')
    >>> doc["campaign"], len(doc["units"]), doc["units"][1]
    ({'id': 'a'}, 2, {'id': 'u2'})
    >>> split_layout(b'{"civledger": 1, "units": []}') is None
    True
    """
    source = BufferSource(data) if isinstance(data, bytes | memoryview) else data
    if bytes(source.read(0, len(_HEAD))) != _HEAD:
        return None
    try:
        return _split(source)
    except (ValueError, orjson.JSONDecodeError):
        return None


def _byte(source: ByteSource, pos: int) -> int:
    return bytes(source.read(pos, pos + 1))[0]


def _starts(source: ByteSource, pos: int, prefix: bytes) -> bool:
    return bytes(source.read(pos, pos + len(prefix))) == prefix


def _line_end(source: ByteSource, pos: int) -> int:
    """Where the line at ``pos`` ends (its newline, or the end of the document)."""
    end = source.find(b"\n", pos, min(pos + _LINE, len(source)))
    if end < 0 and pos + _LINE < len(source):
        end = source.find(b"\n", pos, len(source))
    return len(source) if end < 0 else end


def _split(source: ByteSource) -> dict[str, Any] | None:
    size = len(source)
    end = _line_end(source, 0)
    if end >= size or _byte(source, end - 1) != 0x2C:
        return None
    doc: dict[str, Any] = {"civledger": orjson.loads(source.read(len(_HEAD), end - 1))}
    pos = end + 1
    while pos < size:
        end = _line_end(source, pos)
        first = _byte(source, pos)
        if first == 0x7D:  # "}": the end of the document
            return doc if not bytes(source.read(pos + 1, size)).strip() else None
        if first != 0x22:  # every top-level line starts with a quoted key
            return None
        colon = source.find(b'": ', pos, end)
        if colon < 0:
            return None
        key = orjson.loads(source.read(pos, colon + 1))
        value_start = colon + 3
        if end - value_start == 1 and _byte(source, value_start) == 0x5B:  # a list
            if key == "frameworks":
                pos, value = _block(source, end + 1)
                doc[key] = value
                continue
            pos, value = _entries(source, end + 1)
            if value is None:
                return None
            doc[key] = value
            continue
        value_end = end - 1 if _byte(source, end - 1) == 0x2C else end  # a trailing comma
        doc[key] = orjson.loads(source.read(value_start, value_end))
        pos = end + 1
    return None


def _entries(source: ByteSource, pos: int) -> tuple[int, LazyEntries | None]:
    """The entries of a list, one per line (`` {...},`` … `` {...}]``), found without
    reading them: a JSON entry holds no line break, so each line of the list is one, and
    the list ends on the line before the next key (or the end of the document)."""
    size = len(source)
    after = source.find(b'\n"', pos, size)
    if after < 0:
        after = source.find(b"\n}", pos, size)
    if after < 0 or not _starts(source, pos, b" {"):
        return pos, None
    if _starts(source, after - 3, b"}],"):  # more keys follow
        last = after - 2
    elif _starts(source, after - 2, b"}]"):
        last = after - 1
    else:
        return pos, None
    lines, separators = source.count((b"\n", b"},\n {"), pos, last)
    if separators != lines:  # a line that is not one entry
        return pos, None
    return after + 1, LazyEntries.section(source, pos + 1, last, lines + 1)


def _block(source: ByteSource, pos: int) -> tuple[int, Any]:
    """A small list spread over lines (frameworks and their nodes), parsed whole."""
    size = len(source)
    start = pos
    while pos < size and _byte(source, pos) not in (0x22, 0x7D):  # the next key, or the end
        pos = _line_end(source, pos) + 1
    block = bytes(source.read(start, min(pos, size))).rstrip()
    if block.endswith(b","):
        block = block[:-1]
    return pos, orjson.loads(b"[" + block)
