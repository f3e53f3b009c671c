"""Find the line and column of a ``$.path`` in the JSON or YAML text of a ledger.

Locating is lazy: nothing is computed until a finding needs a line, and then
only the containers on the way to that path are scanned (and remembered).
For JSON, values that are not on the way are skipped with the C scanner of
the standard library; for YAML, the document is composed into nodes once.
"""

from __future__ import annotations

import bisect
import json
import os
from collections.abc import Callable
from json.decoder import scanstring  # type: ignore[attr-defined]
from typing import Any

from civledger.findings import PathSegment

__all__ = ["Locator", "json_locator", "yaml_locator"]

LineColumn = tuple[int, int]
_WS = " \t\n\r"


class _Lines:
    """Offsets of line starts, to turn a character offset into (line, column)."""

    def __init__(self, text: str) -> None:
        starts = [0]
        find = text.find
        pos = find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        self._starts = starts

    def at(self, offset: int) -> LineColumn:
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1


def json_locator(text: str) -> Callable[[tuple[PathSegment, ...]], LineColumn | None]:
    """A function from a path to the (line, column) where it starts in JSON ``text``.

    A path that goes further than the document returns the deepest position
    found on the way (the entry that lacks a key points at the entry).

    Examples
    --------
    >>> find = json_locator('{"civledger": 1,\\n "tasks": [\\n  {"id": "T-1"},\\n  {"id": 7}]}')
    >>> find(("tasks", 1, "id"))
    (4, 4)
    >>> find(("tasks", 1, "nothing"))
    (4, 3)
    """
    decoder = json.JSONDecoder()
    children: dict[int, dict[Any, int]] = {}
    lines: list[_Lines] = []

    def skip_ws(pos: int) -> int:
        while pos < len(text) and text[pos] in _WS:
            pos += 1
        return pos

    def kids(pos: int) -> dict[Any, int]:
        found = children.get(pos)
        if found is not None:
            return found
        found = {}
        opener = text[pos] if pos < len(text) else ""
        if opener in "{[":
            closer = "}" if opener == "{" else "]"
            cur = skip_ws(pos + 1)
            index = 0
            while cur < len(text) and text[cur] != closer:
                if opener == "{":
                    key, after = scanstring(text, cur + 1)
                    key_pos = cur
                    cur = skip_ws(after)
                    cur = skip_ws(cur + 1)  # the colon
                    found[key] = key_pos
                    found[("value", key)] = cur
                else:
                    found[index] = cur
                    index += 1
                _, cur = decoder.raw_decode(text, cur)
                cur = skip_ws(cur)
                if cur < len(text) and text[cur] == ",":
                    cur = skip_ws(cur + 1)
        children[pos] = found
        return found

    def locate(path: tuple[PathSegment, ...]) -> LineColumn | None:
        try:
            pos = skip_ws(0)
            for depth, segment in enumerate(path):
                table = kids(pos)
                if segment not in table:
                    break
                if isinstance(segment, str):
                    if depth == len(path) - 1:
                        pos = table[segment]
                        break
                    pos = table[("value", segment)]
                else:
                    pos = table[segment]
        except (ValueError, IndexError):
            return None
        if not lines:
            lines.append(_Lines(text))
        return lines[0].at(pos)

    return locate


def yaml_locator(text: str) -> Callable[[tuple[PathSegment, ...]], LineColumn | None]:
    """A function from a path to the (line, column) where it starts in YAML ``text``.

    Examples
    --------
    >>> find = yaml_locator("civledger: 1\\ntasks:\\n- id: T-1\\n- id: T-2\\n  lead: zc\\n")
    >>> find(("tasks", 1, "lead"))
    (5, 3)
    """
    import yaml

    loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    root: list[Any] = []

    def locate(path: tuple[PathSegment, ...]) -> LineColumn | None:
        if not root:
            try:
                root.append(yaml.compose(text, Loader=loader_cls))
            except yaml.YAMLError:
                root.append(None)
        node = root[0]
        if node is None:
            return None
        mark = node.start_mark
        for segment in path:
            if isinstance(node, yaml.MappingNode) and isinstance(segment, str):
                match = next((kv for kv in node.value if kv[0].value == segment), None)
                if match is None:
                    break
                mark = match[0].start_mark
                node = match[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(segment, int):
                if not 0 <= segment < len(node.value):
                    break
                node = node.value[segment]
                mark = node.start_mark
            else:
                break
        return mark.line + 1, mark.column + 1

    return locate


class Locator:
    """Locate paths in a ledger file, keeping its text only as long as needed.

    While the text is held (during loading) paths are found in it directly.
    After :meth:`release`, the file is read again on the first request, and
    only if it has not changed since it was loaded.
    """

    def __init__(self, text: str | None, fmt: str, file: str | None = None) -> None:
        self._text = text
        self._fmt = fmt
        self._file = file
        self._stamp = _stamp(file) if file else None
        self._find: Callable[[tuple[PathSegment, ...]], LineColumn | None] | None = None

    def release(self) -> None:
        """Drop the text if it can be read again from the file."""
        if self._file is not None and self._find is None:
            self._text = None

    def __call__(self, path: tuple[PathSegment, ...]) -> LineColumn | None:
        if self._find is None:
            text = self._text
            if text is None:
                if self._file is None or _stamp(self._file) != self._stamp:
                    return None
                try:
                    with open(self._file, encoding="utf-8-sig") as handle:
                        text = handle.read()
                except (OSError, UnicodeDecodeError):
                    return None
            self._find = json_locator(text) if self._fmt == "json" else yaml_locator(text)
            self._text = None
        return self._find(path)


def _stamp(file: str) -> tuple[int, int] | None:
    try:
        st = os.stat(file)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns
