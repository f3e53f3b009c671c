"""The four tables a ledger gives to a roll-up: tasks, findings, units and progress.

Each is a ``pyarrow.Table`` whose schema is the same for every ledger, so that the
partitions of a dataset read as one table. Every row starts with the ledger it came
from (``ledger``: the file as given); the campaign is the dataset's partition
(``campaign=<id>``), kept in the folder's name, not in the files.

The task rows are those of :func:`civledger.query` (every derived value as of the
day) with what a province compares besides: the campaign's name, the task's parent,
the level of its lead unit, the units holding its place at every level (city to grid),
its cooperating units and every framework node it serves. The progress rows are those
of :func:`civledger.progress_report` at each level (city, county, street, community,
grid, department), the same numbers as the report.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, tzinfo
from typing import Any

from civledger.checks import Report
from civledger.checks.report import FINDING_FIELDS
from civledger.io.arrow import arrow_table, arrow_type, pyarrow
from civledger.journal.measures import MeasureProgress
from civledger.journal.state import states
from civledger.model import Ledger, Level, Unit
from civledger.reports import progress_report, query
from civledger.reports.scope import ancestor_at, place_of, served_nodes
from civledger.reports.table import Table

__all__ = [
    "MEASURE_FIELDS",
    "PROGRESS_LEVELS",
    "TASK_FIELDS",
    "UNIT_FIELDS",
    "finding_table",
    "ledger_tables",
    "measures_type",
    "progress_table",
    "task_table",
    "unit_table",
]

PROGRESS_LEVELS: tuple[Level, ...] = (
    Level.CITY,
    Level.COUNTY,
    Level.STREET,
    Level.COMMUNITY,
    Level.GRID,
    Level.DEPARTMENT,
)
"""The levels the progress dataset has rows for (a county's rows hold districts, a
street's towns, a community's villages: as :func:`civledger.progress_report` counts)."""

TASK_FIELDS: tuple[tuple[str, str], ...] = (
    ("campaign_name", "category"),
    ("parent", "text"),
    ("lead_level", "category"),
    ("city", "category"),
    ("city_name", "category"),
    ("county", "category"),
    ("county_name", "category"),
    ("grid", "category"),
    ("grid_name", "category"),
    ("cooperating", "texts"),
    ("serves", "texts"),
    ("target_quantity", "number"),
    ("target_unit", "category"),
    ("target_comparator", "category"),
    ("target_kind", "category"),
    ("measure_count", "int"),
)
"""The columns a task row has beyond those of :func:`civledger.query` (after them), before
``measures`` (:func:`measures_type`)."""

MEASURE_FIELDS: tuple[tuple[str, str], ...] = (
    ("name", "text"),
    ("primary", "bool"),
    ("kind", "text"),
    ("comparator", "text"),
    ("target", "number"),
    ("unit", "text"),
    ("roll_up", "text"),
    ("done", "number"),
    ("percent", "number"),
    ("remaining", "number"),
    ("met", "bool"),
    ("source", "text"),
    ("reported_on", "date"),
)
"""The fields of each measure in a task row's ``measures``; ``reported_on`` is the day (in the
campaign's time zone) of the figure ``done`` comes from."""

UNIT_FIELDS: tuple[tuple[str, str], ...] = (
    ("id", "text"),
    ("name", "text"),
    ("level", "category"),
    ("level_label", "category"),
    ("parent", "text"),
    ("external", "bool"),
    ("division_code", "text"),
    ("city", "category"),
    ("county", "category"),
    ("street", "category"),
    ("community", "category"),
)
"""The columns of a unit row (after ``ledger``): the unit, and the units above it by level."""


def _head(
    source: str, rows: int, day: date | None
) -> tuple[list[tuple[str, str]], list[list[Any]]]:
    # ``ledger`` (and ``as_of``) first, repeated on every row: cheap as dictionaries.
    fields: list[tuple[str, str]] = [("ledger", "category")]
    columns: list[list[Any]] = [[source] * rows]
    if day is not None:
        fields.append(("as_of", "date"))
        columns.append([day] * rows)
    return fields, columns


