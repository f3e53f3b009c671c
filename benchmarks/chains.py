"""Benchmark: who answers for every task of a synthetic city (issue: responsibility graph).

    python benchmarks/chains.py [--tasks 1000000]

Measures, on the synthetic city (10 counties x 15 streets x 20 communities x
10 grids, about 33,000 units): the floor (orjson parse), loading, the one pass
over the units that ``civledger.chains`` makes, resolving the chain of every
task through it, the same by a per-task networkx query (the way not to do it,
on a sample), and the ORG and OWN checks. Then the same city organised as
campaigns run it (issue 15): a headquarters in every county with its command and
six groups covering the framework's blocks, a road across each pair of
neighbouring streets with its chief, every tenth task at a road and every
twentieth a subtask of the task before it (inheriting its leaders): the chains
and the checks again.
"""

from __future__ import annotations

import argparse
import itertools
import random
from datetime import date

import attrs
import networkx as nx

import civledger
from _common import best_floor, peak_memory_mb, print_table, save, synthetic, timed
from civledger import Appointment, Group, Level, Place, PlaceKind, Post, Unit
from civledger.graph.tree import unit_tree

DAY = date(2026, 6, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tasks", type=int, default=1_000_000)
    parser.add_argument(
        "--sample", type=int, default=20_000, help="tasks for the per-task networkx query"
    )
    args = parser.parse_args()

    path = synthetic(args.tasks)
    base = best_floor(path)
    t_load, ledger = timed(lambda: civledger.load(path))
    t_pass, view = timed(lambda: civledger.chains(ledger, as_of=DAY))
    t_all, links = timed(lambda: sum(len(view[task_id]) for task_id in view))

    graph = unit_tree(ledger).graph
    sample = random.Random(0).sample(list(ledger.tasks), min(args.sample, len(ledger.tasks)))
    t_nx, _ = timed(lambda: [nx.ancestors(graph, t.lead) for t in sample if t.lead in graph])
    per_million_nx = t_nx / len(sample) * 1_000_000

    t_org, org = timed(lambda: civledger.check(ledger, select=["ORG"], as_of=DAY))
    t_own, own = timed(lambda: civledger.check(ledger, select=["OWN"], as_of=DAY))

    t_make, organised = timed(lambda: organise(ledger))
    t_opass, oview = timed(lambda: civledger.chains(organised, as_of=DAY))
    t_oall, olinks = timed(lambda: sum(len(oview[task_id]) for task_id in oview))
    t_oorg, oorg = timed(lambda: civledger.check(organised, select=["ORG"], as_of=DAY))
    t_oown, oown = timed(lambda: civledger.check(organised, select=["OWN"], as_of=DAY))

    rows = [
        {"measure": "floor: orjson.loads, GC paused (best of 3)", "seconds": base, "floor": base},
        {"measure": "load (civledger.load)", "seconds": t_load, "floor": base},
        {
            "measure": "chains: one pass over the units",
            "seconds": t_pass,
            "floor": base,
            "note": f"{len(ledger.units):,} units",
        },
        {
            "measure": "chains: resolve every task's chain",
            "seconds": t_all,
            "floor": base,
            "note": f"{len(ledger.tasks):,} tasks, {links:,} links",
        },
        {
            "measure": "per-task nx.ancestors (scaled to 1M)",
            "seconds": per_million_nx,
            "floor": base,
            "note": f"measured on {len(sample):,} tasks",
        },
        {"measure": "check --select ORG", "seconds": t_org, "floor": base, "note": org.summary()},
        {"measure": "check --select OWN", "seconds": t_own, "floor": base, "note": own.summary()},
        {
            "measure": "organised: build (places, HQ, groups, subtasks)",
            "seconds": t_make,
            "floor": base,
            "note": f"{len(organised.places):,} roads, {len(organised.groups):,} groups",
        },
        {"measure": "organised: one pass over the units", "seconds": t_opass, "floor": base},
        {
            "measure": "organised: resolve every task's chain",
            "seconds": t_oall,
            "floor": base,
            "note": f"{olinks:,} links",
        },
        {
            "measure": "organised: check --select ORG",
            "seconds": t_oorg,
            "floor": base,
            "note": oorg.summary(),
        },
        {
            "measure": "organised: check --select OWN",
            "seconds": t_oown,
            "floor": base,
            "note": oown.summary(),
        },
    ]
    print_table(
        f"{path.name}: {path.stat().st_size / 1e6:.0f} MB, peak memory {peak_memory_mb():,.0f} MB",
        rows,
    )
    saved = save(
        "chains",
        {
            "file": path.name,
            "tasks": len(ledger.tasks),
            "units": len(ledger.units),
            "rows": rows,
            "peak_memory_mb": peak_memory_mb(),
        },
    )
    print(f"\nresults: {saved}")


def organise(ledger: civledger.Ledger) -> civledger.Ledger:
    """The synthetic city as campaigns organise it: headquarters, groups, roads, subtasks."""
    counties = [u.id for u in ledger.units if u.level is Level.COUNTY]
    streets = [u.id for u in ledger.units if u.level is Level.STREET]
    units = list(ledger.units)
    appointments = list(ledger.appointments)
    people = list(ledger.people)
    groups, places = [], []

    def person(pid: str) -> str:
        people.append(civledger.Person(id=pid, name=pid))
        return pid

    for county in counties:
        hq = f"{county}-hq"
        units.append(Unit(id=hq, name="创城指挥部", level=Level.HEADQUARTERS, parent=county))
        for post in (Post.COMMANDER, Post.POLITICAL_COMMISSAR, Post.EXECUTIVE_DEPUTY_COMMANDER):
            appointments.append(
                Appointment(person=person(f"{hq}-{post.value}"), post=post, unit=hq)
            )
        for n, block in enumerate(("I", "II", "III") * 2):
            gid = f"{hq}-g{n}"
            groups.append(
                Group(id=gid, name=gid, hq=hq, lead=f"{county}-d1", standards=[f"wmcs:{block}"])
            )
            appointments.append(
                Appointment(person=person(f"{gid}-leader"), post=Post.GROUP_LEADER, group=gid)
            )
    for a, b in itertools.pairwise(streets):
        rid = f"road-{a}"
        places.append(Place(id=rid, name=rid, kind=PlaceKind.ROAD, units=[a, b]))
        appointments.append(
            Appointment(person=person(f"{rid}-chief"), post=Post.ROAD_CHIEF, place=rid)
        )
    roads = [p.id for p in places]
    tasks = list(ledger.tasks)
    for i in range(1, len(tasks)):
        changes = {}
        if i % 10 == 0 and roads:
            changes["places"] = (roads[i % len(roads)],)
        if i % 20 == 1:
            changes["parent"] = tasks[i - 1].id
        if changes:
            tasks[i] = attrs.evolve(tasks[i], **changes)
    return attrs.evolve(
        ledger,
        units=units,
        people=people,
        appointments=appointments,
        groups=groups,
        places=places,
        tasks=tasks,
    )


if __name__ == "__main__":
    # Measured as the civledger command runs: the cyclic collector paused (see
    # civledger.paused_gc); the library leaves that choice to the program.
    with civledger.paused_gc():
        main()
