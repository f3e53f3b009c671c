"""The OWN rules (who owns each task, who holds each post), each triggered and not triggered.

Every check here is made on ``support.AS_OF`` (2026-06-15).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs
import pytest

from civledger import (
    Appointment,
    Contract,
    Group,
    Ledger,
    Place,
    PlaceKind,
    Post,
    Report,
    Severity,
    Task,
    TaskKind,
    Tier,
    rules,
)
from civledger.i18n import use_language
from civledger.testing import LedgerBuilder
from support import AS_OF, codes, of_code, only, run_check


def base() -> LedgerBuilder:
    """A county clean under every OWN rule, strict ones included: every unit staffed,
    every street and community contracted, every standard served."""
    b = LedgerBuilder()
    b.framework("fw", ("I", None), ("I-1", "I"), ("I-2", "I"))
    b.unit("zc", "柘城县", level="county")
    b.unit("zc-ly", "龙源街道", parent="zc")
    b.unit("zc-ly-xh", "新华社区", level="community", parent="zc-ly")
    b.unit("zc-ly-xh-g1", "新华社区第1网格", level="grid", parent="zc-ly-xh")
    b.unit("zc-cg", "县城管局", level="department", parent="zc")
    b.unit("zc-cg-dd", "县城管局执法大队", level="department", parent="zc-cg")
    for pid in ("p-zc", "p-ly", "p-bao", "p-xh", "p-g1", "p-cg", "p-dd"):
        b.person(pid)
    b.appoint("p-zc", "first_responsible", unit="zc", start="2021-09-28")
    b.appoint("p-ly", "first_responsible", unit="zc-ly", start="2021-10-08")
    b.appoint("p-bao", "contract_leader", unit="zc-ly", start="2026-02-26")  # 包挂
    b.appoint("p-xh", "first_responsible", unit="zc-ly-xh", start="2021-06-18")
    b.appoint("p-g1", "grid_keeper", unit="zc-ly-xh-g1", start="2025-03-01")
    b.appoint("p-cg", "first_responsible", unit="zc-cg", start="2023-03-01")
    b.appoint("p-dd", "first_responsible", unit="zc-cg-dd", start="2023-03-01")
    b.add("contracts", Contract(unit="zc-cg", target="zc-ly-xh", start=date(2026, 3, 1)))  # 包联
    b.task("T-1", "背街小巷整治", lead="zc-ly", standards=["fw:I-1", "fw:I-2"], due="2026-06-30")
    b.task(
        "P-1",
        "占道经营",
        kind="problem",
        lead="zc-cg",
        located_in="zc-ly-xh-g1",
        cooperating=["zc-ly-xh"],
        due="2026-06-20",
    )
    return b


def check(ledger: Ledger, *, strict: bool = True, select: str = "OWN") -> Report:
    return run_check(ledger, select=[select], strict=strict)


def with_tasks(b: LedgerBuilder, *tasks: Task) -> Ledger:
    ledger = b.build()
    return attrs.evolve(ledger, tasks=[*ledger.tasks, *tasks])


def task(id: str = "T-9", kind: str = "task", **fields: Any) -> Task:
    fields.setdefault("title", "任务")
    return Task(id=id, kind=TaskKind.parse(kind), **fields)


def test_the_base_ledger_is_clean_under_every_own_rule() -> None:
    ledger = base().build()
    report = check(ledger)
    assert report.issues == ()
    assert list(report.rules) == [f"OWN{n:03d}" for n in range(1, 13)]
    assert run_check(ledger, strict=True, select=["ALL"]).issues == ()


def test_the_tiers_of_the_own_rules() -> None:
    tiers = {r.code: r.tier for r in rules() if r.family == "OWN"}
    assert [c for c, t in tiers.items() if t is Tier.STRICT] == ["OWN005", "OWN009"]
    assert [c for c, t in tiers.items() if t is Tier.EXTRA] == ["OWN013"]
    assert list(check(base().build(), strict=False).rules) == [
        f"OWN{n:03d}" for n in range(1, 13) if n not in (5, 9)
    ]


# -- OWN001 no lead -------------------------------------------------------------------------------


def test_own001_a_task_without_a_lead() -> None:
    ledger = with_tasks(base(), task("T-9", due=date(2026, 6, 30)))
    issue = only(check(ledger), "OWN001")
    assert issue.subjects == ("T-9",)
    assert issue.location.json_path == "$.tasks[2]"
    assert issue.message == "task T-9 has no lead unit"
    assert "name the lead unit (牵头单位)" in (issue.hint or "")


def test_own001_a_problem_without_a_lead() -> None:
    ledger = with_tasks(base(), task("P-9", kind="problem", located_in="zc-ly-xh-g1"))
    assert only(check(ledger), "OWN001").message == "problem P-9 has no lead unit"


def test_own001_does_not_trigger_with_a_lead_known_or_not() -> None:
    ledger = with_tasks(base(), task("T-9", lead="zc-xx"))
    assert of_code(check(ledger), "OWN001") == []
    assert codes(run_check(ledger, select=["LDG", "OWN"], strict=True)) == ["LDG008"]


# -- OWN002 several leads -------------------------------------------------------------------------


def test_own002_a_task_with_joint_leads() -> None:
    ledger = with_tasks(base(), task(lead="zc-ly", joint_leads=["zc-cg", "zc-ly-xh"]))
    issue = only(check(ledger), "OWN002")
    assert issue.subjects == ("T-9",)
    assert issue.location.json_path == "$.tasks[2].joint_leads"
    assert issue.message == "T-9 names 3 lead units: zc-ly, zc-cg, zc-ly-xh"
    assert "cooperating units (配合单位)" in (issue.hint or "")


def test_own002_does_not_trigger_on_one_lead_and_cooperating_units() -> None:
    ledger = with_tasks(base(), task(lead="zc-ly", cooperating=["zc-cg", "zc-ly-xh"]))
    assert check(ledger).issues == ()


# -- OWN003 a vacant lead -------------------------------------------------------------------------


def _street(end: str | None = None, start: str = "2026-01-01", **task_fields: Any) -> Report:
    """zc-cj led by p-cj from ``start`` to ``end``, with task T-9 led by it."""
    b = base()
    b.unit("zc-cj", "长江新城街道", parent="zc")
    b.appoint("p-cj", "first_responsible", unit="zc-cj", start=start, end=end)
    b.appoint("p-bao", "contract_leader", unit="zc-cj", start="2026-02-26")
    return check(with_tasks(b, task(lead="zc-cj", **task_fields)))


def test_own003_the_first_responsible_left_the_day_before_the_due_date() -> None:
    report = _street(end="2026-06-29", due=date(2026, 6, 30))
    issue = only(report, "OWN003")
    assert issue.subjects == ("T-9", "zc-cj")
    assert issue.location.json_path == "$.tasks[2].lead"
    assert issue.message == "lead unit zc-cj of T-9 has no first responsible person on 2026-06-30"
    assert "appoint its first responsible person (第一责任人)" in (issue.hint or "")


def test_own003_does_not_trigger_when_the_post_ends_on_the_due_date() -> None:
    assert of_code(_street(end="2026-06-30", due=date(2026, 6, 30)), "OWN003") == []


def test_own003_a_first_responsible_starting_after_the_due_date_is_too_late() -> None:
    assert of_code(_street(start="2026-07-01", due=date(2026, 6, 30)), "OWN003") != []
    assert of_code(_street(start="2026-06-30", due=date(2026, 6, 30)), "OWN003") == []


def test_own003_the_due_date_not_the_check_date_decides() -> None:
    # in post on the due date, gone by the check date: not a finding of this task
    assert of_code(_street(end="2026-05-31", due=date(2026, 5, 31)), "OWN003") == []
    # gone by the due date though in post on the check date (a later start)
    assert of_code(_street(start="2026-06-01", due=date(2026, 5, 31)), "OWN003") != []


def test_own003_an_ongoing_task_is_checked_on_the_check_date() -> None:
    issue = only(_street(end="2026-06-14", ongoing=True, due_text="长期坚持"), "OWN003")
    assert issue.message == f"lead unit zc-cj of T-9 has no first responsible person on {AS_OF}"
    assert of_code(_street(end="2026-06-15", ongoing=True), "OWN003") == []


def test_own003_an_undated_task_is_checked_on_the_check_date() -> None:
    assert "on 2026-06-15" in only(_street(end="2026-06-14"), "OWN003").message
    assert of_code(_street(end="2026-06-15"), "OWN003") == []


def test_own003_a_contract_leader_does_not_stand_in_for_the_first_responsible() -> None:
    b = base()
    b.unit("zc-cj", "长江新城街道", parent="zc")
    b.appoint("p-bao", "contract_leader", unit="zc-cj", start="2026-02-26")
    assert only(check(with_tasks(b, task(lead="zc-cj"))), "OWN003").subjects == ("T-9", "zc-cj")


def test_own003_a_vacant_department() -> None:
    b = base()
    b.unit("zc-zj", "县住建局", level="department", parent="zc")
    issue = only(check(with_tasks(b, task(lead="zc-zj", due=date(2026, 6, 30)))), "OWN003")
    assert issue.message == "lead unit zc-zj of T-9 has no first responsible person on 2026-06-30"


def _grid(*posts: str) -> Report:
    b = base()
    b.unit("zc-ly-xh-g2", "新华社区第2网格", level="grid", parent="zc-ly-xh")
    for post in posts:
        b.appoint(f"p-{post}", post, unit="zc-ly-xh-g2", start="2025-03-01")
    problem = task("P-9", kind="problem", lead="zc-ly-xh-g2", located_in="zc-ly-xh-g2")
    return check(with_tasks(b, problem))


def test_own003_a_grid_led_problem_accepts_its_grid_keeper() -> None:
    assert of_code(_grid("grid_keeper"), "OWN003") == []


def test_own003_a_grid_led_problem_accepts_its_grid_head() -> None:
    report = _grid("first_responsible")
    assert of_code(report, "OWN003") == []
    assert only(report, "OWN004").subjects == ("zc-ly-xh-g2",)  # still no keeper


def test_own003_a_grid_with_nobody() -> None:
    issue = only(_grid(), "OWN003")
    assert issue.subjects == ("P-9", "zc-ly-xh-g2")
    assert issue.message == (
        f"lead unit zc-ly-xh-g2 of P-9 has no grid keeper or first responsible person on {AS_OF}"
    )


def test_own003_leaves_an_unknown_lead_to_ldg008() -> None:
    ledger = with_tasks(base(), task(lead="zc-xx"))
    assert of_code(check(ledger), "OWN003") == []


# -- OWN004 grid without keeper -------------------------------------------------------------------


def test_own004_a_grid_without_a_keeper() -> None:
    b = base()
    b.unit("zc-ly-xh-g2", "新华社区第2网格", level="grid", parent="zc-ly-xh")
    issue = only(check(b.build()), "OWN004")
    assert issue.subjects == ("zc-ly-xh-g2",)
    assert issue.location.json_path == "$.units[6]"
    assert issue.message == f"grid zc-ly-xh-g2 (新华社区第2网格) has no grid keeper on {AS_OF}"
    assert "定格、定员、定责、定岗" in (issue.hint or "")
    assert issue.severity is Severity.ERROR


def test_own004_a_keeper_gone_before_the_check_date() -> None:
    b = base()
    b.unit("zc-ly-xh-g2", "新华社区第2网格", level="grid", parent="zc-ly-xh")
    b.appoint("p-g2", "grid_keeper", unit="zc-ly-xh-g2", start="2025-03-01", end="2026-06-14")
    assert only(check(b.build()), "OWN004").subjects == ("zc-ly-xh-g2",)
    b.appoint("p-g3", "grid_keeper", unit="zc-ly-xh-g2", start="2026-06-15")
    assert of_code(check(b.build()), "OWN004") == []


def test_own004_does_not_ask_other_units_for_keepers() -> None:
    assert of_code(check(base().build()), "OWN004") == []


# -- OWN005 no contract leader (strict) -----------------------------------------------------------


def _uncontracted(level: str = "street", parent: str = "zc") -> LedgerBuilder:
    b = base()
    b.unit("x", "新单位", level=level, parent=parent)
    b.appoint("p-x", "first_responsible", unit="x")
    if level == "grid":
        b.appoint("p-x", "grid_keeper", unit="x")
    return b


def test_own005_a_street_without_a_contract_leader() -> None:
    ledger = _uncontracted().build()
    issue = only(check(ledger), "OWN005")
    assert issue.subjects == ("x",)
    assert issue.location.json_path == "$.units[6]"
    assert issue.message == f"street x (新单位) has no contract leader (包挂) on {AS_OF}"
    assert "add a unit contract (包联)" in (issue.hint or "")


def test_own005_runs_in_the_strict_tier_only() -> None:
    ledger = _uncontracted().build()
    assert of_code(check(ledger, strict=False), "OWN005") == []
    # naming it runs it, as for every strict rule
    assert codes(run_check(ledger, select=["OWN005"])) == ["OWN005"]


@pytest.mark.parametrize(
    ("level", "parent"),
    [("town", "zc"), ("community", "zc-ly"), ("village", "zc-ly")],
)
def test_own005_towns_communities_and_villages_need_one_too(level: str, parent: str) -> None:
    assert only(check(_uncontracted(level, parent).build()), "OWN005").subjects == ("x",)


@pytest.mark.parametrize(("level", "parent"), [("grid", "zc-ly-xh"), ("department", "zc")])
def test_own005_does_not_ask_grids_or_departments(level: str, parent: str) -> None:
    # nor the county: the base ledger's has no contract leader
    assert of_code(check(_uncontracted(level, parent).build()), "OWN005") == []


def test_own005_satisfied_by_a_contract_leader() -> None:
    b = _uncontracted()
    b.appoint("p-bao", "contract_leader", unit="x", start="2026-02-26")
    assert check(b.build()).issues == ()


def test_own005_satisfied_by_a_unit_contract() -> None:
    b = _uncontracted()
    b.add("contracts", Contract(unit="zc-cg", target="x", start=date(2026, 3, 1)))
    assert check(b.build()).issues == ()


def test_own005_a_contract_or_leader_not_in_force_on_the_check_date() -> None:
    b = _uncontracted()
    b.add("contracts", Contract(unit="zc-cg", target="x", end=date(2026, 6, 14)))
    b.appoint("p-bao", "contract_leader", unit="x", start="2026-06-16")
    assert only(check(b.build()), "OWN005").subjects == ("x",)


def test_own005_a_key_project_leader_does_not_contract_the_unit() -> None:
    b = _uncontracted()
    b.appoint("p-bao", "contract_leader", unit="x", task="T-1", start="2026-02-26")
    assert only(check(b.build()), "OWN005").subjects == ("x",)


# -- OWN006 uncovered standards -------------------------------------------------------------------


def test_own006_a_standard_no_task_serves() -> None:
    ledger = base().build()
    t1 = attrs.evolve(ledger.tasks[0], standards=["fw:I-1"])
    issue = only(check(attrs.evolve(ledger, tasks=[t1, *ledger.tasks[1:]])), "OWN006")
    assert issue.severity is Severity.WARNING
    assert issue.subjects == ("fw:I-2",)
    assert issue.location.json_path == "$.frameworks[0].nodes[2]"
    assert issue.message == "standard fw:I-2 (I-2) is served by no task"
    assert "不漏掉一个指标" in (issue.hint or "")


def test_own006_counts_per_framework() -> None:
    b = base()
    b.framework("wscs", ("I-1", None), ("3", None))
    ledger = b.build()
    # fw:I-1 is served; wscs:I-1, with the same code in another framework, is not
    found = of_code(check(ledger), "OWN006")
    assert [(i.subjects, i.location.json_path) for i in found] == [
        (("wscs:I-1",), "$.frameworks[1].nodes[0]"),
        (("wscs:3",), "$.frameworks[1].nodes[1]"),
    ]


def test_own006_a_bare_code_serves_its_one_framework() -> None:
    ledger = base().build()
    t1 = attrs.evolve(ledger.tasks[0], standards=["I-1", "I-2"])
    assert check(attrs.evolve(ledger, tasks=[t1, *ledger.tasks[1:]])).issues == ()


def test_own006_naming_an_item_does_not_serve_its_standards() -> None:
    ledger = base().build()
    t1 = attrs.evolve(ledger.tasks[0], standards=["fw:I"])
    found = of_code(check(attrs.evolve(ledger, tasks=[t1, *ledger.tasks[1:]])), "OWN006")
    assert [i.subjects for i in found] == [("fw:I-1",), ("fw:I-2",)]


def test_own006_does_not_trigger_when_every_standard_is_served() -> None:
    assert of_code(check(base().build()), "OWN006") == []


# -- OWN007 outside the territory -----------------------------------------------------------------


def test_own007_a_problem_outside_its_territorial_leads_territory() -> None:
    b = base()
    b.unit("zc-cj", "长江新城街道", parent="zc")
    b.appoint("p-cj", "first_responsible", unit="zc-cj")
    b.appoint("p-bao", "contract_leader", unit="zc-cj")
    problem = task("P-9", kind="problem", lead="zc-cj", located_in="zc-ly-xh-g1")
    issue = only(check(with_tasks(b, problem)), "OWN007")
    assert issue.subjects == ("P-9",)
    assert issue.location.json_path == "$.tasks[2].located_in"
    assert issue.message == (
        "P-9 is located in zc-ly-xh-g1, outside the territory of its lead unit zc-cj"
    )
    assert issue.hint == (
        "属地管理: hand it to the unit whose territory holds zc-ly-xh-g1, or correct located_in"
    )


def test_own007_a_grid_lead_and_a_problem_in_the_next_grid() -> None:
    b = base()
    b.unit("zc-ly-xh-g2", "新华社区第2网格", level="grid", parent="zc-ly-xh")
    b.appoint("p-g2", "grid_keeper", unit="zc-ly-xh-g2")
    problem = task("P-9", kind="problem", lead="zc-ly-xh-g2", located_in="zc-ly-xh-g1")
    assert only(check(with_tasks(b, problem)), "OWN007").subjects == ("P-9",)


@pytest.mark.parametrize("lead", ["zc-ly-xh-g1", "zc-ly-xh", "zc-ly", "zc"])
def test_own007_does_not_trigger_inside_the_territory(lead: str) -> None:
    problem = task("P-9", kind="problem", lead=lead, located_in="zc-ly-xh-g1")
    assert of_code(check(with_tasks(base(), problem)), "OWN007") == []


@pytest.mark.parametrize("located", ["zc-ly-xh-g1", "zc-ly", "zc", "zc-cg"])
def test_own007_never_triggers_for_a_department_lead(located: str) -> None:
    # a line department (条) answers across the territory: 条块结合
    problem = task("P-9", kind="problem", lead="zc-cg-dd", located_in=located)
    assert of_code(check(with_tasks(base(), problem)), "OWN007") == []


def test_own007_leaves_unknown_places_to_ldg008() -> None:
    problem = task("P-9", kind="problem", lead="zc-ly", located_in="zc-xx")
    assert of_code(check(with_tasks(base(), problem)), "OWN007") == []


# -- OWN008 cooperating is lead -------------------------------------------------------------------


def test_own008_the_lead_listed_as_cooperating() -> None:
    ledger = with_tasks(base(), task(lead="zc-ly", cooperating=["zc-cg", "zc-ly"]))
    issue = only(check(ledger), "OWN008")
    assert issue.subjects == ("T-9", "zc-ly")
    assert issue.location.json_path == "$.tasks[2].cooperating[1]"
    assert issue.message == "zc-ly is both lead and cooperating unit of T-9"
    assert issue.hint == "remove it from cooperating"


def test_own008_a_joint_lead_listed_as_cooperating() -> None:
    ledger = with_tasks(base(), task(lead="zc-ly", joint_leads=["zc-cg"], cooperating=["zc-cg"]))
    report = check(ledger)
    assert only(report, "OWN008").subjects == ("T-9", "zc-cg")
    assert only(report, "OWN002").subjects == ("T-9",)


def test_own008_does_not_trigger_on_other_units() -> None:
    assert of_code(check(base().build()), "OWN008") == []


# -- OWN009 subtask outside its parent's lead (strict) --------------------------------------------


def _subtask(parent_lead: str, lead: str) -> Report:
    b = base()
    b.unit("zc-cj", "长江新城街道", parent="zc")
    b.appoint("p-cj", "first_responsible", unit="zc-cj")
    b.appoint("p-bao", "contract_leader", unit="zc-cj")
    ledger = with_tasks(
        b,
        task("T-8", lead=parent_lead, due=date(2026, 6, 30)),
        task("T-9", lead=lead, parent="T-8", due=date(2026, 6, 30)),
    )
    return check(ledger)


def test_own009_a_street_breaking_a_task_down_to_another_street() -> None:
    issue = only(_subtask("zc-ly", "zc-cj"), "OWN009")
    assert issue.subjects == ("T-9",)
    assert issue.location.json_path == "$.tasks[3].lead"
    assert issue.message == "subtask T-9 is led by zc-cj, outside zc-ly (lead of its parent T-8)"
    assert "细化到人、分解到点" in (issue.hint or "")


def test_own009_a_street_cannot_hand_down_to_a_county_bureau() -> None:
    assert only(_subtask("zc-ly", "zc-cg"), "OWN009").subjects == ("T-9",)


@pytest.mark.parametrize(
    ("parent_lead", "lead"),
    [
        ("zc-ly", "zc-ly-xh"),  # down its own territory
        ("zc-ly", "zc-ly-xh-g1"),
        ("zc-ly", "zc-ly"),
        ("zc", "zc-cg"),
        ("zc-cg", "zc-ly"),  # a county bureau reaches the streets of its county
        ("zc-cg", "zc-cj"),
        ("zc-cg", "zc-cg-dd"),
        ("zc-cg-dd", "zc-ly-xh"),  # and so does its squad
    ],
)
def test_own009_does_not_trigger_within_reach(parent_lead: str, lead: str) -> None:
    assert of_code(_subtask(parent_lead, lead), "OWN009") == []


def test_own009_runs_in_the_strict_tier_only() -> None:
    b = base()
    b.unit("zc-cj", "长江新城街道", parent="zc")
    ledger = with_tasks(b, task("T-8", lead="zc-ly"), task("T-9", lead="zc-cj", parent="T-8"))
    assert of_code(check(ledger, strict=False), "OWN009") == []
    assert of_code(check(ledger, strict=True), "OWN009") != []


def test_own009_a_bureau_of_another_county() -> None:
    b = LedgerBuilder()
    b.unit("sq", level="city")
    b.unit("a", level="county", parent="sq")
    b.unit("a-cg", level="department", parent="a")
    b.unit("b", level="county", parent="sq")
    b.unit("b-s", level="street", parent="b")
    b.task("T-8", lead="a-cg")
    b.task("T-9", lead="b-s", parent="T-8")
    b.task("T-10", lead="b-s", parent="T-11")
    b.task("T-11", lead="sq")
    found = of_code(run_check(b.build(), select=["OWN009"]), "OWN009")
    assert [i.subjects for i in found] == [("T-9",)]


# -- OWN010 a single-holder post held twice -------------------------------------------------------


def _held(*appointments: dict[str, Any]) -> Report:
    ledger = base().build()
    made = [Appointment(**{"post": Post.FIRST_RESPONSIBLE, **a}) for a in appointments]
    return check(attrs.evolve(ledger, appointments=[*ledger.appointments, *made]))


N = len(base().build().appointments)


def test_own010_two_overlapping_first_responsibles() -> None:
    report = _held(
        {"person": "p-a", "unit": "zc-ly-xh-g1", "start": date(2025, 3, 1)},
        {"person": "p-b", "unit": "zc-ly-xh-g1", "start": date(2026, 5, 1)},
    )
    issue = only(report, "OWN010")
    assert issue.subjects == ("p-b", "p-a", "zc-ly-xh-g1")
    assert issue.location.json_path == f"$.appointments[{N + 1}]"
    assert issue.message == "p-b and p-a both hold first responsible of zc-ly-xh-g1 from 2026-05-01"
    assert issue.hint == "end the earlier appointment (end:) before the later one starts"


def test_own010_overlapping_by_one_day() -> None:
    report = _held(
        {"person": "p-a", "unit": "zc-ly-xh-g1", "end": date(2026, 4, 30)},
        {"person": "p-b", "unit": "zc-ly-xh-g1", "start": date(2026, 4, 30)},
    )
    assert "from 2026-04-30" in only(report, "OWN010").message


def test_own010_does_not_trigger_back_to_back() -> None:
    report = _held(
        {"person": "p-a", "unit": "zc-ly-xh-g1", "end": date(2026, 4, 30)},
        {"person": "p-b", "unit": "zc-ly-xh-g1", "start": date(2026, 5, 1)},
    )
    assert of_code(report, "OWN010") == []


def test_own010_does_not_trigger_on_different_units() -> None:
    report = _held(
        {"person": "p-a", "unit": "zc-ly-xh-g1"},
        {"person": "p-b", "unit": "zc-cj"},
    )
    assert of_code(report, "OWN010") == []


def test_own010_the_same_person_twice_is_not_a_clash() -> None:
    report = _held(
        {"person": "p-ly", "unit": "zc-ly", "start": date(2026, 1, 1)},  # p-ly holds it already
    )
    assert of_code(report, "OWN010") == []


def test_own010_open_ended_appointments_clash_from_the_start() -> None:
    report = _held({"person": "p-a", "unit": "zc-cg"}, {"person": "p-b", "unit": "zc-cg"})
    messages = [i.message for i in of_code(report, "OWN010")]
    assert messages == [
        "p-a and p-cg both hold first responsible of zc-cg from 2023-03-01",
        "p-b and p-cg both hold first responsible of zc-cg from 2023-03-01",
    ]
    alone = _held({"person": "p-a", "unit": "x"}, {"person": "p-b", "unit": "x"})
    assert only(alone, "OWN010").message == (
        "p-b and p-a both hold first responsible of x from the start"
    )


@pytest.mark.parametrize(
    ("post", "label"),
    [
        (Post.COMMANDER, "commander"),
        (Post.POLITICAL_COMMISSAR, "political commissar"),
        (Post.OFFICE_DIRECTOR, "office director"),
        (Post.GROUP_LEADER, "group leader"),
    ],
)
def test_own010_other_single_holder_posts(post: Post, label: str) -> None:
    where = {"group": "g-1"} if post is Post.GROUP_LEADER else {"unit": "zc"}
    report = _held(
        {"person": "p-a", "post": post, **where}, {"person": "p-b", "post": post, **where}
    )
    issue = only(report, "OWN010")
    assert issue.subjects[-1] == where.get("group", "zc")
    assert label in issue.message


@pytest.mark.parametrize(
    "post", [Post.GRID_KEEPER, Post.CONTRACT_LEADER, Post.DEPUTY_COMMANDER, Post.STAFF]
)
def test_own010_does_not_trigger_on_posts_with_several_holders(post: Post) -> None:
    report = _held(
        {"person": "p-a", "post": post, "unit": "zc-ly-xh-g1"},
        {"person": "p-b", "post": post, "unit": "zc-ly-xh-g1"},
    )
    assert of_code(report, "OWN010") == []


def test_own010_does_not_count_key_project_appointments() -> None:
    report = _held(
        {"person": "p-a", "post": Post.FIRST_RESPONSIBLE, "unit": "zc-ly", "task": "T-1"},
    )
    assert of_code(report, "OWN010") == []


# -- OWN011 chiefs, OWN012 groups of the headquarters, OWN013 key projects (issue 15) -------------


def with_places(b: LedgerBuilder, *places: Place) -> Ledger:
    return attrs.evolve(b.build(), places=list(places))


ROAD = Place(id="r-1", name="凯旋路", kind=PlaceKind.ROAD, units=["zc-ly"])
MARKET = Place(id="m-1", name="建民农贸市场", kind=PlaceKind.MARKET, units=["zc-ly-xh-g1"])
PROJECT = Place(id="kp-1", name="城区主干道提升改造工程", kind=PlaceKind.PROJECT)


def test_own011_a_road_or_site_with_no_chief_or_a_vacant_one() -> None:
    b = base()
    b.person("p-road")
    b.appoint("p-road", "road_chief", place="凯旋路", unit="zc", end="2026-05-31")  # left
    report = check(with_places(b, ROAD, MARKET, PROJECT))
    found = of_code(report, "OWN011")
    assert [(i.location.path, i.subjects) for i in found] == [
        (("places", 0), ("r-1",)),
        (("places", 1), ("m-1",)),
    ]
    assert found[0].message == "road r-1 (凯旋路) has no road chief on 2026-06-15"
    assert found[1].message == "market m-1 (建民农贸市场) has no site chief on 2026-06-15"
    assert found[1].hint is not None
    assert "post site_chief and place m-1" in found[1].hint
    with use_language("zh"):
        assert found[0].message == "道路 r-1（凯旋路）在 2026-06-15 没有路长"


def test_own011_not_when_every_place_has_its_chief() -> None:
    b = base()
    b.person("p-road")
    b.person("p-site")
    b.appoint("p-road", "路长", place="r-1", unit="zc", start="2026-03-10")
    b.appoint("p-site", "点位责任人", place="建民农贸市场", start="2026-03-10")
    assert of_code(check(with_places(b, ROAD, MARKET, PROJECT)), "OWN011") == []
    # a ledger without places: nothing to say (a chief's place is free text there)
    old = base()
    old.person("p-road")
    old.appoint("p-road", "road_chief", place="凯旋路", unit="zc")
    assert check(old.build()).issues == ()


def test_own012_a_group_of_the_headquarters_without_a_lead() -> None:
    b = base()
    b.unit("zc-hq", "县创城指挥部", level="headquarters", parent="zc")
    b.add("groups", Group(id="g-1", name="市容环境组", hq="zc-hq"))
    b.add("groups", Group(id="g-2", name="宣传组"))  # not a group of the headquarters
    issue = only(check(b.build()), "OWN012")
    assert (issue.location.path, issue.subjects) == (("groups", 0), ("g-1",))
    assert issue.message == "group g-1 (市容环境组) of headquarters zc-hq has no lead unit"


def test_own012_not_when_the_group_has_its_lead() -> None:
    b = base()
    b.unit("zc-hq", "县创城指挥部", level="headquarters", parent="zc")
    b.add("groups", Group(id="g-1", name="市容环境组", hq="zc-hq", lead="zc-cg"))
    assert of_code(check(b.build()), "OWN012") == []


def test_own013_a_key_project_without_a_contract_leader_in_the_extra_tier() -> None:
    ledger = with_places(base(), PROJECT)
    assert of_code(check(ledger), "OWN013") == []  # extra: only when named
    issue = only(check(ledger, select="OWN013"), "OWN013")
    assert issue.message == (
        "key project kp-1 (城区主干道提升改造工程) has no contract leader (包挂) on 2026-06-15"
    )


def test_own013_not_when_a_leader_contracts_the_project_or_a_task_at_it() -> None:
    b = base()
    b.person("p-zhou")
    b.appoint("p-zhou", "contract_leader", place="kp-1", start="2026-06-01")
    assert of_code(check(with_places(b, PROJECT), select="OWN013"), "OWN013") == []
    at_task = base()
    at_task.person("p-zhou")
    at_task.appoint("p-zhou", "包挂", task="T-9", start="2026-06-01")
    ledger = with_tasks(at_task, task("T-9", lead="zc-cg", places=("kp-1",), due=date(2026, 6, 30)))
    assert of_code(check(attrs.evolve(ledger, places=[PROJECT]), select="OWN013"), "OWN013") == []


def test_own003_a_headquarters_answers_through_its_commander() -> None:
    b = base()
    b.unit("zc-hq", "县创城指挥部", level="headquarters", parent="zc")
    ledger = with_tasks(b, task("T-9", lead="zc-hq", due=date(2026, 6, 30)))
    assert (
        only(check(ledger), "OWN003").message
        == "lead unit zc-hq of T-9 has no commander on 2026-06-30"
    )
    b.person("p-wang")
    b.appoint("p-wang", "总指挥", unit="zc-hq", start="2026-02-26")
    staffed = with_tasks(b, task("T-9", lead="zc-hq", due=date(2026, 6, 30)))
    assert of_code(check(staffed), "OWN003") == []
