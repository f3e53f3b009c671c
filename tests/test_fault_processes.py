"""Issue 12, point 9: the fault suite — processes appending at once, kill -9, torn tails.

Real processes (the functions of tests/fault_worker.py, forked from a server that
imported civledger once) append to one journal file while others rewrite it; some are
killed with SIGKILL at random moments. Every entry an appender was told
was recorded must be in the file at the end, exactly once; no line may be left that
the next load reports as an error; nothing may end in a traceback.

Set ``CIV_FAULT_FIGURES=FILE`` to have each test add its figures (appends, kills, torn
tails) to FILE as a JSON line; docs/reliability.md quotes them.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import signal
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import attrs
import pytest

import civledger
import fault_worker
from civledger import Action, EntryDraft
from civledger.testing import small_ledger

JOURNAL = "ledger.journal.jsonl"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="kill -9 and flock are POSIX"),
]


def _ledger(folder: Path) -> Path:
    path = folder / "ledger.yaml"
    civledger.dump(attrs.evolve(small_ledger(), journal_file=JOURNAL), path)
    return path


def _record(test: str, **figures: int) -> None:
    """Add a test's figures to the file ``CIV_FAULT_FIGURES`` names, if it names one."""
    target = os.environ.get("CIV_FAULT_FIGURES")
    if target:
        with open(target, "a", encoding="utf-8") as out:
            out.write(json.dumps({"test": test, **figures}) + "\n")


def _wait_for(ready: Callable[[], bool], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        assert time.monotonic() < deadline, "the worker never started"
        time.sleep(0.01)


def _acked(acks: Path) -> list[str]:
    return acks.read_text(encoding="utf-8").split() if acks.exists() else []


def _ids(path: Path) -> Counter[str]:
    return Counter(e.id for e in civledger.load(path).journal if e.id is not None)


def _problems(path: Path) -> list[str]:
    return [f"{o.code} {o.location}" for o in civledger.load(path).origin.observations]


def test_appenders_and_a_rewriter_at_once_lose_nothing(tmp_path: Path) -> None:
    """Four processes append (two to one task) while a fifth rewrites the file again and again."""
    path = _ledger(tmp_path)
    t0 = time.time()
    count = 250
    context = _forkserver()
    acks = [tmp_path / f"acks-{n}" for n in range(4)]
    tasks = ["T-001", "T-001", "P-001", "P-001"]
    appenders = [
        context.Process(
            target=fault_worker.append_and_exit,
            args=(str(path), f"w{n}", count, str(acks[n]), tasks[n], 0, t0),
        )
        for n in range(4)
    ]
    done = tmp_path / "rewrites"
    rewriter = context.Process(target=fault_worker.rewrite, args=(str(path), 10_000, str(done)))
    rewriter.start()
    for process in appenders:
        process.start()
    for process in appenders:
        process.join(timeout=300)
    rewriter.kill()  # enough: it rewrote all along
    rewriter.join(timeout=60)
    rewrites = len(done.read_text(encoding="utf-8")) if done.exists() else 0
    refused = [process.exitcode for process in appenders]
    assert refused == [0, 0, 0, 0]  # stamped under the lock: nobody out of order
    acked = [a for file in acks for a in _acked(file)]
    assert len(acked) == 4 * count
    assert rewrites >= 5
    ids = _ids(path)
    assert all(ids[a] == 1 for a in acked), [a for a in acked if ids[a] != 1][:5]
    civledger.dump(civledger.load(path), path)
    assert _problems(path) == []
    report = civledger.check(civledger.load(path), select=["SGN", "LDG"], as_of="2026-12-31")
    assert [i.code for i in report.issues if i.code == "SGN008"] == []
    _record("concurrent", appenders=4, accepted=len(acked), refused=sum(refused), rewrites=rewrites)


def test_kill_9_during_appends_loses_no_acknowledged_entry(tmp_path: Path) -> None:
    """20 appenders, three at a time, each killed at a random moment while appending.

    They are forked from a server that imported civledger once (a fresh interpreter
    costs a second each), and some of their entries carry 30 kB notes.
    """
    path = _ledger(tmp_path)
    t0 = time.time()
    chance = random.Random(12)
    context = _forkserver()
    kills = torn = 0
    started: list[tuple[Any, Path]] = []

    def start() -> None:
        n = len(started)
        ack = tmp_path / f"acks-{n}"
        args = (str(path), f"k{n}", 400, str(ack), "T-001", 10, t0)
        process = context.Process(target=fault_worker.append, args=args)
        process.start()
        started.append((process, ack))

    for _ in range(3):
        start()
    while kills < len(started):
        process, ack = started[kills]
        _wait_for(lambda a=ack: bool(_acked(a)))  # appending
        time.sleep(chance.uniform(0.0, 0.15))
        process.kill()
        process.join(timeout=60)
        assert process.exitcode == -signal.SIGKILL
        kills += 1
        data = (tmp_path / JOURNAL).read_bytes()
        torn += bool(data) and not data.endswith(b"\n")
        if len(started) < 20:
            start()
    notes = civledger.JournalWriter.open(path).repair()  # as the next append would
    assert [n.code for n in notes] == (["LDG018"] if notes else [])
    assert _problems(path) == []
    acked = [a for _, ack in started for a in _acked(ack)]
    ids = _ids(path)
    missing = [a for a in acked if ids[a] != 1]
    assert not missing, (missing[:5], len(acked))
    assert kills == 20
    _record("kill-appends", kills=kills, accepted=len(acked), torn=torn, moved_aside=len(notes))


def _forkserver() -> Any:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["civledger", "civledger.writer", "fault_worker"])
    return context


