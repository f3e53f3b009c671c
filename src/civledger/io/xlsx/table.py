"""Find the table in a sheet: its header row (or two), its columns, and the kind of each row.

Real sheets put a title and notes above the header, split headers over two
rows (``责任单位`` above ``牵头单位 | 配合单位``), merge cells, leave blank rows,
add subtotal rows (合计, 小计) and section headings (一、市容环境), and write
notes below the table. :func:`find_table` finds the header; :func:`classify`
tells data rows from the rest.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import attrs

from civledger.io.xlsx.cells import cell_text, is_blank, whole_number
from civledger.io.xlsx.grid import Grid
from civledger.io.xlsx.headers import HeaderMap, normalize_header
from civledger.labels import normalize_label

__all__ = [
    "RAW_HEADERS",
    "Column",
    "RowKind",
    "Table",
    "classify",
    "column_letter",
    "find_raw_table",
    "find_table",
    "merged_fill",
]

HEADER_SEARCH = 30
"""How many rows from the top are searched for the header row."""

RAW_HEADERS = ("台账编号", "来源文件", "工作表", "行号", "原因", "列", "列名", "内容")
"""The header of the sheet of raw rows civledger writes on export (and reads back)."""

_TITLE_FIELDS = ("problem", "title")
_SUBTOTAL = ("合计", "小计", "总计", "共计")
_HEADING = re.compile(
    r"[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十0-9]+[部分章节篇]"
)
_NOTE = ("注", "备注", "说明", "填表", "制表", "审核", "联系人", "附件", "填报")


def column_letter(index: int) -> str:
    """The letters of a 1-based column number.

    Examples
    --------
    >>> column_letter(1), column_letter(27), column_letter(703)
    ('A', 'AA', 'AAA')
    """
    letters = ""
    while index > 0:
        index, rem = divmod(index - 1, 26)
        letters = chr(ord("A") + rem) + letters
    return letters


@attrs.frozen(kw_only=True)
class Column:
    """A column of the table: its 1-based index, its header as written, and its field.

    ``field`` is ``None`` for a header civledger does not know.
    """

    index: int
    header: str
    field: str | None

    @property
    def letter(self) -> str:
        """The column's letters (``F``)."""
        return column_letter(self.index)


@attrs.frozen(kw_only=True)
class Table:
    """Where the table of a sheet is: its header rows and columns.

    ``title`` is the column that says what each row is (工作任务 or 问题描述),
    and ``problems`` whether the sheet lists problems.
    """

    header_rows: tuple[int, ...]
    columns: tuple[Column, ...]
    title: Column
    problems: bool

    @property
    def first_row(self) -> int:
        """The first row after the header."""
        return self.header_rows[-1] + 1


def merged_fill(grid: Grid) -> dict[tuple[int, int], tuple[int, int]]:
    """For each cell covered by a merged range but its top-left one, that top-left cell.

    Keys and values are ``(row, column)``, 1-based.
    """
    fill: dict[tuple[int, int], tuple[int, int]] = {}
    for left, top, right, bottom in grid.merges:
        for row in range(top, bottom + 1):
            for col in range(left, right + 1):
                if (row, col) != (top, left):
                    fill[(row, col)] = (top, left)
    return fill


def value(grid: Grid, row: int, col: int) -> Any:
    """The value of a cell (1-based), ``None`` outside the grid."""
    if row < 1 or row > len(grid.rows):
        return None
    cells = grid.rows[row - 1]
    return cells[col - 1] if 0 < col <= len(cells) else None


def _header_text(
    grid: Grid, fill: Mapping[tuple[int, int], tuple[int, int]], row: int, col: int
) -> str | None:
    source = fill.get((row, col), (row, col))
    return cell_text(value(grid, *source))


def _width(grid: Grid, rows: range) -> int:
    return max((len(grid.rows[r - 1]) for r in rows if 0 < r <= len(grid.rows)), default=0)


def find_table(grid: Grid, headers: HeaderMap) -> Table | None:
    """The table of a sheet, or ``None`` when none of its first rows is a header row.

    A header row has a title column (a field ``title`` or ``problem``) and at
    least one other known header. The row below it is a second header row when
    its title cell is empty (or merged from above) and it names a known field
    the row above does not.
    """
    fill = merged_fill(grid)
    last = min(HEADER_SEARCH, len(grid.rows))
    for row in range(1, last + 1):
        width = _width(grid, range(row, row + 2))
        texts = {c: _header_text(grid, fill, row, c) for c in range(1, width + 1)}
        fields = {c: headers.field(t) for c, t in texts.items() if t}
        if sum(f is not None for f in fields.values()) < 2:
            continue
        if not any(f in _TITLE_FIELDS for f in fields.values()):
            continue
        return _table(grid, fill, headers, row, texts)
    return None


