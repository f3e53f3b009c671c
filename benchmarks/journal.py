"""Benchmark: the journal of a synthetic city (issue: journal and sign-off).

    python benchmarks/journal.py [--tasks 1000000]

Measures, on the synthetic city: the floor (orjson parse), loading, the state
of every task as of a date (one pass over the journal), the SGN check, and
appending entries with the policy checked — the first append (which builds the
per-task index once), then the median of many, in memory and to a JSON Lines
journal file (locked, flushed to disk).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from datetime import date
from pathlib import Path

import attrs

import civledger
from _common import (
    best_floor,
    peak_memory_mb,
    print_table,
    progress_entries,
    save,
    synthetic,
    timed,
)
from civledger import Entry

DAY = date(2026, 6, 1)


def _median_ms(writer: civledger.JournalWriter, entries: list[Entry]) -> tuple[float, int]:
    times, refused = [], 0
    for entry in entries:
        seconds, issues = timed(lambda e=entry: writer.append(e))
        times.append(seconds * 1000)
        refused += bool(issues)
    return statistics.median(times), refused


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tasks", type=int, default=1_000_000)
    parser.add_argument("--appends", type=int, default=200)
    args = parser.parse_args()

    path = synthetic(args.tasks)
    base = best_floor(path)
    t_load, ledger = timed(lambda: civledger.load(path))
    # Every state built: states() is a mapping that builds a task's state when it is read.
    t_states, every = timed(lambda: dict(civledger.states(ledger, DAY)))
    t_check, report = timed(lambda: civledger.check(ledger, select=["SGN"], as_of=DAY))

    entries = progress_entries(ledger, args.appends + 1, DAY)
    writer = civledger.JournalWriter(ledger)
    t_first, first = timed(lambda: writer.append(entries[0]))
    memory_ms, refused = _median_ms(writer, entries[1:])

    folder = Path(tempfile.mkdtemp())
    split = attrs.evolve(ledger, journal_file="journal.jsonl")
    civledger.dump(split, folder / "city.json")
    on_file = civledger.load(folder / "city.json")
    file_entries = progress_entries(on_file, args.appends + 1, DAY)
    file_writer = civledger.JournalWriter(on_file)
    file_writer.append(file_entries[0])
    file_ms, file_refused = _median_ms(file_writer, file_entries[1:])

    rows = [
        {"measure": "floor: orjson.loads, GC paused (best of 3)", "seconds": base, "floor": base},
        {"measure": "load", "seconds": t_load, "floor": base},
        {
            "measure": "state of every task as of a date",
            "seconds": t_states,
            "floor": base,
            "note": f"{len(every):,} tasks, {len(ledger.journal):,} entries, one pass",
        },
        {
            "measure": "check --select SGN",
            "seconds": t_check,
            "floor": base,
            "note": report.summary(),
        },
        {
            "measure": "first append (builds the per-task index)",
            "seconds": t_first,
            "floor": base,
            "note": "accepted" if not first else "refused",
        },
        {
            "measure": "append, policy checked, in memory (median)",
            "seconds": memory_ms / 1000,
            "floor": base,
            "note": f"{memory_ms:.3f} ms over {len(entries) - 1} appends, {refused} refused",
        },
        {
            "measure": "append to a JSONL file, locked + fsync (median)",
            "seconds": file_ms / 1000,
            "floor": base,
            "note": f"{file_ms:.3f} ms, {file_refused} refused",
        },
    ]
    print_table(
        f"{path.name}: {path.stat().st_size / 1e6:.0f} MB, peak memory {peak_memory_mb():,.0f} MB",
        rows,
    )
    saved = save(
        "journal",
        {
            "file": path.name,
            "tasks": len(ledger.tasks),
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
