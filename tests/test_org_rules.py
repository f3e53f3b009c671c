"""The ORG rules (the unit hierarchy), each with a ledger that triggers it and one that does not."""

from __future__ import annotations

import attrs
import pytest

from civledger import Ledger, Place, PlaceKind, Report, Severity, Tier, rules
from civledger.i18n import use_language
from civledger.testing import LedgerBuilder, small_ledger
from support import codes, of_code, only, run_check

Unit = tuple[str, str, str | None] | tuple[str, str, str | None, str]


def units(*rows: Unit) -> Ledger:
    """A ledger of units only: ``(id, level, parent)`` or ``(id, level, parent, name)``."""
    b = LedgerBuilder()
    for row in rows:
        uid, level, parent = row[:3]
        b.unit(uid, row[3] if len(row) == 4 else None, level=level, parent=parent)
    return b.build()


def org(ledger: Ledger, *select: str) -> Report:
    return run_check(ledger, select=list(select) or ["ORG"])


TREE = (
    ("zc", "county", None),
    ("zc-ly", "street", "zc"),
    ("zc-ly-xh", "community", "zc-ly"),
    ("zc-ly-xh-g1", "grid", "zc-ly-xh"),
    ("zc-cgz", "town", "zc"),
    ("zc-cgz-bg", "village", "zc-cgz"),
    ("zc-cg", "department", "zc"),
    ("zc-cg-dd", "department", "zc-cg"),  # a squad under its bureau
)


def test_a_well_formed_tree_has_no_org_finding() -> None:
    assert org(units(*TREE)).issues == ()
    assert org(small_ledger()).issues == ()
    assert org(LedgerBuilder().build()).issues == ()  # no units, nothing to say


def test_every_org_rule_is_in_the_basic_tier() -> None:
    report = org(units(*TREE))
    assert list(report.rules) == [f"ORG00{n}" for n in range(1, 10)]
    assert {r.tier for r in rules() if r.family == "ORG"} == {Tier.BASIC}


# -- ORG001 one root ------------------------------------------------------------------------------


def test_org001_a_second_root_with_units_below_it() -> None:
    ledger = units(
        *TREE, ("x", "street", None), ("x-1", "community", "x"), ("x-2", "community", "x")
    )
    issue = only(org(ledger), "ORG001")
    assert issue.subjects == ("x",)
    assert issue.location.json_path == "$.units[8].parent"
    assert issue.message == (
        "unit x has no parent, but zc is already the root (2 units below x cut off)"
    )
    assert issue.hint == "give x its parent (probably zc or a unit below it)"
    assert issue.severity is Severity.ERROR


def test_org001_a_second_root_alone() -> None:
    issue = only(org(units(*TREE, ("zc-cg2", "department", None))), "ORG001")
    assert issue.subjects == ("zc-cg2",)
    assert issue.message == "unit zc-cg2 has no parent, but zc is already the root"


def test_org001_names_each_extra_root_against_the_main_one() -> None:
    # the city is the main root, whatever the order
    ledger = units(("zc", "county", None), ("zc-ly", "street", "zc"), ("sq", "city", None))
    issue = only(org(ledger), "ORG001")
    assert issue.subjects == ("zc",)
    assert issue.location.json_path == "$.units[0].parent"
    assert "but sq is already the root (1 unit below zc cut off)" in issue.message


def test_org001_no_root_at_all() -> None:
    ledger = units(("a", "county", "b"), ("b", "street", "a"))
    report = org(ledger)
    issue = only(report, "ORG001")
    assert issue.subjects == ()
    assert issue.location.json_path == "$.units"
    assert issue.message == "every unit has a parent, so none is the root"
    assert issue.hint == "leave out the parent of the county (or city) at the top"
    assert codes(report).count("ORG002") == 1
    assert of_code(report, "ORG005") == []  # nothing is reachable without a root: not repeated


def test_org001_does_not_trigger_on_one_root() -> None:
    assert of_code(org(units(*TREE)), "ORG001") == []


# -- ORG002 cycles --------------------------------------------------------------------------------


def test_org002_two_units_each_others_parent() -> None:
    ledger = units(*TREE, ("b", "street", "a"), ("a", "street", "b"))
    issue = only(org(ledger), "ORG002")
    assert issue.subjects == ("b", "a")  # from the first in the ledger, child → parent
    assert issue.location.json_path == "$.units[8].parent"
    assert issue.message == "units b → a → b are each other's parents"
    assert issue.hint == (
        "each unit's parent must sit above it; break the loop by correcting one parent"
    )


