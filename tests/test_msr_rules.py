"""MSR: one golden test per measures rule — a ledger that breaks it, and one that does not.

The rules of journal entries (MSR001–MSR004, MSR007 for an amount, MSR008) are checked
twice, as the SGN rules are: by ``civledger.check``, and by a ``civledger.JournalWriter``
adding the last entry (which must refuse exactly when the check fails).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs
import pytest

import civledger
from civledger import Amount, Baseline, Entry, Ledger, RollUp, Target
from journal_support import county, entry

AS_OF = date(2026, 6, 15)
START = entry("T-1", "assign", "2026-04-01 09:00", "p-office")


def _ledger(entries: list[Entry], *, subtasks: Any = (), **task: Any) -> Ledger:
    """The county of journal_support with ``task`` set on T-1 (and subtasks of T-1)."""
    b = county()
    for n, target in enumerate(subtasks, 1):
        b.task(f"T-1-{n}", lead="ly", parent="T-1", due="2026-06-20", target=target)
    ledger = b.build(journal=entries)
    tasks = [attrs.evolve(t, **task) if t.id == "T-1" else t for t in ledger.tasks]
    return attrs.evolve(ledger, tasks=tasks)


def _codes(ledger: Ledger) -> list[str]:
    return [i.code for i in civledger.check(ledger, select=["MSR"], as_of=AS_OF).issues]


def _appended(entries: list[Entry], **task: Any) -> list[str]:
    ledger = _ledger(entries[:-1], **task)
    writer = civledger.JournalWriter(ledger)
    issues = writer.append(entries[-1])
    refused = any(i.severity.fails for i in issues)
    assert len(writer.ledger.journal) == len(ledger.journal) + (0 if refused else 1)
    return [i.code for i in issues if i.code.startswith("MSR")]


def _progress(when: str, **figures: Any) -> Entry:
    return entry("T-1", "progress", when, "p-late", **figures)


def _both(code: str, entries: list[Entry], expected: bool, **task: Any) -> None:
    assert (code in _codes(_ledger(entries, **task))) is expected
    assert (code in _appended(entries, **task)) is expected


# -- MSR001 stated percent against done ÷ target -----------------------------------------------


@pytest.mark.parametrize(
    ("figures", "expected"),
    [
        ({"quantity": 3200, "percent": 80.0}, True),  # 64% derived
        ({"quantity": 3200, "percent": 65.0}, False),  # within 2 points
        ({"percent": 80.0}, False),  # nothing to derive it from yet
    ],
)
def test_msr001_stated_percent(figures: dict[str, Any], expected: bool) -> None:
    _both("MSR001", [START, _progress("2026-05-10 17:00", **figures)], expected,
          target=Target.parse("5000平方米"))  # fmt: skip


def test_msr001_compares_with_the_latest_amount_before_the_entry() -> None:
    entries = [START, _progress("2026-05-10 17:00", quantity=3200),
               _progress("2026-05-20 17:00", percent=90.0)]  # fmt: skip
    _both("MSR001", entries, True, target=Target.parse("5000平方米"))


# -- MSR002 回退 ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("second", "expected"),
    [
        ({"quantity": 3000}, True),
        ({"quantity": 3000, "note": "复核后扣除重复统计的200平方米"}, False),
        ({"quantity": 3500}, False),
        ({"amounts": [Amount(value=0.3, unit="万平方米")]}, True),  # 3,000 m², converted
    ],
)
def test_msr002_amount_going_down(second: dict[str, Any], expected: bool) -> None:
    entries = [START, _progress("2026-05-10 17:00", quantity=3200),
               _progress("2026-06-10 17:00", **second)]  # fmt: skip
    _both("MSR002", entries, expected, target=Target.parse("5000平方米"))


def test_msr002_rates_go_up_and_down() -> None:
    entries = [
        START,
        _progress("2026-05-10 17:00", quantity=86),
        _progress("2026-06-10 17:00", quantity=84),
    ]
    _both("MSR002", entries, False, target=Target.parse("≥85%"))


# -- MSR003 above an exact target -------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "figures", "expected"),
    [
        ("39条", {"quantity": 41}, True),
        ("39条", {"quantity": 41, "note": "新增2条纳入整治"}, False),
        ("≥39条", {"quantity": 41}, False),
        ("39条", {"quantity": 39}, False),
    ],
)
def test_msr003_above_target(target: str, figures: dict[str, Any], expected: bool) -> None:
    _both("MSR003", [START, _progress("2026-05-10 17:00", **figures)], expected,
          target=Target.parse(target))  # fmt: skip


# -- MSR004 sign-off short of the target ------------------------------------------------------


def _signed(*figures: Entry) -> list[Entry]:
    return [START, *figures, entry("T-1", "report", "2026-05-20 17:00", "p-late"),
            entry("T-1", "sign_off", "2026-05-21 10:00", "p-county", id="S-1")]  # fmt: skip


@pytest.mark.parametrize(
    ("target", "figures", "expected"),
    [
        ("39条", [_progress("2026-05-10 17:00", quantity=30)], True),
        ("39条", [_progress("2026-05-10 17:00", quantity=39)], False),
        ("≥85%", [_progress("2026-05-10 17:00", quantity=82.5)], True),
        ("≥85%", [_progress("2026-05-10 17:00", quantity=86.1)], False),
        ("39条", [_progress("2026-05-10 17:00", percent=60.0)], True),  # stated only
        ("39条", [], False),  # nothing known: other rules ask for figures
    ],
)
def test_msr004_sign_off_below_target(target: str, figures: list[Entry], expected: bool) -> None:
    _both("MSR004", _signed(*figures), expected, target=Target.parse(target))


def test_msr004_judges_a_roll_up_by_its_subtasks() -> None:
    shares = [Target.parse("20块"), Target.parse("30块")]
    parent = Target(quantity=50, unit="块", roll_up=RollUp.SUM)
    subtasks = [
        entry("T-1-1", "assign", "2026-04-01 09:00", "p-office"),
        entry("T-1-2", "assign", "2026-04-01 09:00", "p-office"),
        entry("T-1-1", "progress", "2026-04-10 17:00", "p-late", quantity=20),
        entry("T-1-1", "report", "2026-04-11 17:00", "p-late"),
        entry("T-1-1", "sign_off", "2026-04-12 10:00", "p-county", id="S-11"),
        entry("T-1-2", "progress", "2026-04-10 17:00", "p-late", quantity=25),
        entry("T-1-2", "report", "2026-04-11 17:00", "p-late"),
        entry("T-1-2", "sign_off", "2026-04-12 10:00", "p-county", id="S-12"),
    ]  # the second street signed off at 25 of 30: MSR004 for it, and for the parent
    ledger = _ledger([START, *subtasks, *_signed()[1:]], target=parent, subtasks=shares)
    found = civledger.check(ledger, select=["MSR004"], as_of=AS_OF).issues
    assert sorted(i.subjects[0] for i in found) == ["T-1", "T-1-2"]


# -- MSR005 沉睡 ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("review", "last", "expected"),
    [
        ("每周", "2026-06-07 17:00", True),
        ("每周", "2026-06-09 17:00", False),
        ("每月", "2026-05-10 17:00", True),
        ("每月", "2026-05-20 17:00", False),
        (None, "2026-04-02 17:00", False),
    ],
)
def test_msr005_dormant(review: str | None, last: str, expected: bool) -> None:
    ledger = _ledger([START, _progress(last, percent=50.0)],
                     review=civledger.Cadence.parse(review) if review else None)  # fmt: skip
    assert ("MSR005" in _codes(ledger)) is expected


def test_msr005_leaves_tasks_waiting_for_a_recheck_alone() -> None:
    entries = [START, entry("T-1", "report", "2026-04-10 17:00", "p-street")]
    ledger = _ledger(entries, review=civledger.Cadence.WEEKLY)
    assert "MSR005" not in _codes(ledger)


# -- MSR006 roll-up totals ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("parent", "shares", "expected"),
    [
        (Target(quantity=391, unit="块", roll_up=RollUp.SUM), ["150块", "200块"], True),
        (Target(quantity=391, unit="块", roll_up=RollUp.SUM), ["150块", "241块"], False),
        (
            Target(quantity=92.1, unit="万平方米", roll_up=RollUp.SUM),
            ["421000㎡", "500000㎡"],
            False,
        ),
        (Target(quantity=3, unit="条", roll_up=RollUp.COUNT), ["1条", "1条"], True),
        (Target(quantity=2, unit="条", roll_up=RollUp.COUNT), ["1条", "1条"], False),
    ],
)
def test_msr006_roll_up_total(parent: Target, shares: list[str], expected: bool) -> None:
    ledger = _ledger([START], target=parent, subtasks=[Target.parse(s) for s in shares])
    assert ("MSR006" in _codes(ledger)) is expected


# -- MSR007 incomparable units ----------------------------------------------------------------


@pytest.mark.parametrize(("unit", "expected"), [("平方米", True), ("km", False)])
def test_msr007_an_amount_in_another_kind_of_unit(unit: str, expected: bool) -> None:
    entries = [START, _progress("2026-05-10 17:00", amounts=[Amount(value=32, unit=unit)])]
    _both("MSR007", entries, expected, target=Target.parse("65.2公里"))


@pytest.mark.parametrize(("unit", "expected"), [("km", True), ("万平方米", False)])
def test_msr007_a_baseline_and_a_subtask_in_another_kind_of_unit(unit: str, expected: bool) -> None:
    target = Target(quantity=92.1, unit="万平方米",
                    baseline=Baseline(as_of=date(2026, 4, 1), value=3, unit=unit))  # fmt: skip
    assert ("MSR007" in _codes(_ledger([START], target=target))) is expected
    parent = Target(quantity=92.1, unit="万平方米", roll_up=RollUp.SUM)
    ledger = _ledger([START], target=parent, subtasks=[Target(quantity=92.1, unit=unit)])
    assert ("MSR007" in _codes(ledger)) is expected


# -- MSR008, MSR009, MSR010 measure names -----------------------------------------------------


@pytest.mark.parametrize(("measure", "expected"), [("面积", False), ("绿地", True), (None, False)])
def test_msr008_unknown_measure(measure: str | None, expected: bool) -> None:
    entries = [START, _progress("2026-05-10 17:00", amounts=[Amount(measure=measure, value=40)])]
    _both("MSR008", entries, expected, target=Target.parse("22个"),
          targets=[Target(quantity=92.1, unit="万平方米", name="面积")])  # fmt: skip


def test_msr009_and_msr010_measure_names() -> None:
    area = Target(quantity=92.1, unit="万平方米", name="面积")
    assert _codes(_ledger([START], targets=[area])) == ["MSR009"]
    assert _codes(_ledger([START], target=Target(quantity=22, unit="个", name="面积"),
                          targets=[area])) == ["MSR010"]  # fmt: skip
    assert _codes(_ledger([START], target=Target(quantity=22, unit="个", name="小区"),
                          targets=[area])) == []  # fmt: skip


def test_the_messages_read_in_chinese() -> None:
    entries = [START, _progress("2026-05-10 17:00", quantity=3200, percent=80.0)]
    issue = civledger.check(_ledger(entries, target=Target.parse("5000平方米")),
                            select=["MSR001"], as_of=AS_OF).issues[0]  # fmt: skip
    with civledger.i18n.use_language("zh"):
        assert issue.message == "T-1 报完成 80%，但按完成量计算为 64.0%"
