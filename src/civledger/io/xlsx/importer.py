"""Import a workbook into a ledger: rows -> tasks and problems, every problem observed.

:func:`read_workbook` reads each sheet whose table it finds (see
:mod:`civledger.io.xlsx.table`), turns each data row into a :class:`~civledger.Task`,
keeps rows it cannot understand as :class:`~civledger.RawRow`, and merges the
result into the ledger given: a task whose id the ledger has is updated (the
columns the sheet has replace those fields; the others are left as they were),
a new one is added, and the ledger's other tasks are left alone. Nothing is
written: the result holds the new ledger, what changed, and what it observed,
which :func:`civledger.import_xlsx` words as XLS findings.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import attrs

from civledger.errors import DeadlineError
from civledger.findings import Issue, Location, Observation, Severity
from civledger.i18n import Phrase, _, either, join, lazy, ngettext, nphrase, phrase
from civledger.io.xlsx import codes as X
from civledger.io.xlsx.cells import (
    cell_text,
    is_blank,
    is_error,
    parse_amount,
    parse_rate,
    parse_target,
    whole_number,
)
from civledger.io.xlsx.grid import Grid, Limits
from civledger.io.xlsx.headers import HeaderMap, normalize_header
from civledger.io.xlsx.ids import IdMaker
from civledger.io.xlsx.read import read_grids
from civledger.io.xlsx.standards import StandardMatch, match_standards
from civledger.io.xlsx.table import (
    Column,
    RowKind,
    Table,
    classify,
    column_letter,
    find_raw_table,
    find_table,
    merged_fill,
)
from civledger.io.xlsx.units import Match, NameMatcher, person_matcher, split_names, unit_matcher
from civledger.journal.lifecycle import Status
from civledger.journal.state import states
from civledger.labels import LabeledEnum, normalize_label
from civledger.model import (
    Baseline,
    Cadence,
    Ledger,
    Phase,
    ProblemSource,
    RawCell,
    RawRow,
    Target,
    Task,
    TaskKind,
)
from civledger.model.words import choices, enum_noun
from civledger.schedule.deadlines import Deadline, DeadlineForm, parse_deadline

__all__ = ["SheetSummary", "XlsxImport", "read_workbook", "reference_date"]

# The fields of a task each column field sets (the "covered" fields of a sheet).
_COVERS: Mapping[str, tuple[str, ...]] = {
    "title": ("title",),
    "problem": ("title",),
    "standards": ("standards",),
    "standard_content": ("standards",),
    "standard_item": ("standards",),
    "requirement": ("requirement",),
    "measures": ("measures",),
    "target": ("target",),
    "target_quantity": ("target",),
    "target_unit": ("target",),
    "done": ("target",),
    "rate": ("target",),
    "lead": ("lead", "joint_leads"),
    "cooperating": ("cooperating",),
    "responsible": ("responsible",),
    "phase": ("phase",),
    "due": ("due", "ongoing", "due_text"),
    "review": ("review",),
    "parent": ("parent",),
    "place": ("place",),
    "site": ("site",),
    "located_in": ("located_in",),
    "source": ("source",),
    "found_by": ("found_by",),
    "found_on": ("found_on",),
    "note": ("note",),
}
# Read first: the day a problem was found (its deadline counts from it), the most specific
# standard, then the row's place and lead (a generic committee name is settled by them, and a
# collective one in the cooperating units leaves the lead out).
_ORDER = {
    "found_on": 0,
    "standards": 1,
    "standard_content": 2,
    "standard_item": 3,
    "located_in": 4,
    "lead": 5,
}
_MEASURE_FIELDS = ("target_quantity", "target_unit", "done", "rate")
_TEXT_FIELDS = ("requirement", "measures", "place", "site", "note", "parent")
_STANDARD_FIELDS = ("standards", "standard_content", "standard_item")
_ENUMS: Mapping[str, type[LabeledEnum]] = {
    "phase": Phase,
    "review": Cadence,
    "source": ProblemSource,
}
_YES = frozenset(("是", "已销号", "销号", "已完成", "完成", "√", "✓", "✔", "y", "yes", "true", "1"))
_NO = frozenset(("否", "未销号", "未完成", "×", "✗", "✘", "n", "no", "false", "0"))
_SHOWN = 8  # the candidates an ambiguous unit name lists
_DAY_FORMS = frozenset(
    (DeadlineForm.DATE, DeadlineForm.EXCEL, DeadlineForm.MONTH_DAY, DeadlineForm.DAY)
)


@attrs.frozen(kw_only=True)
class SheetSummary:
    """What an import did with one sheet.

    ``kind`` is ``task`` or ``problem`` for a table of rows, ``raw`` for a sheet
    of raw rows civledger wrote, ``None`` for a sheet skipped. ``rows`` counts the
    tasks read; ``raw``, ``blank``, ``subtotal`` and ``heading`` the other rows.
    """

    name: str
    kind: str | None = None
    header_rows: tuple[int, ...] = ()
    rows: int = 0
    raw: int = 0
    blank: int = 0
    subtotal: int = 0
    heading: int = 0


@attrs.frozen(kw_only=True)
class XlsxImport:
    """The result of importing a workbook into a ledger.

    Attributes
    ----------
    ledger
        The ledger with the workbook's rows merged in (the ledger given is unchanged).
    observations
        What the import could not understand, cell by cell, in sheet, row and
        column order (codes of :mod:`civledger.io.xlsx.codes`).
    issues
        The same as XLS findings, put into words by :func:`civledger.import_xlsx`.
    tasks
        The tasks and problems read, in workbook order.
    added, changed, unchanged
        The ids of the tasks read that the ledger did not have, had with other
        values, and had with the same values.
    untouched
        The ids of the ledger's tasks the workbook does not mention: left as they were.
    raw_rows
        The rows kept raw.
    sheets
        A :class:`SheetSummary` per sheet.
    """

    ledger: Ledger
    observations: tuple[Observation, ...] = ()
    issues: tuple[Issue, ...] = ()
    tasks: tuple[Task, ...] = ()
    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    untouched: tuple[str, ...] = ()
    raw_rows: tuple[RawRow, ...] = ()
    sheets: tuple[SheetSummary, ...] = ()

    @property
    def valid(self) -> bool:
        """Whether no finding is an error or a warning."""
        return not any(i.severity.fails for i in self.issues)

    def summary(self) -> str:
        """One line: what was added, changed, left alone, kept raw and skipped.

        Examples
        --------
        >>> from civledger import testing
        >>> print(XlsxImport(ledger=testing.small_ledger(), added=("T-1",)).summary())
        1 added, 0 changed, 0 unchanged, 0 not in the workbook (left alone), 0 rows kept raw;
        no findings
        """
        skipped = (
            (_("{n} blank"), sum(s.blank for s in self.sheets)),
            (_("{n} subtotal"), sum(s.subtotal for s in self.sheets)),
            (_("{n} heading or note"), sum(s.heading for s in self.sheets)),
        )
        parts = [
            _("{n} added").format(n=len(self.added)),
            _("{n} changed").format(n=len(self.changed)),
            _("{n} unchanged").format(n=len(self.unchanged)),
            _("{n} not in the workbook (left alone)").format(n=len(self.untouched)),
            ngettext("{n} row kept raw", "{n} rows kept raw", len(self.raw_rows)).format(
                n=len(self.raw_rows)
            ),
        ]
        skips = [what.format(n=n) for what, n in skipped if n]
        text = _(", ").join(parts)
        if skips:
            text = _("{found} (rows skipped: {skipped})").format(found=text, skipped=join(skips))
        counts = {s: sum(i.severity is s for i in self.issues) for s in Severity}
        found = [
            ngettext(one, many, n).format(n=n)
            for s, one, many in (
                (Severity.ERROR, "{n} error", "{n} errors"),
                (Severity.WARNING, "{n} warning", "{n} warnings"),
                (Severity.INFO, "{n} note", "{n} notes"),
            )
            if (n := counts[s])
        ]
        return _("{imported}; {findings}").format(
            imported=text, findings=_(", ").join(found) if found else _("no findings")
        )

    def to_dict(self) -> dict[str, Any]:
        """The result as plain data (for JSON output)."""
        return {
            "added": list(self.added),
            "changed": list(self.changed),
            "unchanged": list(self.unchanged),
            "untouched": list(self.untouched),
            "raw_rows": [r.id for r in self.raw_rows],
            "sheets": [attrs.asdict(s) for s in self.sheets],
            "issues": [i.to_dict() for i in self.issues],
            "valid": self.valid,
        }


def reference_date(ledger: Ledger, reference: date | None = None) -> date:
    """The date deadlines without a year are read against.

    ``reference`` if given, else the campaign's ``as_of``, else its evaluation
    date, else today in the campaign's time zone.

    Examples
    --------
    >>> from civledger import testing
    >>> reference_date(testing.small_ledger())
    datetime.date(2026, 7, 20)
    """
    campaign = ledger.campaign
    return reference or campaign.as_of or campaign.evaluation or campaign.today()


def read_workbook(
    path: str | os.PathLike[str],
    into: Ledger,
    *,
    sheets: Sequence[str] | None = None,
    headers: Mapping[str, str] | HeaderMap | None = None,
    reference: date | None = None,
    limits: Limits | None = None,
    reader: str | None = None,
) -> XlsxImport:
    """Read the work ledgers and problem lists of a workbook into a ledger.

    The parameters are those of :func:`civledger.import_xlsx`, which words
    the result's ``observations`` as XLS findings; here ``issues`` is empty.

    Examples
    --------
    >>> import tempfile, pathlib, openpyxl
    >>> from civledger import testing
    >>> book = openpyxl.Workbook()
    >>> book.active.append(["工作任务", "牵头单位"])
    >>> book.active.append(["背街小巷环境整治", "县市场局"])
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "台账.xlsx"
    >>> book.save(path)
    >>> result = read_workbook(path, into=testing.small_ledger())
    >>> [(seen.code, seen.location.cell) for seen in result.observations]
    [('XLS004', 'Sheet!B2')]
    """
    header_map = headers if isinstance(headers, HeaderMap) else HeaderMap(dict(headers or {}))
    file = os.fspath(path)
    day = reference_date(into, reference)
    book = _Workbook(
        ledger=into,
        file=file,
        headers=header_map,
        reference=day,
        state_day=reference or into.campaign.default_date(),
    )
    for grid in read_grids(path, limits or Limits(), sheets, reader=reader):
        book.read(grid)
    if book.sheets and not any(s.kind for s in book.sheets):
        book.observations = [
            attrs.evolve(seen, severity=Severity.WARNING) if seen.code == X.NO_TABLE else seen
            for seen in book.observations
        ]
    return _merge(into, book)


@attrs.define
class _Row:
    """A row read as a task: the task, and the task fields the sheet's columns set."""

    task: Task
    covers: frozenset[str]


