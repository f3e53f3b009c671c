"""The result of a check, as data."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date
from typing import Any

import attrs
import orjson

from civledger._fields import to_tuple
from civledger.findings import Issue, Severity
from civledger.i18n import _, ngettext
from civledger.io.arrow import arrow_table

__all__ = ["FINDING_FIELDS", "REPORT_VERSION", "Report"]

REPORT_VERSION = 1
"""The version of the JSON report layout (``civledger_report`` in :meth:`Report.to_json`)."""

FINDING_FIELDS: tuple[tuple[str, str], ...] = (
    ("code", "category"),
    ("name", "category"),
    ("severity", "category"),
    ("message", "text"),
    ("hint", "text"),
    ("file", "category"),
    ("line", "int"),
    ("column", "int"),
    ("path", "text"),
    ("sheet", "category"),
    ("row", "int"),
    ("subjects", "texts"),
    ("waived_by", "text"),
)
"""The columns of :meth:`Report.to_arrow` and their kinds (:mod:`civledger.io.arrow`): the keys
of :meth:`~civledger.Issue.to_dict`, in order."""


@attrs.frozen(kw_only=True)
class Report:
    """The findings of a check, in a stable order, with counts.

    A report is *valid* when no finding that is not waived is an error or a
    warning. Notes (``info``) and waived findings never make it invalid.

    Examples
    --------
    >>> import civledger
    >>> from civledger import testing
    >>> report = civledger.check(testing.small_ledger(), as_of=date(2026, 5, 1))
    >>> report.valid, len(report.issues)
    (True, 0)
    >>> report.summary()
    'no findings (... rules)'
    """

    issues: tuple[Issue, ...] = attrs.field(converter=to_tuple)
    rules: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    files: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    as_of: date | None = None

    @classmethod
    def merge(cls, reports: Iterable[Report]) -> Report:
        """One report of several (one per file), findings in stable order."""
        reports = list(reports)
        issues = sorted((i for r in reports for i in r.issues), key=Issue.sort_key)
        rules = sorted({c for r in reports for c in r.rules})
        files = [f for r in reports for f in r.files]
        as_of = reports[0].as_of if reports else None
        return cls(issues=issues, rules=rules, files=files, as_of=as_of)

    @property
    def open_issues(self) -> tuple[Issue, ...]:
        """The findings that are not waived."""
        return tuple(i for i in self.issues if i.waived_by is None)

    @property
    def valid(self) -> bool:
        """Whether no unwaived error or warning was found."""
        return not any(i.severity.fails for i in self.open_issues)

    def stats(self) -> dict[str, Any]:
        """Counts by severity and by code (unwaived), and the number waived.

        Examples
        --------
        >>> Report(issues=()).stats()  # doctest: +NORMALIZE_WHITESPACE
        {'total': 0, 'waived': 0,
         'by_severity': {'error': 0, 'warning': 0, 'info': 0}, 'by_code': {}}
        """
        open_issues = self.open_issues
        by_severity = Counter(i.severity.value for i in open_issues)
        return {
            "total": len(open_issues),
            "waived": len(self.issues) - len(open_issues),
            "by_severity": {s.value: by_severity.get(s.value, 0) for s in Severity},
            "by_code": dict(sorted(Counter(i.code for i in open_issues).items())),
        }

    def summary(self) -> str:
        """One line for people: what was found, in how many files, by how many rules.

        Examples
        --------
        >>> from civledger.i18n import use_language
        >>> with use_language("zh"):
        ...     Report(issues=(), rules=("LDG001", "LDG002")).summary()
        '无问题（2 条规则）'
        >>> with use_language("en"):
        ...     Report(issues=(), rules=("LDG001",)).summary()
        'no findings (1 rule)'
        """
        stats = self.stats()
        words = {
            "error": lambda n: ngettext("{n} error", "{n} errors", n),
            "warning": lambda n: ngettext("{n} warning", "{n} warnings", n),
            "info": lambda n: ngettext("{n} note", "{n} notes", n),
        }
        parts = []
        for severity in Severity:
            n = stats["by_severity"][severity.value]
            if n:
                parts.append(words[severity.value](n).format(n=n))
        if stats["waived"]:
            parts.append(_("{n} waived").format(n=stats["waived"]))
        text = _(", ").join(parts) if parts else _("no findings")
        rules = ngettext("{n} rule", "{n} rules", len(self.rules)).format(n=len(self.rules))
        if len(self.files) > 1:
            return _("{found} in {files} files ({rules})").format(
                found=text, files=len(self.files), rules=rules
            )
        return _("{found} ({rules})").format(found=text, rules=rules)

    def to_rows(self) -> list[dict[str, Any]]:
        """The findings as plain rows (for CSV, spreadsheets or data frames)."""
        return [issue.to_dict() for issue in self.issues]

    def to_arrow(self) -> Any:
        """The findings as a ``pyarrow.Table`` (needs the ``arrow`` extra): a row per finding.

        The columns of :meth:`to_rows`, typed (:data:`FINDING_FIELDS`): ``code``, ``name``,
        ``severity``, ``file`` and ``sheet`` as dictionaries, ``line``, ``column`` and
        ``row`` as ``int64``, ``subjects`` as a list of strings; messages and hints in the
        language of the moment. A report is also an Arrow stream
        (``__arrow_c_stream__``): ``duckdb.sql("select code, count(*) from report group
        by code")``.

        Examples
        --------
        >>> import civledger
        >>> from civledger import testing
        >>> broken = attrs.evolve(testing.small_ledger(), units=[])
        >>> findings = civledger.check(broken, as_of=date(2026, 5, 1)).to_arrow()
        >>> findings.column("code").to_pylist()[:2], str(findings.schema.field("line").type)
        (['LDG008', 'LDG008'], 'int64')
        """
        rows = self.to_rows()
        columns = [[row[key] for row in rows] for key, _kind in FINDING_FIELDS]
        return arrow_table(FINDING_FIELDS, columns)

    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object:
        """The Arrow PyCapsule stream protocol: the findings of :meth:`to_arrow`, for polars,
        DuckDB or pyarrow to read without a copy (needs the ``arrow`` extra)."""
        stream: object = self.to_arrow().__arrow_c_stream__(requested_schema)
        return stream

    def to_json(self) -> str:
        """The report as a JSON document (layout version :data:`REPORT_VERSION`).

        Examples
        --------
        >>> import json
        >>> json.loads(Report(issues=()).to_json())["valid"]
        True
        """
        doc = {
            "civledger_report": REPORT_VERSION,
            "valid": self.valid,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "files": list(self.files),
            "rules": list(self.rules),
            "stats": self.stats(),
            "issues": self.to_rows(),
        }
        return orjson.dumps(doc, option=orjson.OPT_INDENT_2).decode("utf-8")
