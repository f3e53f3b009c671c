"""Text for terminals: widths that count CJK characters as two columns, tables that fit.

Tables wrap their long columns to a width: the terminal's when the output is
one (or ``COLUMNS`` when set), else :data:`PRINT_WIDTH` — see :func:`terminal_width`.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Sequence
from typing import TextIO

__all__ = [
    "PRINT_WIDTH",
    "display_width",
    "pad",
    "printable",
    "table",
    "terminal_width",
    "truncate",
    "wrap",
]

PRINT_WIDTH = 100
"""The width of text that goes to a file or a pipe: about a printed A4 page in portrait."""

MIN_COLUMN = 8
"""A text column is never wrapped narrower than this (four Chinese characters)."""

_GAP = 2  # spaces between columns
_BREAK_AFTER = frozenset(" →、，,；;／/-")
_NO_LINE_START = frozenset("、，。；：！？）》」』】%,.;:!?)")  # marks that end a phrase
_NO_LINE_END = frozenset("（《「『【(")  # marks that open one


def display_width(text: str) -> int:
    """The number of terminal columns ``text`` takes (wide and full-width characters take two).

    Examples
    --------
    >>> display_width("龙源街道"), display_width("zc-ly"), display_width("Ａ1")
    (8, 5, 3)
    """
    if text.isascii():
        return len(text)
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


def terminal_width(stream: TextIO | None) -> int:
    """The width to lay text out in when writing to ``stream`` (``None``: a file).

    ``COLUMNS`` when it is set to a positive number (so a script chooses, and
    ``COLUMNS=1000`` keeps every row on one line); else the terminal's width when
    the stream is a terminal; else :data:`PRINT_WIDTH`, for files and pipes.

    Examples
    --------
    >>> import io
    >>> terminal_width(io.StringIO()) in (PRINT_WIDTH, int(os.environ.get("COLUMNS", 0) or 0))
    True
    """
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        if stream is not None and stream.isatty():
            return os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, OSError, ValueError):
        pass
    return PRINT_WIDTH


def wrap(text: str, width: int) -> list[str]:
    """``text`` cut into lines of at most ``width`` columns (CJK characters count two).

    Lines break after a space, an arrow, a list mark (、，；/) or a hyphen when one is
    in the last third of the line or a Latin word (an id, a date) would be cut there;
    else between any two characters, as Chinese text does. Line breaks in the text
    are kept; a line does not start with a mark that ends a phrase (、，。）) nor end
    with one that opens it (（《). A character wider than ``width`` gets a line of
    its own.

    Examples
    --------
    >>> wrap("龙源街道 第一责任人 钱某 → 柘城县 第一责任人 赵某", 24)
    ['龙源街道 第一责任人', '钱某 → 柘城县 第一责任人', '赵某']
    >>> wrap("柘城县创建全国文明城市", 10)
    ['柘城县创建', '全国文明城', '市']
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(_wrap_line(paragraph, max(width, 1)))
    return lines


def _latin(char: str) -> bool:
    """A character of a word that Latin text keeps whole (an id, a date, a code, a name)."""
    return char.isascii() and (char.isalnum() or char in "-_./:%")


def _last_break(line: list[str]) -> int:
    """The index after which ``line`` may break, or -1: after a space, an arrow, a list mark,
    or a hyphen that follows a letter (kebab-names; not a date's)."""
    for n in range(len(line) - 1, -1, -1):
        char = line[n]
        if char in _BREAK_AFTER and (char != "-" or (n > 0 and line[n - 1].isalpha())):
            return n
    return -1


def _wrap_line(text: str, width: int) -> list[str]:
    if display_width(text) <= width:
        return [text]
    lines: list[str] = []
    line: list[str] = []
    used = 0
    for char in text:
        w = display_width(char)
        if used + w > width and line:
            head, tail = _split(line, char, width)
            lines.append("".join(head).rstrip())
            line = list("".join(tail).lstrip())
            used = display_width("".join(line))
            if char == " " and not line:
                continue
        line.append(char)
        used += w
    lines.append("".join(line).rstrip())
    return lines


def _split(line: list[str], char: str, width: int) -> tuple[list[str], list[str]]:
    """Where a full ``line`` breaks before ``char``: at a space or a mark near its end, or
    where the word would be cut; else here, as Chinese text does, but never before a mark
    that ends a phrase nor after one that opens it."""
    at = _last_break(line)
    near_end = at >= 0 and display_width("".join(line[: at + 1])) * 3 >= width * 2
    if at >= 0 and (near_end or (_latin(char) and _latin(line[-1]))):
        head, tail = line[: at + 1], line[at + 1 :]
    elif char in _NO_LINE_START and len(line) > 1:
        cut = len(line) - 1  # the mark stays with the word it ends
        while cut > 1 and line[cut] in _NO_LINE_START:
            cut -= 1
        head, tail = line[:cut], line[cut:]
    else:
        head, tail = line, []
    while len(head) > 1 and head[-1] in _NO_LINE_END:
        head, tail = head[:-1], [head[-1], *tail]
    return head, tail