@attrs.define
class _Workbook:
    ledger: Ledger
    file: str
    headers: HeaderMap
    reference: date
    state_day: date
    observations: list[Observation] = attrs.Factory(list)
    rows: list[_Row] = attrs.Factory(list)
    raw: list[RawRow] = attrs.Factory(list)
    sheets: list[SheetSummary] = attrs.Factory(list)
    ids: IdMaker = attrs.Factory(IdMaker)
    raw_ids: IdMaker = attrs.Factory(IdMaker)
    states: Mapping[str, Any] | None = None
    # The same few texts recur on row after row (6月30日前, III-1-2-1): each distinct cell
    # is read once per import. Both readings depend on nothing else that changes.
    deadlines: dict[tuple[Any, ...], Deadline | DeadlineError] = attrs.Factory(dict)
    matches: dict[str, StandardMatch] = attrs.Factory(dict)

    @property
    def name(self) -> str:
        return Path(self.file).name

    def deadline(self, v: Any, reference: date, evaluation: date | None = None) -> Deadline:
        """:func:`parse_deadline` of a cell's value, remembered for the import."""
        key = (type(v), v, reference, evaluation)
        found = self.deadlines.get(key)
        if found is None:
            try:
                found = parse_deadline(v, reference, evaluation=evaluation)
            except DeadlineError as exc:
                found = exc
            self.deadlines[key] = found
        if isinstance(found, DeadlineError):
            raise DeadlineError(found.text, found.why)  # a new one: no traceback piles up
        return found

    def standards(self, text: str) -> StandardMatch:
        """:func:`match_standards` of a cell's text, remembered for the import."""
        found = self.matches.get(text)
        if found is None:
            found = self.matches[text] = match_standards(self.ledger, text)
        return found

    def where(self, sheet: str, row: int | None = None, column: int | None = None) -> Location:
        return Location(file=self.file, sheet=sheet, row=row, column=column)

    def emit(
        self, code: str, location: Location, *, severity: Severity | None = None, **params: Any
    ) -> None:
        subjects = params.pop("subjects", ())
        self.observations.append(
            Observation(
                code=code, location=location, subjects=subjects, params=params, severity=severity
            )
        )

    # -- sheets ----------------------------------------------------------------------------------
    def read(self, grid: Grid) -> None:
        if not any(any(not is_blank(v) for v in row) for row in grid.rows):
            self.sheets.append(SheetSummary(name=grid.name))
            return
        raw_header = find_raw_table(grid)
        if raw_header is not None:
            self._raw_sheet(grid, raw_header)
            return
        table = find_table(grid, self.headers)
        if table is None:
            self.emit(X.NO_TABLE, self.where(grid.name), sheet=grid.name)
            self.sheets.append(SheetSummary(name=grid.name))
            return
        _Sheet(self, grid, table).read()

    def _raw_sheet(self, grid: Grid, header: int) -> None:
        by_id: dict[str, RawRow] = {}
        order: list[str] = []
        for values in grid.rows[header:]:
            texts = [cell_text(v) for v in (*values, *([None] * 8))[:8]]
            id, file, sheet, row, reason, column, head, text = texts
            if not id or not sheet or row is None or not row.isdigit() or not reason:
                continue
            raw = by_id.get(id)
            if raw is None:
                raw = RawRow(id=id, sheet=sheet, row=int(row), reason=reason, file=file)
                order.append(id)
            if column and text is not None:
                cell = RawCell(column=column, text=text, header=head)
                raw = attrs.evolve(raw, cells=(*raw.cells, cell))
            by_id[id] = raw
        self.raw.extend(by_id[i] for i in order)
        self.sheets.append(
            SheetSummary(name=grid.name, kind="raw", header_rows=(header,), raw=len(order))
        )

    def signed_off_state(self, task_id: str) -> Any:
        if self.states is None:
            self.states = states(self.ledger, self.state_day)
        return self.states.get(task_id)