def test_org002_a_unit_that_is_its_own_parent() -> None:
    report = org(units(*TREE, ("s", "street", "s")))
    issue = only(report, "ORG002")
    assert issue.subjects == ("s",)
    assert issue.location.json_path == "$.units[8].parent"
    assert issue.message == "unit s is its own parent"
    assert of_code(report, "ORG001") == []


def test_org002_one_finding_per_loop() -> None:
    ledger = units(
        *TREE,
        ("a", "street", "c"),
        ("b", "street", "a"),
        ("c", "street", "b"),
        ("d", "street", "d"),
    )
    found = of_code(org(ledger), "ORG002")
    assert [i.subjects for i in found] == [("a", "c", "b"), ("d",)]


def test_org002_does_not_trigger_on_a_tree() -> None:
    assert of_code(org(units(*TREE)), "ORG002") == []


# -- ORG003 level order ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "parent", "message"),
    [
        ("department", "zc-ly", "x (department) cannot sit under zc-ly (street)"),
        ("department", "zc-ly-xh-g1", "x (department) cannot sit under zc-ly-xh-g1 (grid)"),
        ("street", "zc-cg", "x (street) cannot sit under zc-cg (department)"),
        ("community", "zc-ly-xh", "x (community) cannot sit under zc-ly-xh (community)"),
        ("town", "zc-ly", "x (town) cannot sit under zc-ly (street)"),
        ("county", "zc-ly", "x (county) cannot sit under zc-ly (street)"),
        ("grid", "zc-ly-xh-g1", "x (grid) cannot sit under zc-ly-xh-g1 (grid)"),
    ],
)
def test_org003_a_unit_under_the_same_or_a_lower_level(
    level: str, parent: str, message: str
) -> None:
    issue = only(org(units(*TREE, ("x", level, parent))), "ORG003")
    assert issue.subjects == ("x",)
    assert issue.location.json_path == "$.units[8].level"
    assert issue.message == message
    assert "departments sit under a county or city" in (issue.hint or "")


@pytest.mark.parametrize(
    ("level", "parent"),
    [
        ("department", "zc"),  # a county bureau
        ("department", "zc-cg"),  # a squad under its bureau
        ("department", "zc-cg-dd"),  # and further down the line
        ("street", "zc"),
        ("village", "zc-cgz"),
        ("community", "zc-cgz"),  # levels of the same rank mix freely
        ("grid", "zc-cgz-bg"),
    ],
)
def test_org003_does_not_trigger_in_order(level: str, parent: str) -> None:
    assert of_code(org(units(*TREE, ("x", level, parent))), "ORG003") == []


def test_org003_a_department_under_a_city_or_district() -> None:
    ledger = units(
        ("sq", "city", None),
        ("sq-cg", "department", "sq"),
        ("lq", "district", "sq"),
        ("lq-cg", "department", "lq"),
    )
    assert org(ledger).issues == ()


# -- ORG004 skipped level -------------------------------------------------------------------------


def test_org004_a_grid_directly_under_a_street() -> None:
    issue = only(org(units(*TREE, ("g", "grid", "zc-ly"))), "ORG004")
    assert issue.severity is Severity.WARNING
    assert issue.subjects == ("g",)
    assert issue.location.json_path == "$.units[8].parent"
    assert issue.message == "g (grid) sits directly under zc-ly (street), skipping a level"


def test_org004_a_street_directly_under_a_city() -> None:
    ledger = units(("sq", "city", None), ("s", "street", "sq"), ("g", "grid", "s"))
    found = of_code(org(ledger), "ORG004")
    assert [(i.subjects, i.location.json_path) for i in found] == [
        (("s",), "$.units[1].parent"),
        (("g",), "$.units[2].parent"),
    ]


def test_org004_does_not_trigger_on_the_four_levels_or_departments() -> None:
    ledger = units(*TREE, ("sq-cg", "department", "zc"))
    assert of_code(org(ledger), "ORG004") == []
    # a level out of order is ORG003, not a skipped level
    assert of_code(org(units(*TREE, ("x", "street", "zc-ly-xh"))), "ORG004") == []


# -- ORG005 unreachable units ---------------------------------------------------------------------


