"""Exceptions raised by civledger.

Exceptions are for misuse of the API and for files that cannot be read at all.
Bad data inside a readable ledger is never raised: it is reported as an
:class:`~civledger.Issue` (see :func:`civledger.check`). Messages are worded in
the language of the moment (:mod:`civledger.i18n`).
"""

from __future__ import annotations

from civledger.i18n import _, gettext, join

__all__ = [
    "CivLedgerError",
    "DeadlineError",
    "FileWriteError",
    "FormatVersionError",
    "InvalidValueError",
    "JournalConflictError",
    "LedgerFileError",
    "MissingExtraError",
    "OutsideFolderError",
    "RuleError",
    "ScheduleError",
    "UnknownIdError",
    "WorkbookError",
]


class CivLedgerError(Exception):
    """Base class of every exception civledger raises on purpose.

    Examples
    --------
    >>> issubclass(LedgerFileError, CivLedgerError)
    True
    """


class LedgerFileError(CivLedgerError):
    """A ledger file that cannot be read at all (missing, not UTF-8, not a ledger...).

    The message names the file, where in it (line and column when known), the
    problem, and a hint on how to fix it.

    Examples
    --------
    >>> err = LedgerFileError("a.json", "the file is empty", hint="write a ledger in it")
    >>> str(err)
    'a.json: the file is empty (write a ledger in it)'
    >>> str(LedgerFileError("a.json", "bad token", line=3, column=7))
    'a.json:3:7: bad token'
    """

    def __init__(
        self,
        file: str,
        problem: str,
        *,
        hint: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.file = file
        self.problem = problem
        self.hint = hint
        self.line = line
        self.column = column
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        if self.hint:
            return f"{where}: " + _("{problem} ({hint})").format(
                problem=self.problem, hint=self.hint
            )
        return f"{where}: {self.problem}"


class FormatVersionError(LedgerFileError):
    """A ledger written in a format version this civledger does not read.

    Examples
    --------
    >>> str(FormatVersionError("a.yaml", "unknown format version 7"))
    'a.yaml: unknown format version 7'
    """


class WorkbookError(LedgerFileError):
    """A spreadsheet that cannot be imported at all: not an .xlsx workbook, too big, broken.

    Cells it cannot understand are not errors: they are XLS findings of the import.

    Examples
    --------
    >>> err = WorkbookError("台账.xls", "is an old Excel 97-2003 (.xls) file",
    ...                     hint="open it in Excel or WPS and save it as .xlsx")
    >>> str(err)
    '台账.xls: is an old Excel 97-2003 (.xls) file (open it in Excel or WPS and save it as .xlsx)'
    >>> isinstance(err, LedgerFileError)
    True
    """


class FileWriteError(CivLedgerError, OSError):
    """A file that could not be written: a missing folder, no permission, a full disk.

    Nothing is half written: the file is left as it was (writes are atomic). It is
    an :class:`OSError` too, so that code catching that keeps working. Attributes
    ``file``, ``problem`` and ``hint``.

    Examples
    --------
    >>> err = FileWriteError("out/进度.csv", "the folder out does not exist",
    ...                      hint="create the folder first")
    >>> str(err)
    'cannot write out/进度.csv: the folder out does not exist (create the folder first)'
    >>> isinstance(err, OSError)
    True
    """

    def __init__(self, file: str, problem: object, *, hint: object | None = None) -> None:
        # ``problem`` and ``hint`` may be messages worded when shown (civledger.i18n.phrase).
        self.file = file
        self.problem = problem
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        text = _("cannot write {file}: {problem}").format(file=self.file, problem=self.problem)
        return text + (_(" ({hint})").format(hint=self.hint) if self.hint else "")


class OutsideFolderError(CivLedgerError):
    """A ledger names a file outside its own folder, and writing it was not allowed.

    A ledger's journal file (``journal:``) must lie in the ledger's folder or
    below it: ``..``, absolute paths and symbolic links that lead out are refused
    unless the caller allows it (``allow_outside=True``, ``--allow-outside``).
    Attributes ``ledger`` (the ledger's file, if any), ``name`` (as the ledger
    writes it) and ``path`` (where it leads).

    Examples
    --------
    >>> err = OutsideFolderError("data/台账.yaml", "../../etc/passwd", "/etc/passwd")
    >>> str(err)  # doctest: +NORMALIZE_WHITESPACE
    "data/台账.yaml: the journal file '../../etc/passwd' lies outside the ledger's folder
     (it leads to /etc/passwd); keep it beside the ledger, or allow it explicitly
     (allow_outside=True, --allow-outside)"
    """

    def __init__(self, ledger: str | None, name: str, path: str) -> None:
        self.ledger = ledger
        self.name = name
        self.path = path
        head = f"{ledger}: " if ledger else ""
        super().__init__(
            head
            + _(
                "the journal file {name!r} lies outside the ledger's folder (it leads to "
                "{path}); keep it beside the ledger, or allow it explicitly "
                "(allow_outside=True, --allow-outside)"
            ).format(name=name, path=path)
        )


class JournalConflictError(CivLedgerError):
    """A journal file changed in a way a write cannot reconcile without losing lines.

    Raised instead of removing lines another program wrote: when the journal
    file was replaced or edited since the ledger was read and no longer begins
    with the lines being written. The message says what changed. Load the
    ledger again and redo the change. Attribute ``path`` (the journal file).

    Examples
    --------
    >>> print(JournalConflictError("j.jsonl", "line 3 differs from what this ledger read"))
    ... # doctest: +NORMALIZE_WHITESPACE
    the journal file j.jsonl changed since the ledger was read: line 3 differs from what this
    ledger read; load the ledger again and redo the change
    """

    def __init__(self, path: str, change: str) -> None:
        self.path = path
        self.change = change
        super().__init__(
            _(
                "the journal file {path} changed since the ledger was read: {change}; "
                "load the ledger again and redo the change"
            ).format(path=path, change=change)
        )


class MissingExtraError(CivLedgerError, ImportError):
    """An optional package civledger needs for this call is not installed.

    The message names the package and the extra that installs it. It is an
    :class:`ImportError` too. Attributes ``package``, ``extra`` and ``purpose``
    (what needed it); the command prints the message in the language of the moment.

    Examples
    --------
    >>> str(MissingExtraError("matplotlib", "plot", "drawing charts"))
    "drawing charts needs matplotlib, which is not installed: pip install 'civledger[plot]'"
    """

    def __init__(self, package: str, extra: str, purpose: str) -> None:
        self.package = package
        self.extra = extra
        self.purpose = purpose
        super().__init__(
            f"{purpose!s} needs {package}, which is not installed: pip install 'civledger[{extra}]'"
        )

    def __reduce__(self) -> tuple[type[MissingExtraError], tuple[str, str, str]]:
        # Made again from its parts when it crosses processes (check --jobs).
        return (type(self), (self.package, self.extra, self.purpose))


class UnknownIdError(CivLedgerError, KeyError):
    """An id asked of a ledger that the ledger does not hold.

    Examples
    --------
    >>> str(UnknownIdError("units", "zc-xx"))
    'the ledger has no units entry with id zc-xx'
    """

    def __init__(self, collection: str, id: str) -> None:
        self.collection = collection
        self.id = id
        super().__init__(collection, id)

    def __str__(self) -> str:
        return _("the ledger has no {collection} entry with id {id}").format(
            collection=gettext(self.collection.replace("_", " ")), id=self.id
        )


class AmbiguousNameError(UnknownIdError):
    """A name given where an id is expected that names several entries of a ledger.

    It is an :class:`UnknownIdError` (no entry has that id) that lists the ids the
    name could mean, so that the caller can choose.

    Examples
    --------
    >>> str(AmbiguousNameError("units", "新华社区", ("ly-xh", "cg-xh")))
    "the name '新华社区' names several units: ly-xh, cg-xh; give the id"
    """

    def __init__(self, collection: str, name: str, candidates: tuple[str, ...]) -> None:
        self.candidates = candidates
        super().__init__(collection, name)

    def __str__(self) -> str:
        return _("the name {name!r} names several {collection}: {ids}; give the id").format(
            name=self.id,
            collection=gettext(self.collection.replace("_", " ")),
            ids=join(self.candidates),
        )


class ArgumentError(CivLedgerError, TypeError, ValueError):
    """A public function called with an argument it cannot use: the wrong type or shape.

    ``parameter`` names the argument. It is a :class:`TypeError` and a
    :class:`ValueError` too, so that code catching either keeps working.

    Examples
    --------
    >>> str(ArgumentError("as_of", "expected a date (2026-06-30), got the number 5"))
    'as_of: expected a date (2026-06-30), got the number 5'
    """

    def __init__(self, parameter: str, message: str) -> None:
        self.parameter = parameter
        super().__init__(f"{parameter}: {message}")


class RuleError(CivLedgerError):
    """A rule registered wrongly, or a rule selector that names no rule.

    Examples
    --------
    >>> str(RuleError("unknown rule selector 'XYZ'"))
    "unknown rule selector 'XYZ'"
    """


class InvalidValueError(CivLedgerError, ValueError):
    """A value whose shape is wrong for its field, raised when an entity is made.

    ``field`` names the attribute, so that loaders can point at it; ``problem`` is the
    message, text or a :func:`~civledger.i18n.phrase` worded in the language it is shown in.

    Examples
    --------
    >>> from civledger import Unit, Level
    >>> try:
    ...     Unit(id="g1", name="一网格", level=Level.GRID, division_code="41142")
    ... except InvalidValueError as err:
    ...     print(err.field, "-", err)
    division_code - division code '41142' must be 12 digits (统计用区划代码)
    """

    def __init__(self, field: str, message: object) -> None:
        self.field = field
        self.problem = message
        super().__init__(message)

    def __str__(self) -> str:
        # The message may be a phrase (civledger.i18n.phrase), worded when shown.
        return str(self.problem)


class ScheduleError(CivLedgerError, ValueError):
    """Arguments a schedule function cannot work with: a plan with no room for its phases,
    a calendar that ends before it starts, a campaign without the evaluation date asked about.

    Examples
    --------
    >>> str(ScheduleError("the calendar ends (2026-06-01) before it starts (2026-07-01)"))
    'the calendar ends (2026-06-01) before it starts (2026-07-01)'
    """


class DeadlineError(ScheduleError):
    """A deadline as written (``due_text``) that cannot be read as a date.

    ``text`` is the text (or number) as given; the message names it and says why:
    ``reason`` is the why as text, in the language the error was raised in; ``why`` is
    the same reason as given (a :func:`~civledger.i18n.phrase`, worded where it is shown).

    Examples
    --------
    >>> err = DeadlineError("6/7", "June 7 or July 6? write 6月7日 or 2026-06-07")
    >>> err.text, isinstance(err, ValueError)
    ('6/7', True)
    >>> str(err)
    "cannot read '6/7' as a deadline: June 7 or July 6? write 6月7日 or 2026-06-07"
    """

    def __init__(self, text: object, reason: object) -> None:
        self.text = text
        self.why = reason
        self.reason = str(reason)
        super().__init__(
            _("cannot read {text!r} as a deadline: {reason}").format(text=text, reason=reason)
        )