class _Sheet:
    """Reading the rows of one sheet's table."""

    def __init__(self, book: _Workbook, grid: Grid, table: Table) -> None:
        self.book = book
        self.grid = grid
        self.table = table
        self.fill = merged_fill(grid)
        self.spans = {(top, left): right - left + 1 for left, top, right, bottom in grid.merges}
        self.units: NameMatcher = unit_matcher(book.ledger)
        self.people: NameMatcher = person_matcher(book.ledger)
        self.kind = TaskKind.PROBLEM if table.problems else TaskKind.TASK
        self.lines: dict[str, frozenset[str]] = {}
        self.columns = self._assign()
        self.covers = frozenset(f for col in self.columns for f in self._covers(col.field)) | {
            "title",
            "kind",
        }
        self.summary = SheetSummary(
            name=grid.name, kind=self.kind.value, header_rows=table.header_rows
        )

    # -- columns ---------------------------------------------------------------------------------
    def _covers(self, field: str | None) -> tuple[str, ...]:
        if field == "responsible_unit":
            return _COVERS["cooperating" if self._has("lead") else "lead"]
        return _COVERS.get(field or "", ())

    def _has(self, field: str) -> bool:
        return any(col.field == field for col in self.table.columns)

    def _assign(self) -> list[Column]:
        """The columns whose cells are read; the others are reported once."""
        used: list[Column] = []
        seen: dict[str, Column] = {}
        for col in self.table.columns:
            field = col.field
            if field == "id" and normalize_header(col.header) == "编号" and self._numbered(col):
                field = "sequence"
            if field == "responsible_unit":
                field = "cooperating" if self._has("lead") else "lead"
            if field in ("title", "problem") and col is not self.table.title:
                self._not_imported(
                    col,
                    phrase("the sheet's title is column {letter}", letter=self.table.title.letter),
                )
                continue
            if field is None:
                self._not_imported(
                    col,
                    phrase("civledger does not know this header"),
                    phrase(
                        "map it: --header '{header}=field' (or '{header}=-' to leave it out); "
                        "the fields are listed in docs/excel.md",
                        header=col.header,
                    ),
                )
                continue
            if field == "progress":
                count = self._count(col)
                if count:
                    self._not_imported(
                        col,
                        nphrase(
                            "progress is dated history ({n} cell); record it in the journal "
                            "with a date (civledger.JournalWriter)",
                            "progress is dated history ({n} cells); record it in the journal "
                            "with a date (civledger.JournalWriter)",
                            count,
                        ),
                        phrase("nothing to do if the journal has it"),
                        severity=Severity.INFO,
                    )
                continue
            if field in ("sequence", "ignore"):
                continue
            if field in ("done", "rate", "target_unit") and not self._measured(field):
                self._not_imported(
                    col,
                    phrase("it needs a target column (目标数量) beside it")
                    if field == "target_unit"
                    else phrase("it needs a target column (目标任务 or 目标数量) beside it"),
                )
                continue
            single = field not in ("cooperating",)
            if single and field in seen:
                self._not_imported(
                    col,
                    phrase(
                        "column {letter} already gives the {field}",
                        letter=seen[field].letter,
                        field=field,
                    ),
                )
                continue
            seen.setdefault(field, col)
            used.append(attrs.evolve(col, field=field))
        self._unheaded()
        return used

    def _measured(self, field: str) -> bool:
        """Whether the sheet has the target column a measure column goes with."""
        if field == "target_unit":
            return self._has("target_quantity")
        return self._has("target") or self._has("target_quantity")

    def _numbered(self, col: Column) -> bool:
        values = [
            row[col.index - 1]
            for row in self.grid.rows[self.table.first_row - 1 :]
            if col.index <= len(row) and not is_blank(row[col.index - 1])
        ]
        return bool(values) and all(whole_number(v) for v in values)

    def _count(self, col: Column) -> int:
        return sum(
            1
            for row in self.grid.rows[self.table.first_row - 1 :]
            if col.index <= len(row) and not is_blank(row[col.index - 1])
        )

    def _unheaded(self) -> None:
        headed = {col.index for col in self.table.columns}
        found: dict[int, int] = {}
        for number, row in enumerate(
            self.grid.rows[self.table.first_row - 1 :], self.table.first_row
        ):
            for index, v in enumerate(row, 1):
                if index not in headed and index not in found and not is_blank(v):
                    found[index] = number
        for index, number in sorted(found.items()):
            self.book.emit(
                X.COLUMN_NOT_IMPORTED,
                self.book.where(self.grid.name, number, index),
                header=phrase("({letter}, no header)", letter=column_letter(index)),
                why=phrase("it has no header"),
                fix=phrase("give the column a header civledger knows, or map it with --header"),
            )
        if self.grid.wide is not None:
            self.book.emit(
                X.COLUMN_NOT_IMPORTED,
                self.book.where(self.grid.name, self.grid.wide),
                header=phrase(
                    "(right of column {letter})",
                    letter=column_letter(max(map(len, self.grid.rows))),
                ),
                why=phrase("cells that far right are not read"),
                fix=phrase("move the data left, or raise the limit (max_columns)"),
            )

    def _not_imported(
        self,
        col: Column,
        why: Phrase,
        fix: Phrase | None = None,
        severity: Severity | None = None,
    ) -> None:
        if fix is None:
            fix = phrase("remove or rename it, or map it with --header")
        self.book.emit(
            X.COLUMN_NOT_IMPORTED,
            self.book.where(self.grid.name, self.table.header_rows[-1], col.index),
            header=col.header,
            why=why,
            fix=fix,
            severity=severity,
        )

    # -- rows ------------------------------------------------------------------------------------
    def read(self) -> None:
        counts = {RowKind.BLANK: 0, RowKind.SUBTOTAL: 0, RowKind.HEADING: 0}
        read = raw = 0
        for number in range(self.table.first_row, len(self.grid.rows) + 1):
            kind = classify(self.grid, self.table, number, self.spans)
            if kind != RowKind.DATA:
                counts[kind] += 1
                continue
            if self._row(number):
                read += 1
            else:
                raw += 1
        self.book.sheets.append(
            attrs.evolve(
                self.summary,
                rows=read,
                raw=raw,
                blank=counts[RowKind.BLANK],
                subtotal=counts[RowKind.SUBTOTAL],
                heading=counts[RowKind.HEADING],
            )
        )

    def _value(self, row: int, col: int) -> Any:
        cells = self.grid.rows[row - 1]
        v = cells[col - 1] if col <= len(cells) else None
        if is_blank(v):
            source = self.fill.get((row, col))
            if source is not None and source[1] == col and source[0] >= self.table.first_row:
                return self._value(*source)
        return v

    def _row(self, number: int) -> bool:
        """Read one data row; False when it was kept raw."""
        seen = len(self.book.observations)
        cells: dict[str, list[tuple[Column, Any]]] = {}
        for col in self.columns:
            v = self._value(number, col.index)
            if (number, col.index) in self.grid.uncached:
                self._emit(X.UNCACHED_FORMULA, number, col, field=col.header)
                continue
            if is_error(v):
                self._emit(X.ERROR_VALUE, number, col, field=col.header, text=v)
                continue
            if not is_blank(v):
                cells.setdefault(col.field or "", []).append((col, v))
        title_cells = cells.get(self.table.title.field or "", [])
        if not title_cells:
            self._keep_raw(
                number, phrase("no title ({header} is empty)", header=self.table.title.header)
            )
            return False
        values: dict[str, Any] = {}
        # In the order of _ORDER; the most specific standard column that names something wins.
        for field in sorted(cells, key=lambda f: _ORDER.get(f, len(_ORDER))):
            if field not in _MEASURE_FIELDS:
                self._field(field, cells[field], number, values)
        if any(f in cells for f in _MEASURE_FIELDS):
            self._measure(cells, number, values)
        values["title"] = cell_text(title_cells[0][1])
        failed = any(o.code in X.CELL_ERRORS for o in self.book.observations[seen:])
        id = self._id(number, values, failed=failed)
        if id is None:
            return False
        task = Task(id=id, kind=self.kind, **values)
        self._signed_off(cells.get("signed_off", []), number, task.id)
        self.book.rows.append(_Row(task=task, covers=self.covers))
        return True

    def _keep_raw(self, number: int, reason: Phrase) -> None:
        cells = []
        for col in self.table.columns:
            text = cell_text(self._value(number, col.index))
            if text is not None:
                cells.append(RawCell(column=col.letter, text=text, header=col.header))
        row = self.grid.rows[number - 1]
        headed = {col.index for col in self.table.columns}
        for index, v in enumerate(row, 1):
            text = cell_text(v)
            if index not in headed and text is not None:
                cells.append(RawCell(column=column_letter(index), text=text))
        cells.sort(key=lambda c: (len(c.column), c.column))
        where = f"{self.grid.name}!{number}"
        id = self.book.raw_ids.derived(
            "R", [self.grid.name, *(f"{c.column}={c.text}" for c in cells)], where=where
        )
        # The reason is data of the ledger (raw_rows[].reason): written in the language of the
        # import, as the office that imports reads it; the finding words it when shown.
        raw = RawRow(
            id=id,
            sheet=self.grid.name,
            row=number,
            reason=str(reason),
            cells=cells,
            file=self.book.name,
        )
        self.book.raw.append(raw)
        self.book.emit(
            X.RAW_ROW,
            self.book.where(self.grid.name, number),
            subjects=[id],
            row=number,
            sheet=self.grid.name,
            file="",
            reason=reason,
        )

    def _emit(self, code: str, row: int, col: Column, **params: Any) -> None:
        self.book.emit(code, self.book.where(self.grid.name, row, col.index), **params)

    # -- fields ----------------------------------------------------------------------------------
    def _field(
        self, field: str, found: list[tuple[Column, Any]], row: int, values: dict[str, Any]
    ) -> None:
        col, v = found[0]
        if field in _TEXT_FIELDS or field == "id":
            values[field] = cell_text(v)
        elif field == "lead":
            ids = self._units(found, row, values, field)
            values["lead"] = ids[0] if ids else None
            values["joint_leads"] = tuple(i for i in ids[1:] if i is not None)
        elif field == "cooperating":
            values["cooperating"] = tuple(
                dict.fromkeys(i for i in self._units(found, row, values, field) if i is not None)
            )
        elif field == "located_in":
            match = self.units.match(cell_text(v) or "")
            values["located_in"] = self._unit(match, row, col, values, field)
        elif field in ("responsible", "found_by"):
            values[field] = self._person(col, v, row)
        elif field == "due":
            self._due(col, v, row, values)
        elif field == "found_on":
            values["found_on"] = self._day(col, v, row)
        elif field == "target":
            target = parse_target(v)
            if target is None:
                self._emit(
                    X.BAD_VALUE,
                    row,
                    col,
                    field=col.header,
                    problem=phrase("{text!r} is not a number and its unit", text=cell_text(v)),
                    fix=phrase("write the target as a number and a unit, such as 39条 or 100%"),
                )
            values["target"] = target
        elif field in _ENUMS:
            values[field] = self._choice(_ENUMS[field], col, v, row)
        elif field in _STANDARD_FIELDS and not values.get("standards"):
            values["standards"] = self._standards(col, v, row)

    def _measure(
        self, cells: Mapping[str, list[tuple[Column, Any]]], row: int, values: dict[str, Any]
    ) -> None:
        """The target from 目标数量 and 计量单位 (when 目标任务 gave none), and its baseline
        from 完成量 and 完成率, as of the import's date."""
        target: Target | None = values.get("target")
        if target is None and "target_quantity" in cells:
            col, v = cells["target_quantity"][0]
            amount = parse_amount(v)
            unit = cell_text(cells["target_unit"][0][1]) if "target_unit" in cells else None
            if amount is None:
                self._emit(
                    X.BAD_VALUE,
                    row,
                    col,
                    field=col.header,
                    problem=phrase("{text!r} is not a number", text=cell_text(v)),
                    fix=phrase("write the quantity as a number, its unit under 计量单位"),
                )
            else:
                target = Target(quantity=amount[0], unit=unit or amount[1])
                values["target"] = target
        done: tuple[float, str | None] | None = None
        rate: float | None = None
        where: list[str] = []
        for field in ("done", "rate"):
            if field not in cells:
                continue
            col, v = cells[field][0]
            if field == "done":
                done = parse_amount(v)
                problem = None if done is not None else lazy("is not an amount (3200 or 3,200㎡)")
            else:
                rate = parse_rate(v)
                problem = None if rate is not None else lazy("is not a percentage from 0 to 100")
            if problem is not None:
                self._emit(
                    X.BAD_VALUE,
                    row,
                    col,
                    field=col.header,
                    problem=phrase("{text!r} {problem}", text=cell_text(v), problem=problem),
                    fix=phrase("write a number, such as 3200, 3,200㎡ or 64%"),
                )
            else:
                where.append(f"{column_letter(col.index)}{row}")
        if target is None or (done is None and rate is None):
            return
        unit = done[1] if done is not None and done[1] not in (None, target.unit) else None
        values["target"] = attrs.evolve(
            target,
            baseline=Baseline(
                as_of=self.book.state_day,
                value=done[0] if done is not None else None,
                percent=rate,
                unit=unit,
                source=f"{self.book.name} {self.grid.name}!{','.join(where)}",
            ),
        )

    def _units(
        self, found: list[tuple[Column, Any]], row: int, values: Mapping[str, Any], field: str
    ) -> list[str | None]:
        """The ids the cells name, in order; ``None`` where the first name matched nothing.

        A collective name (各委办局) among the cooperating units leaves out the row's lead.
        """
        ids: list[str | None] = []
        lead = values.get("lead") if field != "lead" else None
        for col, v in found:
            for position, name in enumerate(split_names(cell_text(v) or "")):
                match = self.units.match(name)
                if match.collective:
                    ids.extend(i for i in match.ids if i != lead)
                    continue
                id = self._unit(match, row, col, values, field)
                if id is not None or (position == 0 and not ids):
                    ids.append(id)
        return ids

    def _unit(
        self, match: Match, row: int, col: Column, values: Mapping[str, Any], field: str
    ) -> str | None:
        if match.found is not None:
            return match.found
        candidates = match.ids
        if match.generic:
            candidates = self._settle(match, values, field)
            if len(candidates) == 1:
                return candidates[0]
        if candidates:
            names = [f"{self.units.name_of(i)}（{i}）" for i in candidates]
            self._emit(
                X.AMBIGUOUS_UNIT,
                row,
                col,
                field=col.header,
                name=match.name,
                candidates=either([*names[:_SHOWN], *(["…"] if len(names) > _SHOWN else [])]),
                example=names[0],
            )
            return None
        suggestion = (
            phrase("did you mean {ids}?", ids=either(repr(f"{n}") for n in match.close))
            if match.close
            else phrase(
                "add the name as an alias of its unit (aliases: [...]), or correct the cell"
            )
        )
        self._emit(
            X.UNKNOWN_UNIT, row, col, field=col.header, name=match.name, suggestion=suggestion
        )
        return None

    def _settle(self, match: Match, values: Mapping[str, Any], field: str) -> tuple[str, ...]:
        """The units a generic name (社区居委会) can mean in this row: those of its level on the
        line of the row's territory — its 属地, else its lead unit — above it or below it.
        Every unit of the level when the row has no territory, or none of them is on its line.
        """
        for source in ("located_in", "lead"):
            territory = values.get(source) if source != field else None
            if territory is None:
                continue
            line = self._line(territory)
            related = tuple(i for i in match.ids if i in line or territory in self._line(i))
            if related:
                return related
        return match.ids

    def _line(self, unit: str) -> frozenset[str]:
        """The unit and the units above it (kept: every row of a sheet asks again)."""
        known = self.lines.get(unit)
        if known is not None:
            return known
        units = self.book.ledger.index("units")
        seen: set[str] = set()
        current: str | None = unit
        while current is not None and current not in seen:
            seen.add(current)
            found = units.get(current)
            current = found.parent if found is not None else None
        self.lines[unit] = frozenset(seen)
        return self.lines[unit]

    def _person(self, col: Column, v: Any, row: int) -> str | None:
        names = split_names(cell_text(v) or "")
        if not names:
            return None
        match = self.people.match(names[0])
        if len(names) > 1:
            self._emit(
                X.BAD_VALUE,
                row,
                col,
                field=col.header,
                problem=phrase(
                    "{text!r} names {n} people; only {first} is recorded",
                    text=cell_text(v),
                    n=len(names),
                    first=names[0],
                ),
                fix=phrase("name one person per row: the one who answers for it"),
            )
        if match.found is not None:
            return match.found
        if match.ids:
            problem = phrase(
                "{name!r} could be {candidates}",
                name=match.name,
                candidates=either(f"{self.people.name_of(i)}（{i}）" for i in match.ids),
            )
            example = f"{self.people.name_of(match.ids[0])}（{match.ids[0]}）"
            suggestion = phrase("write name（id）, such as {example}", example=example)
        else:
            problem = phrase("{name!r} is not a person of the ledger", name=match.name)
            suggestion = (
                phrase("did you mean {ids}?", ids=either(repr(c) for c in match.close))
                if match.close
                else phrase("add the person to the ledger's people, or correct the cell")
            )
        self._emit(
            X.UNKNOWN_PERSON, row, col, field=col.header, problem=problem, suggestion=suggestion
        )
        return None

    def _reference(self, values: Mapping[str, Any]) -> date:
        found = values.get("found_on")
        return found if isinstance(found, date) else self.book.reference

    def _due(self, col: Column, v: Any, row: int, values: dict[str, Any]) -> None:
        text = cell_text(v)
        is_text = type(v) is str
        try:
            deadline = self.book.deadline(
                v if not is_text else (text or ""),
                self._reference(values),
                self.book.ledger.campaign.evaluation,
            )
        except DeadlineError as exc:
            self._emit(X.BAD_DEADLINE, row, col, field=col.header, text=text, reason=exc.why)
            values.update(due=None, ongoing=False, due_text=text)
            return
        values.update(
            due=deadline.due, ongoing=deadline.ongoing, due_text=text if is_text else None
        )

    def _day(self, col: Column, v: Any, row: int) -> date | None:
        if isinstance(v, datetime):
            return v.date()
        if isinstance(v, date):
            return v
        text = cell_text(v) or ""
        try:
            deadline = self.book.deadline(
                v if not isinstance(v, str) else text, self.book.reference
            )
        except DeadlineError as exc:
            self._emit(X.BAD_DATE, row, col, field=col.header, text=text, reason=exc.why)
            return None
        if deadline.form not in _DAY_FORMS or deadline.due is None:
            self._emit(
                X.BAD_DATE,
                row,
                col,
                field=col.header,
                text=text,
                reason=phrase("it names a {form} period, not a day", form=deadline.form),
            )
            return None
        return deadline.due

    def _choice(self, enum: type[LabeledEnum], col: Column, v: Any, row: int) -> Any:
        text = cell_text(v) or ""
        try:
            return enum.parse(text)
        except ValueError:
            self._emit(
                X.BAD_VALUE,
                row,
                col,
                field=col.header,
                problem=phrase("{text!r} is not a known {kind}", text=text, kind=enum_noun(enum)),
                fix=phrase("use one of: {choices}", choices=choices(enum)),
            )
            return None

    def _standards(self, col: Column, v: Any, row: int) -> tuple[str, ...]:
        text = cell_text(v) or ""
        found = self.book.standards(text)
        for piece in found.unknown:
            self._emit(X.UNKNOWN_STANDARD, row, col, field=col.header, text=piece, why="")
        for piece, refs in found.ambiguous:
            self._emit(
                X.UNKNOWN_STANDARD,
                row,
                col,
                field=col.header,
                text=piece,
                why=phrase(" alone: it is the title of {refs}", refs=list(refs)),
            )
        return found.refs

    def _signed_off(self, found: list[tuple[Column, Any]], row: int, task_id: str) -> None:
        if not found:
            return
        col, v = found[0]
        text = cell_text(v) or ""
        key = normalize_label(text)
        if key in _YES:
            says = True
        elif key in _NO:
            says = False
        else:
            self._emit(
                X.BAD_VALUE,
                row,
                col,
                field=col.header,
                problem=phrase("{text!r} is not 是 or 否", text=text),
                fix=phrase("write 是 or 否"),
            )
            return
        state = self.book.signed_off_state(task_id)
        status = state.status if state is not None else Status.NEW
        if says != (status is Status.SIGNED_OFF):
            self._emit(
                X.SIGN_OFF_MISMATCH,
                row,
                col,
                field=col.header,
                text=text,
                task=task_id,
                status=status,
                day=self.book.state_day.isoformat(),
                subjects=[task_id],
            )

    # -- ids -------------------------------------------------------------------------------------
    def _id(self, number: int, values: dict[str, Any], *, failed: bool = False) -> str | None:
        where = f"{self.grid.name}!{number}"
        written = values.pop("id", None)
        if written is not None:
            first = self.book.ids.take(written, where=where)
            if first is not None:
                self._keep_raw(
                    number,
                    phrase(
                        "its 台账编号 {id} is also the id of row {first}", id=written, first=first
                    ),
                )
                return None
            return str(written)
        if failed:
            # What the row says is partly lost: its id says where it is (see ids.py).
            prefix = "P" if self.kind is TaskKind.PROBLEM else "T"
            return self.book.ids.placed(prefix, self.grid.name, number)
        title = values["title"]
        if self.kind is TaskKind.PROBLEM:
            found_on = values.get("found_on")
            parts = [title, values.get("place") or "", found_on.isoformat() if found_on else ""]
            prefix = "P"
        else:
            lead = values.get("lead") or self._lead_text(number)
            parts = [title, lead]
            prefix = "T"
        id = self.book.ids.derived(prefix, [self.kind.value, *parts], where=where)
        first = self.book.ids.first_of(id)
        if first is not None:
            sheet, _bang, first_row = first.rpartition("!")
            self.book.emit(
                X.DUPLICATE_ROW,
                self.book.where(self.grid.name, number, self.table.title.index),
                subjects=[id],
                what=phrase("row {row} has the same title (and lead)", row=number)
                if self.kind is TaskKind.TASK
                else phrase("row {row} has the same description, place and date found", row=number),
                first=phrase("row {row} of {sheet}", row=first_row, sheet=sheet),
                id=id,
            )
        return id

    def _lead_text(self, number: int) -> str:
        for col in self.columns:
            if col.field == "lead":
                names = split_names(cell_text(self._value(number, col.index)) or "")
                if names:
                    return names[0]
        return ""


