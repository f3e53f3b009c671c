"""The acceptance property of "who answers for what": 不留问题死角，不留管理空白.

For random unit trees (a city or a county on top, streets and towns, communities
and villages, grids, departments and their squads, sometimes a headquarters),
random people in random dated posts (so that some units are vacant on some
days), roads with or without a chief, and random tasks (at roads, subtasks of
others, key projects with their leaders, inherited), every task either has
someone in its chain on its due date (or on the check date when it has none), or
the OWN rules report it. Never neither.

CI runs 120 examples; set ``CIV_EXAMPLES=2000`` to search harder.
"""

from __future__ import annotations

import os
from datetime import date

from hypothesis import HealthCheck, event, find, given, settings
from hypothesis import strategies as st

import civledger
from civledger import (
    Appointment,
    Capacity,
    Contract,
    Ledger,
    Level,
    Place,
    PlaceKind,
    Post,
    Task,
    TaskKind,
    Unit,
)
from civledger.testing import LedgerBuilder
from support import AS_OF

EXAMPLES = int(os.environ.get("CIV_EXAMPLES", "120"))
SETTINGS = settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

# Days around the due dates and the check date, so that posts start and end on, just
# before and just after the days that matter.
DAYS = [
    date(2026, 4, 29),
    date(2026, 4, 30),
    date(2026, 5, 1),
    date(2026, 5, 2),
    date(2026, 6, 14),
    AS_OF,
    date(2026, 6, 16),
    date(2026, 6, 30),
]
maybe_day = st.one_of(st.none(), st.sampled_from(DAYS))

CHILDREN = {
    Level.CITY: (Level.COUNTY, Level.DISTRICT),
    Level.COUNTY: (Level.STREET, Level.TOWN),
    Level.DISTRICT: (Level.STREET,),
    Level.STREET: (Level.COMMUNITY,),
    Level.TOWN: (Level.COMMUNITY, Level.VILLAGE),
    Level.COMMUNITY: (Level.GRID,),
    Level.VILLAGE: (Level.GRID,),
    Level.GRID: (),
}


@st.composite
def unit_trees(draw: st.DrawFn) -> list[Unit]:
    """A tree of territorial units with departments under the counties (and the city)."""
    top = draw(st.sampled_from([Level.CITY, Level.COUNTY, Level.DISTRICT]))
    units = [Unit(id="u0", name="u0", level=top)]
    queue = [units[0]]
    while queue and len(units) < 40:
        parent = queue.pop(0)
        below = CHILDREN[parent.level]
        if below:
            for _ in range(draw(st.integers(0, 3))):
                level = draw(st.sampled_from(below))
                if level is not Level.GRID and draw(st.integers(0, 7)) == 0:
                    level = Level.GRID  # a grid straight under a street or a county: any depth
                child = Unit(
                    id=f"u{len(units)}", name=f"u{len(units)}", level=level, parent=parent.id
                )
                units.append(child)
                queue.append(child)
        if parent.level in (Level.CITY, Level.COUNTY, Level.DISTRICT):
            for _ in range(draw(st.integers(0, 2))):
                bureau = Unit(
                    id=f"u{len(units)}",
                    name=f"u{len(units)}",
                    level=Level.DEPARTMENT,
                    parent=parent.id,
                )
                units.append(bureau)
                if draw(st.booleans()):  # a squad under the bureau
                    units.append(
                        Unit(
                            id=f"u{len(units)}",
                            name=f"u{len(units)}",
                            level=Level.DEPARTMENT,
                            parent=bureau.id,
                        )
                    )
    return units


@st.composite
def spans(draw: st.DrawFn) -> tuple[date | None, date | None]:
    start, end = draw(maybe_day), draw(maybe_day)
    if start is not None and end is not None and end < start:
        start, end = end, start
    return start, end


