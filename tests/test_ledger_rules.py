"""The LDG rules over a whole ledger (LDG007-LDG013) and the waivers, trigger and no trigger."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import attrs
import pytest

import civledger
from civledger import (
    Action,
    Appointment,
    Contract,
    Entry,
    FrameworkNode,
    Grade,
    Group,
    Incident,
    Inspection,
    InspectionKind,
    Ledger,
    Level,
    NegativeItem,
    Place,
    PlaceKind,
    Post,
    RankingPolicy,
    RawRow,
    Schedule,
    StandardGrade,
    UnitScore,
    Waiver,
)
from civledger.checks.rules.ledger import _REFERENCES
from civledger.model import COLLECTIONS
from civledger.testing import CST, LedgerBuilder, small_ledger
from support import AS_OF, codes, load_text, of_code, only, run_check


def rich_ledger() -> Ledger:
    """The small ledger with every kind of reference filled in with a valid id."""
    base = small_ledger()
    t001, p001 = base.tasks
    tasks = [
        attrs.evolve(t001, joint_leads=["zc-ly-xh"], responsible="p-qian"),
        attrs.evolve(p001, parent="T-001", found_by="p-li", cooperating=["zc-ly"], places=["r-1"]),
    ]
    journal = [
        *base.journal,
        Entry(
            id="J-1",
            at=datetime(2026, 5, 1, 9, tzinfo=CST),
            task="P-001",
            action=Action.SIGN_OFF,
            by="p-qian",
            unit="zc-ly",
        ),
        Entry(
            id="J-2",
            at=datetime(2026, 5, 3, 9, tzinfo=CST),
            task="P-001",
            action=Action.REOPEN,
            by="p-zhao",
            undoes="J-1",
            approved_by="p-zhao",
        ),
    ]
    return attrs.evolve(
        base,
        tasks=tasks,
        journal=journal,
        appointments=[
            *base.appointments,
            Appointment(person="p-wu", post=Post.CONTRACT_LEADER, group="g-env", task="T-001"),
            Appointment(person="p-li", post=Post.ROAD_CHIEF, unit="zc", place="新华路"),
        ],
        places=[Place(id="r-1", name="新华路", kind=PlaceKind.ROAD, units=["zc-ly"])],
        schedules=[
            Schedule(
                id="S-1",
                kind=InspectionKind.WEEKLY_DISPATCH,
                leader="p-wu",
                unit="zc",
                participants=["p-qian"],
                units=["zc-ly"],
            )
        ],
        contracts=[Contract(unit="zc-cg", target="zc-ly-xh")],
        groups=[
            Group(
                id="g-env",
                name="环境卫生组",
                lead="zc-cg",
                cooperating=["zc-ly"],
                standards=["wmcs:I-1-1"],
                hq="zc",
            )
        ],
        negative_list=[
            NegativeItem(
                id="N-01", area="安全生产", title="重大事故", veto=True, frameworks=["wmcs"]
            )
        ],
        incidents=[Incident(id="I-1", item="N-01", on=date(2026, 5, 3), unit="zc-ly")],
        inspections=[
            Inspection(
                id="X-1",
                kind=InspectionKind.MONTHLY_EXAM,
                on=date(2026, 5, 28),
                by="zc",
                units=["zc-ly"],
                problems=["P-001"],
                framework="wmcs",
                section="wmcs:I-1",
                scores=[UnitScore(unit="zc-ly", score=91.0)],
                grades=[StandardGrade(standard="wmcs:I-1-1", grade=Grade.B)],
            )
        ],
        raw_rows=[RawRow(id="R-1", sheet="工作台账", row=7, reason="no title")],
        waivers=[
            Waiver(
                id="W-1",
                rule="LDG008",
                subject="T-001",
                reason="待定",
                approved_by="p-zhao",
                expires=date(2026, 12, 31),
            )
        ],
    )


def _replace(ledger: Ledger, collection: str, index: int, **changes: Any) -> Ledger:
    items = list(getattr(ledger, collection))
    items[index] = attrs.evolve(items[index], **changes)
    return attrs.evolve(ledger, **{collection: items})


def test_the_rich_ledger_is_clean_but_for_its_unused_waiver() -> None:
    report = run_check(rich_ledger())
    assert codes(report) == ["LDG013"]


# -- LDG007 duplicate ids -------------------------------------------------------------------------

ID_COLLECTIONS = [c.name for c in COLLECTIONS if c.id_field is not None]


@pytest.mark.parametrize("collection", ID_COLLECTIONS)
def test_duplicate_ids_are_reported_in_every_collection(collection: str) -> None:
    ledger = rich_ledger()
    items = getattr(ledger, collection)
    first = next(i for i, item in enumerate(items) if item.id is not None)
    doubled = attrs.evolve(ledger, **{collection: [*items, items[first]]})
    issue = only(run_check(doubled, select=["LDG007"]), "LDG007")
    assert issue.location.path == (collection, len(items), "id")
    assert issue.subjects == (items[first].id,)
    assert f"id {items[first].id!r} is used again (first at $.{collection}[{first}])" in (
        issue.message
    )
    assert run_check(ledger, select=["LDG007"]).issues == ()


def test_journal_entries_without_ids_are_not_duplicates() -> None:
    b = LedgerBuilder()
    b.entry("T", "assign")
    b.entry("T", "assign")
    b.entry("T", "progress", id="J-1")
    ledger = b.build()
    assert run_check(ledger, select=["LDG007"]).issues == ()
    twice = attrs.evolve(ledger, journal=[*ledger.journal, ledger.journal[2]])
    assert only(run_check(twice, select=["LDG007"]), "LDG007").location.path == (
        "journal",
        3,
        "id",
    )


def test_a_third_copy_is_reported_too() -> None:
    b = LedgerBuilder()
    for _ in range(3):
        b.person("p-1")
    issues = run_check(b.build(), select=["LDG007"]).issues
    assert [i.location.path for i in issues] == [("people", 1, "id"), ("people", 2, "id")]


def test_duplicate_node_codes_within_a_framework() -> None:
    b = LedgerBuilder()
    b.framework("wmcs", ("I", None), ("I-1", "I"), ("I", None))
    b.framework("wsc", ("I", None))  # the same code in another framework is fine
    issue = only(run_check(b.build(), select=["LDG007"]), "LDG007")
    assert issue.location.path == ("frameworks", 0, "nodes", 2, "code")
    assert issue.subjects == ("I",)
    assert issue.message.startswith("framework node id 'I' is used again")


def test_duplicate_id_names_the_line_of_the_first_when_loaded_from_a_file() -> None:
    ledger = load_text(
        "civledger: 1\ncampaign: {id: c, name: x}\npeople:\n- {id: p-1, name: 甲}\n"
        "- {id: p-2, name: 乙}\n- {id: p-1, name: 丙}\n",
        file="dup.yaml",
    )
    issue = only(run_check(ledger), "LDG007")
    assert issue.message == "person id 'p-1' is used again (first at line 4)"
    assert (issue.location.line, issue.location.json_path) == (6, "$.people[2].id")
    assert issue.hint == "give each person its own id: ids are unique within their list"


# -- LDG008 unknown references --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("collection", "field", "target"), _REFERENCES, ids=[f"{c}.{f}" for c, f, _ in _REFERENCES]
)
def test_every_reference_field_is_checked(collection: str, field: str, target: str) -> None:
    ledger = rich_ledger()
    items = getattr(ledger, collection)
    index, value = next(
        (i, getattr(item, field)) for i, item in enumerate(items) if getattr(item, field)
    )
    assert run_check(ledger, select=["LDG008"]).issues == ()  # the valid value is accepted
    if isinstance(value, tuple):
        broken = _replace(ledger, collection, index, **{field: (*value, "nope")})
        path: tuple[Any, ...] = (collection, index, field, len(value))
    else:
        broken = _replace(ledger, collection, index, **{field: "nope"})
        path = (collection, index, field)
    issue = only(run_check(broken, select=["LDG008"]), "LDG008")
    assert issue.location.path == path
    assert issue.message.startswith(f"{field} refers to ")
    assert "'nope', which the ledger does not define" in issue.message
    owner_id = getattr(items[index], "id", None)
    assert issue.subjects == ((owner_id,) if owner_id is not None else ())
    assert issue.hint


@pytest.mark.parametrize(
    ("change", "path", "kind"),
    [
        (
            lambda lg: attrs.evolve(lg, campaign=attrs.evolve(lg.campaign, office="zc-office")),
            ("campaign", "office"),
            "unit",
        ),
        (
            lambda lg: _replace(
                lg,
                "inspections",
                0,
                scores=[UnitScore(unit="zc-ly", score=1), UnitScore(unit="zc-xx", score=2)],
            ),
            ("inspections", 0, "scores", 1, "unit"),
            "unit",
        ),
        (
            lambda lg: _replace(
                lg, "inspections", 0, grades=[StandardGrade(standard="wmcs:IX", grade=Grade.C)]
            ),
            ("inspections", 0, "grades", 0, "standard"),
            "standard",
        ),
        (
            lambda lg: attrs.evolve(
                lg,
                frameworks=[
                    attrs.evolve(
                        lg.frameworks[0],
                        nodes=[
                            *lg.frameworks[0].nodes,
                            FrameworkNode(code="X", title="x", parent="I-9"),
                        ],
                    )
                ],
            ),
            ("frameworks", 0, "nodes", 3, "parent"),
            "framework node",
        ),
        (
            lambda lg: _replace(lg, "appointments", len(lg.appointments) - 1, place="新华大街"),
            ("appointments", 7, "place"),
            "place",
        ),
        (
            lambda lg: attrs.evolve(
                lg,
                campaign=attrs.evolve(
                    lg.campaign, rankings=[RankingPolicy(level=Level.STREET, by="sq-wmbb")]
                ),
            ),
            ("campaign", "rankings", 0, "by"),
            "unit",
        ),
    ],
    ids=[
        "campaign.office",
        "inspection.scores",
        "inspection.grades",
        "node.parent",
        "appointment.place",
        "rankings.by",
    ],
)
def test_nested_references_are_checked(change: Any, path: tuple[Any, ...], kind: str) -> None:
    issue = only(run_check(change(rich_ledger()), select=["LDG008"]), "LDG008")
    assert issue.location.path == path
    assert f"refers to {kind} " in issue.message


@pytest.mark.parametrize(
    ("collection", "field", "wrong", "suggestion"),
    [
        ("tasks", "lead", "zc-lyy", "did you mean 'zc-ly'"),
        ("tasks", "responsible", "p-zha", "did you mean 'p-zhao'"),
        ("tasks", "standards", ("wmcs:I-1-2",), "did you mean 'wmcs:I-1-1'"),
        ("tasks", "lead", "全然不同", "add the unit to the ledger, or correct the id"),
    ],
)
def test_unknown_references_suggest_the_closest_ids(
    collection: str, field: str, wrong: Any, suggestion: str
) -> None:
    broken = _replace(rich_ledger(), collection, 0, **{field: wrong})
    issue = only(run_check(broken, select=["LDG008"]), "LDG008")
    assert issue.hint is not None
    assert issue.hint.startswith(suggestion)


def test_bare_standard_codes_resolve() -> None:
    ledger = _replace(rich_ledger(), "tasks", 0, standards=["I-1-1", "I"])
    assert run_check(ledger, select=["LDG008"]).issues == ()


def test_many_unknown_references_are_all_reported() -> None:
    ledger = small_ledger()
    tasks = [attrs.evolve(ledger.tasks[0], id=f"T-{i}", lead="zc-lyy") for i in range(70)]
    issues = run_check(attrs.evolve(ledger, tasks=tasks, journal=[]), select=["LDG008"]).issues
    assert [i.location.path for i in issues] == [("tasks", i, "lead") for i in range(70)]
    assert all(i.hint for i in issues)


def test_a_place_is_named_by_id_or_name_and_free_text_without_places() -> None:
    ledger = rich_ledger()
    by_id = _replace(ledger, "appointments", len(ledger.appointments) - 1, place="r-1")
    assert run_check(by_id, select=["LDG008"]).issues == ()
    # A ledger that lists no places keeps a chief's place as free text, as before places.
    old = attrs.evolve(ledger, places=[], tasks=[attrs.evolve(t, places=()) for t in ledger.tasks])
    assert (
        run_check(_replace(old, "appointments", 7, place="凯旋路"), select=["LDG008"]).issues == ()
    )


def test_a_waiver_subject_may_be_any_id_or_a_standard() -> None:
    ledger = rich_ledger()
    for subject in ("zc-ly", "p-li", "N-01", "X-1", "wmcs:I-1", "I-1-1", "g-env"):
        waived = _replace(ledger, "waivers", 0, subject=subject)
        assert of_code(run_check(waived, select=["LDG008"]), "LDG008") == [], subject


# -- LDG009 framework cycles ----------------------------------------------------------------------


def test_a_cycle_of_framework_nodes_is_reported_once() -> None:
    b = LedgerBuilder()
    b.framework("wmcs", ("I", None), ("A", "B"), ("B", "C"), ("C", "A"), ("D", "A"))
    issue = only(run_check(b.build(), select=["LDG009"]), "LDG009")
    assert issue.location.path == ("frameworks", 0, "nodes", 1, "parent")
    assert issue.message == "framework wmcs: nodes A → B → C → A are each other's ancestors"
    assert set(issue.subjects) == {"wmcs", "A", "B", "C"}


def test_a_node_that_is_its_own_parent_is_a_cycle() -> None:
    b = LedgerBuilder()
    b.framework("wmcs", ("I", "I"))
    assert codes(run_check(b.build(), select=["LDG009"])) == ["LDG009"]


def test_a_deep_tree_is_not_a_cycle() -> None:
    b = LedgerBuilder()
    chain = [("L0", None), *[(f"L{i}", f"L{i - 1}") for i in range(1, 200)]]
    b.framework("wmcs", *reversed(chain))
    assert run_check(b.build(), select=["LDG009"]).issues == ()


def test_cycles_are_found_in_each_framework() -> None:
    b = LedgerBuilder()
    b.framework("a", ("X", "Y"), ("Y", "X"))
    b.framework("b", ("X", None))
    b.framework("c", ("P", "P"))
    issues = run_check(b.build(), select=["LDG009"]).issues
    assert [i.location.path[:2] for i in issues] == [("frameworks", 0), ("frameworks", 2)]


# -- LDG010 ambiguous bare codes ------------------------------------------------------------------


def _two_frameworks(**task: Any) -> Ledger:
    b = LedgerBuilder()
    b.framework("wmcs", ("I", None), ("I-1", "I"))
    b.framework("wsc", ("I", None), ("I-2", "I"))
    b.task("T-1", **task)
    return b.build()


def test_a_bare_code_of_several_frameworks_is_ambiguous() -> None:
    issue = only(run_check(_two_frameworks(standards=["I-1", "I"])), "LDG010")
    assert issue.location.path == ("tasks", 0, "standards", 1)
    assert issue.message == "standards 'I' is a code in several frameworks (wmcs, wsc)"
    assert issue.hint == "write it as framework:code, such as wmcs:I"
    assert issue.subjects == ("T-1",)


@pytest.mark.parametrize("standards", [["wmcs:I", "wsc:I"], ["I-1", "I-2"]])
def test_qualified_or_unique_codes_are_not_ambiguous(standards: list[str]) -> None:
    assert run_check(_two_frameworks(standards=standards)).issues == ()


def test_ambiguous_codes_in_groups_and_grades() -> None:
    ledger = _two_frameworks()
    ledger = attrs.evolve(
        ledger,
        groups=[Group(id="g", name="g", standards=["I"])],
        inspections=[
            Inspection(
                id="X",
                kind=InspectionKind.MOCK_ASSESSMENT,
                on=date(2026, 6, 1),
                grades=[StandardGrade(standard="I", grade=Grade.A)],
            )
        ],
    )
    paths = [i.location.path for i in of_code(run_check(ledger), "LDG010")]
    assert paths == [("groups", 0, "standards", 0), ("inspections", 0, "grades", 0, "standard")]


def test_one_framework_makes_no_bare_code_ambiguous() -> None:
    b = LedgerBuilder()
    b.framework("wmcs", ("I", None), ("I", None))
    b.task("T-1", standards=["I"])
    assert of_code(run_check(b.build()), "LDG010") == []


# -- waivers: LDG011, LDG012, LDG013 and their effect ---------------------------------------------


def _waive(ledger: Ledger, **waiver: Any) -> Ledger:
    fields: dict[str, Any] = {
        "id": "W-1",
        "rule": "LDG008",
        "subject": "T-001",
        "reason": "新设单位",
        "approved_by": "p-zhao",
    }
    fields.update(waiver)
    return attrs.evolve(ledger, waivers=[*ledger.waivers, Waiver(**fields)])


def _broken_lead() -> Ledger:
    return _replace(small_ledger(), "tasks", 0, lead="zc-new")


def test_a_waiver_of_an_unknown_rule() -> None:
    issue = only(run_check(_waive(small_ledger(), rule="XYZ999")), "LDG011")
    assert issue.location.path == ("waivers", 0, "rule")
    assert issue.message == "waiver W-1 names rule 'XYZ999', which is not in the catalogue"
    assert of_code(run_check(_waive(_broken_lead())), "LDG011") == []


def test_a_waiver_of_a_rule_passed_to_check_is_known() -> None:
    @civledger.rule("ACM001", "acme-demo", title="demo", message="demo")
    def demo(ledger: Ledger, ctx: civledger.Context) -> Any:
        yield ctx.issue("tasks", 0, subjects=["T-001"])

    report = run_check(_waive(small_ledger(), rule="ACM001"), rules=[demo])
    assert of_code(report, "LDG011") == []
    assert only(report, "ACM001").waived_by == "W-1"


def test_an_expired_waiver_is_reported_and_does_not_waive() -> None:
    ledger = _waive(_broken_lead(), expires=date(2026, 5, 31))
    report = run_check(ledger, as_of=date(2026, 6, 1))
    expired = only(report, "LDG012")
    assert expired.location.path == ("waivers", 0, "expires")
    assert expired.message == "waiver W-1 for LDG008 on T-001 expired on 2026-05-31"
    assert only(report, "LDG008").waived_by is None
    assert not report.valid
    assert of_code(report, "LDG013") == []  # an expired waiver is not also "unused"


def test_a_waiver_holds_on_its_expiry_day() -> None:
    ledger = _waive(_broken_lead(), expires=date(2026, 5, 31))
    report = run_check(ledger, as_of=date(2026, 5, 31))
    assert of_code(report, "LDG012") == []
    assert only(report, "LDG008").waived_by == "W-1"
    assert report.valid


def test_a_waived_finding_stays_in_the_report_marked() -> None:
    report = run_check(_waive(_broken_lead()))
    issue = only(report, "LDG008")
    assert issue.waived_by == "W-1"
    assert report.valid
    assert report.open_issues == ()
    assert report.stats()["waived"] == 1
    assert report.stats()["total"] == 0
    assert report.summary().startswith("1 waived")
    assert report.to_rows()[0]["waived_by"] == "W-1"


def test_a_waiver_for_another_subject_or_rule_does_not_waive() -> None:
    for waiver in ({"subject": "P-001"}, {"rule": "LDG007"}):
        report = run_check(_waive(_broken_lead(), **waiver))
        assert only(report, "LDG008").waived_by is None
        assert not report.valid


def test_the_first_of_two_matching_waivers_is_used() -> None:
    ledger = _waive(_waive(_broken_lead()), id="W-2")
    report = run_check(ledger)
    assert only(report, "LDG008").waived_by == "W-1"
    assert only(report, "LDG013").subjects == ("W-2",)


def test_an_unused_waiver_is_reported() -> None:
    report = run_check(_waive(small_ledger()))
    issue = only(report, "LDG013")
    assert issue.location.path == ("waivers", 0)
    assert issue.message == "waiver W-1 for LDG008 on T-001 matched no finding"
    assert issue.subjects == ("W-1",)
    assert issue.severity is civledger.Severity.WARNING
    assert not report.valid


def test_a_used_waiver_is_not_unused() -> None:
    assert of_code(run_check(_waive(_broken_lead())), "LDG013") == []


def test_an_unused_waiver_is_reported_only_when_its_rule_ran() -> None:
    ledger = _waive(small_ledger())
    assert of_code(run_check(ledger, select=["LDG013"]), "LDG013") == []
    assert of_code(run_check(ledger, ignore=["LDG008"]), "LDG013") == []
    assert codes(run_check(ledger, select=["LDG008", "LDG013"])) == ["LDG013"]
    assert of_code(run_check(ledger, ignore=["LDG013"]), "LDG013") == []


def test_waivers_apply_to_load_findings() -> None:
    ledger = load_text(
        "civledger: 1\ncampaign: {id: c, name: x}\n"
        "people:\n- {id: p-1, name: 甲}\n"
        "tasks:\n- {id: T-1, title: t, due: 6月底前}\n"
        "waivers:\n- {id: W-1, rule: LDG003, subject: T-1, reason: 原表如此, approved_by: p-1}\n"
    )
    report = run_check(ledger)
    assert only(report, "LDG003").waived_by == "W-1"
    assert report.valid


def test_waivers_count_as_of_the_check_date() -> None:
    ledger = _waive(_broken_lead(), expires=AS_OF)
    assert run_check(ledger).valid
    assert not run_check(ledger, as_of=date(2026, 6, 16)).valid