def _covered(old: Task, read: Task, covers: frozenset[str]) -> dict[str, Any]:
    """The fields a row sets on a task the ledger has. A target read from a cell keeps what
    a cell cannot say of the old one (its name, kind, roll-up, and its baseline unless the
    row gives one)."""
    updates = {f: getattr(read, f) for f in covers}
    new, before = updates.get("target"), old.target
    if isinstance(new, Target) and before is not None:
        updates["target"] = attrs.evolve(
            before,
            quantity=new.quantity,
            unit=new.unit,
            comparator=new.comparator,
            baseline=new.baseline if new.baseline is not None else before.baseline,
        )
    return updates


def _merge(into: Ledger, book: _Workbook) -> XlsxImport:
    index = into.index("tasks")
    replaced: dict[str, Task] = {}
    added: list[Task] = []
    changed: list[str] = []
    unchanged: list[str] = []
    for row in book.rows:
        task = row.task
        old = replaced.get(task.id) or index.get(task.id)
        if old is None:
            added.append(task)
            continue
        new = attrs.evolve(old, **_covered(old, task, row.covers))
        if new == old:
            unchanged.append(task.id)
        else:
            changed.append(task.id)
            replaced[task.id] = new
    seen = {row.task.id for row in book.rows}
    tasks: list[Task] = []
    for task in into.tasks:
        new = replaced.pop(task.id, None)  # the first task with the id, as the index has it
        tasks.append(new if new is not None else task)
    read_sheets = {s.name for s in book.sheets if s.kind is not None}
    read_sheets.update(r.sheet for r in book.raw)
    raw_rows = [r for r in into.raw_rows if r.sheet not in read_sheets] + book.raw
    # The merged ledger is not the document it was loaded from; its journal still is the file's.
    origin = into.origin.journal_part() if into.origin is not None else None
    ledger = attrs.evolve(into, tasks=[*tasks, *added], raw_rows=raw_rows, origin=origin)
    return XlsxImport(
        ledger=ledger,
        observations=tuple(sorted(book.observations, key=Observation.sort_key)),
        tasks=tuple(r.task for r in book.rows),
        added=tuple(t.id for t in added),
        changed=tuple(changed),
        unchanged=tuple(unchanged),
        untouched=tuple(dict.fromkeys(t.id for t in into.tasks if t.id not in seen)),
        raw_rows=tuple(book.raw),
        sheets=tuple(book.sheets),
    )
