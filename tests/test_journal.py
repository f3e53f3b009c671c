"""The journal: state as of a date, appending, the JSON Lines journal file, two writers."""

from __future__ import annotations

import json
import multiprocessing
import subprocess
import sys
from datetime import UTC, date
from pathlib import Path

import attrs
import pytest

import civledger
from civledger import Ledger
from civledger.cli.main import run
from civledger.journal.state import entries_by_task
from journal_support import county, entry, photos


def _split(tmp_path: Path, entries: list[civledger.Entry] | None = None) -> Path:
    """Write the county with its journal in a JSON Lines file; return the ledger's path."""
    ledger = county().build(
        journal=entries or [entry("T-1", "assign", "2026-04-01 09:00", "p-office")]
    )
    civledger.dump(
        attrs.evolve(ledger, journal_file="county.journal.jsonl"), tmp_path / "county.yaml"
    )
    return tmp_path / "county.yaml"


# -- state as of a date -----------------------------------------------------------------------


def test_state_follows_the_life_of_a_problem() -> None:
    entries = [
        entry("P-1", "assign", "2026-04-01 09:00", "p-office"),
        entry("P-1", "claim", "2026-04-01 10:00", "p-comm"),
        entry("P-1", "progress", "2026-04-03 17:00", "p-comm", percent=40.0),
        entry(
            "P-1", "extend", "2026-04-04 09:00", "p-office", due=date(2026, 5, 20), reason="雨季"
        ),
        entry("P-1", "report", "2026-05-12 17:00", "p-comm", evidence=photos(2)),
        entry("P-1", "reject", "2026-05-13 09:00", "p-street", reason="未清理"),
        entry("P-1", "report", "2026-05-14 17:00", "p-comm", evidence=photos(2)),
        entry("P-1", "sign_off", "2026-05-15 09:00", "p-street", id="S-1"),
        entry("P-1", "reopen", "2026-06-01 09:00", "p-office", undoes="S-1"),
    ]
    ledger = county().build(journal=entries)
    at = {day: civledger.state(ledger, "P-1", as_of=date(2026, 5, day)) for day in (2, 13, 15)}
    april = civledger.state(ledger, "P-1", as_of=date(2026, 4, 3))
    assert april.status.value == "in_progress"
    assert april.percent == 40.0
    assert april.due == date(2026, 5, 10)
    assert at[2].due == date(2026, 5, 20)
    assert at[2].extensions == 1
    assert at[13].status.value == "in_progress"
    assert at[13].rejections == 1
    assert at[13].extensions == 1
    assert at[13].due == date(2026, 5, 20)
    assert at[15].status.value == "signed_off"
    assert at[15].signed_off_by == "p-street"
    assert at[15].days_open == 44
    assert not at[15].late
    later = civledger.state(ledger, "P-1", as_of=date(2026, 6, 2))
    assert later.status.value == "reopened"
    assert later.relapses == 1
    assert later.signed_off_at is None
    assert later.overdue(date(2026, 6, 2))
    assert not at[2].overdue(date(2026, 5, 2))
    assert april.overdue(date(2026, 5, 11))
    assert not at[2].overdue(date(2026, 5, 11))
    assert civledger.state(ledger, "P-1", as_of=date(2026, 3, 31)).status.value == "new"


def test_a_due_date_is_not_late_on_the_day_itself() -> None:
    ledger = county().build(journal=[entry("P-1", "assign", "2026-04-01 09:00", "p-office")])
    state = civledger.state(ledger, "P-1", as_of=date(2026, 5, 10))
    assert not state.overdue(date(2026, 5, 10))
    assert state.overdue(date(2026, 5, 11))


