"""Findings: what a check or a load reports about a ledger.

:class:`Issue` is the one value type every layer produces: the loader for data
it could not read, the rules for data that breaks them, the importers for cells
they could not understand. It carries a rule code, a severity, the ids of the
entities concerned and a :class:`Location` that says where the data came from.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from civledger._fields import to_tuple
from civledger.errors import RuleError
from civledger.i18n import fields, gettext, render
from civledger.labels import LabeledEnum

__all__ = [
    "MAX_VALUE",
    "Issue",
    "Location",
    "Observation",
    "PathSegment",
    "Rule",
    "Severity",
    "Tier",
    "format_path",
]

PathSegment = str | int


class Severity(LabeledEnum):
    """How bad a finding is.

    Errors and warnings make a ledger invalid (``civledger check`` exits 1);
    notes (``info``) are reported but never fail a check.

    Examples
    --------
    >>> Severity.parse("警告") is Severity.WARNING
    True
    >>> Severity.ERROR.rank < Severity.INFO.rank
    True
    """

    ERROR = ("error", "错误")
    WARNING = ("warning", "警告")
    INFO = ("info", "提示", "note")

    @property
    def rank(self) -> int:
        """0 for errors, 1 for warnings, 2 for notes: the order of reports."""
        return _SEVERITY_RANK[self.value]

    @property
    def fails(self) -> bool:
        """Whether a finding of this severity makes a ledger invalid."""
        return self is not Severity.INFO


_SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}


def format_path(segments: Iterable[PathSegment]) -> str:
    """Render path segments as a ``$.path`` into the ledger document.

    Examples
    --------
    >>> format_path(("tasks", 3, "lead"))
    '$.tasks[3].lead'
    >>> format_path(())
    '$'
    >>> format_path(("scores", "a b"))
    '$.scores["a b"]'
    """
    out = ["$"]
    for seg in segments:
        if isinstance(seg, int):
            out.append(f"[{seg}]")
        elif seg.isidentifier():
            out.append(f".{seg}")
        else:
            escaped = seg.replace("\\", "\\\\").replace('"', '\\"')
            out.append(f'["{escaped}"]')
    return "".join(out)


@attrs.frozen(kw_only=True)
class Location:
    """Where a finding comes from.

    A location from a ledger document has a ``file``, a ``path`` of segments
    into the document and, when it could be found, a 1-based ``line`` and
    ``column``. A location from a spreadsheet has ``sheet``, ``row`` and
    ``column``.

    Examples
    --------
    >>> str(Location(file="a.yaml", path=("tasks", 2, "due"), line=14, column=5))
    'a.yaml:14:5: $.tasks[2].due'
    >>> str(Location(file="b.xlsx", sheet="工作台账", row=12, column=3))
    'b.xlsx: 工作台账!C12'
    >>> str(Location(path=("units", 0)))
    '$.units[0]'
    """

    file: str | None = None
    path: tuple[PathSegment, ...] = attrs.field(default=(), converter=to_tuple)
    line: int | None = None
    column: int | None = None
    sheet: str | None = None
    row: int | None = None

    @property
    def json_path(self) -> str:
        """The path rendered as ``$.tasks[3].lead``."""
        return format_path(self.path)

    @property
    def cell(self) -> str | None:
        """The spreadsheet cell as ``Sheet!C12``, when this is a spreadsheet location."""
        if self.sheet is None:
            return None
        ref = self.sheet
        if self.row is not None:
            ref += "!" + (_column_letters(self.column) if self.column else "") + str(self.row)
        return ref

    def __str__(self) -> str:
        if self.sheet is not None:
            return f"{self.file}: {self.cell}" if self.file else str(self.cell)
        head = self.file or ""
        if self.file and self.line is not None:
            head += f":{self.line}"
            if self.column is not None:
                head += f":{self.column}"
        if head:
            return f"{head}: {self.json_path}" if self.path else head
        return self.json_path

    def sort_key(self) -> tuple[Any, ...]:
        """A key that orders locations by file, then position in the document."""
        path_key = tuple((0, s, "") if isinstance(s, int) else (1, 0, s) for s in self.path)
        return (
            self.file or "",
            self.sheet or "",
            self.row if self.row is not None else -1,
            self.line if self.line is not None else -1,
            self.column if self.column is not None else -1,
            path_key,
        )


def _column_letters(column: int) -> str:
    letters = ""
    while column > 0:
        column, rem = divmod(column - 1, 26)
        letters = chr(ord("A") + rem) + letters
    return letters


@attrs.frozen(kw_only=True)
class Issue:
    """One finding: a rule code, its severity, a message, where, and a hint.

    The message and the hint are kept as their rule's templates (English
    messages, see :mod:`civledger.i18n`) and the values that fill them
    (``params``); :attr:`message` and :attr:`hint` show them in the language of
    the moment, so one finding reads in Chinese or in English as asked. A
    message given as text (``message="..."``) with no ``params`` is shown as it
    is, translated when the catalog knows it.

    Examples
    --------
    >>> issue = Issue(
    ...     code="LDG008", name="unknown-reference", severity=Severity.ERROR,
    ...     message="lead refers to unit zc-xx, which the ledger does not define",
    ...     location=Location(file="a.yaml", path=("tasks", 0, "lead"), line=9),
    ...     subjects=("T-001",), hint="add the unit or correct the id",
    ... )
    >>> str(issue)
    'a.yaml:9: $.tasks[0].lead: LDG008 lead refers to unit zc-xx, which the ledger does not define'
    >>> issue.to_dict()["path"]
    '$.tasks[0].lead'
    """

    code: str
    severity: Severity
    template: str = attrs.field(alias="message")
    name: str = ""
    location: Location = Location()
    subjects: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    hint_template: str | None = attrs.field(default=None, alias="hint")
    params: Mapping[str, Any] = attrs.field(factory=dict, hash=False, repr=False)
    waived_by: str | None = None

    @property
    def message(self) -> str:
        """The message, in the language of the moment (:func:`civledger.i18n.language`)."""
        return render(self.template, self.params)

    @property
    def hint(self) -> str | None:
        """How to fix it, in the language of the moment; ``None`` when the rule gives none."""
        if self.hint_template is None:
            return None
        return render(self.hint_template, self.params)

    @property
    def family(self) -> str:
        """The rule family: the letters of the code (``LDG`` for ``LDG008``)."""
        return self.code.rstrip("0123456789")

    def __str__(self) -> str:
        return f"{self.location}: {self.code} {self.message}"

    def sort_key(self) -> tuple[Any, ...]:
        """The stable order of reports: location, then code, then message."""
        return (*self.location.sort_key(), self.code, self.subjects, self.template)

    def to_dict(self) -> dict[str, Any]:
        """The finding as plain data, for JSON output and data frames (texts in the language
        of the moment; keys and codes never change)."""
        loc = self.location
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "message": self.message,
            "hint": self.hint,
            "file": loc.file,
            "line": loc.line,
            "column": loc.column,
            "path": loc.json_path if loc.path else None,
            "sheet": loc.sheet,
            "row": loc.row,
            "subjects": list(self.subjects),
            "waived_by": self.waived_by,
        }


@attrs.frozen(kw_only=True)
class Observation:
    """What reading a file noticed, before a rule puts it into words.

    The layers below the checks (the loader, the journal file reader, the Excel
    importer) do not word findings: they record the code of the rule that will,
    where, about which entities, and the values the rule's message is filled
    with. The rule of that code, in :mod:`civledger.checks.rules`, turns an
    observation into an :class:`Issue` (:meth:`Rule.word`). ``severity`` is set
    only where the reader knows better than the rule's default.

    Examples
    --------
    >>> seen = Observation(code="DEM001", location=Location(path=("units", 2)),
    ...                    params={"unit": "u7"})
    >>> r = Rule(code="DEM001", name="demo", title="A demonstration", message="unit {unit} is odd")
    >>> str(r.word(seen))
    '$.units[2]: DEM001 unit u7 is odd'
    """

    code: str
    location: Location = Location()
    subjects: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    params: Mapping[str, Any] = attrs.field(factory=dict, hash=False)
    severity: Severity | None = None

    def sort_key(self) -> tuple[Any, ...]:
        """The order of the file: location, then code."""
        return (*self.location.sort_key(), self.code, self.subjects)


class Tier(LabeledEnum):
    """When a rule runs: basic rules always, strict ones with ``--strict``, extra ones by name.

    Examples
    --------
    >>> Tier.parse("严格") is Tier.STRICT
    True
    """

    BASIC = ("basic", "基本")
    STRICT = ("strict", "严格")
    EXTRA = ("extra", "附加")


MAX_VALUE = 500
"""The most characters of one value a finding's message or hint shows."""


