"""Write ledgers to .xlsx, in the layout the importer reads back.

:func:`write_table` is the one sheet-writing helper: a header row (bold,
frozen, with an auto filter), then the rows, with column widths that count CJK
characters as two. :func:`export_xlsx` writes a ledger with it: the tasks on
``工作台账``, the problems on ``问题清单``, the raw rows on ``未识别行``. Importing
the file again gives the same tasks, problems and raw rows
(import -> export -> import is lossless).
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from typing import Any

from civledger.errors import DeadlineError, MissingExtraError
from civledger.i18n import lazy
from civledger.io.atomic import atomic_write
from civledger.io.xlsx.headers import EXPORT_HEADERS
from civledger.io.xlsx.importer import reference_date
from civledger.io.xlsx.table import RAW_HEADERS
from civledger.io.xlsx.units import person_matcher, unit_matcher
from civledger.journal.lifecycle import Status
from civledger.journal.measures import describe_measures
from civledger.journal.state import states
from civledger.model import Ledger, RawRow, Task, TaskKind
from civledger.model.arguments import DayLike, as_ledger, as_optional_day
from civledger.schedule.deadlines import parse_deadline
from civledger.text import display_width

__all__ = ["SHEETS", "export_xlsx", "task_rows", "write_table"]

SHEETS = ("工作台账", "问题清单", "未识别行")
"""The sheets :func:`export_xlsx` writes: tasks, problems, raw rows."""

_TASK_FIELDS = (
    "id",
    "sequence",
    "title",
    "standards",
    "requirement",
    "measures",
    "target",
    "lead",
    "cooperating",
    "responsible",
    "phase",
    "due",
    "review",
    "parent",
    "site",
    "place",
    "located_in",
    "source",
    "found_by",
    "found_on",
    "progress",
    "signed_off",
    "note",
)
_PROBLEM_FIELDS = (
    "id",
    "sequence",
    "title",
    "site",
    "place",
    "located_in",
    "source",
    "found_by",
    "found_on",
    "standards",
    "requirement",
    "measures",
    "target",
    "lead",
    "cooperating",
    "responsible",
    "phase",
    "due",
    "review",
    "parent",
    "progress",
    "signed_off",
    "note",
)
# Written only when some row has a value for them.
_OPTIONAL = (
    "target",
    "phase",
    "review",
    "parent",
    "site",
    "place",
    "located_in",
    "source",
    "found_by",
    "found_on",
)
_MIN_WIDTH, _MAX_WIDTH = 6, 50


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError:
        raise MissingExtraError("openpyxl", "xlsx", lazy("writing Excel workbooks")) from None
    return openpyxl


def _cell_width(value: object) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime | date):
        return 10
    text = str(value)
    return max((display_width(line) for line in text.splitlines()), default=0)


def write_table(
    workbook: Any,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    caption: str | None = None,
    formats: Sequence[str | None] | None = None,
    shown: Callable[[int, object], str] | None = None,
) -> Any:
    """Add a sheet holding a table to an openpyxl workbook, and return the sheet.

    The header row is bold, frozen and carries an auto filter; each column is as
    wide as its widest cell (CJK characters count two, 6 to 50 columns), and the
    text of a column that would be wider wraps within it (aligned to the top); dates
    are written as dates (``yyyy-mm-dd``); text that starts with ``=`` is text,
    never a formula; characters Excel cannot store are left out. ``caption``
    goes in a row above the header (a title, as ledgers have). ``formats`` gives
    each column's Excel number format (``"0.0%"``, ``"0"``…); ``shown`` says how a
    value will look (for the widths) when that differs from its text.

    Works with a normal and a write-only workbook (``Workbook(write_only=True)``,
    best for big tables): rows are taken in one pass.

    Examples
    --------
    >>> import openpyxl
    >>> book = openpyxl.Workbook(write_only=True)
    >>> sheet = write_table(book, "清单", ["单位", "数量"], [["龙源街道", 3], ["=1+1", 4]],
    ...                     caption="汇总")
    >>> sheet.freeze_panes, sheet.auto_filter.ref, sheet.column_dimensions["A"].width
    ('A3', 'A2:B4', 10.0)
    >>> import io
    >>> book.save(io.BytesIO())
    """
    openpyxl = _openpyxl()
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font

    sheet = workbook.create_sheet(title)
    body = [list(row) for row in rows]
    widths = [display_width(h) for h in headers]
    for row in body:
        for i, v in enumerate(row[: len(widths)]):
            width = display_width(shown(i, v)) if shown is not None else _cell_width(v)
            widths[i] = max(widths[i], width)
    letters = [openpyxl.utils.get_column_letter(i) for i in range(1, len(headers) + 1)]
    for letter, width in zip(letters, widths, strict=True):
        sheet.column_dimensions[letter].width = min(max(width + 2, _MIN_WIDTH), _MAX_WIDTH)
    # Long text wraps in its column rather than running across the next ones (or off the page).
    wrapped = Alignment(wrap_text=True, vertical="top")
    aligned = [wrapped if width + 2 > _MAX_WIDTH else None for width in widths]
    top = 2 if caption is not None else 1
    # A write-only sheet writes its view when the first row comes: set it before.
    sheet.freeze_panes = f"A{top + 1}"
    last = letters[-1] if letters else "A"
    sheet.auto_filter.ref = f"A{top}:{last}{top + len(body)}"
    if caption is not None:
        cell = WriteOnlyCell(sheet, caption)
        cell.font = Font(bold=True, size=14)
        sheet.append([cell])
    bold = Font(bold=True)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    head = []
    for text in headers:
        cell = WriteOnlyCell(sheet, text)
        cell.font = bold
        cell.alignment = centre
        head.append(cell)
    sheet.append(head)
    kinds = list(formats) if formats is not None else [None] * len(headers)
    for row in body:
        sheet.append(
            [
                _cell(
                    sheet,
                    v,
                    WriteOnlyCell,
                    ILLEGAL_CHARACTERS_RE,
                    kinds[i] if i < len(kinds) else None,
                    aligned[i] if i < len(aligned) else None,
                )
                for i, v in enumerate(row)
            ]
        )
    return sheet


def _cell(
    sheet: Any,
    value: object,
    make: Any,
    illegal: Any,
    number_format: str | None,
    alignment: Any = None,
) -> Any:
    if isinstance(value, str):
        cell = make(sheet, illegal.sub("", value))
        cell.data_type = "s"  # text stays text, even "=..." or "0012"
        if alignment is not None:
            cell.alignment = alignment
        return cell
    if isinstance(value, datetime | date):
        cell = make(sheet, value)
        cell.number_format = number_format or "yyyy-mm-dd"
        return cell
    if number_format is not None and isinstance(value, int | float) and not isinstance(value, bool):
        cell = make(sheet, value)
        cell.number_format = number_format
        return cell
    return value


def _due_cell(task: Task, reference: date, evaluation: date | None) -> object:
    """The deadline as the importer will read it back: the words when they give the same
    date, else the date."""
    if task.due_text is not None:
        try:
            read = parse_deadline(task.due_text, task.found_on or reference, evaluation=evaluation)
        except DeadlineError:
            read = None
        if read is None and task.due is None and not task.ongoing:
            return task.due_text
        if read is not None and (read.due, read.ongoing) == (task.due, task.ongoing):
            return task.due_text
    if task.ongoing and task.due is None:
        return "长期坚持"
    return task.due


def task_rows(
    ledger: Ledger, kind: TaskKind, *, as_of: date | None = None
) -> tuple[list[str], list[list[object]]]:
    """The header and rows of the tasks (or problems) of a ledger, as the export writes them.

    Columns without a value in any row are left out when they are optional
    (目标任务, 阶段, 地点, 发现时间…). 进展情况 and 是否销号 come from the journal as
    of ``as_of`` (default: the campaign's ``as_of``, else today): 进展情况 is the progress
    derived from the task's measures (``已完成 3,200/5,000 ㎡（64.0%）``, see
    :func:`~civledger.journal.measures.describe_measures`), or the percent stated while
    no amount is known.

    Examples
    --------
    >>> from civledger import testing
    >>> header, rows = task_rows(testing.small_ledger(), TaskKind.TASK)
    >>> header  # doctest: +NORMALIZE_WHITESPACE
    ['台账编号', '序号', '工作任务', '测评标准', '工作要求', '工作措施', '牵头单位', '配合单位',
     '责任人', '完成时限', '进展情况', '是否销号', '备注']
    >>> rows[0][:4], rows[0][6:8]
    (['T-001', 1, '背街小巷环境整治', 'wmcs:I-1-1 I-1-1'], ['龙源街道', '县城管局'])
    """
    problem = kind is TaskKind.PROBLEM
    fields = _PROBLEM_FIELDS if problem else _TASK_FIELDS
    tasks = [t for t in ledger.tasks if t.kind is kind]
    day = as_of or ledger.campaign.default_date()
    reference = reference_date(ledger)
    evaluation = ledger.campaign.evaluation
    now = states(ledger, day)
    units = unit_matcher(ledger)
    people = person_matcher(ledger)
    titles = {f"{fw.id}:{n.code}": n.title for fw in ledger.frameworks for n in fw.nodes}

    def standard(ref: str) -> str:
        found = ledger.resolve_standard(ref)
        title = titles.get(f"{found[0][0]}:{found[0][1].code}") if len(found) == 1 else None
        return f"{ref} {title}" if title else ref

    def row(number: int, task: Task) -> dict[str, object]:
        state = now.get(task.id)
        progress = None
        if state is not None:
            progress = describe_measures(state.measures, state.percent)
            if progress is None and state.quantity is not None:
                progress = f"{state.quantity:g}"
        signed = state is not None and state.status is Status.SIGNED_OFF
        return {
            "id": task.id,
            "sequence": number,
            "title": task.title,
            "standards": "\n".join(standard(r) for r in task.standards) or None,
            "requirement": task.requirement,
            "measures": task.measures,
            "target": str(task.target) if task.target is not None else None,
            "lead": "、".join(units.label(u) for u in (task.lead, *task.joint_leads) if u) or None,
            "cooperating": "、".join(units.label(u) for u in task.cooperating) or None,
            "responsible": people.label(task.responsible) if task.responsible else None,
            "phase": task.phase.label if task.phase else None,
            "due": _due_cell(task, reference, evaluation),
            "review": task.review.label if task.review else None,
            "parent": task.parent,
            "place": task.place,
            "site": task.site,
            "located_in": units.label(task.located_in) if task.located_in else None,
            "source": task.source.label if task.source else None,
            "found_by": people.label(task.found_by) if task.found_by else None,
            "found_on": task.found_on,
            "progress": progress,
            "signed_off": "是" if signed else "否",
            "note": task.note,
        }

    made = [row(n, t) for n, t in enumerate(tasks, 1)]
    used = [f for f in fields if f not in _OPTIONAL or any(r[f] is not None for r in made)]
    header = [EXPORT_HEADERS[f][1 if problem else 0] for f in used]
    return header, [[r[f] for f in used] for r in made]


def _raw_rows(raw_rows: Sequence[RawRow]) -> list[list[object]]:
    rows: list[list[object]] = []
    for raw in raw_rows:
        head: list[object] = [raw.id, raw.file, raw.sheet, raw.row, raw.reason]
        if not raw.cells:
            rows.append([*head, None, None, None])
        for cell in raw.cells:
            rows.append([*head, cell.column, cell.header, cell.text])
    return rows


def export_xlsx(
    ledger: Ledger, path: str | os.PathLike[str], *, as_of: DayLike | None = None
) -> None:
    """Write a ledger's tasks, problems and raw rows to an .xlsx workbook, atomically.

    The layout is the one :func:`civledger.import_xlsx` reads: ``工作台账`` for the
    tasks, ``问题清单`` for the problems (when there are any), ``未识别行`` for the
    raw rows (when there are any), each with a title row, a header row and one
    row per entry, ids in the 台账编号 column. Units and people are written by
    name (``name（id）`` when two share a name), standards as ``ref title``,
    deadlines as the ledger wrote them when they read back to the same date.
    进展情况 and 是否销号 are read from the journal as of ``as_of``.

    Examples
    --------
    >>> import civledger, tempfile, pathlib
    >>> from civledger import testing
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "台账.xlsx"
    >>> civledger.export_xlsx(testing.small_ledger(), path)
    >>> back = civledger.import_xlsx(path, into=testing.small_ledger())
    >>> back.ledger == testing.small_ledger(), back.unchanged
    (True, ('T-001', 'P-001'))
    """
    ledger = as_ledger(ledger)
    as_of = as_optional_day(as_of, "as_of", ledger.campaign.zone())
    openpyxl = _openpyxl()
    workbook = openpyxl.Workbook(write_only=True)
    day = as_of or ledger.campaign.default_date()
    for kind, title in ((TaskKind.TASK, SHEETS[0]), (TaskKind.PROBLEM, SHEETS[1])):
        if kind is TaskKind.PROBLEM and not any(t.kind is kind for t in ledger.tasks):
            continue
        header, rows = task_rows(ledger, kind, as_of=day)
        caption = f"{ledger.campaign.name}{'工作台账' if kind is TaskKind.TASK else '问题清单'}"
        write_table(workbook, title, header, rows, caption=f"{caption}（截至{day.isoformat()}）")
    if ledger.raw_rows:
        write_table(workbook, SHEETS[2], RAW_HEADERS, _raw_rows(ledger.raw_rows))
    buffer = io.BytesIO()
    workbook.save(buffer)
    atomic_write(path, buffer.getvalue())
