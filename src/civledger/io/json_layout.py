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

__all__ = ["split_layout"]

_HEAD = b'{"civledger": '


def split_layout(data: bytes) -> dict[str, Any] | None:
    """The top-level mapping of a document in civledger's layout, lists parsed lazily.

    Returns ``None`` when the bytes are not in that layout (the caller then
    parses them whole).

    Examples
    --------
    >>> text = b'{"civledger": 1,\\n"campaign": {"id": "a"},\\n"units": [\\n'
    >>> doc = split_layout(text + b' {"id": "u1"},\\n {"id": "u2"}]\\n}\\n')
    >>> doc["campaign"], len(doc["units"]), doc["units"][1]
    ({'id': 'a'}, 2, {'id': 'u2'})
    >>> split_layout(b'{"civledger": 1, "units": []}') is None
    True
    """
    if not data.startswith(_HEAD):
        return None
    try:
        return _split(data)
    except (ValueError, orjson.JSONDecodeError):
        return None


def _split(data: bytes) -> dict[str, Any] | None:
    view = memoryview(data)
    size = len(data)
    end = data.find(b"\n")
    if end < 0 or data[end - 1 : end] != b",":
        return None
    doc: dict[str, Any] = {"civledger": orjson.loads(data[len(_HEAD) : end - 1])}
    pos = end + 1
    while pos < size:
        end = data.find(b"\n", pos)
        if end < 0:
            end = size
        if data.startswith(b"}", pos):
            return doc if not data[pos + 1 :].strip() else None
        if data[pos] != 0x22:  # every top-level line starts with a quoted key
            return None
        colon = data.find(b'": ', pos, end)
        if colon < 0:
            return None
        key = orjson.loads(data[pos : colon + 1])
        value_start = colon + 3
        if end - value_start == 1 and data[value_start] == 0x5B:  # a list, one entry per line
            if key == "frameworks":
                pos, value = _block(data, end + 1)
                doc[key] = value
                continue
            pos, value = _entries(data, view, end + 1)
            if value is None:
                return None
            doc[key] = value
            continue
        value_end = end - 1 if data[end - 1] == 0x2C else end  # a trailing comma
        doc[key] = orjson.loads(view[value_start:value_end])
        pos = end + 1
    return None


def _entries(data: bytes, view: memoryview, pos: int) -> tuple[int, LazyEntries | None]:
    """The entries of a list, one per line (`` {...},`` … `` {...}]``), found without
    reading them: a JSON entry holds no line break, so each line of the list is one, and
    the list ends on the line before the next key (or the end of the document)."""
    after = data.find(b'\n"', pos)
    if after < 0:
        after = data.find(b"\n}", pos)
    if after < 0 or not data.startswith(b" {", pos):
        return pos, None
    if data.startswith(b"}],", after - 3):  # more keys follow
        last = after - 2
    elif data.startswith(b"}]", after - 2):
        last = after - 1
    else:
        return pos, None
    lines = data.count(b"\n", pos, last)
    if data.count(b"},\n {", pos, last) != lines:  # a line that is not one entry
        return pos, None
    return after + 1, LazyEntries.section(data, pos + 1, last)


def _block(data: bytes, pos: int) -> tuple[int, Any]:
    """A small list spread over lines (frameworks and their nodes), parsed whole."""
    size = len(data)
    start = pos
    while pos < size and data[pos] not in (0x22, 0x7D):  # up to the next key, or the end
        end = data.find(b"\n", pos)
        pos = size if end < 0 else end + 1
    block = data[start:pos].rstrip()
    if block.endswith(b","):
        block = block[:-1]
    return pos, orjson.loads(b"[" + block)
