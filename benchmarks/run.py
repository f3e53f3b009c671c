"""The benchmark suite: a synthetic city ledger at 10k, 100k and 1M tasks.

    python benchmarks/run.py                 # 10k, 100k and 1M tasks (about 2 minutes)
    python benchmarks/run.py --sizes 10000   # a quick run

For each size, in a fresh process (so that peak memory is that size's own):
the floor (``orjson.loads`` of the file, collector paused; the fastest of three
runs, each in a process of its own), loading the JSON
file, loading the YAML form (10k and 100k), ``civledger check`` with every
basic rule, every task's chain, the state of every task as of a date, one
report, and appending one journal entry to the loaded ledger with the policy
checked (median of many). Then the targets are judged and everything goes to
``benchmarks/results/run.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import civledger
from _common import (
    RESULTS,
    best_floor,
    peak_memory_mb,
    progress_entries,
    save,
    synthetic,
    timed,
)

AS_OF = date(2026, 6, 15)
YAML_SIZES = (10_000, 100_000)
FLOOR_RUNS = 3


def measure(tasks: int) -> dict[str, Any]:
    """Every figure for one size (run in its own process)."""
    path = synthetic(tasks)
    rows: dict[str, float] = {"floor": best_floor(path, FLOOR_RUNS)}
    rows["load_json"], ledger = timed(lambda: civledger.load(path))
    rows["check"], report = timed(lambda: civledger.check(ledger, as_of=AS_OF))
    check_peak = peak_memory_mb()  # civledger check = load + check, before the other measures
    if tasks in YAML_SIZES:
        yaml_path = synthetic(tasks, fmt="yaml")
        rows["load_yaml"], _ = timed(lambda: civledger.load(yaml_path))
    rows["chains"], _ = timed(lambda: sum(len(c) for c in civledger.chains(ledger, AS_OF).values()))
    # Measure the fold itself, not the one the check kept: a ledger one entry longer shares
    # no journal view with this one.
    longer = ledger.with_entries()
    # Every state built: states() is a mapping that builds a task's state when it is read.
    rows["states"], _ = timed(lambda: sum(1 for _ in civledger.states(longer, AS_OF).values()))
    rows["report"], _ = timed(lambda: _one_report(ledger))
    counted = len(ledger.journal)  # before the appends below
    entries = progress_entries(ledger, 201, AS_OF)
    writer = civledger.JournalWriter(ledger)
    writer.append(entries[0])  # the first builds the per-task index
    times = [timed(lambda e=e: writer.append(e))[0] for e in entries[1:]]
    rows["append_ms"] = statistics.median(times) * 1000
    return {
        "tasks": len(ledger.tasks),
        "units": len(ledger.units),
        "entries": counted,
        "file_mb": path.stat().st_size / 1e6,
        "peak_mb": check_peak,
        "findings": report.summary(),
        "seconds": rows,
    }


def _one_report(ledger: civledger.Ledger) -> Any:
    """The progress of every street (a whole pass over the tasks), rendered as text."""
    return civledger.progress_report(ledger, level="street", as_of=AS_OF).to_text()


def _table(results: list[dict[str, Any]]) -> None:
    names = [
        ("floor", "floor: orjson.loads, GC paused (best of 3)"),
        ("load_json", "load JSON"),
        ("load_yaml", "load YAML"),
        ("check", "check, every basic rule (ledger loaded)"),
        ("load+check", "civledger check = load + check"),
        ("chains", "every task's chain"),
        ("states", "state of every task as of a date"),
        ("report", "one report"),
    ]
    for result in results:
        s = result["seconds"]
        s["load+check"] = s["load_json"] + s["check"]
        print(
            f"\n{result['tasks']:,} tasks, {result['units']:,} units, "
            f"{result['entries']:,} journal entries; file {result['file_mb']:.0f} MB, "
            f"peak memory of civledger check {result['peak_mb']:,.0f} MB "
            f"({result['peak_mb'] / result['file_mb']:.1f}x the file)"
        )
        print(f"  {'measure':<42} {'seconds':>9} {'x floor':>8}")
        for key, label in names:
            if key in s:
                print(f"  {label:<42} {s[key]:>9.3f} {s[key] / s['floor']:>8.2f}")
        print(f"  {'append one entry, policy checked (median)':<42} {s['append_ms']:>7.3f} ms")
        print(f"  findings: {result['findings']}")


def _targets(results: list[dict[str, Any]]) -> list[tuple[str, bool, str]]:
    by_size = {r["tasks"]: r for r in results}
    judged = []
    if 1_000_000 in by_size:
        big = by_size[1_000_000]
        s = big["seconds"]
        ratio = (s["load_json"] + s["check"]) / s["floor"]
        judged.append(("civledger check within 4x the floor (aim 3x)", ratio <= 4, f"{ratio:.2f}x"))
        loading = s["load_json"] / s["floor"]
        judged.append(("load within 1.5x the floor", loading <= 1.5, f"{loading:.2f}x"))
        memory = big["peak_mb"] / big["file_mb"]
        judged.append(("peak memory within 3x the JSON file", memory <= 3, f"{memory:.2f}x"))
        judged.append(("append under 5 ms", s["append_ms"] < 5, f"{s['append_ms']:.3f} ms"))
        if 100_000 in by_size:
            small = by_size[100_000]["seconds"]
            growth = (s["load_json"] + s["check"]) / (small["load_json"] + small["check"])
            judged.append(("100k -> 1M grows at most 11x", growth <= 11, f"{growth:.2f}x"))
    return judged


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # a worker: one size, JSON out
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one)))
        return
    results = []
    for size in args.sizes:
        print(f"measuring {size:,} tasks ...", file=sys.stderr, flush=True)
        done = subprocess.run(
            [sys.executable, __file__, "--one", str(size)],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": "0"},
        )
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    _table(results)
    judged = _targets(results)
    if judged:
        print("\ntargets (1M tasks, this machine):")
        for name, met, figure in judged:
            print(f"  [{'met' if met else 'MISSED'}] {name}: {figure}")
    saved = save(
        "run",
        {
            "as_of": AS_OF.isoformat(),
            "results": results,
            "targets": [{"target": n, "met": m, "figure": f} for n, m, f in judged],
        },
    )
    print(f"\nresults: {saved}")
    print(f"(synthetic files are kept in {Path(__file__).parent / 'data'}; results in {RESULTS})")


if __name__ == "__main__":
    # Measured as the civledger command runs: the cyclic collector paused (see
    # civledger.paused_gc); the library leaves that choice to the program.
    with civledger.paused_gc():
        main()