def test_the_day_ends_at_midnight_in_the_campaign_time_zone() -> None:
    # 23:30 UTC on 06-30 is 07:30 on 07-01 in Shanghai: not yet on 06-30.
    from datetime import datetime

    late = civledger.Entry(
        at=datetime(2026, 6, 30, 23, 30, tzinfo=UTC),
        task="T-1",
        action=civledger.Action.ASSIGN,
    )
    ledger = county().build(journal=[late])
    assert civledger.state(ledger, "T-1", as_of=date(2026, 6, 30)).status.value == "new"
    assert civledger.state(ledger, "T-1", as_of=date(2026, 7, 1)).status.value == "assigned"


def test_unknown_task_raises() -> None:
    with pytest.raises(civledger.UnknownIdError):
        civledger.state(county().build(), "T-404")


# -- appending in memory ----------------------------------------------------------------------


def test_an_append_gives_a_new_ledger_and_leaves_the_old_one_as_it_was() -> None:
    ledger = county().build(journal=[entry("T-1", "assign", "2026-04-01 09:00", "p-office")])
    before = civledger.states(ledger, as_of=date(2026, 4, 30))
    earlier = civledger.states(ledger, as_of=date(2026, 4, 1))
    writer = civledger.JournalWriter(ledger)
    assert writer.append(entry("T-1", "claim", "2026-04-02 09:00", "p-street")) == []
    after = writer.ledger
    assert after is not ledger
    # The old ledger and the views read from it are unchanged.
    assert before["T-1"].status.value == "assigned"
    assert civledger.states(ledger, as_of=date(2026, 4, 30))["T-1"].status.value == "assigned"
    assert len(ledger.journal) == 1
    # The new one holds the entry, in the views carried forward and in those made afresh.
    assert civledger.states(after, as_of=date(2026, 4, 30))["T-1"].status.value == "claimed"
    assert civledger.states(after, as_of=date(2026, 4, 1))["T-1"].status.value == "assigned"
    assert earlier["T-1"].status.value == "assigned"
    assert [e.action.value for e in entries_by_task(after)["T-1"]] == ["assign", "claim"]
    assert len(after.journal) == 2
    assert civledger.states(after, as_of=date(2026, 5, 2))["T-1"].status.value == "claimed"


def test_views_carried_forward_equal_views_made_afresh() -> None:
    ledger = county().build(journal=[entry("T-1", "assign", "2026-04-01 09:00", "p-office")])
    days = [date(2026, 4, 1), date(2026, 4, 2), date(2026, 6, 1)]
    for day in days:
        civledger.states(ledger, as_of=day)
    entries_by_task(ledger)
    writer = civledger.JournalWriter(ledger)
    for e in [
        entry("P-1", "assign", "2026-04-01 10:00", "p-office"),
        entry("T-1", "claim", "2026-04-02 09:00", "p-street"),
        entry("T-1", "progress", "2026-04-02 08:00", "p-street", percent=5.0),
    ]:
        writer.append(e)
    carried = writer.ledger
    fresh = county().build(journal=list(carried.journal))
    for day in days:
        assert dict(civledger.states(carried, as_of=day)) == dict(
            civledger.states(fresh, as_of=day)
        )
    assert dict(entries_by_task(carried)) == dict(entries_by_task(fresh))


def test_a_refused_append_changes_nothing() -> None:
    ledger = county().build(journal=[entry("T-1", "assign", "2026-04-01 09:00", "p-office")])
    before = dict(civledger.states(ledger, as_of=date(2026, 6, 1)))
    writer = civledger.JournalWriter(ledger)
    issues = writer.append(entry("T-1", "sign_off", "2026-04-02 09:00", "p-county"))
    assert [i.code for i in issues] == ["SGN001"]
    assert issues[0].location.path == ("journal", 1, "action")
    assert writer.ledger is ledger
    assert len(ledger.journal) == 1
    assert dict(civledger.states(ledger, as_of=date(2026, 6, 1))) == before


