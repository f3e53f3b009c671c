"""Text for terminals: widths that count CJK characters as two columns."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

__all__ = ["display_width", "pad", "printable", "table", "truncate"]


def display_width(text: str) -> int:
    """The number of terminal columns ``text`` takes (wide and full-width characters take two).

    Examples
    --------
    >>> display_width("龙源街道"), display_width("zc-ly"), display_width("Ａ1")
    (8, 5, 3)
    """
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def printable(text: str) -> str:
    """``text`` safe to print on a terminal: control characters shown escaped, tabs as spaces.

    Text from a ledger (a name, a bad journal line) may hold escape sequences that
    would move the cursor, clear the screen or retitle the window.

    Examples
    --------
    >>> print(printable("龙源\\x1b[2J街道\\tok"))
    龙源\\x1b[2J街道 ok
    """
    return text.translate(_CONTROLS)


_CONTROLS = {c: f"\\x{c:02x}" for c in (*range(32), *range(127, 160))}
_CONTROLS[ord("\t")] = " "


def pad(text: str, width: int, *, right: bool = False) -> str:
    """Pad ``text`` with spaces to ``width`` columns (on the left when ``right``).

    Examples
    --------
    >>> pad("街道", 6) + "|"
    '街道  |'
    >>> pad("12", 4, right=True)
    '  12'
    """
    gap = " " * max(width - display_width(text), 0)
    return gap + text if right else text + gap


def truncate(text: str, width: int) -> str:
    """Cut ``text`` to at most ``width`` columns, ending with … when cut.

    Examples
    --------
    >>> truncate("柘城县创建全国文明城市", 9)
    '柘城县创…'
    >>> truncate("short", 9)
    'short'
    """
    if 2 * len(text) <= width:
        return text  # fits however wide its characters
    if text.isascii() and text.isprintable():
        return text if len(text) <= width else text[: max(width - 1, 0)] + "…"
    # Only as much of the text as can show is measured: a line may be megabytes long.
    used, cut = 0, None
    for index, char in enumerate(text):
        used += _char_width(char)
        if cut is None and used > width - 1:
            cut = index
        if used > width:
            return text[:cut] + "…"
    return text


def _char_width(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    numeric: Sequence[bool] | None = None,
) -> str:
    """An aligned plain-text table; numeric columns are right-aligned.

    Examples
    --------
    >>> print(table(["层级", "数量"], [["街道", 3], ["社区", 12]], numeric=[False, True]))
    层级  数量
    ----  ----
    街道     3
    社区    12
    """
    cells = [[str(c) for c in row] for row in rows]
    numeric = list(numeric) if numeric is not None else [False] * len(headers)
    widths = [
        max([display_width(h)] + [display_width(r[i]) for r in cells])
        for i, h in enumerate(headers)
    ]
    lines = ["  ".join(pad(h, widths[i], right=numeric[i]) for i, h in enumerate(headers)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for row in cells:
        lines.append(
            "  ".join(pad(c, widths[i], right=numeric[i]) for i, c in enumerate(row)).rstrip()
        )
    return "\n".join(lines)
