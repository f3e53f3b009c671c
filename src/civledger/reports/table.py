"""The table every report returns: a title, typed columns, rows and notes.

A :class:`Table` is a frozen value. Renderers turn it into text for a terminal,
Markdown, CSV, JSON, an Excel workbook or an HTML page; :meth:`Table.to_rows`
gives plain dicts, :meth:`Table.to_frame` a pandas or polars DataFrame and
:meth:`Table.to_arrow` a typed Arrow table (which polars and DuckDB also take
through the Arrow PyCapsule protocol).
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any, Literal

import attrs

from civledger.errors import CivLedgerError
from civledger.i18n import _
from civledger.io.arrow import arrow_table
from civledger.io.atomic import atomic_write
from civledger.reports import render as renderers
from civledger.reports.columns import KINDS, Cell, Column, ColumnKind, format_cell
from civledger.reports.render import Format, format_for
from civledger.reports.render.csvtext import to_csv
from civledger.reports.render.htmlpage import to_html
from civledger.reports.render.jsontext import to_json
from civledger.reports.render.markdown import to_markdown
from civledger.reports.render.text import to_text
from civledger.reports.render.xlsx import to_xlsx

__all__ = ["KINDS", "Cell", "Column", "ColumnKind", "Table", "format_cell"]


def _columns(columns: Iterable[Column]) -> tuple[Column, ...]:
    return tuple(columns)


def _notes(notes: Iterable[str]) -> tuple[str, ...]:
    return tuple(notes)


def _as_tuple(rows: Iterable[Mapping[str, Cell] | Sequence[Cell]]) -> tuple[Any, ...]:
    return tuple(rows)


def _row(
    order: tuple[str, ...], known: frozenset[str], row: Mapping[str, Cell] | Sequence[Cell]
) -> tuple[Cell, ...]:
    if isinstance(row, Mapping):
        if not known.issuperset(row):
            unknown = [k for k in row if k not in known]
            raise ValueError(f"a row has keys the table has no column for: {', '.join(unknown)}")
        return tuple(map(row.get, order))
    cells = tuple(row)
    if len(cells) != len(order):
        raise ValueError(f"a row has {len(cells)} cells for {len(order)} columns")
    return cells


@attrs.frozen(kw_only=True)
class Table:
    """A report: a title, columns, rows and notes (definitions, totals, findings).

    Rows may be given as dicts keyed by column key (missing keys are empty cells)
    or as sequences in column order; they are kept as tuples. ``name`` is a short
    machine name (``progress``), used for sheet and file names. ``ledger_name``
    (the campaign's name) and ``as_of`` (the date the report is made as of) say
    what the report is of; an Excel report prints them in its title row.

    Examples
    --------
    >>> t = Table(title="各街道进度", name="progress",
    ...           columns=[Column(key="unit", label="单位"),
    ...                    Column(key="rate", label="销号率", kind="percent")],
    ...           rows=[{"unit": "龙源街道", "rate": 0.75}, ("城关镇", 0.5)],
    ...           notes=["截至 2026-06-14"])
    >>> t.rows[1], len(t)
    (('城关镇', 0.5), 2)
    >>> t.to_rows()[0]
    {'unit': '龙源街道', 'rate': 0.75}
    >>> print(t.to_text())
    各街道进度
    单位      销号率
    --------  ------
    龙源街道   75.0%
    城关镇     50.0%
    截至 2026-06-14
    """

    title: str
    columns: tuple[Column, ...] = attrs.field(converter=_columns)
    rows: tuple[tuple[Cell, ...], ...] = attrs.field(default=(), converter=_as_tuple)
    notes: tuple[str, ...] = attrs.field(default=(), converter=_notes)
    name: str = "table"
    ledger_name: str = ""
    as_of: date | None = None

    def __attrs_post_init__(self) -> None:
        keys = [c.key for c in self.columns]
        if len(set(keys)) != len(keys):
            raise ValueError(f"two columns share a key: {keys}")
        order, known = tuple(keys), frozenset(keys)
        rows = tuple(_row(order, known, r) for r in self.rows)
        object.__setattr__(self, "rows", rows)

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def keys(self) -> list[str]:
        """The column keys, in order."""
        return [c.key for c in self.columns]

    def column(self, key: str) -> Column:
        """The column with this key; ``KeyError`` if none.

        Examples
        --------
        >>> Table(title="t", columns=[Column(key="a", label="甲", kind="int")]).column("a").kind
        'int'
        """
        for c in self.columns:
            if c.key == key:
                return c
        raise KeyError(key)

    def values(self, key: str) -> list[Cell]:
        """Every cell of one column, top to bottom.

        Examples
        --------
        >>> Table(title="t", columns=[Column(key="a", label="甲")], rows=[[1], [2]]).values("a")
        [1, 2]
        """
        i = self.keys.index(key)
        return [row[i] for row in self.rows]

    def select(self, *keys: str) -> Table:
        """A table of these columns only, in this order.

        Examples
        --------
        >>> t = Table(title="t", columns=[Column(key="a", label="甲"), Column(key="b", label="乙")],
        ...           rows=[[1, 2]])
        >>> t.select("b").rows
        ((2,),)
        """
        chosen = [self.column(k) for k in keys]
        at = [self.keys.index(k) for k in keys]
        rows = tuple(tuple(row[i] for i in at) for row in self.rows)
        return attrs.evolve(self, columns=chosen, rows=rows)

    def to_rows(self) -> list[dict[str, Cell]]:
        """One plain dict per row, keyed by column key (dates stay dates)."""
        keys = self.keys
        return [dict(zip(keys, row, strict=True)) for row in self.rows]

    def to_frame(self, library: Literal["pandas", "polars"] | None = None) -> Any:
        """The rows as a DataFrame of pandas (tried first) or polars, whichever is installed.

        Raises
        ------
        CivLedgerError
            When neither library (or not the one asked for) is installed.

        Examples
        --------
        >>> t = Table(title="t", columns=[Column(key="a", label="甲", kind="int")], rows=[[1], [2]])
        >>> frame = t.to_frame()
        >>> list(frame.columns), len(frame)
        (['a'], 2)
        """
        wanted = (library,) if library is not None else ("pandas", "polars")
        for name in wanted:
            try:
                module = importlib.import_module(name)
            except ImportError:
                continue
            data = {c.key: self.values(c.key) for c in self.columns}
            if name == "pandas":
                return module.DataFrame(data, columns=self.keys)
            return module.DataFrame(data, strict=False)
        raise CivLedgerError(
            _(
                "a DataFrame needs {libraries}: pip install {library} "
                "(or use to_rows() for plain dicts)"
            ).format(libraries=_(" or ").join(wanted), library=wanted[0])
        )

    def to_arrow(self) -> Any:
        """The table as a ``pyarrow.Table``, typed by column kind (needs the ``arrow`` extra).

        Dates become ``date32``, whole numbers ``int64``, numbers and percentages
        ``float64`` (a percentage as the fraction the table holds), yes/no ``bool``,
        text ``string`` and columns marked ``category`` dictionaries (see
        :mod:`civledger.io.arrow`). Each field keeps its label in its metadata
        (``label``); the schema keeps the title, name, ledger name, date and notes
        (``civledger.title``…). Polars and DuckDB take the table itself through the Arrow
        PyCapsule stream protocol (``__arrow_c_stream__``): ``polars.DataFrame(tasks)``,
        ``duckdb.sql("select * from tasks")`` for a table ``tasks``.

        Raises
        ------
        MissingExtraError
            When pyarrow is not installed (``pip install 'civledger[arrow]'``).
        ValueError
            When a cell does not fit its column's kind (text in an ``int`` column).

        Examples
        --------
        >>> t = Table(title="t", columns=[Column(key="unit", label="单位", category=True),
        ...                               Column(key="due", label="期限", kind="date"),
        ...                               Column(key="rate", label="销号率", kind="percent")],
        ...           rows=[("龙源街道", date(2026, 6, 30), 0.75), ("城关镇", None, None)])
        >>> arrow = t.to_arrow()
        >>> [str(field.type) for field in arrow.schema]
        ['dictionary<values=string, indices=int32, ordered=0>', 'date32[day]', 'double']
        >>> arrow.column("due").to_pylist()
        [datetime.date(2026, 6, 30), None]
        >>> arrow.schema.field("rate").metadata
        {b'label': b'\xe9\x94\x80\xe5\x8f\xb7\xe7\x8e\x87'}
        """
        if self.rows:
            columns: list[Sequence[Cell]] = list(zip(*self.rows, strict=True))
        else:
            columns = [() for _ in self.columns]
        metadata = {"civledger.title": self.title, "civledger.name": self.name}
        if self.ledger_name:
            metadata["civledger.ledger_name"] = self.ledger_name
        if self.as_of is not None:
            metadata["civledger.as_of"] = self.as_of.isoformat()
        if self.notes:
            metadata["civledger.notes"] = "\n".join(self.notes)
        return arrow_table(
            [(c.key, c.arrow_kind) for c in self.columns],
            columns,
            metadata=metadata,
            labels={c.key: c.label for c in self.columns},
        )

    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object:
        """The Arrow PyCapsule stream protocol: the rows of :meth:`to_arrow` as an Arrow C stream.

        Arrow consumers (polars, DuckDB, pyarrow itself) read a table through it without
        copying the Arrow data. Needs the ``arrow`` extra.

        Examples
        --------
        >>> import pyarrow as pa
        >>> t = Table(title="t", columns=[Column(key="n", label="数", kind="int")], rows=[[1], [2]])
        >>> pa.table(t).column("n").to_pylist()
        [1, 2]
        """
        stream: object = self.to_arrow().__arrow_c_stream__(requested_schema)
        return stream

    # -- renderers -----------------------------------------------------------------------
    def to_text(self, *, width: int | None = None) -> str:
        """Text for a terminal: aligned columns, CJK characters counted as two columns.

        With ``width``, long columns wrap within themselves to fit that many columns
        (``civledger.text.terminal_width(sys.stdout)`` is the terminal's).
        """
        return to_text(self, width=width)

    def to_markdown(self) -> str:
        """A Markdown table under the title, the notes as a list.

        Examples
        --------
        >>> Table(title="t", columns=[Column(key="a", label="甲")], rows=[["乙"]]).to_markdown()
        '**t**\\n\\n| 甲 |\\n|---|\\n| 乙 |\\n'
        """
        return to_markdown(self)

    def to_csv(self, *, bom: bool = False) -> str:
        """CSV text: a header of labels, then the rows as people read them.

        Text has no byte-order mark unless ``bom``; files written by :meth:`write`
        and bytes from :meth:`render` have one.
        """
        return to_csv(self, bom=bom)

    def to_json(self) -> str:
        """A JSON document: title, columns, rows as objects keyed by column key, notes.

        Examples
        --------
        >>> import json
        >>> t = Table(title="t", columns=[Column(key="a", label="甲", kind="int")], rows=[[1]])
        >>> json.loads(t.to_json())["rows"]
        [{'a': 1}]
        """
        return to_json(self)

    def to_xlsx(self) -> bytes:
        """An Excel workbook (needs the ``xlsx`` extra): frozen header, filters, widths."""
        return to_xlsx(self)

    def to_html(self) -> str:
        """A self-contained HTML page (inline style, no external assets)."""
        return to_html(self)

    def render(self, format: Format, *, bom: bool = True) -> bytes:
        """The table in one of the formats of :func:`civledger.render`, as bytes.

        CSV starts with a byte-order mark for Excel unless ``bom=False``.

        Examples
        --------
        >>> t = Table(title="t", columns=[Column(key="a", label="甲")], rows=[["乙"]])
        >>> t.render("csv", bom=False)
        b'\\xe7\\x94\\xb2\\r\\n\\xe4\\xb9\\x99\\r\\n'
        """
        return renderers.render(self, format, bom=bom)

    def write(
        self, path: str | os.PathLike[str], format: Format | None = None, *, bom: bool = True
    ) -> None:
        """Write the table to a file atomically; the format comes from the suffix by default.

        A CSV file starts with a byte-order mark, which Excel needs to read it as
        UTF-8; ``bom=False`` leaves it out.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> out = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
        >>> Table(title="t", columns=[Column(key="a", label="甲")], rows=[["乙"]]).write(out)
        >>> out.read_text(encoding="utf-8-sig").splitlines()
        ['甲', '乙']
        """
        chosen = format or format_for(path)
        atomic_write(path, self.render(chosen, bom=bom))