def test_append_makes_the_next_check_see_the_entry() -> None:
    ledger = county().build(journal=[entry("T-1", "assign", "2026-04-01 09:00", "p-office")])
    assert civledger.check(ledger, select=["SGN"], as_of=date(2026, 6, 1)).valid
    writer = civledger.JournalWriter(ledger)
    writer.append(entry("T-1", "progress", "2026-04-03 09:00", "p-street", percent=10.0))
    writer.append(entry("T-1", "sign_off", "2026-04-04 09:00", "p-county"))  # refused: no report
    report = civledger.check(writer.ledger, select=["SGN"], as_of=date(2026, 6, 1))
    assert report.valid
    assert len(writer.ledger.journal) == 2


def test_an_appended_id_can_be_undone() -> None:
    writer = civledger.JournalWriter(county().build())
    for e in [
        entry("T-1", "assign", "2026-04-01 09:00", "p-office"),
        entry("T-1", "report", "2026-04-02 09:00", "p-street", evidence=photos(1, "T-1")),
        entry("T-1", "sign_off", "2026-04-03 09:00", "p-county", id="S-9"),
    ]:
        assert writer.append(e) == []
    assert writer.ledger.index("journal")["S-9"].action.value == "sign_off"
    reopen = entry("T-1", "reopen", "2026-06-01 09:00", "p-office", undoes="S-9")
    assert writer.append(reopen) == []
    assert civledger.state(writer.ledger, "T-1", as_of=date(2026, 6, 1)).relapses == 1


def test_the_deprecated_append_warns_and_still_changes_the_ledger_in_place() -> None:
    ledger = county().build(journal=[entry("T-1", "assign", "2026-04-01 09:00", "p-office")])
    before = civledger.states(ledger, as_of=date(2026, 4, 30))
    with pytest.warns(DeprecationWarning, match="JournalWriter"):
        issues = civledger.append(ledger, entry("T-1", "claim", "2026-04-02 09:00", "p-street"))
    assert issues == []
    assert len(ledger.journal) == 2
    assert civledger.states(ledger, as_of=date(2026, 4, 30))["T-1"].status.value == "claimed"
    assert before["T-1"].status.value == "assigned"  # a view read before is a value too
    with pytest.warns(DeprecationWarning, match="removed in civledger 2.0"):
        refused = civledger.append(ledger, entry("T-1", "sign_off", "2026-04-03 09:00", "p-zz"))
    assert refused
    assert len(ledger.journal) == 2


# -- the journal file ------------------------------------------------------------------------------


def test_the_deprecated_append_to_a_journal_file_reads_no_entry_twice(tmp_path: Path) -> None:
    ledger = civledger.load(_split(tmp_path))
    claim = entry("T-1", "claim", "2026-04-02 09:00", "p-street")
    report = entry("T-1", "report", "2026-04-03 09:00", "p-street", evidence=photos(1, "T-1"))
    for made in (claim, report):
        with pytest.warns(DeprecationWarning, match="JournalWriter"):
            found = civledger.append(ledger, made)
        assert found == []
    assert [e.action.value for e in ledger.journal] == ["assign", "claim", "report"]


