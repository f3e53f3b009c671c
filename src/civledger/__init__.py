"""civledger: typed work ledgers (台账) for National Civilized City campaigns.

The public API, versioned with the package (see docs/api.md):

- the model: :class:`Ledger` and its frozen entities and enumerations;
- files: :func:`load`, :func:`loads`, :func:`dump`, :func:`dumps`, :func:`json_schema`;
- who answers for what: :func:`chain`, :func:`chains`, :func:`duties`, :func:`holders`,
  :func:`vacancies`, :func:`unit_tree`, :func:`org_graph`;
- the journal as history: :func:`state`, :func:`states`, and a :class:`JournalWriter` to
  add to it (:func:`append` is deprecated);
- the schedule: :func:`plan_backwards`, :func:`days_remaining`, :func:`phase_of`,
  :func:`plan_cycle`, :func:`parse_deadline`, :func:`supervision_calendar`, :func:`to_ics`,
  :func:`off_day` and :func:`holiday_table` (weekends and public holidays);
- checks: :func:`check`, :class:`Report`, :class:`Issue`, :func:`rule`, :func:`rules`;
- reports: :func:`query`, :func:`progress_report`, :func:`measures_report`,
  :func:`ranking_report`, :func:`coverage_report`, :func:`scorecard`,
  :func:`scorecard_report`, :func:`overdue_report`, :func:`materials_report`, each a
  :class:`Table` to :func:`render`; charts: :func:`battle_map`, :func:`burndown_chart`,
  :func:`ranking_chart`;
- Excel: :func:`import_xlsx` and :func:`export_xlsx` (the ``xlsx`` extra);
- synthetic ledgers: :func:`synthesize`;
- embedding: :func:`paused_gc` (an opt-in speed-up for big loads), :func:`parse_day`.

``import civledger`` loads the model and the file formats only; the checks, the
views (networkx among them), the reports and the optional extras load on first use
of one of their names.

Examples
--------
>>> import civledger
>>> ledger = civledger.load("examples/zhecheng.yaml")
>>> civledger.check(ledger).valid
True
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from civledger._version import __version__
from civledger.bulk import paused_gc
from civledger.errors import (
    AmbiguousNameError,
    ArgumentError,
    CivLedgerError,
    DeadlineError,
    FileWriteError,
    FormatVersionError,
    InvalidValueError,
    JournalConflictError,
    LedgerFileError,
    MissingExtraError,
    OutsideFolderError,
    RuleError,
    ScheduleError,
    UnknownIdError,
    WorkbookError,
)
from civledger.findings import Issue, Location, Rule, Severity, Tier
from civledger.io import dump, dumps, load, loads
from civledger.model import (
    Action,
    Amount,
    AppealReason,
    Appointment,
    Baseline,
    Cadence,
    Campaign,
    Comparator,
    Contract,
    CycleStage,
    CycleYear,
    Entry,
    EntryDraft,
    Evidence,
    EvidenceKind,
    EvidenceMinimum,
    Framework,
    FrameworkKind,
    FrameworkNode,
    Grade,
    GradeCounts,
    Group,
    Incident,
    Inspection,
    InspectionKind,
    Journal,
    LabeledEnum,
    Ledger,
    Level,
    MeasureKind,
    Method,
    NegativeItem,
    Origin,
    ParentLedger,
    Person,
    Phase,
    PhaseWindow,
    Place,
    PlaceKind,
    Post,
    ProblemSource,
    RankingPolicy,
    RawCell,
    RawRow,
    Rhythm,
    RollUp,
    Schedule,
    SignOffPolicy,
    StandardGrade,
    Target,
    Task,
    TaskKind,
    TenDayPoint,
    Unit,
    UnitScore,
    Waiver,
    Weekday,
)
from civledger.model.arguments import parse_day
from civledger.serialization.loader import FORMAT_VERSION

if TYPE_CHECKING:  # the names loaded on first use, for type checkers and documentation
    from civledger.checks import Context, Registry, Report, check, rule
    from civledger.checks.catalogue import rules
    from civledger.graph import (
        Capacity,
        ChainView,
        Duty,
        Link,
        UnitTree,
        chain,
        chains,
        duties,
        holders,
        org_graph,
        unit_tree,
        vacancies,
    )
    from civledger.io.xlsx import XlsxImport, export_xlsx
    from civledger.journal import (
        FigureSource,
        MeasureProgress,
        Status,
        TaskState,
        state,
        states,
    )
    from civledger.reports import (
        Column,
        RankingWeights,
        Scorecard,
        ScoringModel,
        Table,
        coverage_report,
        materials_report,
        measures_report,
        overdue_report,
        progress_report,
        query,
        ranking_report,
        render,
        scorecard,
        scorecard_report,
    )
    from civledger.reports.charts import battle_map, burndown_chart, chart_png, ranking_chart
    from civledger.schedule import (
        Deadline,
        DeadlineForm,
        HolidayTable,
        SupervisionEvent,
        days_remaining,
        holiday_table,
        off_day,
        parse_deadline,
        phase_of,
        plan_backwards,
        plan_cycle,
        supervision_calendar,
        to_ics,
    )
    from civledger.serialization.schema import json_schema
    from civledger.synth import synthesize
    from civledger.workbooks import import_xlsx
    from civledger.writer import JournalWriter, append

_LAZY: dict[str, str] = {
    "Context": "civledger.checks",
    "Registry": "civledger.checks",
    "Report": "civledger.checks",
    "check": "civledger.checks",
    "rule": "civledger.checks",
    "rules": "civledger.checks.catalogue",
    "Capacity": "civledger.graph",
    "ChainView": "civledger.graph",
    "Duty": "civledger.graph",
    "Link": "civledger.graph",
    "UnitTree": "civledger.graph",
    "chain": "civledger.graph",
    "chains": "civledger.graph",
    "duties": "civledger.graph",
    "holders": "civledger.graph",
    "org_graph": "civledger.graph",
    "unit_tree": "civledger.graph",
    "vacancies": "civledger.graph",
    "XlsxImport": "civledger.io.xlsx",
    "export_xlsx": "civledger.io.xlsx",
    "FigureSource": "civledger.journal",
    "MeasureProgress": "civledger.journal",
    "Status": "civledger.journal",
    "TaskState": "civledger.journal",
    "state": "civledger.journal",
    "states": "civledger.journal",
    "Column": "civledger.reports",
    "RankingWeights": "civledger.reports",
    "Scorecard": "civledger.reports",
    "ScoringModel": "civledger.reports",
    "Table": "civledger.reports",
    "coverage_report": "civledger.reports",
    "materials_report": "civledger.reports",
    "measures_report": "civledger.reports",
    "overdue_report": "civledger.reports",
    "progress_report": "civledger.reports",
    "query": "civledger.reports",
    "ranking_report": "civledger.reports",
    "render": "civledger.reports",
    "scorecard": "civledger.reports",
    "scorecard_report": "civledger.reports",
    "battle_map": "civledger.reports.charts",
    "burndown_chart": "civledger.reports.charts",
    "chart_png": "civledger.reports.charts",
    "ranking_chart": "civledger.reports.charts",
    "Deadline": "civledger.schedule",
    "DeadlineForm": "civledger.schedule",
    "HolidayTable": "civledger.schedule",
    "holiday_table": "civledger.schedule",
    "off_day": "civledger.schedule",
    "SupervisionEvent": "civledger.schedule",
    "days_remaining": "civledger.schedule",
    "parse_deadline": "civledger.schedule",
    "phase_of": "civledger.schedule",
    "plan_backwards": "civledger.schedule",
    "plan_cycle": "civledger.schedule",
    "supervision_calendar": "civledger.schedule",
    "to_ics": "civledger.schedule",
    "json_schema": "civledger.serialization.schema",
    "synthesize": "civledger.synth",
    "import_xlsx": "civledger.workbooks",
    "JournalWriter": "civledger.writer",
    "append": "civledger.writer",
}
"""Where each public name that loads on first use is defined."""


def __getattr__(name: str) -> Any:
    """Load a public name on first use (PEP 562), and keep it in the package."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'civledger' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


