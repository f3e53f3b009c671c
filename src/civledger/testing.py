"""Builders for tests: small ledgers made in a few lines.

Use them in your own tests of tools built on civledger::

    from civledger.testing import LedgerBuilder
    b = LedgerBuilder()
    b.unit("zc", level="county")
    b.unit("zc-ly", parent="zc")
    b.task("T-1", lead="zc-ly")
    ledger = b.build()

Values that are enumerations accept their English value or Chinese label; a task's
target may be its text (``target="≥85%"``).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any, TypeVar

import attrs

from civledger.model import (
    Action,
    Appointment,
    Campaign,
    Entry,
    Framework,
    FrameworkNode,
    Ledger,
    Level,
    Person,
    Post,
    Target,
    Task,
    TaskKind,
    Unit,
)

__all__ = ["CST", "LedgerBuilder", "small_ledger"]

T = TypeVar("T")

CST = timezone(timedelta(hours=8), "CST")
"""China Standard Time as a fixed offset, for date-times in tests."""


def _moment(at: datetime | date | str) -> datetime:
    if isinstance(at, str):
        at = datetime.fromisoformat(at)
    if not isinstance(at, datetime):
        at = datetime(at.year, at.month, at.day)
    return at if at.tzinfo is not None else at.replace(tzinfo=CST)


@attrs.define
class LedgerBuilder:
    """Collect entities with short calls, then :meth:`build` a :class:`~civledger.Ledger`.

    Examples
    --------
    >>> b = LedgerBuilder()
    >>> _ = b.unit("zc", "柘城县", level="县")
    >>> _ = b.unit("zc-ly", "龙源街道", parent="zc")
    >>> _ = b.person("p-li", "李某")
    >>> _ = b.appoint("p-li", "第一责任人", unit="zc-ly", start="2026-01-01")
    >>> _ = b.task("T-1", lead="zc-ly", due="2026-06-30")
    >>> _ = b.entry("T-1", "交办", at="2026-04-01T09:00", by="p-li")
    >>> ledger = b.build()
    >>> ledger.task("T-1").due, ledger.journal[0].action.label
    (datetime.date(2026, 6, 30), '交办')
    """

    campaign: Campaign = attrs.field(
        factory=lambda: Campaign(id="test", name="测试创城", evaluation=date(2026, 7, 20))
    )
    fields: dict[str, list[Any]] = attrs.field(factory=dict)

    def add(self, collection: str, entity: T) -> T:
        """Append any entity to a collection by name and return it."""
        self.fields.setdefault(collection, []).append(entity)
        return entity

    def unit(
        self,
        id: str,
        name: str | None = None,
        *,
        level: str | Level = "street",
        parent: str | None = None,
        **extra: Any,
    ) -> Unit:
        """Add a unit (level ``street`` unless told)."""
        return self.add(
            "units", Unit(id=id, name=name or id, level=Level.parse(level), parent=parent, **extra)
        )

    def person(self, id: str, name: str | None = None, **extra: Any) -> Person:
        """Add a person."""
        return self.add("people", Person(id=id, name=name or id, **extra))

    def appoint(
        self,
        person: str,
        post: str | Post,
        *,
        start: str | date | None = None,
        end: str | date | None = None,
        **extra: Any,
    ) -> Appointment:
        """Add an appointment; dates may be ISO text."""
        return self.add(
            "appointments",
            Appointment(
                person=person, post=Post.parse(post), start=_day(start), end=_day(end), **extra
            ),
        )

    def framework(
        self, id: str, *nodes: tuple[str, str | None], name: str | None = None
    ) -> Framework:
        """Add a framework from ``(code, parent)`` pairs."""
        made = [FrameworkNode(code=code, title=code, parent=parent) for code, parent in nodes]
        return self.add("frameworks", Framework(id=id, name=name or id, nodes=made))

    def task(
        self,
        id: str,
        title: str | None = None,
        *,
        kind: str | TaskKind = "task",
        due: str | date | None = None,
        **extra: Any,
    ) -> Task:
        """Add a task or problem; ``due`` may be ISO text, ``target`` its text (``39条``)."""
        if isinstance(extra.get("target"), str):
            extra["target"] = Target.parse(extra["target"])
        return self.add(
            "tasks",
            Task(id=id, title=title or id, kind=TaskKind.parse(kind), due=_day(due), **extra),
        )

    def entry(
        self,
        task: str,
        action: str | Action,
        *,
        at: str | datetime | date = "2026-04-01T09:00",
        **extra: Any,
    ) -> Entry:
        """Add a journal entry; ``at`` without an offset is China Standard Time."""
        return self.add(
            "journal", Entry(task=task, action=Action.parse(action), at=_moment(at), **extra)
        )

    def build(self, **overrides: Any) -> Ledger:
        """Make the ledger; keyword arguments replace whole collections or the campaign."""
        parts: dict[str, Any] = {"campaign": self.campaign, **self.fields}
        parts.update(overrides)
        return Ledger(**parts)


def _day(value: str | date | None) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value


def small_ledger() -> Ledger:
    """A tiny but complete county ledger: county, street, community, grid, a bureau,
    a three-level framework, two tasks and their journal.

    Examples
    --------
    >>> ledger = small_ledger()
    >>> [u.id for u in ledger.units]
    ['zc', 'zc-ly', 'zc-ly-xh', 'zc-ly-xh-g1', 'zc-cg']
    """
    b = LedgerBuilder(
        campaign=Campaign(
            id="zc-2026",
            name="柘城县创建全国文明城市",
            evaluation=date(2026, 7, 20),
            office="zc",
        )
    )
    b.framework("wmcs", ("I", None), ("I-1", "I"), ("I-1-1", "I-1"), name="全国文明城市测评体系")
    b.unit("zc", "柘城县", level="county")
    b.unit("zc-ly", "龙源街道", parent="zc")
    b.unit("zc-ly-xh", "新华社区", level="community", parent="zc-ly")
    b.unit("zc-ly-xh-g1", "新华社区第一网格", level="grid", parent="zc-ly-xh")
    b.unit("zc-cg", "县城管局", level="department", parent="zc")
    for pid, name in (
        ("p-zhao", "赵某"),
        ("p-qian", "钱某"),
        ("p-sun", "孙某"),
        ("p-li", "李某"),
        ("p-zhou", "周某"),
        ("p-wu", "吴某"),
    ):
        b.person(pid, name)
    b.appoint("p-zhao", "first_responsible", unit="zc", start="2026-01-01")
    b.appoint("p-qian", "first_responsible", unit="zc-ly", start="2026-01-01")
    b.appoint("p-sun", "first_responsible", unit="zc-ly-xh", start="2026-01-01")
    b.appoint("p-li", "grid_keeper", unit="zc-ly-xh-g1", start="2026-01-01")
    b.appoint("p-zhou", "first_responsible", unit="zc-cg", start="2026-01-01")
    b.appoint("p-wu", "contract_leader", unit="zc-ly", start="2026-01-01")
    b.task(
        "T-001",
        "背街小巷环境整治",
        lead="zc-ly",
        cooperating=["zc-cg"],
        standards=["wmcs:I-1-1"],
        due="2026-06-30",
    )
    b.task(
        "P-001",
        "占道经营",
        kind="problem",
        lead="zc-cg",
        located_in="zc-ly-xh-g1",
        standards=["wmcs:I-1-1"],
        due="2026-06-20",
    )
    b.entry("T-001", "assign", at="2026-04-01T09:00", by="p-zhao")
    b.entry("P-001", "assign", at="2026-04-02T10:00", by="p-zhao")
    return b.build()
