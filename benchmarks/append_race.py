"""Benchmark: writers racing on one task (issue 12, point 6).

    python benchmarks/append_race.py [--writers 8] [--appends 100]

``--writers`` processes append ``--appends`` progress entries each to one task of one
journal file, at once; first with the time stamped by the app *before* the append
(``Entry(at=now)``: the lock is taken later, and a writer that stamped earlier may
write later, which SGN008 refuses), then as drafts stamped by the writer *inside* the
lock (``EntryDraft``). Prints how many were refused, and the appends per second.
"""

from __future__ import annotations

import argparse
import multiprocessing
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import attrs

import civledger
from _common import save
from civledger import Action, Entry, EntryDraft
from civledger.testing import small_ledger

BASE = datetime(2026, 5, 2, 9, tzinfo=timezone(timedelta(hours=8)))


def _writer(path: str, appends: int, drafts: bool, t0: float, refused: object) -> None:
    def now() -> datetime:
        return BASE + timedelta(seconds=time.time() - t0)

    writer = civledger.JournalWriter.open(path, clock=now)
    count = 0
    for n in range(appends):
        if drafts:
            entry: Entry | EntryDraft = EntryDraft(
                task="T-001", action=Action.PROGRESS, by="p-qian", percent=float(n % 100)
            )
        else:
            entry = Entry(
                at=now(), task="T-001", action=Action.PROGRESS, by="p-qian", percent=float(n % 100)
            )
        count += any(issue.severity.fails for issue in writer.append(entry))
    with refused.get_lock():  # type: ignore[attr-defined]
        refused.value += count  # type: ignore[attr-defined]


def race(writers: int, appends: int, drafts: bool) -> tuple[int, float]:
    """(refused appends, seconds) for ``writers`` processes appending to one task at once."""
    folder = Path(tempfile.mkdtemp(prefix="civledger-race-"))
    path = folder / "ledger.yaml"
    civledger.dump(attrs.evolve(small_ledger(), journal_file="j.jsonl"), path)
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["civledger", "civledger.writer"])
    refused = context.Value("i", 0)
    t0 = time.time()
    processes = [
        context.Process(target=_writer, args=(str(path), appends, drafts, t0, refused))
        for _ in range(writers)
    ]
    started = time.perf_counter()
    for process in processes:
        process.start()
    for process in processes:
        process.join()
    return refused.value, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--appends", type=int, default=100)
    args = parser.parse_args()
    total = args.writers * args.appends
    rows = []
    print(f"\n{args.writers} writers x {args.appends} appends to one task")
    print(f"{'stamped':<32} {'refused':>8} {'share':>7} {'appends/s':>10}")
    print("-" * 60)
    for label, drafts in (
        ("by the app, before the lock", False),
        ("by the writer, in the lock", True),
    ):
        refused, seconds = race(args.writers, args.appends, drafts)
        rate = (total - refused) / seconds
        rows.append({"stamped": label, "refused": refused, "total": total, "seconds": seconds})
        print(f"{label:<32} {refused:>8,} {refused / total:>7.0%} {rate:>10,.0f}")
    saved = save("append_race", {"writers": args.writers, "appends": args.appends, "rows": rows})
    print(f"\nresults: {saved}")


if __name__ == "__main__":
    main()