__all__ = [
    "FORMAT_VERSION",
    "Action",
    "AmbiguousNameError",
    "Amount",
    "AppealReason",
    "Appointment",
    "ArgumentError",
    "Baseline",
    "Cadence",
    "Campaign",
    "Capacity",
    "ChainView",
    "CivLedgerError",
    "Column",
    "Comparator",
    "Context",
    "Contract",
    "CycleStage",
    "CycleYear",
    "Deadline",
    "DeadlineError",
    "DeadlineForm",
    "Duty",
    "Entry",
    "EntryDraft",
    "Evidence",
    "EvidenceKind",
    "EvidenceMinimum",
    "FigureSource",
    "FileWriteError",
    "FormatVersionError",
    "Framework",
    "FrameworkKind",
    "FrameworkNode",
    "Grade",
    "GradeCounts",
    "Group",
    "HolidayTable",
    "Incident",
    "Inspection",
    "InspectionKind",
    "InvalidValueError",
    "Issue",
    "Journal",
    "JournalConflictError",
    "JournalWriter",
    "LabeledEnum",
    "Ledger",
    "LedgerFileError",
    "Level",
    "Link",
    "Location",
    "MeasureKind",
    "MeasureProgress",
    "Method",
    "MissingExtraError",
    "NegativeItem",
    "Origin",
    "OutsideFolderError",
    "ParentLedger",
    "Person",
    "Phase",
    "PhaseWindow",
    "Place",
    "PlaceKind",
    "Post",
    "ProblemSource",
    "RankingPolicy",
    "RankingWeights",
    "RawCell",
    "RawRow",
    "Registry",
    "Report",
    "Rhythm",
    "RollUp",
    "Rule",
    "RuleError",
    "Schedule",
    "ScheduleError",
    "Scorecard",
    "ScoringModel",
    "Severity",
    "SignOffPolicy",
    "StandardGrade",
    "Status",
    "SupervisionEvent",
    "Table",
    "Target",
    "Task",
    "TaskKind",
    "TaskState",
    "TenDayPoint",
    "Tier",
    "Unit",
    "UnitScore",
    "UnitTree",
    "UnknownIdError",
    "Waiver",
    "Weekday",
    "WorkbookError",
    "XlsxImport",
    "__version__",
    "append",
    "battle_map",
    "burndown_chart",
    "chain",
    "chains",
    "chart_png",
    "check",
    "coverage_report",
    "days_remaining",
    "dump",
    "dumps",
    "duties",
    "export_xlsx",
    "holders",
    "holiday_table",
    "import_xlsx",
    "json_schema",
    "load",
    "loads",
    "materials_report",
    "measures_report",
    "off_day",
    "org_graph",
    "overdue_report",
    "parse_day",
    "parse_deadline",
    "paused_gc",
    "phase_of",
    "plan_backwards",
    "plan_cycle",
    "progress_report",
    "query",
    "ranking_chart",
    "ranking_report",
    "render",
    "rule",
    "rules",
    "scorecard",
    "scorecard_report",
    "state",
    "states",
    "supervision_calendar",
    "synthesize",
    "to_ics",
    "unit_tree",
    "vacancies",
]