def test_a_journal_file_round_trips(tmp_path: Path) -> None:
    path = _split(tmp_path)
    text = path.read_text(encoding="utf-8")
    assert "journal: county.journal.jsonl" in text
    lines = (tmp_path / "county.journal.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["action"] for line in lines] == ["assign"]
    ledger = civledger.load(path)
    assert ledger.journal_file == "county.journal.jsonl"
    assert len(ledger.journal) == 1
    civledger.dump(ledger, tmp_path / "again.yaml")
    assert civledger.load(tmp_path / "again.yaml") == ledger


def test_append_writes_one_line_to_the_journal_file(tmp_path: Path) -> None:
    path = _split(tmp_path)
    writer = civledger.JournalWriter.open(path)
    assert writer.append(entry("T-1", "claim", "2026-04-02 09:00", "p-street")) == []
    lines = (tmp_path / "county.journal.jsonl").read_bytes().splitlines(keepends=True)
    assert len(lines) == 2
    assert all(line.endswith(b"\n") for line in lines)
    assert json.loads(lines[1])["action"] == "claim"
    assert civledger.load(path).journal == writer.ledger.journal
    refused = writer.append(entry("T-1", "sign_off", "2026-04-03 09:00", "p-county"))
    assert refused
    assert (tmp_path / "county.journal.jsonl").read_bytes().count(b"\n") == 2


def test_findings_in_a_journal_file_name_its_lines(tmp_path: Path) -> None:
    path = _split(
        tmp_path,
        [
            entry("T-1", "assign", "2026-04-01 09:00", "p-office"),
            entry("T-1", "sign_off", "2026-04-02 09:00", "p-county"),
        ],
    )
    report = civledger.check(civledger.load(path), select=["SGN"], as_of=date(2026, 6, 1))
    issue = report.issues[0]
    assert (issue.code, issue.location.file, issue.location.line) == (
        "SGN001",
        str(tmp_path / "county.journal.jsonl"),
        2,
    )


def test_a_torn_last_line_is_reported_then_moved_aside_by_the_next_append(tmp_path: Path) -> None:
    path = _split(tmp_path)
    journal = tmp_path / "county.journal.jsonl"
    fragment = b'{"at": "2026-04-02T09:00:00+08:00", "task": "T-1", "act'
    with journal.open("ab") as stream:
        stream.write(fragment)  # the crash
    ledger = civledger.load(path)
    assert len(ledger.journal) == 1
    torn = [i for i in ledger.origin.observations if i.code == "LDG015"]
    assert len(torn) == 1
    assert torn[0].location.line == 2
    assert torn[0].location.file == str(journal)
    writer = civledger.JournalWriter(ledger)
    notes = writer.append(entry("T-1", "claim", "2026-04-02 10:00", "p-street"))
    assert [(i.code, i.severity.value, i.location.line) for i in notes] == [("LDG018", "info", 2)]
    assert str(journal) + ".torn" in notes[0].message
    again = civledger.load(path)
    assert [e.action.value for e in again.journal] == ["assign", "claim"]
    assert again.origin.observations == ()  # healed: no lasting error
    assert (tmp_path / "county.journal.jsonl.torn").read_bytes() == fragment + b"\n"
    assert (
        writer.append(entry("T-1", "progress", "2026-04-03 10:00", "p-street", percent=5.0)) == []
    )


def test_a_bad_line_in_the_middle_is_reported_by_line(tmp_path: Path) -> None:
    path = _split(tmp_path)
    journal = tmp_path / "county.journal.jsonl"
    good = journal.read_bytes()
    journal.write_bytes(good + b"[1, 2]\n\n" + good)
    ledger = civledger.load(path)
    assert len(ledger.journal) == 2
    assert [(i.code, i.location.line) for i in ledger.origin.observations] == [("LDG014", 2)]
    assert [
        i.code for i in civledger.check(ledger, select=["LDG"], as_of=date(2026, 6, 1)).issues
    ] == ["LDG014"]


def test_a_journal_file_cut_short_under_us_is_an_error(tmp_path: Path) -> None:
    path = _split(tmp_path)
    ledger = civledger.load(path)
    (tmp_path / "county.journal.jsonl").write_bytes(b"")  # in place: the same file, emptied
    with pytest.raises(civledger.JournalConflictError, match="shorter than when it was read"):
        civledger.JournalWriter(ledger).append(
            entry("T-1", "claim", "2026-04-02 09:00", "p-street")
        )


def test_a_second_ledger_on_the_same_file_sees_the_first_ones_appends(tmp_path: Path) -> None:
    path = _split(tmp_path)
    first, second = civledger.JournalWriter.open(path), civledger.JournalWriter.open(path)
    assert first.append(entry("T-1", "claim", "2026-04-02 09:00", "p-street")) == []
    # `second` never saw the claim, but reads it from the file before judging its report.
    report = entry("T-1", "report", "2026-04-03 09:00", "p-street", evidence=photos(1, "T-1"))
    assert second.append(report) == []
    assert [e.action.value for e in second.ledger.journal] == ["assign", "claim", "report"]
    assert [e.action.value for e in first.refresh().journal] == ["assign", "claim", "report"]
    assert [e.action.value for e in civledger.load(path).journal] == ["assign", "claim", "report"]


def _writer(
    path: str, task: str, person: str, count: int, barrier: multiprocessing.synchronize.Barrier
) -> None:
    from datetime import timedelta

    writer = civledger.JournalWriter.open(path)
    barrier.wait()
    for n in range(count):
        when = entry(task, "progress", "2026-04-02 09:00", person).at + timedelta(minutes=n)
        issues = writer.append(
            attrs.evolve(
                entry(task, "progress", "2026-04-02 09:00", person, percent=float(n % 100)), at=when
            ),
        )
        assert issues == [], issues


def test_two_processes_appending_at_once_lose_nothing(tmp_path: Path) -> None:
    path = _split(
        tmp_path,
        [
            entry("T-1", "assign", "2026-04-01 09:00", "p-office"),
            entry("P-1", "assign", "2026-04-01 09:00", "p-office"),
        ],
    )
    count = 150
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(2)
    workers = [
        context.Process(target=_writer, args=(str(path), "T-1", "p-street", count, barrier)),
        context.Process(target=_writer, args=(str(path), "P-1", "p-comm", count, barrier)),
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
        assert worker.exitcode == 0
    ledger = civledger.load(path)
    assert ledger.origin.observations == ()
    assert len(ledger.journal) == 2 + 2 * count
    by_task = entries_by_task(ledger)
    assert len(by_task["T-1"]) == len(by_task["P-1"]) == 1 + count
    lines = (tmp_path / "county.journal.jsonl").read_bytes().split(b"\n")
    assert lines[-1] == b""
    assert all(json.loads(line) for line in lines[:-1])
    assert civledger.check(ledger, select=["SGN"], as_of=date(2026, 6, 1)).valid


# -- civledger log ------------------------------------------------------------------------------


def test_log_prints_the_history_with_statuses_and_findings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _split(
        tmp_path,
        [
            entry("T-1", "assign", "2026-04-01 09:00", "p-office"),
            entry("T-1", "sign_off", "2026-04-02 09:00", "p-county"),
            entry("T-1", "claim", "2026-04-03 09:00", "p-street"),
        ],
    )
    assert run(["log", "T-1", str(path), "--as-of", "2026-06-01", "--lang", "zh"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("T-1 背街小巷整治（任务）截至 2026-06-01：已认领")
    rows = out[3:]
    assert [r.split()[2] for r in rows] == ["交办", "销号", "认领"]
    assert "SGN001" in rows[1]
    assert "SGN001" not in rows[2]
    assert run(["log", "T-1", str(path), "--as-of", "2026-06-01", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [e["status"] for e in doc["entries"]] == ["assigned", "assigned", "claimed"]
    assert run(["log", "T-404", str(path)]) == 2
    assert "T-404" in capsys.readouterr().err


def test_log_runs_as_a_real_command(tmp_path: Path) -> None:
    path = _split(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "civledger", "log", "T-1", str(path), "--lang", "zh"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    assert "交办" in done.stdout
    assert done.stderr == ""


def test_ledgers_stay_comparable_after_appends() -> None:
    one, two = civledger.JournalWriter(county().build()), civledger.JournalWriter(county().build())
    assert one.ledger == two.ledger
    one.append(entry("T-1", "assign", "2026-04-01 09:00", "p-office"))
    assert one.ledger != two.ledger
    two.append(entry("T-1", "assign", "2026-04-01 09:00", "p-office"))
    assert one.ledger == two.ledger
    assert isinstance(one.ledger, Ledger)