def test_org005_a_unit_below_an_unknown_parent() -> None:
    ledger = units(
        *TREE,
        ("zc-pd", "street", "zc-p"),
        ("zc-pd-dg", "community", "zc-pd"),
        ("g", "grid", "zc-pd-dg"),
    )
    report = org(ledger, "ORG", "LDG")
    # LDG008 names the unknown parent; ORG005 the part of the tree it cuts off, once
    ldg = only(report, "LDG008")
    assert ldg.location.json_path == "$.units[8].parent"
    assert "parent refers to unit 'zc-p'" in ldg.message
    issue = only(report, "ORG005")
    assert issue.subjects == ("zc-pd",)
    assert issue.location.json_path == "$.units[8].parent"
    assert issue.message == (
        "zc-pd and the 2 units below it cannot be reached from the root zc: "
        "its parent zc-p is not a unit of the ledger"
    )
    assert issue.hint == "correct the parent of zc-pd"


def test_org005_a_unit_below_a_loop() -> None:
    ledger = units(*TREE, ("a", "street", "b"), ("b", "street", "a"), ("a-1", "community", "a"))
    report = org(ledger)
    issue = only(report, "ORG005")
    assert issue.subjects == ("a-1",)
    assert issue.location.json_path == "$.units[10].parent"
    assert issue.message == (
        "a-1 cannot be reached from the root zc: its parent a is in a loop of parents"
    )
    assert issue.hint == "break the loop (ORG002)"
    assert only(report, "ORG002").subjects == ("a", "b")


def test_org005_leaves_a_second_root_to_org001() -> None:
    ledger = units(*TREE, ("x", "street", None), ("x-1", "community", "x"))
    assert codes(org(ledger)) == ["ORG001"]


def test_org005_does_not_trigger_on_a_tree() -> None:
    assert of_code(org(units(*TREE)), "ORG005") == []


# -- ORG006 duplicate names -----------------------------------------------------------------------


def test_org006_two_units_with_one_name_under_one_parent() -> None:
    ledger = units(*TREE, ("zc-ly2", "street", "zc", "zc-ly"))
    issue = only(org(ledger), "ORG006")
    assert issue.subjects == ("zc-ly", "zc-ly2")
    assert issue.location.json_path == "$.units[8].name"
    assert issue.message == "two units under zc are named zc-ly: zc-ly and zc-ly2"
    assert "spreadsheet imports match units by name" in (issue.hint or "")


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("新华社区", "新华 社区"),
        ("新华社区", "新华\u3000社区"),  # the ideographic space
        ("新华１社区", "新华1社区"),  # full-width digit
        ("ＸＨ社区", "xh社区"),  # full-width letters, another case
    ],
)
def test_org006_names_differing_only_by_width_case_or_spaces(first: str, second: str) -> None:
    ledger = units(
        ("zc", "county", None),
        ("zc-ly", "street", "zc"),
        ("a", "community", "zc-ly", first),
        ("b", "community", "zc-ly", second),
    )
    issue = only(org(ledger), "ORG006")
    assert issue.subjects == ("a", "b")
    assert issue.message == f"two units under zc-ly are named {second}: a and b"


def test_org006_roots_with_one_name_are_under_the_top() -> None:
    ledger = units(("a", "county", None, "柘城县"), ("b", "county", None, "柘城县"))
    assert (
        only(org(ledger), "ORG006").message == "two units under the top are named 柘城县: a and b"
    )


def test_org006_does_not_trigger_on_one_name_under_two_parents() -> None:
    ledger = units(
        ("zc", "county", None),
        ("zc-ly", "street", "zc"),
        ("zc-cj", "street", "zc"),
        ("a", "community", "zc-ly", "第1社区"),
        ("b", "community", "zc-cj", "第1社区"),
    )
    assert of_code(org(ledger), "ORG006") == []


def test_org006_does_not_repeat_a_duplicate_id() -> None:
    ledger = units(*TREE, ("zc-ly", "street", "zc"))
    assert of_code(org(ledger), "ORG006") == []
    assert only(org(ledger, "LDG"), "LDG007").subjects == ("zc-ly",)


# -- ORG007, ORG008 places; ORG009 external bodies (issue 15) -------------------------------------


def placed(*places: Place, extra: tuple[Unit, ...] = ()) -> Ledger:
    return attrs.evolve(units(*TREE, *extra), places=list(places))


