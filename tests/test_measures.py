"""Progress by measure, computed by hand: done, percent, remaining, met, roll-ups, pace.

The figures below were worked out on paper from the entries of each case; the
property at the end says that a task's progress depends only on its own entries
up to the date (and its subtasks', for a roll-up), whatever the other tasks do.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import attrs
import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import civledger
from civledger import Amount, Baseline, Comparator, Ledger, RollUp, Target
from civledger.reports.measures import measure_row
from civledger.testing import CST, LedgerBuilder
from journal_support import county, entry

DISTRICT = "examples/district-100-days.yaml"


def _ledger(*tasks: tuple[str, dict[str, object]], journal: list[civledger.Entry]) -> Ledger:
    b = county()
    for task_id, extra in tasks:
        b.task(task_id, lead="ly", due="2026-06-30", **extra)  # type: ignore[arg-type]
    return b.build(journal=journal)


# -- the issue's case: a stated percent, then amounts only ------------------------------------


def test_a_later_amount_makes_the_stated_percent_stale() -> None:
    # 1,004,000 m² to remove. April: "55.1%" and 553,204 m²; May and June: amounts only.
    ledger = _ledger(
        ("X", {"target": "1004000 平方米"}),
        journal=[
            entry("X", "assign", "2026-04-01 09:00", "p-office"),
            entry("X", "progress", "2026-04-10 17:00", "p-street", percent=55.1, quantity=553204),
            entry("X", "progress", "2026-05-10 17:00", "p-late", quantity=750000),
            entry("X", "progress", "2026-06-10 17:00", "p-late", quantity=903600),
        ],
    )
    april = civledger.state(ledger, "X", "2026-04-30")
    assert april.stated_percent == 55.1
    assert april.quantity == 553204
    assert april.percent == pytest.approx(55.1, abs=1e-9)  # 553,204 / 1,004,000
    may = civledger.state(ledger, "X", "2026-05-31")
    assert may.percent == pytest.approx(750000 / 1004000 * 100)  # 74.70…, not 55.1
    june = civledger.state(ledger, "X", "2026-06-15")
    assert june.percent == pytest.approx(90.0)
    assert june.stated_percent == 55.1  # kept, and compared (MSR001), never the truth
    primary = june.primary
    assert primary is not None
    assert (primary.done, primary.remaining, primary.met) == (903600, 100400, False)
    assert primary.at == datetime(2026, 6, 10, 17, tzinfo=CST)
    assert primary.first == 553204
    assert civledger.query(ledger, as_of="2026-06-15").to_rows()[-1]["percent"] == 90.0


def test_a_stated_percent_stands_until_an_amount_arrives() -> None:
    ledger = _ledger(
        ("X", {"target": "39条"}),
        ("Y", {}),  # no target: a later quantity still makes the percent stale
        journal=[
            entry("X", "assign", "2026-04-01 09:00", "p-office"),
            entry("X", "progress", "2026-04-10 17:00", "p-street", percent=40.0),
            entry("X", "progress", "2026-04-20 17:00", "p-street", quantity=13),
            entry("Y", "assign", "2026-04-01 09:00", "p-office"),
            entry("Y", "progress", "2026-04-10 17:00", "p-street", percent=40.0, quantity=5),
            entry("Y", "progress", "2026-04-20 17:00", "p-street", quantity=7),
        ],
    )
    assert civledger.state(ledger, "X", "2026-04-15").percent == 40.0
    assert civledger.state(ledger, "X", "2026-04-25").percent == pytest.approx(100 / 3)
    assert civledger.state(ledger, "Y", "2026-04-15").percent == 40.0
    late = civledger.state(ledger, "Y", "2026-04-25")
    assert (late.percent, late.quantity, late.stated_percent) == (None, 7, 40.0)


def test_a_baseline_counts_from_the_end_of_its_day() -> None:
    target = Target(
        quantity=391, unit="块", baseline=Baseline(as_of=date(2026, 4, 10), value=164, percent=42)
    )
    ledger = _ledger(
        ("X", {"target": target}),
        journal=[
            entry("X", "assign", "2026-04-01 09:00", "p-office"),
            entry("X", "progress", "2026-04-10 10:00", "p-street", quantity=150),  # before it
            entry("X", "progress", "2026-04-11 09:00", "p-street", quantity=200),
        ],
    )
    assert civledger.state(ledger, "X", "2026-04-09").percent is None
    on_the_day = civledger.state(ledger, "X", "2026-04-10").primary
    assert on_the_day is not None
    assert (on_the_day.done, on_the_day.source.value) == (164, "baseline")  # type: ignore[union-attr]
    after = civledger.state(ledger, "X", "2026-04-11")
    assert (after.quantity, after.primary.first) == (200, 150)  # type: ignore[union-attr]
    stated = _ledger(
        (
            "Z",
            {
                "target": attrs.evolve(
                    target, baseline=Baseline(as_of=date(2026, 4, 10), percent=55.1)
                )
            },
        ),
        journal=[entry("Z", "assign", "2026-04-01 09:00", "p-office")],
    )
    assert civledger.state(stated, "Z", "2026-04-11").percent == 55.1  # stated at launch


def test_rates_ceilings_and_two_measures() -> None:
    ledger = _ledger(
        ("R", {"target": "≥85%"}),
        ("C", {"target": "≤5处"}),
        ("M", {"target": Target(quantity=22, unit="个", name="小区"),
               "targets": [Target(quantity=92.1, unit="万平方米", name="面积")]}),
        journal=[
            entry("R", "assign", "2026-04-01 09:00", "p-office"),
            entry("R", "progress", "2026-04-30 17:00", "p-street", quantity=82.4),
            entry("R", "progress", "2026-05-31 17:00", "p-late", quantity=86.2),
            entry("C", "assign", "2026-04-01 09:00", "p-office"),
            entry("C", "progress", "2026-05-15 17:00", "p-late", quantity=6),
            entry("M", "assign", "2026-04-01 09:00", "p-office"),
            entry("M", "progress", "2026-05-15 17:00", "p-late", quantity=10,
                  amounts=[Amount(measure="面积", value=400000, unit="平方米")]),
        ],
    )  # fmt: skip
    april = civledger.state(ledger, "R", "2026-04-30").primary
    may = civledger.state(ledger, "R", "2026-05-31").primary
    assert (april.met, april.percent) == (False, pytest.approx(82.4 / 85 * 100))  # type: ignore[union-attr]
    assert (may.met, may.remaining) == (True, 0.0)  # type: ignore[union-attr]
    ceiling = civledger.state(ledger, "C", "2026-05-31")
    assert (ceiling.percent, ceiling.primary.met, ceiling.primary.remaining) == (None, False, 1.0)  # type: ignore[union-attr]
    two = civledger.state(ledger, "M", "2026-05-31")
    area = two.measure("面积")
    assert area is not None
    assert (two.percent, area.done) == (pytest.approx(10 / 22 * 100), 40.0)  # 400,000 ㎡ = 40 万㎡
    assert area.percent == pytest.approx(40 / 92.1 * 100)
    assert civledger.state(ledger, "M", "2026-05-31").measure("小区") is two.primary


# -- roll-ups -------------------------------------------------------------------------------


def _roll_ups() -> Ledger:
    b = county()
    b.task(
        "SUM",
        lead="zc",
        due="2026-06-30",
        target=Target(quantity=391, unit="块", roll_up=RollUp.SUM),
    )
    b.task("S1", lead="ly", parent="SUM", due="2026-06-20", target="150块")
    b.task("S2", lead="xh", parent="SUM", due="2026-06-20", target="241块")
    b.task(
        "CNT",
        lead="zc",
        due="2026-06-30",
        target=Target(quantity=3, unit="条", roll_up=RollUp.COUNT),
    )
    for n in (1, 2, 3):
        b.task(f"C{n}", lead="ly", parent="CNT", due="2026-06-20")
    journal = [
        entry("SUM", "assign", "2026-04-01 08:00", "p-office"),
        entry("CNT", "assign", "2026-04-01 08:00", "p-office"),
        *(entry(t, "assign", "2026-04-01 09:00", "p-office")
          for t in ("S1", "S2", "C1", "C2", "C3")),
        entry("S1", "progress", "2026-04-10 17:00", "p-street", quantity=90),
        entry("S2", "progress", "2026-04-12 17:00", "p-comm", quantity=60),
        entry("S1", "progress", "2026-05-10 17:00", "p-late", quantity=150),
        entry("C1", "report", "2026-04-20 17:00", "p-street"),
        entry("C1", "sign_off", "2026-04-21 09:00", "p-county", id="S-C1"),
        entry("C2", "report", "2026-05-20 17:00", "p-late"),
        entry("C2", "sign_off", "2026-05-21 09:00", "p-county", id="S-C2"),
        entry("C3", "cancel", "2026-05-22 09:00", "p-office",
              reason="并入C2", approved_by="p-county"),
    ]  # fmt: skip
    return b.build(journal=journal)


@pytest.mark.parametrize(
    ("day", "summed", "counted"),
    [
        ("2026-04-05", (None, 0), (0.0, 3)),
        ("2026-04-11", (90.0, 1), (0.0, 3)),
        ("2026-04-30", (150.0, 2), (1.0, 3)),
        ("2026-05-31", (210.0, 2), (2.0, 2)),  # C3 cancelled: counts for nothing
    ],
)
def test_roll_ups_as_of_a_date(
    day: str, summed: tuple[object, int], counted: tuple[float, int]
) -> None:
    every = civledger.states(_roll_ups(), as_of=day)
    total, count = every["SUM"].primary, every["CNT"].primary
    assert (total.done, total.counted) == summed  # type: ignore[union-attr]
    assert (count.done, count.counted) == counted  # type: ignore[union-attr]
    if summed[0] is not None:
        assert every["SUM"].percent == pytest.approx(summed[0] / 391 * 100)  # type: ignore[operator]
    assert every["CNT"].percent == pytest.approx(counted[0] / 3 * 100)


def test_an_append_carries_the_roll_ups_above_the_entry() -> None:
    ledger = _roll_ups()
    day = date(2026, 6, 15)
    before = civledger.states(ledger, as_of=day)  # kept: the writer carries it forward
    assert before["SUM"].primary.done == 210.0  # type: ignore[union-attr]
    writer = civledger.JournalWriter(ledger)
    assert writer.append(entry("S2", "progress", "2026-06-01 17:00", "p-comm", quantity=241)) == []
    carried = civledger.states(writer.ledger, as_of=day)
    assert carried["SUM"].primary.done == 391.0  # type: ignore[union-attr]
    fresh = civledger.states(writer.ledger.with_entries(), as_of=day)
    assert dict(carried) == dict(fresh)
    assert before["SUM"].primary.done == 210.0  # the old ledger is unchanged  # type: ignore[union-attr]


# -- pace and forecast ----------------------------------------------------------------------


def test_pace_and_forecast_of_the_district_example_by_hand() -> None:
    ledger = civledger.load(DISTRICT)
    day = date(2026, 6, 15)
    every = civledger.states(ledger, as_of=day)

    def row(task: str, measure: str | None = None) -> dict[str, object]:
        state = every[task]
        return measure_row(ledger, task, state.measure(measure), state, day)  # type: ignore[arg-type]

    first = row("T-01")
    # From the baseline (553,204 m² at the end of 10 April, counted from that day) to 15 June:
    # 66 days, 903,600 - 553,204 = 350,396 m², 5,309.03 a day; 100,400 to go in 5 days.
    assert first["pace"] == pytest.approx(350396 / 66)
    assert first["pace_needed"] == pytest.approx(100400 / 5)
    assert first["forecast"] == day + timedelta(days=19)  # ceil(100,400 / 5,309.03) = 19
    assert first["outlook"] == "cannot finish on time"
    roads = row("T-04")  # 12 of 15 roads signed off; assigned 10 April, 66 days
    assert (roads["done"], roads["percent"], roads["pace"]) == (12.0, 0.8, pytest.approx(12 / 66))
    area = row("T-05", "面积")  # 40 万㎡ on 15 May, 68.5 on 12 June: 28.5 over 31 days
    assert area["pace"] == pytest.approx(28.5 / 31)
    assert row("T-06")["outlook"] == "met"
    assert row("T-07")["outlook"] == "ongoing"
    assert row("T-09")["outlook"] == "met"


def test_the_measures_report_in_chinese() -> None:
    with civledger.i18n.use_language("zh"):
        table = civledger.measures_report(civledger.load(DISTRICT))
        text = table.to_text()
    assert table.title == "各项指标完成进度（截至 2026-06-15）"
    assert "无法按期完成" in text
    assert "可按期完成" in text
    assert table.columns[4].label == "目标"


# -- the property -------------------------------------------------------------------------


OTHER = st.lists(
    st.tuples(
        st.sampled_from(["O1", "O2"]),
        st.integers(0, 60),
        st.floats(0, 500, allow_nan=False),
        st.booleans(),
    ),
    max_size=12,
)


@settings(max_examples=40, deadline=None)
@given(other=OTHER, order=st.randoms(use_true_random=False), day=st.integers(0, 70))
def test_progress_depends_only_on_the_tasks_own_entries(
    other: list[tuple[str, int, float, bool]], order: object, day: int
) -> None:
    own = [
        entry("X", "assign", "2026-04-01 09:00", "p-office"),
        entry("X", "progress", "2026-04-10 17:00", "p-street", percent=55.1, quantity=553204),
        entry("X", "progress", "2026-05-10 17:00", "p-late", quantity=750000),
    ]
    noise = [
        civledger.Entry(
            at=datetime(2026, 4, 1, 12, tzinfo=CST) + timedelta(days=offset),
            task=task,
            action=civledger.Action.PROGRESS,
            by="p-street",
            **({"quantity": value} if as_amount else {"percent": min(value, 100.0)}),
        )
        for task, offset, value, as_amount in other
    ]
    mixed = own + noise
    order.shuffle(mixed)  # type: ignore[attr-defined]
    tasks = (("X", {"target": "1004000 平方米"}), ("O1", {"target": "≥85%"}), ("O2", {}))
    alone = _ledger(*tasks, journal=own)
    crowded = _ledger(*tasks, journal=mixed)
    when = date(2026, 4, 1) + timedelta(days=day)
    assert civledger.state(crowded, "X", when) == civledger.state(alone, "X", when)


def test_the_comparator_and_text_of_a_target() -> None:
    assert Target.parse("85%以上").comparator is Comparator.AT_LEAST
    assert Target.parse("不超过5处") == Target(quantity=5, unit="处", comparator=Comparator.AT_MOST)
    assert str(Target.parse("1,004,000 ㎡")) == "1004000 ㎡"
    with pytest.raises(ValueError, match="cannot read"):
        Target.parse("≥")
    ledger = LedgerBuilder().build(
        tasks=[civledger.Task(id="T", title="t", target=Target.parse("≥85%"))]
    )
    assert "comparator: at_least" in civledger.dumps(ledger)


def test_amounts_alone_are_a_complete_progress_entry_and_text_targets_fit_the_schema() -> None:
    ledger = _ledger(
        ("X", {"target": Target(quantity=22, unit="个"),
               "targets": [Target(quantity=92.1, unit="万平方米", name="面积")]}),
        journal=[
            entry("X", "assign", "2026-04-01 09:00", "p-office"),
            entry("X", "progress", "2026-04-10 17:00", "p-street",
                  amounts=[Amount(measure="面积", value=30)]),
        ],
    )  # fmt: skip
    assert civledger.check(ledger, select=["SGN013"], as_of="2026-06-15").issues == ()
    document = json.loads(civledger.dumps(ledger, format="json"))
    document["tasks"][-1]["target"] = "≥85%"
    jsonschema.Draft202012Validator(civledger.json_schema()).validate(document)
    assert civledger.loads(json.dumps(document), format="json").task("X").target == Target(
        quantity=85, unit="%", comparator=Comparator.AT_LEAST
    )


def test_the_district_example_checks_clean_strict_too() -> None:
    ledger = civledger.load(DISTRICT)
    assert ledger.origin is not None
    assert ledger.origin.observations == ()
    assert civledger.check(ledger, strict=True).issues == ()
    # It holds what the issue asks of it: amounts, a rate, two measures, both roll-ups.
    targets = [t for task in ledger.tasks for t in task.all_targets]
    assert {t.measure_kind.value for t in targets} == {"amount", "rate"}
    assert {t.roll_up.value for t in targets if t.roll_up is not None} == {"sum", "count"}
    assert any(len(task.all_targets) == 2 for task in ledger.tasks)