def _bounded(value: Any) -> Any:
    if isinstance(value, str) and len(value) > MAX_VALUE:
        return value[: MAX_VALUE - 1] + "…"
    return value


_CODE = re.compile(r"[A-Z]{2,5}[0-9]{3}")
_NAME = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")


@attrs.frozen(kw_only=True)
class Rule:
    """A rule: its catalogue metadata and, for ledger rules, the function that checks it.

    ``code`` is a family prefix and three digits (``ORG002``); ``name`` is
    kebab-case (``unit-cycle``); ``message`` and ``hint`` are templates filled
    with the keyword arguments given to :meth:`issue`. ``check`` is a pure
    function ``(ledger, context) -> Iterator[Issue]``; rules whose findings come
    from reading a file (the LDG load rules, the XLS import rules) have none:
    they word what the reader observed (:meth:`word`).

    Examples
    --------
    >>> r = Rule(code="DEM001", name="demo", title="A demonstration",
    ...          message="unit {unit} is odd", hint="make {unit} even")
    >>> issue = r.issue(Location(path=("units", 2)), subjects=("u7",), unit="u7")
    >>> (issue.code, issue.message, issue.hint)
    ('DEM001', 'unit u7 is odd', 'make u7 even')
    >>> Rule(code="bad", name="x", title="x", message="x")
    Traceback (most recent call last):
    ...
    civledger.errors.RuleError: rule code 'bad' is not a family prefix and three digits (ABC123)
    """

    code: str
    name: str
    title: str
    message: str
    severity: Severity = Severity.ERROR
    tier: Tier = Tier.BASIC
    hint: str | None = None
    description: str | None = None
    check: Callable[..., Iterable[Issue]] | None = attrs.field(default=None, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        if not _CODE.fullmatch(self.code):
            raise RuleError(
                gettext(
                    "rule code {code!r} is not a family prefix and three digits (ABC123)"
                ).format(code=self.code)
            )
        if not _NAME.fullmatch(self.name):
            raise RuleError(
                gettext("rule name {name!r} is not kebab-case (like unit-cycle)").format(
                    name=self.name
                )
            )

    @property
    def family(self) -> str:
        """The letters of the code: ``ORG`` for ``ORG002``."""
        return self.code.rstrip("0123456789")

    def word(self, observation: Observation) -> Issue:
        """The finding this rule makes of what a reader observed (see :class:`Observation`)."""
        return self.issue(
            observation.location,
            subjects=observation.subjects,
            severity=observation.severity,
            **observation.params,
        )

    def issue(
        self,
        location: Location,
        *,
        subjects: Iterable[str] = (),
        hint: str | None = None,
        severity: Severity | None = None,
        **params: Any,
    ) -> Issue:
        """Make a finding of this rule: its message and hint templates with these values.

        ``hint`` replaces the rule's hint template for this finding (it is a template too).
        A text value longer than :data:`MAX_VALUE` characters (a garbage line of
        megabytes, a huge cell) is cut, so that a finding stays one readable line.

        Raises
        ------
        KeyError
            When a template names a value that is not given (a defect of the rule).
        """
        params = {k: _bounded(v) for k, v in params.items()}
        hint = hint if hint is not None else self.hint
        missing = fields(self.message).union(fields(hint or "")).difference(params)
        if missing:
            raise KeyError(
                f"no value for {', '.join(sorted(missing))} in the templates of {self.code}"
            )
        return Issue(
            code=self.code,
            name=self.name,
            severity=severity or self.severity,
            message=self.message,
            location=location,
            subjects=tuple(subjects),
            hint=hint,
            params=params,
        )

    def text(self, field: str) -> str | None:
        """One of the rule's texts (``title``, ``message``, ``hint``, ``description``) in the
        language of the moment, its templates left unfilled.

        Examples
        --------
        >>> from civledger.i18n import use_language
        >>> r = Rule(code="DEM001", name="demo", title="A demonstration", message="{n} tasks")
        >>> with use_language("en"):
        ...     r.text("title")
        'A demonstration'
        """
        value: str | None = getattr(self, field)
        return None if value is None else gettext(value)
