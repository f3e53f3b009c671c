"""A small county for the journal tests: who works where, and a few tasks."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from civledger import (
    Action,
    Campaign,
    Entry,
    Evidence,
    EvidenceKind,
    EvidenceMinimum,
    SignOffPolicy,
    TaskKind,
)
from civledger.testing import CST, LedgerBuilder

EVALUATION = date(2026, 7, 20)


def county(**campaign: Any) -> LedgerBuilder:
    """County zc > street ly > community xh > grid g1, bureau cg and the office under zc.

    People: p-county (first responsible of zc), p-street (ly), p-comm (xh), p-grid
    (keeper of g1), p-bureau (cg), p-office (office director), p-deputy (a county
    leader who only contracts ly, 包挂), p-idle (no post at all), p-late (first
    responsible of ly only from 2026-05-01).
    """
    b = LedgerBuilder(
        campaign=Campaign(id="t", name="测试", evaluation=EVALUATION, office="office", **campaign)
    )
    b.unit("zc", "柘城县", level="county")
    b.unit("ly", "龙源街道", parent="zc")
    b.unit("xh", "新华社区", level="community", parent="ly")
    b.unit("g1", "第一网格", level="grid", parent="xh")
    b.unit("cg", "县城管局", level="department", parent="zc")
    b.unit("office", "县创城办", level="department", parent="zc")
    for pid in (
        "p-county",
        "p-street",
        "p-comm",
        "p-grid",
        "p-bureau",
        "p-office",
        "p-deputy",
        "p-idle",
        "p-late",
    ):
        b.person(pid)
    b.appoint("p-county", "first_responsible", unit="zc", start="2026-01-01")
    b.appoint("p-street", "first_responsible", unit="ly", start="2026-01-01", end="2026-04-30")
    b.appoint("p-late", "first_responsible", unit="ly", start="2026-05-01")
    b.appoint("p-comm", "first_responsible", unit="xh", start="2026-01-01")
    b.appoint("p-grid", "grid_keeper", unit="g1", start="2026-01-01")
    b.appoint("p-bureau", "first_responsible", unit="cg", start="2026-01-01")
    b.appoint("p-office", "office_director", unit="office", start="2026-01-01")
    b.appoint("p-deputy", "contract_leader", unit="ly", start="2026-01-01")
    b.task("T-1", "背街小巷整治", lead="ly", due="2026-06-30")
    b.task("P-1", "占道经营", kind=TaskKind.PROBLEM, lead="xh", located_in="g1", due="2026-05-10")
    b.task("T-P", "总任务", lead="zc", due="2026-06-30")
    b.task("T-S1", "子任务一", lead="ly", parent="T-P", due="2026-06-20")
    b.task("T-S2", "子任务二", lead="xh", parent="T-P", due="2026-06-20")
    return b


def at(text: str) -> datetime:
    """A China Standard Time moment from ``"2026-04-02 09:00"``."""
    return datetime.fromisoformat(text).replace(tzinfo=CST)


def entry(task: str, action: str | Action, when: str, by: str | None = None, **extra: Any) -> Entry:
    """A journal entry at a CST moment."""
    return Entry(at=at(when), task=task, action=Action.parse(action), by=by, **extra)


def photos(n: int, task: str = "P-1") -> tuple[Evidence, ...]:
    """``n`` pieces of evidence."""
    return tuple(
        Evidence(kind=EvidenceKind.PHOTO_AFTER, ref=f"photos/{task}-{i}.jpg") for i in range(n)
    )


STRICT_POLICY = SignOffPolicy(
    evidence=[
        EvidenceMinimum(kind=TaskKind.PROBLEM, count=2),
        EvidenceMinimum(kind=TaskKind.TASK, count=1),
    ],
    recheck=True,
    relapse_days=30,
)

LIFE = [
    ("assign", "2026-04-01 09:00", "p-office", {}),
    ("claim", "2026-04-01 10:00", "p-street", {}),
    ("progress", "2026-04-10 17:00", "p-street", {"percent": 50.0}),
    ("report", "2026-04-20 17:00", "p-street", {"evidence": photos(1, "T-1")}),
    ("recheck", "2026-04-21 09:00", "p-county", {}),
    ("sign_off", "2026-04-21 10:00", "p-county", {"id": "S-1"}),
]
"""A clean life of T-1, signed off by the county under the strict policy."""
