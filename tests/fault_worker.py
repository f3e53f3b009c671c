"""What the processes of the fault suite do (tests/test_fault_processes.py).

:func:`append` appends ``count`` drafts (stamped under the lock) through one writer, each
with the id ``WORKER-n``, and writes the id of every *accepted* entry to ``acks`` once
``append`` has returned (so every id in ``acks`` must be on disk). Every ``big``-th
entry carries a note of some 30 kB, so that lines of every size are killed around.
:func:`rewrite` loads the ledger and dumps it over itself ``count`` times, as an
import does, adding a dot to ``done`` after each.
"""

from __future__ import annotations

import sys
import time
from datetime import datetime, timedelta, timezone
from typing import Any

import civledger
from civledger import Action, EntryDraft

BASE = datetime(2026, 5, 2, 9, tzinfo=timezone(timedelta(hours=8)))


def append(ledger: str, worker: str, count: int, acks: str, task: str, big: int, t0: float) -> int:
    # One clock for every process (the wall clock, moved to a day on which the people
    # appending hold their posts, whatever the day the suite runs).
    writer = civledger.JournalWriter.open(
        ledger, clock=lambda: BASE + timedelta(seconds=time.time() - t0)
    )
    refused = 0
    with open(acks, "a", encoding="utf-8") as ack:
        for n in range(count):
            note = "大" * (10_000 + n) if big and n % big == big - 1 else None
            draft = EntryDraft(
                id=f"{worker}-{n}",
                task=task,
                action=Action.PROGRESS,
                by="p-zhou" if task == "P-001" else "p-qian",
                percent=float(n % 100),
                note=note,
            )
            found = writer.append(draft)
            if any(issue.severity.fails for issue in found):
                refused += 1
                continue
            ack.write(f"{worker}-{n}\n")
            ack.flush()
    return refused


def append_and_exit(*args: Any) -> None:
    """:func:`append` in a process of its own: its exit code is the number refused."""
    sys.exit(min(append(*args), 100))


def rewrite(ledger: str, count: int, done: str | None) -> int:
    for _ in range(count):
        civledger.dump(civledger.load(ledger), ledger)
        if done is not None:
            with open(done, "a", encoding="utf-8") as out:
                out.write(".")
    return 0
