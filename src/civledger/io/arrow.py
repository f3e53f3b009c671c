"""Columns as Apache Arrow arrays, and Parquet files (the ``arrow`` extra: pyarrow).

Report tables (:meth:`civledger.Table.to_arrow`), findings
(:meth:`civledger.Report.to_arrow`) and the roll-up's datasets
(:func:`civledger.rollup`) are made Arrow tables here, with one Arrow type per kind
of column, so that the same kind always gives the same type, whichever table and
whichever ledger it comes from:

========== ============================== ===========================================
kind       Arrow type                     holds
========== ============================== ===========================================
text       ``string``                     any text (Chinese as it is: UTF-8)
category   ``dictionary<int32, string>``  text from a short list: codes, labels, names
int        ``int64``                      whole numbers
number     ``float64``                    numbers
percent    ``float64``                    fractions (0.75 is 75%)
date       ``date32``                     days
bool       ``bool``                       yes or no
texts      ``list<string>``               several texts (subjects, standards)
========== ============================== ===========================================

pyarrow is imported on first use (:func:`pyarrow`): a missing extra is a
:class:`~civledger.errors.MissingExtraError` naming ``civledger[arrow]``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from datetime import date
from types import ModuleType
from typing import Any, Literal

from civledger._extras import optional_module
from civledger.i18n import lazy
from civledger.io.atomic import atomic_write

__all__ = [
    "ARROW_KINDS",
    "ArrowKind",
    "arrow_table",
    "arrow_type",
    "parquet_bytes",
    "pyarrow",
    "write_parquet",
]

ArrowKind = Literal["text", "category", "int", "number", "percent", "date", "bool", "texts"]
"""The kinds of column an Arrow table is made of (see the module's table)."""

ARROW_KINDS: tuple[str, ...] = (
    "text",
    "category",
    "int",
    "number",
    "percent",
    "date",
    "bool",
    "texts",
)
"""The kinds of :data:`ArrowKind`, in order."""

PARQUET_COMPRESSION = "zstd"
"""How Parquet files are compressed: zstd, which pyarrow, DuckDB, Spark (3.2+) and Dask read."""


def pyarrow() -> ModuleType:
    """The ``pyarrow`` module, or a :class:`~civledger.errors.MissingExtraError` naming the extra.

    Examples
    --------
    >>> pyarrow().__name__
    'pyarrow'
    """
    return optional_module("pyarrow", lazy("Arrow tables"))


def arrow_type(kind: Any) -> Any:
    """The Arrow type of a kind of column (a ``pyarrow.DataType`` given is its own type).

    Raises
    ------
    ValueError
        For a kind that is not one of :data:`ARROW_KINDS`.

    Examples
    --------
    >>> str(arrow_type("date")), str(arrow_type("category")), str(arrow_type("texts"))
    ('date32[day]', 'dictionary<values=string, indices=int32, ordered=0>', 'list<item: string>')
    """
    pa = pyarrow()
    if isinstance(kind, pa.DataType):
        return kind
    types = {
        "text": pa.string(),
        "category": pa.dictionary(pa.int32(), pa.string()),
        "int": pa.int64(),
        "number": pa.float64(),
        "percent": pa.float64(),
        "date": pa.date32(),
        "bool": pa.bool_(),
        "texts": pa.list_(pa.string()),
    }
    try:
        return types[kind]
    except KeyError:
        raise ValueError(f"column kind {kind!r} is not one of {', '.join(ARROW_KINDS)}") from None


def _as_text(value: object) -> str | None:
    # A text column of one's own may hold numbers or dates: they are written as people read them.
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _array(pa: ModuleType, name: str, kind: Any, values: Sequence[Any]) -> Any:
    try:
        return _converted(pa, kind, values)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError):
        if kind not in ("text", "category", "texts"):
            raise ValueError(
                f"column {name!r} ({kind}) holds a value Arrow cannot take as {kind}"
            ) from None
    # Text columns of one's own may hold numbers or dates: written as people read them. Only
    # when the plain conversion fails, so that the usual table pays no loop in Python.
    if kind == "texts":
        values = [None if v is None else [_as_text(item) for item in v] for v in values]
    else:
        values = [_as_text(v) for v in values]
    return _converted(pa, kind, values)


