"""SCR rules: each broken example triggers its rule; the same ledger, fixed, does not."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import attrs

import civledger
from civledger import Grade, GradeCounts, Ledger

BROKEN = Path(__file__).resolve().parent.parent / "examples" / "broken"
AS_OF = date(2026, 6, 15)


def scr(ledger: Ledger, *codes: str) -> list[tuple[str, tuple[str, ...]]]:
    report = civledger.check(ledger, select=list(codes) or ["SCR"], as_of=AS_OF)
    return [(i.code, i.subjects) for i in report.issues]


def test_scr001_stated_totals() -> None:
    ledger = civledger.load(BROKEN / "SCR001-stated-totals.yaml")
    assert scr(ledger) == [("SCR001", ("X-01",))]
    # The grades give 1 A (I-2-1) and 1 B (I-2-2): stating that is clean.
    fixed = attrs.evolve(ledger.inspections[0], stated=GradeCounts(a=1, b=1))
    assert scr(attrs.evolve(ledger, inspections=[fixed])) == []


def test_scr002_veto_incident() -> None:
    ledger = civledger.load(BROKEN / "SCR002-veto-incident.yaml")
    assert scr(ledger) == [("SCR002", ("I-01", "N-01"))]
    unconfirmed = attrs.evolve(ledger.incidents[0], confirmed=False)
    assert scr(attrs.evolve(ledger, incidents=[unconfirmed])) == []
    # Before the incident happened there is nothing to report.
    assert civledger.check(ledger, select=["SCR"], as_of=date(2026, 6, 1)).issues == ()
    not_veto = attrs.evolve(ledger.negative_list[0], veto=False, deduction=0.5)
    assert scr(attrs.evolve(ledger, negative_list=[not_veto])) == []


def test_scr003_prerequisite_failed() -> None:
    ledger = civledger.load(BROKEN / "SCR003-prerequisite-failed.yaml")
    # B and B: 0.6 of 2 and 0.6 of 1 points: 1.8 of 3 = 60, below 85.
    assert scr(ledger) == [("SCR003", ("wmcs:I-2",))]
    inspection = ledger.inspections[0]
    # A for I-2-1 (2 points) and B for I-2-2 (1 point): 2.6 of 3 = 86.7, above 85.
    lifted = [attrs.evolve(inspection.grades[0], grade=Grade.A), inspection.grades[1]]
    fixed = attrs.evolve(inspection, grades=lifted)
    assert scr(attrs.evolve(ledger, inspections=[fixed])) == []


def test_scr004_standard_graded_c_only_when_named() -> None:
    ledger = civledger.load(BROKEN / "SCR003-prerequisite-failed.yaml")
    inspection = ledger.inspections[0]
    failing = [attrs.evolve(inspection.grades[0], grade=Grade.C), inspection.grades[1]]
    graded_c = attrs.evolve(ledger, inspections=[attrs.evolve(inspection, grades=failing)])
    assert scr(graded_c, "SCR004") == [("SCR004", ("wmcs:I-2-1", "X-01"))]
    assert ("SCR004", ("wmcs:I-2-1", "X-01")) not in scr(graded_c)  # extra tier: not by default
    assert scr(ledger, "SCR004") == []  # B and B: nothing graded C


def test_the_example_ledger_has_no_scr_finding() -> None:
    ledger = civledger.load(BROKEN.parent / "zhecheng.yaml")
    assert scr(ledger) == []
    # 消灭C级: one standard is still graded C in the mock assessment of 06-12.
    assert scr(ledger, "SCR004") == [("SCR004", ("wmcs-2025:III-2-1-2", "X-12"))]
