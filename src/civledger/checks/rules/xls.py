"""The XLS rules: what importing a spreadsheet can find.

All but XLS003 have no check function: they word what the importer observed
while it read the workbook (:mod:`civledger.io.xlsx.codes`), located at the
sheet, row and column, with the cell's text. XLS003 is both: it words each row
the importer kept raw, and ``civledger check`` reports every raw row a ledger
still holds.
"""

from __future__ import annotations

from collections.abc import Iterator

from civledger.checks.context import Context
from civledger.checks.registry import rule
from civledger.findings import Issue, Rule, Severity
from civledger.i18n import N_, phrase
from civledger.io.xlsx import codes
from civledger.model import Ledger

__all__ = [
    "AMBIGUOUS_UNIT",
    "BAD_DATE",
    "BAD_DEADLINE",
    "BAD_VALUE",
    "COLUMN_NOT_IMPORTED",
    "DUPLICATE_ROW",
    "ERROR_VALUE",
    "NO_TABLE",
    "RULES",
    "SIGN_OFF_MISMATCH",
    "UNCACHED_FORMULA",
    "UNKNOWN_PERSON",
    "UNKNOWN_STANDARD",
    "UNKNOWN_UNIT",
    "raw_row",
]

NO_TABLE = Rule(
    code=codes.NO_TABLE,
    name="no-table",
    title=N_("A sheet without a header row civledger knows"),
    message=N_(
        "sheet {sheet} has no header row with a title column (工作任务 or 问题描述); skipped"
    ),
    hint=N_(
        "name the columns as the ledger template does, or map them: "
        "--header 你的列名=title (see docs/excel.md)"
    ),
    severity=Severity.INFO,
    description=N_(
        "A sheet is read as a table when one of its first 30 rows holds a title column "
        "(工作任务, 问题描述…) and at least one other known header. Sheets of notes or "
        "charts are skipped; when no sheet of the workbook is a table, the finding is a warning."
    ),
)
COLUMN_NOT_IMPORTED = Rule(
    code=codes.COLUMN_NOT_IMPORTED,
    name="column-not-imported",
    title=N_("A column whose cells are not imported"),
    message=N_("column {header!r} is not imported: {why}"),
    hint="{fix}",
    severity=Severity.WARNING,
    description=N_(
        "A header civledger does not know, a second column for the same field, or cells right "
        "of the last column read. Map a header with --header 列名=field, or to - to leave it "
        "out without a finding."
    ),
)


@rule(
    codes.RAW_ROW,
    "raw-row",
    title=N_("A spreadsheet row kept raw: it could not be read as a task"),
    message=N_("row {row} of sheet {sheet}{file} was kept raw: {reason}"),
    hint=N_("correct the row in the workbook and import it again; the raw row then goes away"),
    severity=Severity.WARNING,
    description=N_(
        "A row without a title, or with an id another row already has, cannot become a "
        "task. The importer keeps it in the ledger's ``raw_rows``, cell by cell, so that "
        "nothing is lost, and reports it; ``civledger check`` reports it for as long as the "
        "ledger holds it."
    ),
)
def raw_row(ledger: Ledger, ctx: Context) -> Iterator[Issue]:
    for i, raw in enumerate(ledger.raw_rows):
        yield ctx.issue(
            "raw_rows",
            i,
            subjects=[raw.id],
            row=raw.row,
            sheet=raw.sheet,
            file=phrase(" of {file}", file=raw.file) if raw.file else "",
            reason=raw.reason,
        )


