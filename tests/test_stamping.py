"""Issue 12, point 6: appends stamped under the lock never refuse each other for order.

An :class:`civledger.EntryDraft` without ``at`` is stamped by the writer with the current
time in the campaign's zone, inside the journal's lock, after reading what others
appended, and never earlier than its task's last entry. Entries in files still need
their ``at`` (LDG005).
"""

from __future__ import annotations

import multiprocessing
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import attrs
import pytest

import civledger
from civledger import Action, EntryDraft
from civledger.testing import CST
from journal_support import county, entry

BASE = datetime(2026, 5, 2, 9, tzinfo=CST)


def _split(folder: Path) -> Path:
    ledger = county().build(
        journal=[
            entry("T-1", "assign", "2026-04-01 09:00", "p-office"),
            entry("P-1", "assign", "2026-04-01 09:00", "p-office"),
        ]
    )
    civledger.dump(attrs.evolve(ledger, journal_file="j.jsonl"), folder / "county.yaml")
    return folder / "county.yaml"


def test_a_draft_is_stamped_with_the_clock_in_the_campaign_zone() -> None:
    clock = datetime(2026, 5, 2, 1, 30, tzinfo=UTC)
    writer = civledger.JournalWriter(county().build(), clock=lambda: clock)
    draft = EntryDraft(task="T-1", action=Action.ASSIGN, by="p-office")
    assert writer.append(draft) == []
    recorded = writer.ledger.journal[-1]
    assert recorded.at == clock
    assert recorded.at.utcoffset() == timedelta(hours=8)
    assert recorded.at.isoformat() == "2026-05-02T09:30:00+08:00"


def test_a_draft_is_never_stamped_before_its_tasks_last_entry() -> None:
    late = entry("T-1", "assign", "2026-05-10 09:00", "p-office")
    writer = civledger.JournalWriter(county().build(journal=[late]), clock=lambda: BASE)
    assert writer.append(EntryDraft(task="T-1", action=Action.CLAIM, by="p-late")) == []
    assert writer.ledger.journal[-1].at == late.at


def test_a_draft_with_its_own_time_keeps_it() -> None:
    writer = civledger.JournalWriter(county().build(), clock=lambda: BASE)
    at = datetime(2026, 4, 1, 9, tzinfo=CST)
    assert writer.append(EntryDraft(at=at, task="T-1", action=Action.ASSIGN, by="p-office")) == []
    assert writer.ledger.journal[-1].at == at


def test_a_draft_has_the_fields_of_an_entry() -> None:
    assert [f.name for f in attrs.fields(EntryDraft)] == [
        f.name for f in attrs.fields(civledger.Entry)
    ]
    defaults = {f.name: f.default for f in attrs.fields(civledger.Entry) if f.name != "at"}
    assert defaults == {f.name: f.default for f in attrs.fields(EntryDraft) if f.name != "at"}


def test_a_journal_line_without_at_is_still_ldg005(tmp_path: Path) -> None:
    path = _split(tmp_path)
    with (tmp_path / "j.jsonl").open("ab") as stream:
        stream.write(b'{"task":"T-1","action":"claim","by":"p-street"}\n')
    ledger = civledger.load(path)
    assert [o.code for o in ledger.origin.observations] == ["LDG005"]


def _drafting(path: str, task: str, person: str, count: int, barrier: object, t0: float) -> int:
    """Append ``count`` progress drafts; the clock is shared by all the processes."""
    writer = civledger.JournalWriter.open(
        path, clock=lambda: BASE + timedelta(seconds=time.time() - t0)
    )
    barrier.wait()  # type: ignore[attr-defined]
    refused = 0
    for n in range(count):
        draft = EntryDraft(task=task, action=Action.PROGRESS, by=person, percent=float(n % 100))
        refused += bool(writer.append(draft))
    if refused:
        raise SystemExit(refused)
    return refused


@pytest.mark.slow
def test_writers_appending_drafts_to_one_task_never_refuse_each_other(tmp_path: Path) -> None:
    path = _split(tmp_path)
    writers, count = 4, 25
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(writers)
    t0 = time.time()
    workers = [
        context.Process(target=_drafting, args=(str(path), "P-1", "p-comm", count, barrier, t0))
        for _ in range(writers)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert [w.exitcode for w in workers] == [0] * writers  # exit code = refused appends
    ledger = civledger.load(path)
    assert ledger.origin.observations == ()
    assert len(ledger.journal) == 2 + writers * count
    progress = [e.at for e in ledger.journal if e.task == "P-1"]
    assert progress == sorted(progress)  # written in time order: nobody out of order
    report = civledger.check(ledger, select=["SGN"], as_of="2026-06-01")
    assert report.valid, [str(i) for i in report.issues]