def _table_columns(table: Table) -> tuple[list[tuple[str, str]], list[list[Any]]]:
    fields = [(c.key, c.arrow_kind) for c in table.columns]
    if table.rows:
        return fields, [list(column) for column in zip(*table.rows, strict=True)]
    return fields, [[] for _ in fields]


def measures_type() -> Any:
    """The Arrow type of a task row's ``measures``: a list of structs (:data:`MEASURE_FIELDS`),
    the primary measure first.

    Examples
    --------
    >>> [field.name for field in measures_type().value_type][:4]
    ['name', 'primary', 'kind', 'comparator']
    """
    pa = pyarrow()
    return pa.list_(pa.struct([pa.field(name, arrow_type(kind)) for name, kind in MEASURE_FIELDS]))


def _measure(measure: MeasureProgress, zone: tzinfo) -> dict[str, Any]:
    target = measure.target
    return {
        "name": target.name,
        "primary": measure.primary,
        "kind": target.measure_kind.value,
        "comparator": target.comparator.value,
        "target": target.quantity,
        "unit": target.unit,
        "roll_up": target.roll_up.value if target.roll_up is not None else None,
        "done": measure.done,
        "percent": measure.percent,
        "remaining": measure.remaining,
        "met": measure.met,
        "source": measure.source.value if measure.source is not None else None,
        # A day, as the dataset's other dates (due, signed_off), in the campaign's zone.
        "reported_on": measure.at.astimezone(zone).date() if measure.at is not None else None,
    }


def task_table(ledger: Ledger, day: date, source: str) -> Any:
    """A row per task as of ``day``: the columns of :func:`civledger.query`, then
    :data:`TASK_FIELDS`.

    Examples
    --------
    >>> from civledger import testing
    >>> table = task_table(testing.small_ledger(), date(2026, 5, 1), "small.yaml")
    >>> table.column("id").to_pylist(), table.column("county").to_pylist()
    (['T-001', 'P-001'], ['zc', 'zc'])
    >>> table.column("serves").to_pylist()[0]
    ['wmcs:I', 'wmcs:I-1', 'wmcs:I-1-1']
    """
    found = query(ledger, as_of=day)
    fields, columns = _table_columns(found)
    head_fields, head = _head(source, len(found), day)
    tasks = ledger.index("tasks")
    units = ledger.index("units")
    served = served_nodes(ledger)
    every = states(ledger, day)  # the query's own, kept with the ledger
    zone = ledger.campaign.zone()
    name = ledger.campaign.name
    extra: dict[str, list[Any]] = {key: [] for key, _kind in TASK_FIELDS}
    measures: list[list[dict[str, Any]]] = []
    for task_id in found.values("id"):
        task = tasks[str(task_id)]
        state = every[task.id]
        place = place_of(task)
        lead = units.get(task.lead) if task.lead is not None else None
        extra["campaign_name"].append(name)
        extra["parent"].append(task.parent)
        extra["lead_level"].append(lead.level.value if lead is not None else None)
        for level in (Level.CITY, Level.COUNTY, Level.GRID):
            holder = ancestor_at(ledger, place, level)
            holder_unit = units.get(holder) if holder is not None else None
            extra[level.value].append(holder)
            extra[f"{level.value}_name"].append(holder_unit.name if holder_unit else None)
        extra["cooperating"].append(list(task.cooperating))
        extra["serves"].append(sorted(f"{fw}:{code}" for fw, code in served.get(task.id, ())))
        primary = state.primary
        target = primary.target if primary is not None else None
        extra["target_quantity"].append(target.quantity if target is not None else None)
        extra["target_unit"].append(target.unit if target is not None else None)
        extra["target_comparator"].append(target.comparator.value if target is not None else None)
        extra["target_kind"].append(target.measure_kind.value if target is not None else None)
        extra["measure_count"].append(len(state.measures))
        measures.append([_measure(m, zone) for m in state.measures])
    return arrow_table(
        [*head_fields, *fields, *TASK_FIELDS, ("measures", measures_type())],
        [*head, *columns, *(extra[key] for key, _kind in TASK_FIELDS), measures],
    )