def _converted(pa: ModuleType, kind: Any, values: Sequence[Any]) -> Any:
    if kind == "category":
        return pa.array(values, type=pa.string()).dictionary_encode()
    if kind == "int":
        # pa.array(..., type=int64) would cut 1.5 to 1 without a word: a safe cast refuses.
        return pa.array(values).cast(pa.int64(), safe=True)
    return pa.array(values, type=arrow_type(kind))


def arrow_table(
    fields: Sequence[tuple[str, Any]],
    columns: Sequence[Sequence[Any]],
    *,
    metadata: Mapping[str, str] | None = None,
    labels: Mapping[str, str] | None = None,
) -> Any:
    """A ``pyarrow.Table`` of columns of the given kinds.

    Parameters
    ----------
    fields
        ``(name, kind)`` of each column, in order; kinds from :data:`ARROW_KINDS`, or a
        ``pyarrow.DataType`` for a column of another shape (a list of structs: values as
        lists of dicts).
    columns
        The values of each column, top to bottom (``None`` is a null), as many as
        ``fields``, all of one length.
    metadata
        Kept in the schema's metadata (keys and values as text).
    labels
        A label per column name, kept in that field's metadata under ``label``.

    Raises
    ------
    ValueError
        When the columns do not match the fields, or a value does not fit its kind.

    Examples
    --------
    >>> table = arrow_table([("id", "text"), ("due", "date"), ("status", "category")],
    ...                     [["T-1", "T-2"], [date(2026, 6, 30), None], ["open", "open"]])
    >>> table.num_rows, [str(t) for t in table.schema.types][:2]
    (2, ['string', 'date32[day]'])
    >>> table.column("status").to_pylist()
    ['open', 'open']
    """
    pa = pyarrow()
    if len(fields) != len(columns):
        raise ValueError(f"{len(columns)} columns for {len(fields)} fields")
    labels = labels or {}
    schema_fields = []
    arrays = []
    for (name, kind), values in zip(fields, columns, strict=True):
        arrays.append(_array(pa, name, kind, values))
        label = labels.get(name)
        schema_fields.append(
            pa.field(
                name,
                arrow_type(kind),
                metadata={"label": str(label)} if label is not None else None,
            )
        )
    meta = {str(k): str(v) for k, v in metadata.items()} if metadata else None
    return pa.Table.from_arrays(arrays, schema=pa.schema(schema_fields, metadata=meta))


def parquet_bytes(table: Any) -> bytes:
    """A ``pyarrow.Table`` as the bytes of a Parquet file (compressed with zstd).

    Examples
    --------
    >>> data = parquet_bytes(arrow_table([("n", "int")], [[1, 2]]))
    >>> data[:4], data[-4:]
    (b'PAR1', b'PAR1')
    """
    pa = pyarrow()
    parquet = optional_module("pyarrow.parquet", lazy("Parquet files"))
    sink = pa.BufferOutputStream()
    parquet.write_table(table, sink, compression=PARQUET_COMPRESSION)
    data: bytes = sink.getvalue().to_pybytes()
    return data


def write_parquet(path: str | os.PathLike[str], table: Any) -> None:
    """Write a ``pyarrow.Table`` to a Parquet file, atomically (readers see it whole or not).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "n.parquet"
    >>> write_parquet(out, arrow_table([("n", "int")], [[1, 2]]))
    >>> import pyarrow.parquet as pq
    >>> pq.read_table(out).column("n").to_pylist()
    [1, 2]
    """
    atomic_write(path, parquet_bytes(table))