@st.composite
def ledgers(draw: st.DrawFn) -> Ledger:
    units = draw(unit_trees())
    if draw(st.booleans()):  # a headquarters commanding the top unit's territory
        units.append(Unit(id="hq", name="hq", level=Level.HEADQUARTERS, parent="u0"))
    ids = [u.id for u in units]  # a headquarters may lead a task too
    grids = [u.id for u in units if u.level is Level.GRID]
    places = [u.id for u in units if u.level.territorial]
    bureaus = [u.id for u in units if u.level is Level.DEPARTMENT]
    b = LedgerBuilder()
    for unit in units:
        b.add("units", unit)

    def appoint(post: Post, **where: str) -> None:
        start, end = draw(spans())
        person = f"p{len(b.fields.get('people', []))}"
        b.person(person)
        b.add("appointments", Appointment(person=person, post=post, start=start, end=end, **where))

    for unit in units:
        # 0 appointments: the post is vacant all along; 2: a successor, or an overlap
        for _ in range(draw(st.integers(0, 2))):
            appoint(Post.FIRST_RESPONSIBLE, unit=unit.id)
        if unit.level is Level.GRID:
            for _ in range(draw(st.integers(0, 2))):
                appoint(Post.GRID_KEEPER, unit=unit.id)
        if unit.level is Level.HEADQUARTERS:
            for _ in range(draw(st.integers(0, 1))):
                appoint(Post.COMMANDER, unit=unit.id)
            continue
        if unit.level is not Level.DEPARTMENT and draw(st.integers(0, 3)) == 0:
            appoint(Post.CONTRACT_LEADER, unit=unit.id)
    roads = []
    for n in range(draw(st.integers(0, 2))):  # roads across some territory, with or without chief
        road = Place(
            id=f"r{n}",
            name=f"r{n}",
            kind=PlaceKind.ROAD,
            units=draw(st.lists(st.sampled_from(places), min_size=1, max_size=2, unique=True)),
        )
        b.add("places", road)
        roads.append(road.id)
        for _ in range(draw(st.integers(0, 1))):
            appoint(Post.ROAD_CHIEF, place=road.id)
    if bureaus:
        for _ in range(draw(st.integers(0, 2))):
            start, end = draw(spans())
            b.add(
                "contracts",
                Contract(
                    unit=draw(st.sampled_from(bureaus)),
                    target=draw(st.sampled_from(places)),
                    start=start,
                    end=end,
                ),
            )
    for n in range(draw(st.integers(1, 8))):
        located = draw(st.one_of(st.none(), st.sampled_from(grids or places)))
        due = draw(maybe_day)
        task = Task(
            id=f"T{n}",
            title=f"T{n}",
            kind=TaskKind.PROBLEM if located else TaskKind.TASK,
            lead=draw(st.one_of(st.none(), st.sampled_from(ids))),
            located_in=located,
            due=due,
            ongoing=due is None and draw(st.booleans()),
            places=draw(st.lists(st.sampled_from(roads), max_size=2, unique=True)) if roads else (),
            parent=f"T{draw(st.integers(0, n - 1))}" if n and draw(st.booleans()) else None,
        )
        b.add("tasks", task)
        if draw(st.integers(0, 5)) == 0:  # a key project with its own contract leader
            appoint(Post.CONTRACT_LEADER, task=task.id)
    return b.build()


def findings(ledger: Ledger) -> dict[str, set[str]]:
    """The OWN codes reported for each task id."""
    report = civledger.check(ledger, as_of=AS_OF, select=["OWN"])
    found: dict[str, set[str]] = {}
    for issue in report.issues:
        for subject in issue.subjects:
            found.setdefault(subject, set()).add(issue.code)
    return found


def day_of(task: Task) -> date:
    return task.due or AS_OF


def unstaffed(ledger: Ledger) -> list[str]:
    """The tasks whose chain has nobody in it on their day."""
    return [
        t.id
        for t in ledger.tasks
        if not any(link.person for link in civledger.chain(ledger, t.id, as_of=day_of(t)))
    ]


@SETTINGS
@given(ledgers())
def test_every_task_has_someone_in_its_chain_or_an_own_finding(ledger: Ledger) -> None:
    assert civledger.check(ledger, as_of=AS_OF, select=["LDG"]).issues == ()  # valid references
    flagged = findings(ledger)
    for task in ledger.tasks:
        links = civledger.chain(ledger, task.id, as_of=day_of(task))
        staffed = any(link.person is not None for link in links)
        codes = flagged.get(task.id, set())
        assert staffed or codes, f"{task.id}: nobody in {links} and no OWN finding"
        if not staffed:
            # nobody at all: the task has no lead, or its lead is vacant on its day
            assert codes & {"OWN001", "OWN003"}, (task.id, codes)
        # the chain shows the lead's vacancy exactly when OWN003 reports it
        vacant_lead = any(link.capacity is Capacity.LEAD and link.person is None for link in links)
        assert vacant_lead == ("OWN003" in codes), (task.id, links, codes)
        # and the one-pass view agrees with the chain of one task
        assert civledger.chains(ledger, as_of=day_of(task))[task.id] == tuple(links)
        event("staffed" if staffed else "nobody, reported")
        if staffed and codes:
            event("staffed, reported")


FIND = settings(max_examples=2000, database=None, deadline=None)


def test_the_property_meets_tasks_with_nobody_in_their_chain() -> None:
    """The generator reaches the branch the property is about: a chain with nobody."""
    ledger = find(ledgers(), lambda ledger: bool(unstaffed(ledger)), settings=FIND)
    task = ledger.task(unstaffed(ledger)[0])
    assert findings(ledger)[task.id] & {"OWN001", "OWN003"}


def test_the_property_meets_staffed_tasks_with_a_vacant_lead() -> None:
    def staffed_but_vacant(ledger: Ledger) -> bool:
        flagged = findings(ledger)
        nobody = set(unstaffed(ledger))
        return any(
            "OWN003" in flagged.get(t.id, set()) and t.id not in nobody for t in ledger.tasks
        )

    assert staffed_but_vacant(find(ledgers(), staffed_but_vacant, settings=FIND))


def test_the_property_meets_clean_staffed_tasks() -> None:
    def clean(ledger: Ledger) -> bool:
        flagged = findings(ledger)
        nobody = set(unstaffed(ledger))
        return any(t.id not in flagged and t.id not in nobody for t in ledger.tasks)

    assert clean(find(ledgers(), clean, settings=FIND))