def unit_table(ledger: Ledger, source: str) -> Any:
    """A row per unit (:data:`UNIT_FIELDS`), in ledger order; external bodies included
    (``external``).

    Examples
    --------
    >>> from civledger import testing
    >>> table = unit_table(testing.small_ledger(), "small.yaml")
    >>> table.column("id").to_pylist()[:2], table.column("street").to_pylist()[1]
    (['zc', 'zc-ly'], 'zc-ly')
    """
    index = ledger.index("units")
    rows: list[Unit] = [u for u in ledger.units if index.get(u.id) is u]
    head_fields, head = _head(source, len(rows), None)
    columns: list[list[Any]] = [
        [u.id for u in rows],
        [u.name for u in rows],
        [u.level.value for u in rows],
        [u.level.label for u in rows],
        [u.parent for u in rows],
        [u.external for u in rows],
        [u.division_code for u in rows],
        *(
            [ancestor_at(ledger, u.id, level) for u in rows]
            for level in (Level.CITY, Level.COUNTY, Level.STREET, Level.COMMUNITY)
        ),
    ]
    return arrow_table([*head_fields, *UNIT_FIELDS], [*head, *columns])


def progress_table(ledger: Ledger, day: date, source: str) -> Any:
    """A row per unit of each of :data:`PROGRESS_LEVELS`: ``level``, then the columns of
    :func:`civledger.progress_report` at that level, as of ``day``.

    Examples
    --------
    >>> from civledger import testing
    >>> table = progress_table(testing.small_ledger(), date(2026, 5, 1), "small.yaml")
    >>> sorted(set(table.column("level").to_pylist()))
    ['community', 'county', 'department', 'grid', 'street']
    """
    fields: list[tuple[str, str]] = []
    columns: list[list[Any]] = []
    levels: list[str] = []
    for level in PROGRESS_LEVELS:
        report = progress_report(ledger, level=level, as_of=day)
        fields, found = _table_columns(report)
        if not columns:
            columns = [[] for _ in fields]
        for into, values in zip(columns, found, strict=True):
            into.extend(values)
        levels.extend([level.value] * len(report))
    head_fields, head = _head(source, len(levels), day)
    return arrow_table(
        [*head_fields, ("campaign_name", "category"), ("level", "category"), *fields],
        [*head, [ledger.campaign.name] * len(levels), levels, *columns],
    )


def finding_table(report: Report, source: str) -> Any:
    """A row per finding of the ledger's check (:data:`~civledger.checks.report.FINDING_FIELDS`).

    Examples
    --------
    >>> import attrs, civledger
    >>> from civledger import testing
    >>> report = civledger.check(attrs.evolve(testing.small_ledger(), units=[]),
    ...                          as_of=date(2026, 5, 1))
    >>> finding_table(report, "small.yaml").column("ledger").to_pylist()[0]
    'small.yaml'
    """
    rows = report.to_rows()
    head_fields, head = _head(source, len(rows), None)
    columns = [[row[key] for row in rows] for key, _kind in FINDING_FIELDS]
    return arrow_table([*head_fields, *FINDING_FIELDS], [*head, *columns])


def ledger_tables(ledger: Ledger, report: Report, day: date, source: str) -> Mapping[str, Any]:
    """The four tables of one ledger, by dataset name: ``tasks``, ``findings``, ``units``,
    ``progress``.

    Examples
    --------
    >>> import civledger
    >>> from civledger import testing
    >>> ledger = testing.small_ledger()
    >>> day = date(2026, 5, 1)
    >>> tables = ledger_tables(ledger, civledger.check(ledger, as_of=day), day, "small.yaml")
    >>> {name: table.num_rows for name, table in tables.items()}
    {'tasks': 2, 'findings': 0, 'units': 5, 'progress': 5}
    """
    return {
        "tasks": task_table(ledger, day, source),
        "findings": finding_table(report, source),
        "units": unit_table(ledger, source),
        "progress": progress_table(ledger, day, source),
    }