def test_kill_9_during_rewrites_with_an_appender_running(tmp_path: Path) -> None:
    """Rewriters killed ten times mid-dump while an appender goes on."""
    path = _ledger(tmp_path)
    acks = tmp_path / "acks"
    t0 = time.time()
    context = _forkserver()
    appender = context.Process(
        target=fault_worker.append_and_exit, args=(str(path), "a", 300, str(acks), "P-001", 0, t0)
    )
    appender.start()
    chance = random.Random(7)
    rewrites = 0
    for n in range(10):
        done = tmp_path / f"rewrites-{n}"
        rewriter = context.Process(target=fault_worker.rewrite, args=(str(path), 1000, str(done)))
        rewriter.start()
        _wait_for(done.exists)  # rewriting (one rewrite done)
        time.sleep(chance.uniform(0.0, 0.2))
        rewriter.kill()
        rewriter.join(timeout=60)
        rewrites += len(done.read_text(encoding="utf-8"))
    appender.join(timeout=300)
    assert appender.exitcode == 0
    acked = _acked(acks)
    assert len(acked) == 300
    ids = _ids(path)
    assert all(ids[a] == 1 for a in acked)
    assert _problems(path) == []
    civledger.dump(civledger.load(path), path)  # a rewrite after the kills
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(f".{JOURNAL}.")]
    assert leftovers == []  # temporary files of killed rewrites are cleared under the lock
    _record("kill-rewrites", kills=10, rewrites=rewrites, accepted=len(acked))


def test_torn_tails_at_every_cut_heal_and_keep_the_lines_before(tmp_path: Path) -> None:
    """A journal cut at random bytes (a power cut), then mended: the whole lines before stay."""
    path = _ledger(tmp_path)
    writer = civledger.JournalWriter.open(path)

    base = datetime(2026, 5, 2, 9, tzinfo=timezone(timedelta(hours=8)))
    for n in range(30):
        draft = EntryDraft(
            at=base + timedelta(minutes=n),
            task="T-001",
            action=Action.PROGRESS,
            by="p-qian",
            percent=float(n),
        )
        assert writer.append(draft) == []
    whole = (tmp_path / JOURNAL).read_bytes()
    chance = random.Random(3)
    cuts = sorted(chance.sample(range(1, len(whole)), 60))
    torn_cuts = 0
    for cut in cuts:
        (tmp_path / JOURNAL).write_bytes(whole[:cut])
        before = whole[:cut].count(b"\n")
        ledger = civledger.load(path)
        torn = not whole[:cut].endswith(b"\n")
        assert [o.code for o in ledger.origin.observations] == (["LDG015"] if torn else []) or (
            [o.code for o in ledger.origin.observations] == []  # a whole entry, but its newline
        )
        civledger.JournalWriter(ledger).repair()
        healed = civledger.load(path)
        assert healed.origin.observations == ()
        assert len(healed.journal) in (before, before + 1)
        assert healed.journal[:before] == ledger.journal[:before]
        torn_cuts += torn
    _record("torn-tails", cuts=len(cuts), torn=torn_cuts)
