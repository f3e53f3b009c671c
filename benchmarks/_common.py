"""Shared pieces of the benchmarks: synthetic files, the floor, timing, the table.

Every figure is printed beside a floor measured in the same run on the same
file: ``orjson.loads`` of the file with the garbage collector paused. Ratios to
the floor are what to compare between machines; seconds are what to compare
between runs on one machine.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any

import orjson

import civledger
from civledger import Action, Entry
from civledger.journal.state import entries_by_task
from civledger.testing import CST

DATA = Path(__file__).parent / "data"
RESULTS = Path(__file__).parent / "results"

# The city of the issues: 10 counties x 15 streets x 20 communities x 10 grids.
CITY = {"counties": 10, "streets": 15, "communities": 20, "grids": 10}


def synthetic(tasks: int, fmt: str = "json", seed: int = 1) -> Path:
    """The synthetic city ledger with ``tasks`` tasks, written once and reused."""
    DATA.mkdir(exist_ok=True)
    path = DATA / f"city-{tasks}-s{seed}.{fmt}"
    if not path.exists():
        print(f"writing {path.name} ...", file=sys.stderr, flush=True)
        civledger.dump(civledger.synthesize(tasks=tasks, seed=seed, **CITY), path)
    return path


def floor(path: Path) -> float:
    """Seconds to read the file and parse it with orjson, the collector paused."""
    started = time.perf_counter()
    raw = path.read_bytes()
    with civledger.paused_gc():
        orjson.loads(raw)
    return time.perf_counter() - started


def best_floor(path: Path, runs: int = 3) -> float:
    """The fastest of ``runs`` floors, each measured in a process of its own.

    Parsing a whole 500 MB document takes more memory than anything civledger
    does and would stand as the caller's peak; and on a shared machine one run
    of it varies by 2x (page faults), so the fastest run is the floor.
    """
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); from pathlib import Path; "
        "from _common import floor; print(floor(Path(sys.argv[2])))"
    )
    times = []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-c", code, str(Path(__file__).parent), str(path)],
            capture_output=True,
            text=True,
            check=True,
        )
        times.append(float(done.stdout.strip()))
    return min(times)


def progress_entries(ledger: civledger.Ledger, count: int, day: date) -> list[Entry]:
    """``count`` progress entries on tasks open on ``day``, by their lead's first responsible
    person, each later than anything its task has (so that every one is accepted)."""
    by_task = entries_by_task(ledger)
    every = civledger.states(ledger, day)
    moment = datetime.combine(day, clock(9), tzinfo=CST)
    out: list[Entry] = []
    for task in ledger.tasks:
        if len(out) == count:
            break
        state = every[task.id]
        if state.status.value not in ("assigned", "claimed", "in_progress") or task.lead is None:
            continue
        if by_task[task.id][-1].at >= moment:
            continue  # its state may change later on the day
        people = civledger.holders(ledger, task.lead, "first_responsible", day)
        if people:
            at = moment + timedelta(minutes=len(out) + 1)
            out.append(
                Entry(at=at, task=task.id, action=Action.PROGRESS, by=people[0], percent=50.0)
            )
    return out


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds one call takes, and what it returned."""
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def peak_memory_mb() -> float:
    """The peak resident memory of this process so far, in MB (10^6 bytes, as file sizes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6


def print_table(title: str, rows: list[dict[str, Any]]) -> None:
    """Rows of {measure, seconds, floor, ratio, note} as an aligned table."""
    print(f"\n{title}")
    print(f"{'measure':<44} {'seconds':>9} {'floor s':>9} {'x floor':>8}  note")
    print("-" * 90)
    for row in rows:
        ratio = f"{row['seconds'] / row['floor']:.2f}" if row.get("floor") else ""
        fl = f"{row['floor']:.3f}" if row.get("floor") else ""
        print(
            f"{row['measure']:<44} {row['seconds']:>9.3f} {fl:>9} {ratio:>8}  {row.get('note', '')}"
        )


def save(name: str, payload: dict[str, Any]) -> Path:
    """Write the results with the machine they were measured on."""
    RESULTS.mkdir(exist_ok=True)
    payload = {
        "benchmark": name,
        "civledger": civledger.__version__,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        **payload,
    }
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
