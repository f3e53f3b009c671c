"""Where the time of ``civledger check`` goes, on the synthetic city.

    python benchmarks/breakdown.py [--tasks 1000000]

Loading is split into its steps: finding the lists of civledger's JSON layout
(a scan of the file), decoding each list's entries into typed structs (msgspec),
and building each collection's entities — or, for the journal, the rows of its
columns — from the structs (collector paused, as the loader does); what is left of
``civledger.load`` is the ledger's own indexes and the bookkeeping between.
Checking is split by rule family, after the one pass over the journal that the
SGN and PHS families share. Each row is
shown beside the floor (``orjson.loads`` of the whole file, best of three) and
with its cost per entry.
"""

from __future__ import annotations

import argparse
import gc
from datetime import date
from typing import Any

import civledger
from _common import best_floor, print_table, save, synthetic, timed
from civledger.checks.catalogue import default_registry
from civledger.io.file_bytes import FileSource
from civledger.io.json_layout import split_layout
from civledger.journal.audit import audit
from civledger.model import Entry
from civledger.model.framework import Framework
from civledger.model.journal_columns import JournalColumns
from civledger.model.ledger import COLLECTIONS
from civledger.serialization.compiled import compiled
from civledger.serialization.journal_rows import JournalRows

AS_OF = date(2026, 6, 15)


def _per(seconds: float, count: int, noun: str) -> str:
    return f"{count:,} {noun}, {seconds / count * 1e6:.2f} µs each" if count else ""


def _loading(path: Any, floor: float) -> tuple[list[dict[str, Any]], float]:
    rows: list[dict[str, Any]] = []
    source = FileSource(path)
    seconds, doc = timed(lambda: split_layout(source))
    assert doc is not None, "the synthetic file is in civledger's layout"
    rows.append({"measure": "find the lists (scan the file)", "seconds": seconds, "floor": floor})
    built = 0.0
    with civledger.paused_gc():
        for collection in COLLECTIONS:
            entries = doc.get(collection.name)
            if collection.kind is Framework or entries is None:
                continue
            made = compiled(collection.kind)
            assert made is not None
            decoded: list[list[Any]] = []

            def decode(entries: Any = entries, made: Any = made, decoded: Any = decoded) -> None:
                for _, _, _, _, run in entries.runs():
                    decoded.append(made.decode(b"[" + run + b"]"))

            seconds, _ = timed(decode)
            count = len(entries)
            if seconds > 0.05:
                rows.append(
                    {
                        "measure": f"decode {collection.name} (msgspec)",
                        "seconds": seconds,
                        "floor": floor,
                        "note": _per(seconds, count, "entries"),
                    }
                )
            if collection.kind is Entry:
                rows_of = JournalRows(JournalColumns())

                def build(decoded: Any = decoded, rows_of: Any = rows_of) -> None:
                    for structs in decoded:
                        rows_of.add_all(structs)

                noun = "rows of the journal's columns"
            else:

                def build(decoded: Any = decoded, made: Any = made) -> None:
                    for structs in decoded:
                        [made.build(s) for s in structs]

                noun = "entities"
            seconds, _ = timed(build)
            built += seconds
            if seconds > 0.05:
                rows.append(
                    {
                        "measure": f"build {collection.name}",
                        "seconds": seconds,
                        "floor": floor,
                        "note": _per(seconds, count, noun),
                    }
                )
    source.close()
    return rows, built


def measure(tasks: int) -> dict[str, Any]:
    """The rows of the breakdown for the synthetic city of ``tasks`` tasks."""
    path = synthetic(tasks)
    floor = best_floor(path)
    rows: list[dict[str, Any]] = [
        {"measure": "floor: orjson.loads, GC paused (best of 3)", "seconds": floor, "floor": floor}
    ]
    steps, _ = _loading(path, floor)
    gc.collect()
    seconds, ledger = timed(lambda: civledger.load(path))
    entries = len(ledger.journal)
    shown = sum(r["seconds"] for r in steps)
    rows.extend(steps)
    rows.append(
        {
            "measure": "the rest of loading (indexes, bookkeeping)",
            "seconds": max(seconds - shown, 0.0),
            "floor": floor,
        }
    )
    rows.append({"measure": "= civledger.load", "seconds": seconds, "floor": floor})
    seconds, _ = timed(lambda: audit(ledger, AS_OF))
    rows.append(
        {
            "measure": "check: the journal pass (SGN and PHS)",
            "seconds": seconds,
            "floor": floor,
            "note": _per(seconds, entries, "entries"),
        }
    )
    total = seconds
    families = sorted({r.code[:3] for r in default_registry().select(None, None, False)})
    for family in families:
        seconds, report = timed(
            lambda family=family: civledger.check(ledger, select=[family], as_of=AS_OF)
        )
        total += seconds
        rows.append(
            {
                "measure": f"check: {family} rules",
                "seconds": seconds,
                "floor": floor,
                "note": report.summary(),
            }
        )
    rows.append({"measure": "= civledger.check", "seconds": total, "floor": floor})
    title = f"{len(ledger.tasks):,} tasks, {len(ledger.units):,} units, {entries:,} journal entries"
    print_table(title, rows)
    return {"tasks": len(ledger.tasks), "file": path.name, "rows": rows}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tasks", type=int, default=1_000_000)
    args = parser.parse_args()
    saved = save("breakdown", {"as_of": AS_OF.isoformat(), **measure(args.tasks)})
    print(f"\nresults: {saved}")


if __name__ == "__main__":
    # Measured as the civledger command runs: the cyclic collector paused (see
    # civledger.paused_gc); the library leaves that choice to the program.
    with civledger.paused_gc():
        main()