UNKNOWN_UNIT = Rule(
    code=codes.UNKNOWN_UNIT,
    name="unknown-unit",
    title=N_("A unit name that matches no unit of the ledger"),
    message=N_("{field}: {name!r} is not a unit of the ledger"),
    hint="{suggestion}",
    description=N_(
        "Names are matched to units by name and alias after folding width and spaces and "
        "dropping common suffixes (街道办事处, 办事处, 人民政府…). A name that matches none "
        "is left out of the task; add it as an alias of its unit, or correct the cell."
    ),
)
AMBIGUOUS_UNIT = Rule(
    code=codes.AMBIGUOUS_UNIT,
    name="ambiguous-unit",
    title=N_("A unit name that matches several units"),
    message=N_("{field}: {name!r} could be {candidates}"),
    hint=N_("write the unit's full name, or name（id）, such as {example}"),
    description=N_("The name is left out of the task rather than guessed."),
)
BAD_DEADLINE = Rule(
    code=codes.BAD_DEADLINE,
    name="bad-deadline",
    title=N_("A deadline that cannot be read as a date"),
    message=N_("{field}: cannot read {text!r} as a deadline: {reason}"),
    hint=N_("write a date (2026-06-30) or a form such as 6月30日前, 6月底, 长期坚持"),
    description=N_(
        "The text is kept in due_text and the task has no due date. Deadlines are read as "
        "civledger.parse_deadline reads them, against the reference date (the day a problem "
        "was found, else --as-of, else the campaign's as_of or evaluation date)."
    ),
)
BAD_DATE = Rule(
    code=codes.BAD_DATE,
    name="bad-day",
    title=N_("A date cell that is not a day"),
    message=N_("{field}: cannot read {text!r} as a day: {reason}"),
    hint=N_("write the day, such as 2026-05-03 or 5月3日"),
    description=N_(
        "发现时间 and the like must name one day: an Excel date, 2026-05-03, 5月3日. "
        "The field is left empty."
    ),
)
UNCACHED_FORMULA = Rule(
    code=codes.UNCACHED_FORMULA,
    name="uncached-formula",
    title=N_("A formula without a cached value"),
    message=N_("{field}: the cell holds a formula with no value saved; formulas are not evaluated"),
    hint=N_("open the workbook in Excel or WPS and save it (that stores the values), or type it"),
    description=N_(
        "civledger reads the value a spreadsheet program saved with each formula and never "
        "evaluates formulas itself. A workbook written by a program that saves no values "
        "leaves such cells empty."
    ),
)
UNKNOWN_PERSON = Rule(
    code=codes.UNKNOWN_PERSON,
    name="unknown-person",
    title=N_("A person's name that matches no one, or several people"),
    message=N_("{field}: {problem}"),
    hint="{suggestion}",
    description=N_(
        "责任人 and 发现人 are matched to the ledger's people by name (a note in brackets, "
        "such as 陈某某（县创城办主任）, is ignored). A name that matches no one, or several "
        "people, is left out of the task."
    ),
)
UNKNOWN_STANDARD = Rule(
    code=codes.UNKNOWN_STANDARD,
    name="unknown-standard",
    title=N_("A standard that matches no framework node"),
    message=N_("{field}: {text!r} is not a code or title of the ledger's frameworks{why}"),
    hint=N_("write the code (III-1-2-1, or wmcs:III-1-2-1) or the node's title"),
    description=N_(
        "测评标准 (or 测评内容, 测评项目) names standards by code, by code and title, or by "
        "title, one per line. A piece that names no node, or a title several nodes share, "
        "is left out of the task."
    ),
)
BAD_VALUE = Rule(
    code=codes.BAD_VALUE,
    name="bad-value",
    title=N_("A cell that cannot be read for its column"),
    message=N_("{field}: {problem}"),
    hint="{fix}",
    description=N_(
        "A target that is not a number and a unit (39条), a phase, review cadence or problem "
        "source that is not one of the choices, a second person in 责任人. The value is "
        "left out of the task."
    ),
)
DUPLICATE_ROW = Rule(
    code=codes.DUPLICATE_ROW,
    name="duplicate-row",
    title=N_("Two rows that say the same thing"),
    message=N_("{what} as {first}; it was given the id {id}"),
    hint=N_(
        "ids of rows without a 台账编号 come from what the row says; rows alike get -2, -3… "
        "in workbook order. Give them distinct titles, or a 台账编号"
    ),
    severity=Severity.WARNING,
    description=N_(
        "A task's id comes from its title and lead unit, a problem's from its description, "
        "place and date found. Rows alike are both imported, told apart by their order, so "
        "their ids change if the rows are swapped."
    ),
)
SIGN_OFF_MISMATCH = Rule(
    code=codes.SIGN_OFF_MISMATCH,
    name="sign-off-mismatch",
    title=N_("是否销号 disagrees with the journal"),
    message=N_("{field}: the workbook says {text!r} but the journal has {task} {status} on {day}"),
    hint=N_(
        "a sign-off (销号) is recorded in the journal with who signed it "
        "(civledger.JournalWriter), never read from a spreadsheet; record it, or correct the cell"
    ),
    severity=Severity.WARNING,
    description=N_(
        "是否销号 is compared with the task's state in the journal as of the import's "
        "--as-of date (default: the ledger's as_of, else today). "
        "The import never records a sign-off: 销号 needs a signer above the lead unit, "
        "evidence and a re-check, which a cell does not hold."
    ),
)
ERROR_VALUE = Rule(
    code=codes.ERROR_VALUE,
    name="error-value",
    title=N_("A cell holding an Excel error (#N/A, #REF!…)"),
    message=N_("{field}: the cell holds the error {text}"),
    hint=N_("correct the formula or the value in the workbook"),
    description=N_("The cell is read as empty."),
)

RULES: tuple[Rule, ...] = (
    NO_TABLE,
    COLUMN_NOT_IMPORTED,
    raw_row,
    UNKNOWN_UNIT,
    AMBIGUOUS_UNIT,
    BAD_DEADLINE,
    BAD_DATE,
    UNCACHED_FORMULA,
    UNKNOWN_PERSON,
    UNKNOWN_STANDARD,
    BAD_VALUE,
    DUPLICATE_ROW,
    SIGN_OFF_MISMATCH,
    ERROR_VALUE,
)
"""Every XLS rule, in code order."""