def test_org007_a_place_in_a_department_a_headquarters_an_external_body_or_cut_off() -> None:
    road = Place(
        id="r-1",
        name="凯旋路",
        kind=PlaceKind.ROAD,
        units=["zc-ly", "zc-cg", "zc-hq", "sq", "lost", "nope"],
    )
    b = LedgerBuilder()
    for uid, level, parent in TREE:
        b.unit(uid, level=level, parent=parent)
    b.unit("zc-hq", "县创城指挥部", level="headquarters", parent="zc")
    b.unit("sq", "商丘市文明办", level="department", external=True)
    b.unit("lost", "失联社区", level="community", parent="gone")
    ledger = attrs.evolve(b.build(), places=[road])
    found = of_code(run_check(ledger, select=["ORG007"]), "ORG007")
    # "nope" is no unit at all: LDG008 says so, not ORG007.
    assert [(i.location.path, i.subjects) for i in found] == [
        (("places", 0, "units", 1), ("r-1", "zc-cg")),
        (("places", 0, "units", 2), ("r-1", "zc-hq")),
        (("places", 0, "units", 3), ("r-1", "sq")),
        (("places", 0, "units", 4), ("r-1", "lost")),
    ]
    assert found[0].message == (
        "road r-1 (凯旋路) lies in zc-cg, which is not territory of the tree: a line department"
    )
    assert [i.message.rsplit(": ", 1)[1] for i in found[1:]] == [
        "a headquarters",
        "an external body",
        "cut off from the root",
    ]


def test_org007_not_for_places_in_territory() -> None:
    market = Place(id="m-1", name="建民农贸市场", kind=PlaceKind.MARKET, units=["zc-ly-xh-g1"])
    road = Place(id="r-1", name="凯旋路", kind=PlaceKind.ROAD, units=["zc-ly", "zc-cgz"])
    assert codes(org(placed(market, road))) == []


def test_org008_a_road_or_site_without_territory_but_not_a_project() -> None:
    market = Place(id="m-1", name="建民农贸市场", kind=PlaceKind.MARKET)
    project = Place(id="kp-1", name="城区主干道提升改造工程", kind=PlaceKind.PROJECT)
    issue = only(org(placed(market, project)), "ORG008")
    assert (issue.location.path, issue.subjects) == (("places", 0), ("m-1",))
    assert issue.message == "market m-1 (建民农贸市场) names no unit whose territory holds it"
    with use_language("zh"):
        assert issue.message == "农贸市场 m-1（建民农贸市场）未写明所在属地单位"


def test_org009_an_external_body_inside_the_tree() -> None:
    b = LedgerBuilder()
    for uid, level, parent in TREE:
        b.unit(uid, level=level, parent=parent)
    b.unit("sq", "商丘市文明办", level="department", parent="zc", external=True)
    b.unit("ha", "河南省文明办", level="department", external=True)
    b.unit("ha-team", "省测评组", level="department", parent="ha")
    report = org(b.build())
    # Reported once each, as ORG009 only (not ORG001, ORG003, ORG005).
    assert codes(report) == ["ORG009", "ORG009"]
    first, second = report.issues
    assert first.subjects == ("sq", "zc")
    assert first.message == (
        "sq (商丘市文明办) sits under zc (zc), but sq is an external body, outside the tree"
    )
    assert second.subjects == ("ha-team", "ha")


def test_org009_not_for_external_bodies_outside_the_tree() -> None:
    b = LedgerBuilder()
    for uid, level, parent in TREE:
        b.unit(uid, level=level, parent=parent)
    b.unit("sq", "商丘市文明办", level="city", external=True)  # a city above: no second root
    b.unit("ha", "河南省文明办", level="department", external=True)
    assert org(b.build()).issues == ()


def test_a_headquarters_hangs_under_a_county_or_a_street() -> None:
    ok = units(*TREE, ("zc-hq", "headquarters", "zc"), ("ly-hq", "headquarters", "zc-ly"))
    assert org(ok).issues == ()
    bad = units(
        *TREE,
        ("xh-hq", "headquarters", "zc-ly-xh"),  # a headquarters under a community
        ("zc-hq", "headquarters", "zc"),
        ("g", "grid", "zc-hq"),  # territory under a headquarters
    )
    assert [(i.code, i.subjects) for i in org(bad).issues] == [
        ("ORG003", ("xh-hq",)),
        ("ORG003", ("g",)),
    ]
