"""civledger inside another program: the host process left as found, threads, caches, arguments.

Web back ends, dispatch apps and notebooks import civledger. No public call may change
process-wide state (the garbage collector, the umask, the locale, signal handlers,
warnings filters); ledgers are immutable values that threads may share; caches are
bounded and never pickled; every public function answers misuse with a civledger error
that names the parameter.
"""

from __future__ import annotations

import contextlib
import gc
import inspect
import locale
import os
import pickle
import signal
import threading
import warnings
import weakref
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

import civledger
from civledger import Action, Entry, Ledger, testing
from civledger.cli.main import run
from civledger.model.views import DATED_VIEWS

EXAMPLE = Path(__file__).parent.parent / "examples" / "zhecheng.yaml"
WORKBOOK = Path(__file__).parent.parent / "examples" / "zhecheng-ledger.xlsx"
DAY = date(2026, 5, 20)


def _umask() -> int:
    """The process's umask, read without changing it (Linux: /proc/self/status)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("Umask:"):
            return int(line.split()[1], 8)
    raise AssertionError("no Umask line in /proc/self/status")


def _process_state() -> dict[str, Any]:
    return {
        "gc enabled": gc.isenabled(),
        "gc threshold": gc.get_threshold(),
        "gc frozen": gc.get_freeze_count(),
        "umask": _umask(),
        "locale": locale.setlocale(locale.LC_ALL, None),
        "signals": {s: signal.getsignal(s) for s in signal.valid_signals() if s < signal.NSIG},
        "warnings filters": list(warnings.filters),
    }


# -- every public entry point leaves the host as found --------------------------------------------


def _calls(tmp: Path) -> dict[str, Callable[[], object]]:
    """One call of every public function (and class with behaviour) of ``civledger``."""
    ledger = civledger.load(EXAMPLE)
    small = testing.small_ledger()
    table = civledger.progress_report(ledger)
    at = datetime(2026, 4, 3, 9, tzinfo=testing.CST)
    claim = Entry(at=at, task="T-001", action=Action.CLAIM, by="p-qian")
    events = civledger.supervision_calendar(ledger, date(2026, 5, 1), date(2026, 5, 31))

    def with_warning() -> object:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            return civledger.append(testing.small_ledger(), claim)

    def chart() -> object:
        return civledger.chart_png(civledger.battle_map(ledger, as_of=DAY))

    def rule() -> object:
        return civledger.rule("ACM001", "acme", title="t", message="m")(lambda _l, _c: iter(()))

    def writer() -> object:
        return civledger.JournalWriter(testing.small_ledger()).append(claim)

    def paused() -> object:
        with civledger.paused_gc():
            return civledger.load(EXAMPLE)

    return {
        "load": lambda: civledger.load(EXAMPLE),
        "loads": lambda: civledger.loads(EXAMPLE.read_text(encoding="utf-8")),
        "dump": lambda: civledger.dump(ledger, tmp / "out.yaml"),
        "dumps": lambda: civledger.dumps(ledger),
        "json_schema": civledger.json_schema,
        "check": lambda: civledger.check(ledger),
        "rules": civledger.rules,
        "rule": rule,
        "chain": lambda: civledger.chain(ledger, "T-001", DAY),
        "chains": lambda: civledger.chains(ledger, DAY),
        "duties": lambda: civledger.duties(ledger, "zc-cg", DAY),
        "holders": lambda: civledger.holders(ledger, "zc-ly", "第一责任人", DAY),
        "vacancies": lambda: civledger.vacancies(ledger, as_of=DAY),
        "unit_tree": lambda: civledger.unit_tree(ledger),
        "org_graph": lambda: civledger.org_graph(ledger, DAY),
        "state": lambda: civledger.state(ledger, "T-001", DAY),
        "states": lambda: civledger.states(ledger, DAY),
        "append": with_warning,
        "JournalWriter": writer,
        "paused_gc": paused,
        "plan_backwards": lambda: civledger.plan_backwards(date(2026, 7, 20)),
        "plan_cycle": lambda: civledger.plan_cycle(2026),
        "days_remaining": lambda: civledger.days_remaining(ledger, DAY),
        "phase_of": lambda: civledger.phase_of(ledger, DAY),
        "parse_deadline": lambda: civledger.parse_deadline("6月底前", DAY),
        "parse_day": lambda: civledger.parse_day("2026年6月30日"),
        "supervision_calendar": lambda: events,
        "to_ics": lambda: civledger.to_ics(events, ledger.campaign),
        "off_day": lambda: civledger.off_day(DAY),
        "holiday_table": civledger.holiday_table,
        "query": lambda: civledger.query(ledger, as_of=DAY),
        "rollup": lambda: civledger.rollup([EXAMPLE], tmp / "province", jobs=1, pause_gc=True),
        "progress_report": lambda: civledger.progress_report(ledger, as_of=DAY),
        "ranking_report": lambda: civledger.ranking_report(ledger, as_of=DAY),
        "coverage_report": lambda: civledger.coverage_report(ledger, as_of=DAY),
        "cycle_report": lambda: civledger.cycle_report(ledger, as_of=DAY),
        "campaign_years": lambda: civledger.campaign_years(ledger),
        "next_evaluations": lambda: civledger.next_evaluations(ledger, DAY),
        "scorecard": lambda: civledger.scorecard(ledger, as_of=DAY),
        "scorecard_report": lambda: civledger.scorecard_report(ledger, as_of=DAY),
        "overdue_report": lambda: civledger.overdue_report(ledger, as_of=DAY),
        "measures_report": lambda: civledger.measures_report(ledger, as_of=DAY),
        "materials_report": lambda: civledger.materials_report(ledger, as_of=DAY),
        "render": lambda: civledger.render(table, "xlsx"),
        "battle_map": chart,
        "burndown_chart": lambda: civledger.burndown_chart(ledger, as_of=DAY),
        "ranking_chart": lambda: civledger.ranking_chart(civledger.ranking_report(ledger)),
        "chart_png": chart,
        "import_xlsx": lambda: civledger.import_xlsx(WORKBOOK, into=ledger),
        "export_xlsx": lambda: civledger.export_xlsx(ledger, tmp / "台账.xlsx", as_of=DAY),
        "synthesize": lambda: civledger.synthesize(tasks=200, seed=1),
        "write a report": lambda: table.write(tmp / "进度.csv"),
        "write a report where it cannot": lambda: table.write(tmp / "no" / "such" / "x.csv"),
        "the command line": lambda: run(["check", str(EXAMPLE), "--format", "json"]),
        "small ledger": lambda: small,
    }


def _public_callables() -> set[str]:
    found = set()
    for name in civledger.__all__:
        value = getattr(civledger, name)
        if inspect.isfunction(value) or name == "JournalWriter":
            found.add(name)
    return found


def test_every_public_function_is_called_below(tmp_path: Path) -> None:
    missing = _public_callables() - set(_calls(tmp_path))
    assert not missing, f"add a call of {sorted(missing)} to _calls()"


def test_no_public_call_changes_the_host_process(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Third-party packages may set warnings filters when first imported (numpy does, under
    # openpyxl and matplotlib): that is theirs, once per process, so they are loaded first.
    pytest.importorskip("openpyxl")
    pytest.importorskip("matplotlib.figure")
    changed = {}
    for name, call in _calls(tmp_path).items():
        before = _process_state()
        # A refusal is an answer too; what matters is the state around it.
        with contextlib.suppress(civledger.CivLedgerError, OSError):
            call()
        now = _process_state()
        if now != before:
            changed[name] = {k: (before[k], now[k]) for k in now if now[k] != before[k]}
    capsys.readouterr()
    assert changed == {}


def test_loading_leaves_the_hosts_cyclic_garbage_collectable() -> None:
    class Node:
        def __init__(self) -> None:
            self.me = self
            self.payload = bytearray(1 << 20)

    made = [Node() for _ in range(20)]
    refs = [weakref.ref(n) for n in made]
    del made
    civledger.check(civledger.load(EXAMPLE))
    gc.collect()
    assert sum(r() is not None for r in refs) == 0


def test_paused_gc_is_reentrant_and_restores_the_collector() -> None:
    assert gc.isenabled()
    frozen, thresholds = gc.get_freeze_count(), gc.get_threshold()
    with civledger.paused_gc():
        with civledger.paused_gc():
            assert not gc.isenabled()
            built = [[i] for i in range(10_000)]
        assert not gc.isenabled()
    assert gc.isenabled()
    # Nothing of the collector is left changed: no object frozen, no threshold moved.
    assert (gc.get_freeze_count(), gc.get_threshold()) == (frozen, thresholds)
    assert len(built) == 10_000
    gc.disable()
    try:
        with civledger.paused_gc():
            pass
        assert not gc.isenabled()  # a host that had it off gets it back off
    finally:
        gc.enable()


# -- immutable ledgers, threads, caches -----------------------------------------------------------


def _summary(ledger: Ledger, day: date) -> tuple[Any, ...]:
    return (
        civledger.check(ledger, as_of=day).to_json(),
        civledger.query(ledger, as_of=day).rows,
        tuple(sorted((k, v.status.value) for k, v in civledger.states(ledger, day).items())),
        tuple(len(c) for c in civledger.chains(ledger, day).values()),
    )


def test_threads_load_check_and_query_one_ledger_at_once() -> None:
    days = [date(2026, 4, 1) + (date(2026, 4, 9) - date(2026, 4, 1)) * n for n in range(6)]
    expected = {day: _summary(civledger.load(EXAMPLE), day) for day in days}
    shared = civledger.load(EXAMPLE)
    results: dict[tuple[int, date], tuple[Any, ...]] = {}
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def work(n: int) -> None:
        try:
            start.wait()
            for day in days[n % 3 :] + days[: n % 3]:
                results[(n, day)] = _summary(shared, day)
            results[(n, date.min)] = (civledger.load(EXAMPLE) == shared,)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    for (_, day), got in results.items():
        assert got == ((True,) if day == date.min else expected[day])


def test_appends_from_threads_are_taken_one_at_a_time(tmp_path: Path) -> None:
    b = testing.LedgerBuilder(campaign=testing.small_ledger().campaign)
    b.unit("zc", "柘城县", level="county")
    b.unit("zc-ly", "龙源街道", parent="zc")
    b.person("p-lead", "李某")
    b.appoint("p-lead", "first_responsible", unit="zc-ly", start="2026-01-01")
    tasks = [f"T-{n}" for n in range(8)]
    for task in tasks:
        b.task(task, lead="zc-ly")
        b.entry(task, "assign", at="2026-04-01T09:00", by="p-lead")
    path = tmp_path / "ledger.yaml"
    civledger.dump(b.build(journal_file="journal.jsonl"), path)
    writer = civledger.JournalWriter.open(path)
    refused: list[list[civledger.Issue]] = []
    errors: list[BaseException] = []

    def work(task: str) -> None:
        try:
            for n in range(25):
                at = datetime(2026, 4, 2, 9, tzinfo=testing.CST).replace(minute=n)
                entry = Entry(at=at, task=task, action=Action.PROGRESS, by="p-lead", percent=n)
                issues = writer.append(entry)
                if issues:
                    refused.append(issues)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(task,)) for task in tasks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert refused == []
    assert len(writer.ledger.journal) == 8 + 8 * 25
    again = civledger.load(path)
    assert again.origin is not None
    assert again.origin.observations == ()

    def order(e: Entry) -> tuple[str, datetime]:
        return (e.task, e.at)

    assert sorted(again.journal, key=order) == sorted(writer.ledger.journal, key=order)


def test_dated_views_are_bounded() -> None:
    ledger = civledger.load(EXAMPLE)
    for n in range(60):
        civledger.query(ledger, as_of=date(2026, 4, 1) + (date(2026, 4, 2) - date(2026, 4, 1)) * n)
    assert len(ledger.memo_keys(journal=True, dated=True)) <= DATED_VIEWS
    assert len(ledger.memo_keys(dated=True)) <= DATED_VIEWS


def test_a_pickled_ledger_carries_no_views() -> None:
    ledger = civledger.load(EXAMPLE)
    civledger.check(ledger, as_of=DAY)
    assert ledger.memo_keys()
    assert ledger.memo_keys(journal=True, dated=True)
    again = pickle.loads(pickle.dumps(ledger))
    assert again == ledger
    assert again.memo_keys() == []
    assert again.memo_keys(journal=True, dated=True) == []

    def found(one: Ledger) -> list[tuple[str, str]]:
        return [(i.code, i.location.json_path) for i in civledger.check(one, as_of=DAY).issues]

    assert found(again) == found(ledger)


def test_a_ledger_is_never_changed_by_appending() -> None:
    ledger = civledger.load(EXAMPLE)
    before = civledger.dumps(ledger)
    states = dict(civledger.states(ledger, DAY))
    writer = civledger.JournalWriter(ledger)
    last = civledger.states(ledger, date(2027, 1, 1))
    task = next(t for t, s in last.items() if s.status.value == "assigned")
    at = max(e.at for e in ledger.journal if e.task == task).replace(hour=23)
    assert (
        writer.append(Entry(at=at, task=task, action=Action.CLAIM, by=_lead_person(ledger, task)))
        == []
    )
    assert civledger.dumps(ledger) == before
    assert dict(civledger.states(ledger, DAY)) == states
    assert civledger.states(writer.ledger, date(2027, 1, 1))[task].status.value == "claimed"


def _lead_person(ledger: Ledger, task: str) -> str:
    lead = ledger.task(task).lead
    assert lead is not None
    return civledger.holders(ledger, lead, "first_responsible", DAY)[0]


# -- arguments: dates, units, wrong types ---------------------------------------------------------

DATES = [
    "2026-05-20",
    "2026/5/20",
    "2026.5.20",
    "20260520",
    "2026年5月20日",
    datetime(2026, 5, 20, 12),
]


@pytest.mark.parametrize("written", DATES, ids=str)
def test_every_date_parameter_takes_the_forms_people_write(written: object) -> None:
    ledger = civledger.load(EXAMPLE)
    day = date(2026, 5, 20)
    assert civledger.state(ledger, "T-001", as_of=written) == civledger.state(ledger, "T-001", day)
    assert (
        civledger.check(ledger, as_of=written).to_json()
        == civledger.check(ledger, as_of=day).to_json()
    )
    assert civledger.query(ledger, as_of=written).rows == civledger.query(ledger, as_of=day).rows
    assert civledger.days_remaining(ledger, written) == civledger.days_remaining(ledger, day)
    assert civledger.phase_of(ledger, written) == civledger.phase_of(ledger, day)
    assert civledger.plan_backwards(written) == civledger.plan_backwards(day)
    assert civledger.parse_deadline("月底前", written) == civledger.parse_deadline("月底前", day)
    assert civledger.chain(ledger, "T-001", written) == civledger.chain(ledger, "T-001", day)
    assert civledger.supervision_calendar(
        ledger, written, written
    ) == civledger.supervision_calendar(ledger, day, day)


def test_an_aware_datetime_is_read_in_the_campaigns_zone() -> None:

    ledger = civledger.load(EXAMPLE)
    late_utc = datetime(2026, 5, 19, 20, tzinfo=UTC)  # 04:00 on 5-20 in Beijing
    assert civledger.states(ledger, late_utc) == civledger.states(ledger, date(2026, 5, 20))


Wrong = tuple[str, Callable[[Ledger], object]]
WRONG_TYPES: list[Wrong] = [
    ("as_of", lambda ledger: civledger.state(ledger, "T-001", as_of=20260520)),
    ("as_of", lambda ledger: civledger.states(ledger, as_of=[2026, 5, 20])),
    ("as_of", lambda ledger: civledger.check(ledger, as_of="next week")),
    ("task_id", lambda ledger: civledger.state(ledger, 1)),
    ("day", lambda ledger: civledger.phase_of(ledger, None)),
    ("evaluation", lambda ledger: civledger.plan_backwards(20260720)),
    ("under", lambda ledger: civledger.progress_report(ledger, under=5)),
    ("ledger", lambda ledger: civledger.check(str(EXAMPLE))),
    ("ledger", lambda ledger: civledger.states({"tasks": []})),
    ("into", lambda ledger: civledger.import_xlsx(WORKBOOK, into=str(EXAMPLE))),
]


@pytest.mark.parametrize(("parameter", "call"), WRONG_TYPES, ids=[w[0] for w in WRONG_TYPES])
def test_a_wrong_argument_is_a_civledger_error_naming_the_parameter(
    parameter: str, call: Callable[[Ledger], object]
) -> None:
    with pytest.raises(civledger.ArgumentError) as caught:
        call(civledger.load(EXAMPLE))
    assert caught.value.parameter == parameter
    assert str(caught.value).startswith(f"{parameter}: ")
    assert isinstance(caught.value, TypeError)  # code that caught TypeError still does


def test_every_unit_parameter_takes_a_name_or_an_id() -> None:
    ledger = civledger.load(EXAMPLE)
    street = ledger.unit("zc-ly")
    by_id = civledger.progress_report(ledger, under="zc-ly", level="community", as_of=DAY)
    by_name = civledger.progress_report(ledger, under=street.name, level="community", as_of=DAY)
    assert by_id.rows
    assert by_id.rows == by_name.rows
    assert civledger.overdue_report(ledger, under=street.name, as_of=DAY).rows == (
        civledger.overdue_report(ledger, under="zc-ly", as_of=DAY).rows
    )
    assert civledger.query(ledger, under=street.name, as_of=DAY).rows == (
        civledger.query(ledger, under="zc-ly", as_of=DAY).rows
    )
    assert civledger.holders(ledger, street.name, "第一责任人", DAY) == civledger.holders(
        ledger, "zc-ly", "第一责任人", DAY
    )
    bureau = ledger.unit("zc-cg")
    assert civledger.duties(ledger, bureau.name, DAY) == civledger.duties(ledger, "zc-cg", DAY)
    person = ledger.people[0]
    assert civledger.duties(ledger, person.name, DAY) == civledger.duties(ledger, person.id, DAY)


def test_an_ambiguous_unit_name_lists_the_ids() -> None:
    b = testing.LedgerBuilder()
    b.unit("zc", "柘城县", level="county")
    b.unit("ly", "龙源街道", parent="zc")
    b.unit("cg", "城关镇", level="town", parent="zc")
    b.unit("ly-xh", "新华社区", level="community", parent="ly")
    b.unit("cg-xh", "新华社区", level="community", parent="cg")
    ledger = b.build()
    with pytest.raises(civledger.AmbiguousNameError) as caught:
        civledger.progress_report(ledger, under="新华社区", level="grid")
    assert caught.value.candidates == ("ly-xh", "cg-xh")
    assert "ly-xh, cg-xh" in str(caught.value)
    with pytest.raises(civledger.UnknownIdError, match="新民社区"):
        civledger.progress_report(ledger, under="新民社区")


def _iter_nothing() -> Iterator[None]:
    yield from ()


def test_the_umask_is_untouched_when_a_report_cannot_be_written(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    before = _umask()
    table = civledger.progress_report(civledger.load(EXAMPLE))
    try:
        if os.geteuid() != 0:  # root writes anywhere
            with pytest.raises(PermissionError):
                table.write(locked / "进度.csv")
        else:
            table.write(locked / "进度.csv")
    finally:
        locked.chmod(0o700)
    assert _umask() == before
    assert list(_iter_nothing()) == []


def test_a_replaced_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "进度.csv"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    civledger.progress_report(civledger.load(EXAMPLE)).write(target)
    assert target.stat().st_mode & 0o777 == 0o640
    assert target.read_text(encoding="utf-8") != "old"
