"""Benchmark: who answers for every task of a synthetic city (issue: responsibility graph).

    python benchmarks/chains.py [--tasks 1000000]

Measures, on the synthetic city (10 counties x 15 streets x 20 communities x
10 grids, about 33,000 units): the floor (orjson parse), loading, the one pass
over the units that ``civledger.chains`` makes, resolving the chain of every
task through it, the same by a per-task networkx query (the way not to do it,
on a sample), and the ORG and OWN checks.
"""

from __future__ import annotations

import argparse
import random
from datetime import date

import networkx as nx

import civledger
from _common import best_floor, peak_memory_mb, print_table, save, synthetic, timed
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


if __name__ == "__main__":
    # Measured as the civledger command runs: the cyclic collector paused (see
    # civledger.paused_gc); the library leaves that choice to the program.
    with civledger.paused_gc():
        main()