def _fit(natural: list[int], numeric: Sequence[bool], floor: list[int], width: int) -> list[int]:
    """Column widths that fit ``width``: numbers keep theirs, the widest text columns give way
    first (down to the next widest, then together), none below its floor."""
    room = width - _GAP * (len(natural) - 1)
    if sum(natural) <= room:
        return natural
    flexible = [i for i, w in enumerate(natural) if not numeric[i] and w > floor[i]]
    budget = room - sum(w for i, w in enumerate(natural) if i not in flexible)

    def at(level: int, i: int) -> int:
        return min(natural[i], max(level, floor[i]))

    low, high = 0, max((natural[i] for i in flexible), default=0)
    while low < high:  # the highest level at which the flexible columns fit
        middle = (low + high + 1) // 2
        if sum(at(middle, i) for i in flexible) <= budget:
            low = middle
        else:
            high = middle - 1
    fitted = [at(low, i) if i in flexible else w for i, w in enumerate(natural)]
    spare = budget - sum(fitted[i] for i in flexible)
    for i in sorted(flexible, key=lambda i: -natural[i]):
        if spare > 0 and fitted[i] < natural[i]:
            fitted[i] += 1
            spare -= 1
    return fitted


def _floor(texts: Sequence[str], natural: int) -> int:
    """The narrowest a column may be: :data:`MIN_COLUMN`, or its longest word of Latin letters
    and digits (an id, a date, a code), which wrapping would cut, up to 20 columns."""
    words = [
        display_width(word)
        for text in texts
        for word in text.split()
        if display_width(word) == len(word)
    ]
    return min(natural, max(MIN_COLUMN, min(max(words, default=0), 20)))


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    numeric: Sequence[bool] | None = None,
    width: int | None = None,
) -> str:
    """An aligned plain-text table; numeric columns are right-aligned.

    With ``width``, a table wider than that wraps its widest text columns within
    themselves (a row then takes several lines, the other columns blank below
    its first line). The widest columns give way first; numbers are never cut, nor
    ids, dates and codes (words of Latin letters and digits up to 20 columns), and a
    column keeps at least :data:`MIN_COLUMN` columns, so a table of many columns
    can still be wider than ``width``. Line breaks inside a cell always start a new line of
    the row.

    Examples
    --------
    >>> print(table(["层级", "数量"], [["街道", 3], ["社区", 12]], numeric=[False, True]))
    层级  数量
    ----  ----
    街道     3
    社区    12
    >>> print(table(["单位", "责任链"], [["龙源街道", "钱某 → 吴某 → 赵某"]], width=24))
    单位      责任链
    --------  --------------
    龙源街道  钱某 → 吴某 →
              赵某
    """
    cells = [[str(c) for c in row] for row in rows]
    numeric = list(numeric) if numeric is not None else [False] * len(headers)
    head_sizes = [_size(h) for h in headers]
    sizes = [[_size(c) for c in row] for row in cells]
    natural = [max([head_sizes[i], *(row[i] for row in sizes)]) for i in range(len(headers))]
    widths = natural
    if width is not None:
        floor = [_floor([r[i] for r in cells], natural[i]) for i in range(len(headers))]
        widths = _fit(natural, numeric, floor, width)
    lines = _row_lines(headers, head_sizes, widths, numeric)
    lines.append("  ".join("-" * w for w in widths))
    for row, row_sizes in zip(cells, sizes, strict=True):
        lines.extend(_row_lines(row, row_sizes, widths, numeric))
    return "\n".join(lines)


def _size(text: str) -> int:
    """The width of a cell: of its widest line."""
    if "\n" in text:
        return max(display_width(line) for line in text.split("\n"))
    return display_width(text)


def _row_lines(
    row: Sequence[str], sizes: Sequence[int], widths: list[int], numeric: Sequence[bool]
) -> list[str]:
    """A row as one line, or as several when a cell wraps or holds line breaks."""
    if all(sizes[i] <= widths[i] and "\n" not in cell for i, cell in enumerate(row)):
        return [
            "  ".join(
                _padded(cell, sizes[i], widths[i], numeric[i]) for i, cell in enumerate(row)
            ).rstrip()
        ]
    wrapped = [wrap(cell, widths[i]) if not numeric[i] else [cell] for i, cell in enumerate(row)]
    height = max((len(parts) for parts in wrapped), default=1)
    return [
        "  ".join(
            pad(parts[n] if n < len(parts) else "", widths[i], right=numeric[i])
            for i, parts in enumerate(wrapped)
        ).rstrip()
        for n in range(height)
    ]


def _padded(text: str, size: int, width: int, right: bool) -> str:
    gap = " " * max(width - size, 0)
    return gap + text if right else text + gap