def _table(
    grid: Grid,
    fill: Mapping[tuple[int, int], tuple[int, int]],
    headers: HeaderMap,
    row: int,
    upper: dict[int, str | None],
) -> Table:
    lower = {c: _header_text(grid, fill, row + 1, c) for c in upper}
    title_col = next(c for c, t in upper.items() if t and headers.field(t) in _TITLE_FIELDS)
    two_rows = (lower.get(title_col) in (None, upper[title_col])) and any(
        low and low != upper[c] and _combined(headers, upper[c], low)[1] is not None
        for c, low in lower.items()
    )
    columns: list[Column] = []
    for c, up in upper.items():
        low = lower[c] if two_rows else None
        if low and low != up:
            header, field = _combined(headers, up, low)
        elif up:
            header, field = up, headers.field(up)
        else:
            continue
        columns.append(Column(index=c, header=header, field=field))
    title_field = "problem" if any(col.field == "problem" for col in columns) else "title"
    title = next(col for col in columns if col.field == title_field)
    return Table(
        header_rows=(row, row + 1) if two_rows else (row,),
        columns=tuple(columns),
        title=title,
        problems=title_field == "problem",
    )


def _combined(headers: HeaderMap, upper: str | None, lower: str) -> tuple[str, str | None]:
    """The header of a column under a two-row header, and its field."""
    shown = f"{upper} {lower}" if upper and upper != lower else lower
    for text in (lower, f"{upper}{lower}" if upper else None, f"{lower}{upper}" if upper else None):
        if text:
            field = headers.field(text)
            if field is not None:
                return shown, field
    return shown, None


def find_raw_table(grid: Grid) -> int | None:
    """The header row of a sheet of raw rows as civledger writes them, if it is one."""
    want = tuple(normalize_header(h) for h in RAW_HEADERS)
    for row in range(1, min(HEADER_SEARCH, len(grid.rows)) + 1):
        texts = tuple(normalize_header(cell_text(v) or "") for v in grid.rows[row - 1])
        if texts[: len(want)] == want:
            return row
    return None


class RowKind:
    """What a row below the header is."""

    DATA = "data"
    BLANK = "blank"
    SUBTOTAL = "subtotal"
    HEADING = "heading"


def classify(
    grid: Grid,
    table: Table,
    row: int,
    spans: Mapping[tuple[int, int], int],
) -> str:
    """Whether a row is data, blank, a subtotal (合计, 小计…) or a heading or note.

    A row is judged by its own cells, before merged values are spread into it.
    ``spans`` gives, for the top-left cell of each merged range, how many columns
    it spans.

    - blank: no value, or only a whole number in the 序号 column (a numbered empty line);
    - subtotal: the first cell, or the 序号, 编号 or title cell, begins with 合计, 小计,
      总计 or 共计;
    - heading: a single value that is a numbered section heading (一、 （二） 第三部分),
      a note (注：…, 填表人…), text in the 序号 column, or a cell merged across columns.
    """
    cells = grid.rows[row - 1] if row <= len(grid.rows) else ()
    present = [
        (col, cells[col.index - 1])
        for col in table.columns
        if col.index <= len(cells) and not is_blank(cells[col.index - 1])
    ]
    if not present:
        return RowKind.BLANK
    sequence = [v for col, v in present if col.field == "sequence"]
    if len(present) == len(sequence) and all(whole_number(v) for v in sequence):
        return RowKind.BLANK
    first = present[0][0].index
    for col, v in present:
        if col.field in ("sequence", "id", *_TITLE_FIELDS) or col.index == first:
            text = normalize_label(cell_text(v) or "")
            if text.startswith(_SUBTOTAL):
                return RowKind.SUBTOTAL
    if len(present) == 1:
        col, v = present[0]
        text = cell_text(v) or ""
        if (
            col.field == "sequence"
            or _HEADING.match(text)
            or text.lstrip().startswith(_NOTE)
            or spans.get((row, col.index), 1) > 1
        ):
            return RowKind.HEADING
    return RowKind.DATA
