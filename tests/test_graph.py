"""The responsibility views: the unit tree, posts on a date, chains, duties and the org graph.

The chain orders are spelled out link by link from the ledgers built here, so
that a change in the order rules (属地管理, 条块结合、以块为主) shows as a diff.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs
import pytest

import civledger
from civledger import (
    Appointment,
    Campaign,
    Capacity,
    CivLedgerError,
    Contract,
    Group,
    Ledger,
    Link,
    Post,
    UnknownIdError,
)
from civledger.testing import LedgerBuilder, small_ledger

DAY = date(2026, 5, 1)

LEAD = Capacity.LEAD
TERRITORIAL = Capacity.TERRITORIAL
LINE = Capacity.LINE
CONTRACT = Capacity.CONTRACT
RESPONSIBLE = Capacity.RESPONSIBLE
COOPERATING = Capacity.COOPERATING


def link(
    unit: str,
    post: str | None,
    person: str | None,
    capacity: Capacity,
    answers_for: str | None = None,
) -> Link:
    """A link written the short way: posts by value or Chinese label."""
    return Link(
        unit=unit,
        post=Post.parse(post) if post is not None else None,
        person=person,
        capacity=capacity,
        answers_for=answers_for or unit,
    )


FR, KEEPER, BAO = "第一责任人", "网格员", "包挂领导"


def county() -> Ledger:
    """A county with a street, a community, three grids (staffed three ways), a vacant
    street, a bureau that contracts the community (包联) and a squad under the bureau."""
    b = LedgerBuilder()
    b.unit("zc", "柘城县", level="county")
    b.unit("zc-ly", "龙源街道", parent="zc")
    b.unit("zc-ly-xh", "新华社区", level="community", parent="zc-ly")
    b.unit("zc-ly-xh-g1", "新华社区第1网格", level="grid", parent="zc-ly-xh")  # a keeper
    b.unit("zc-ly-xh-g2", "新华社区第2网格", level="grid", parent="zc-ly-xh")  # a head only
    b.unit("zc-ly-xh-g3", "新华社区第3网格", level="grid", parent="zc-ly-xh")  # nobody
    b.unit("zc-cj", "长江新城街道", parent="zc")  # no first responsible person
    b.unit("zc-cg", "县城管局", level="department", parent="zc")
    b.unit("zc-cg-dd", "县城管局执法大队", level="department", parent="zc-cg")
    for pid in ("p-zc", "p-ly", "p-bao", "p-xh", "p-g1", "p-g2", "p-cg", "p-dd", "p-key"):
        b.person(pid)
    b.appoint("p-zc", "first_responsible", unit="zc", start="2026-01-01")
    b.appoint("p-ly", "first_responsible", unit="zc-ly", start="2026-01-01")
    b.appoint("p-bao", "contract_leader", unit="zc-ly", start="2026-01-01")
    b.appoint("p-xh", "first_responsible", unit="zc-ly-xh", start="2026-01-01")
    b.appoint("p-g1", "grid_keeper", unit="zc-ly-xh-g1", start="2026-01-01")
    b.appoint("p-g2", "first_responsible", unit="zc-ly-xh-g2", start="2026-01-01")
    b.appoint("p-cg", "first_responsible", unit="zc-cg", start="2026-01-01")
    b.appoint("p-dd", "first_responsible", unit="zc-cg-dd", start="2026-01-01")
    b.appoint("p-key", "contract_leader", task="T-KEY", start="2026-04-01", end="2026-05-31")
    b.add("contracts", Contract(unit="zc-cg", target="zc-ly-xh", start=date(2026, 3, 1)))
    # a contract not yet in force on DAY: it must not show
    b.add("contracts", Contract(unit="zc-cg-dd", target="zc-ly", start=date(2026, 6, 1)))
    b.task("T-LY", lead="zc-ly", cooperating=["zc-cg"], due="2026-06-30")
    b.task("T-XH", lead="zc-ly-xh", due="2026-06-30")
    b.task("P-XH", kind="problem", lead="zc-ly-xh", located_in="zc-ly-xh-g1")
    b.task("P-LY", kind="problem", lead="zc-ly", located_in="zc-ly-xh-g1")
    b.task("P-CG", kind="problem", lead="zc-cg", located_in="zc-ly-xh-g1")
    b.task("P-DD", kind="problem", lead="zc-cg-dd", located_in="zc-ly-xh-g1")
    b.task("P-G2", kind="problem", lead="zc-cg", located_in="zc-ly-xh-g2")
    b.task("P-G3", kind="problem", lead="zc-ly-xh", located_in="zc-ly-xh-g3")
    b.task("T-CJ", lead="zc-cj")
    b.task("P-OUT", kind="problem", lead="zc-cj", located_in="zc-ly-xh-g1")
    b.task("T-NONE")
    b.task("P-NONE", kind="problem", located_in="zc-ly-xh-g1")
    b.task("T-KEY", lead="zc-ly", responsible="p-xh")
    b.task("T-AT-CG", lead="zc-ly", located_in="zc-cg")  # a department is no place
    b.task("T-CG", lead="zc-cg")
    return b.build()


@pytest.fixture
def ledger() -> Ledger:
    return county()


def chain(ledger: Ledger, task: str, day: date = DAY) -> list[Link]:
    return civledger.chain(ledger, task, as_of=day)


# The pieces the chains of the county ledger are made of.
G1 = [link("zc-ly-xh-g1", KEEPER, "p-g1", TERRITORIAL)]
XH_ABOVE = [
    link("zc-ly-xh", FR, "p-xh", TERRITORIAL),
    link("zc-cg", FR, "p-cg", CONTRACT, "zc-ly-xh"),  # the bureau that 包联 the community
]
XH_LEAD = [
    link("zc-ly-xh", FR, "p-xh", LEAD),
    link("zc-cg", FR, "p-cg", CONTRACT, "zc-ly-xh"),
]
LY_ABOVE = [link("zc-ly", FR, "p-ly", TERRITORIAL), link("zc-ly", BAO, "p-bao", CONTRACT)]
LY_LEAD = [link("zc-ly", FR, "p-ly", LEAD), link("zc-ly", BAO, "p-bao", CONTRACT)]
ZC = [link("zc", FR, "p-zc", TERRITORIAL)]


# -- the unit tree --------------------------------------------------------------------------------


def test_the_tree_of_the_county(ledger: Ledger) -> None:
    tree = civledger.unit_tree(ledger)
    assert tree.root == "zc"
    assert tree.roots == ("zc",)
    assert tree.cycles == ()
    assert tree.ancestry["zc-ly-xh-g1"] == ("zc-ly-xh-g1", "zc-ly-xh", "zc-ly", "zc")
    assert tree.ancestry["zc-cg-dd"] == ("zc-cg-dd", "zc-cg", "zc")
    assert tree.reachable == frozenset(u.id for u in ledger.units)
    assert tree.children("zc") == ["zc-ly", "zc-cj", "zc-cg"]  # ledger order
    assert tree.children("zc-ly-xh-g1") == []
    assert tree.children("nowhere") == []
    assert tree.parent("zc-ly-xh") == "zc-ly"
    assert tree.parent("zc") is None
    assert tree.parent("nowhere") is None
    assert tree.contains("zc-ly", "zc-ly-xh-g3")
    assert tree.contains("zc-ly", "zc-ly")  # a unit contains itself
    assert not tree.contains("zc-ly-xh-g3", "zc-ly")
    assert not tree.contains("zc-cg", "zc-ly-xh")
    assert not tree.contains("zc", "nowhere")
    assert tree.subtree("zc-ly-xh") == {"zc-ly-xh", "zc-ly-xh-g1", "zc-ly-xh-g2", "zc-ly-xh-g3"}
    assert tree.subtree("zc-ly-xh-g2") == {"zc-ly-xh-g2"}
    assert tree.subtree("nowhere") == set()
    assert tree.units["zc-cg"].name == "县城管局"
    assert tree.graph.nodes["zc-ly"]["unit"] is ledger.unit("zc-ly")
    assert ("zc", "zc-ly") in tree.graph.edges


def test_the_tree_is_computed_once_per_ledger_and_again_for_a_changed_one(ledger: Ledger) -> None:
    assert civledger.unit_tree(ledger) is civledger.unit_tree(ledger)
    moved = attrs.evolve(
        ledger,
        units=[
            *ledger.units,
            civledger.Unit(id="zc-pd", name="浦东街道", level=civledger.Level.STREET, parent="zc"),
        ],
    )
    assert civledger.unit_tree(moved) is not civledger.unit_tree(ledger)
    assert "zc-pd" in civledger.unit_tree(moved).children("zc")
    assert "zc-pd" not in civledger.unit_tree(ledger).children("zc")


def _roots(*units: tuple[str, str, str | None]) -> civledger.UnitTree:
    b = LedgerBuilder()
    for uid, level, parent in units:
        b.unit(uid, level=level, parent=parent)
    return civledger.unit_tree(b.build())


def test_the_main_root_is_the_highest_level_first() -> None:
    tree = _roots(("zc", "county", None), ("sq", "city", None))
    assert (tree.root, tree.roots) == ("sq", ("sq", "zc"))


def test_the_main_root_is_a_territorial_unit_before_a_department() -> None:
    tree = _roots(("cg", "department", None), ("cg-dd", "department", "cg"), ("ly", "street", None))
    assert (tree.root, tree.roots) == ("ly", ("ly", "cg"))
    assert tree.reachable == frozenset({"ly"})


def test_the_main_root_among_equals_is_the_one_with_most_units_below() -> None:
    tree = _roots(
        ("a", "county", None),
        ("b", "county", None),
        ("b-1", "street", "b"),
        ("b-2", "street", "b"),
        ("a-1", "street", "a"),
    )
    assert (tree.root, tree.roots) == ("b", ("b", "a"))
    assert tree.reachable == frozenset({"b", "b-1", "b-2"})


def test_the_main_root_among_equal_trees_is_the_first_in_the_ledger() -> None:
    tree = _roots(("a", "county", None), ("b", "county", None))
    assert (tree.root, tree.roots) == ("a", ("a", "b"))


def test_ancestry_stops_before_a_unit_repeats() -> None:
    tree = _roots(
        ("zc", "county", None),
        ("a", "street", "b"),
        ("b", "street", "a"),
        ("a-1", "community", "a"),
        ("a-1-g", "grid", "a-1"),
        ("s", "street", "s"),  # its own parent
    )
    assert tree.cycles == (("a", "b"), ("s",))
    assert tree.ancestry["a"] == ("a", "b")
    assert tree.ancestry["b"] == ("b", "a")
    assert tree.ancestry["a-1-g"] == ("a-1-g", "a-1", "a", "b")
    assert tree.ancestry["s"] == ("s",)
    assert tree.reachable == frozenset({"zc"})
    assert tree.root == "zc"
    assert tree.contains("b", "a-1-g")
    assert tree.contains("a", "a-1-g")


def test_a_tree_all_in_a_loop_has_no_root() -> None:
    tree = _roots(("a", "county", "b"), ("b", "street", "a"))
    assert (tree.root, tree.roots, tree.reachable) == (None, (), frozenset())
    assert tree.cycles == (("a", "b"),)


def test_units_below_an_unknown_parent_end_their_ancestry_there() -> None:
    tree = _roots(("zc", "county", None), ("s", "street", "zz"), ("c", "community", "s"))
    assert tree.ancestry["c"] == ("c", "s")
    assert tree.parent("s") == "zz"
    assert tree.reachable == frozenset({"zc"})


def test_duplicate_unit_ids_keep_the_first() -> None:
    b = LedgerBuilder()
    b.unit("zc", level="county")
    b.unit("s", "first", parent="zc")
    b.unit("s", "second", parent="zc")
    tree = civledger.unit_tree(b.build())
    assert tree.units["s"].name == "first"
    assert tree.children("zc") == ["s"]


# -- posts on a date ------------------------------------------------------------------------------


def _posts() -> Ledger:
    b = LedgerBuilder(campaign=Campaign(id="c", name="c", as_of=date(2026, 4, 30)))
    b.unit("zc", level="county")
    b.unit("s", parent="zc")
    b.unit("s-c", level="community", parent="s")
    b.unit("s-c-g", level="grid", parent="s-c")
    b.appoint("p-old", "first_responsible", unit="s", start="2021-10-08", end="2026-04-30")
    b.appoint("p-new", "first_responsible", unit="s", start="2026-05-01")
    b.appoint("p-zc", "first_responsible", unit="zc")  # open at both ends
    b.appoint("p-k1", "grid_keeper", unit="s-c-g", start="2026-01-01", end="2026-05-31")
    b.appoint("p-k2", "grid_keeper", unit="s-c-g", start="2026-05-15")
    b.appoint("p-key", "contract_leader", unit="s", task="T-1")  # a key project, not a post of s
    return b.build()


def test_holders_on_a_date_with_inclusive_start_and_end() -> None:
    ledger = _posts()
    holders = civledger.holders
    assert holders(ledger, "s", "first_responsible", date(2021, 10, 7)) == ()
    assert holders(ledger, "s", "first_responsible", date(2021, 10, 8)) == ("p-old",)
    assert holders(ledger, "s", "first_responsible", date(2026, 4, 30)) == ("p-old",)
    assert holders(ledger, "s", "first_responsible", date(2026, 5, 1)) == ("p-new",)
    assert holders(ledger, "s", Post.FIRST_RESPONSIBLE, date(2099, 1, 1)) == ("p-new",)
    assert holders(ledger, "zc", "第一责任人", date(1990, 1, 1)) == ("p-zc",)
    # several grid keepers at once are allowed; earliest appointment first
    assert holders(ledger, "s-c-g", "网格员", date(2026, 5, 20)) == ("p-k1", "p-k2")
    assert holders(ledger, "s-c-g", "grid_keeper", date(2026, 6, 1)) == ("p-k2",)
    assert holders(ledger, "s-c", "first_responsible", date(2026, 5, 1)) == ()
    with pytest.raises(civledger.UnknownIdError, match="nowhere"):
        holders(ledger, "nowhere", "first_responsible", date(2026, 5, 1))
    assert holders(ledger, "s", "contract_leader", date(2026, 5, 1)) == ()


def test_holders_default_to_the_ledger_date() -> None:
    ledger = _posts()  # campaign.as_of 2026-04-30
    assert civledger.holders(ledger, "s", "first_responsible") == ("p-old",)
    assert civledger.vacancies(ledger) == ["s-c", "s-c-g"]


def test_holders_reject_an_unknown_post() -> None:
    with pytest.raises(ValueError, match="not a known post"):
        civledger.holders(_posts(), "s", "书记")


def test_vacancies_of_first_responsible_and_of_grid_keepers() -> None:
    ledger = _posts()
    assert civledger.vacancies(ledger, as_of=date(2026, 5, 1)) == ["s-c", "s-c-g"]
    assert civledger.vacancies(ledger, "first_responsible", date(2021, 1, 1)) == [
        "s",
        "s-c",
        "s-c-g",
    ]
    # grid keepers are asked of grids only
    assert civledger.vacancies(ledger, "网格员", date(2026, 5, 1)) == []
    assert civledger.vacancies(ledger, "grid_keeper", date(2025, 12, 31)) == ["s-c-g"]
    # a key project's contract leader does not fill the unit's post
    assert civledger.vacancies(ledger, "contract_leader", date(2026, 5, 1)) == [
        "zc",
        "s",
        "s-c",
        "s-c-g",
    ]


def test_the_post_index_sorts_by_start_and_indexes_tasks_and_people() -> None:
    index = civledger.graph.post_index(_posts())
    assert [a.person for a in index.by_unit[("s", Post.FIRST_RESPONSIBLE)]] == ["p-old", "p-new"]
    assert [a.person for a in index.by_task["T-1"]] == ["p-key"]
    assert ("s", Post.CONTRACT_LEADER) not in index.by_unit
    assert [a.post for a in index.by_person["p-k2"]] == [Post.GRID_KEEPER]
    assert index.on(date(2026, 5, 1)) == {
        ("s", Post.FIRST_RESPONSIBLE): ("p-new",),
        ("zc", Post.FIRST_RESPONSIBLE): ("p-zc",),
        ("s-c-g", Post.GRID_KEEPER): ("p-k1",),
    }


# -- chains: a territorial task -------------------------------------------------------------------


def test_a_street_task_is_the_street_as_lead_then_the_county(ledger: Ledger) -> None:
    assert chain(ledger, "T-LY") == [*LY_LEAD, *ZC]


def test_a_community_task_includes_the_bureau_that_contracts_it(ledger: Ledger) -> None:
    assert chain(ledger, "T-XH") == [*XH_LEAD, *LY_ABOVE, *ZC]


def test_a_contract_counts_only_while_in_force(ledger: Ledger) -> None:
    # zc-cg-dd contracts zc-ly from 2026-06-01
    june = chain(ledger, "T-LY", date(2026, 6, 1))
    assert june == [*LY_LEAD, link("zc-cg-dd", FR, "p-dd", CONTRACT, "zc-ly"), *ZC]
    before = [Contract(unit="zc-cg", target="zc-ly-xh", end=date(2026, 4, 30))]
    ended = attrs.evolve(ledger, contracts=before)
    assert chain(ended, "T-XH") == [link("zc-ly-xh", FR, "p-xh", LEAD), *LY_ABOVE, *ZC]


def test_a_department_task_is_the_department_then_the_county(ledger: Ledger) -> None:
    assert chain(ledger, "T-CG") == [link("zc-cg", FR, "p-cg", LEAD), *ZC]


def test_a_vacant_lead_shows_as_a_link_without_a_person(ledger: Ledger) -> None:
    assert chain(ledger, "T-CJ") == [link("zc-cj", FR, None, LEAD), *ZC]


# -- chains: problems located in a grid ----------------------------------------------------------


def test_a_grid_problem_led_by_its_community_lists_the_grid_first(ledger: Ledger) -> None:
    assert chain(ledger, "P-XH") == [*G1, *XH_LEAD, *LY_ABOVE, *ZC]


def test_a_grid_problem_led_by_the_street_lists_the_levels_between_as_territory(
    ledger: Ledger,
) -> None:
    assert chain(ledger, "P-LY") == [*G1, *XH_ABOVE, *LY_LEAD, *ZC]


def test_a_grid_problem_handed_to_a_department_puts_the_territory_first(ledger: Ledger) -> None:
    # 属地管理, 条块结合、以块为主: grid → root, then the department
    assert chain(ledger, "P-CG") == [
        *G1,
        *XH_ABOVE,
        *LY_ABOVE,
        *ZC,
        link("zc-cg", FR, "p-cg", LEAD),
    ]


def test_a_grid_problem_handed_to_a_squad_adds_its_bureau_as_line(ledger: Ledger) -> None:
    assert chain(ledger, "P-DD") == [
        *G1,
        *XH_ABOVE,
        *LY_ABOVE,
        *ZC,
        link("zc-cg-dd", FR, "p-dd", LEAD),
        link("zc-cg", FR, "p-cg", LINE),  # the line up to where it meets the territory
    ]


def test_a_grid_with_only_its_head_answers_through_the_head(ledger: Ledger) -> None:
    assert chain(ledger, "P-G2")[:1] == [link("zc-ly-xh-g2", FR, "p-g2", TERRITORIAL)]
    assert chain(ledger, "P-G2")[1:] == [*XH_ABOVE, *LY_ABOVE, *ZC, link("zc-cg", FR, "p-cg", LEAD)]


def test_a_grid_with_nobody_shows_a_vacant_grid_keeper(ledger: Ledger) -> None:
    assert chain(ledger, "P-G3") == [
        link("zc-ly-xh-g3", KEEPER, None, TERRITORIAL),
        *XH_LEAD,
        *LY_ABOVE,
        *ZC,
    ]


def test_a_territorial_lead_outside_the_place_answers_alone(ledger: Ledger) -> None:
    # OWN007 reports it; the chain is the lead's own
    assert chain(ledger, "P-OUT") == chain(ledger, "T-CJ")


def test_a_problem_without_a_lead_is_answered_by_its_territory(ledger: Ledger) -> None:
    assert chain(ledger, "P-NONE") == [*G1, *XH_ABOVE, *LY_ABOVE, *ZC]


def test_a_department_is_no_place(ledger: Ledger) -> None:
    assert chain(ledger, "T-AT-CG") == chain(ledger, "T-LY")


def test_a_task_without_a_lead_or_a_place_has_an_empty_chain(ledger: Ledger) -> None:
    assert chain(ledger, "T-NONE") == []


def test_an_unknown_lead_is_no_lead(ledger: Ledger) -> None:
    tasks = [*ledger.tasks, civledger.Task(id="T-UNK", title="x", lead="zc-xx")]
    placed = civledger.Task(id="P-UNK", title="x", lead="zc-xx", located_in="zc-ly-xh-g1")
    changed = attrs.evolve(ledger, tasks=[*tasks, placed])
    assert chain(changed, "T-UNK") == []
    assert chain(changed, "P-UNK") == chain(ledger, "P-NONE")


# -- chains: the people of the task itself --------------------------------------------------------


def test_the_named_responsible_and_the_key_project_leader_come_first(ledger: Ledger) -> None:
    assert chain(ledger, "T-KEY") == [
        Link(unit="zc-ly", post=None, person="p-xh", capacity=RESPONSIBLE, answers_for="zc-ly"),
        link("zc-ly", BAO, "p-key", CONTRACT),
        *LY_LEAD,
        *ZC,
    ]
    # the key-project appointment ends on 2026-05-31 (inclusive)
    assert chain(ledger, "T-KEY", date(2026, 5, 31))[1].person == "p-key"
    # from 2026-06-01 it is gone, and the squad's contract of zc-ly is in force
    assert [x.person for x in chain(ledger, "T-KEY", date(2026, 6, 1))] == [
        "p-xh",
        "p-ly",
        "p-bao",
        "p-dd",
        "p-zc",
    ]


def test_a_key_project_leader_naming_a_unit_answers_for_that_task_alone(ledger: Ledger) -> None:
    key = Appointment(
        person="p-key", post=Post.CONTRACT_LEADER, unit="zc-cj", task="T-KEY", start=DAY
    )
    changed = attrs.evolve(ledger, appointments=[*ledger.appointments, key])
    assert link("zc-cj", BAO, "p-key", CONTRACT) in chain(changed, "T-KEY")
    assert chain(changed, "T-CJ") == [link("zc-cj", FR, None, LEAD), *ZC]


def test_a_responsible_person_without_a_lead_stands_alone() -> None:
    b = LedgerBuilder()
    b.task("T-1", responsible="p-1")
    assert civledger.chain(b.build(), "T-1", as_of=DAY) == [
        Link(unit="", post=None, person="p-1", capacity=RESPONSIBLE, answers_for="")
    ]


def test_chain_of_an_unknown_task_raises(ledger: Ledger) -> None:
    with pytest.raises(UnknownIdError, match="no tasks entry with id T-XX"):
        civledger.chain(ledger, "T-XX")


def test_chain_defaults_to_the_ledger_date(ledger: Ledger) -> None:
    dated = attrs.evolve(ledger, campaign=attrs.evolve(ledger.campaign, as_of=date(2026, 6, 1)))
    assert civledger.chain(dated, "T-LY") == chain(ledger, "T-LY", date(2026, 6, 1))


def test_chains_are_derived_from_the_ledger_never_stored(ledger: Ledger) -> None:
    before = chain(ledger, "T-CJ")
    staffed = attrs.evolve(
        ledger,
        appointments=[
            *ledger.appointments,
            Appointment(person="p-ly", post=Post.FIRST_RESPONSIBLE, unit="zc-cj"),
        ],
    )
    assert chain(staffed, "T-CJ") == [link("zc-cj", FR, "p-ly", LEAD), *ZC]
    assert chain(ledger, "T-CJ") == before


def test_a_different_county_department_adds_the_line_the_territory_did_not_list() -> None:
    """A city with two counties: a problem in county A's grid handed to a squad of
    county B's bureau. The territory answers from the grid up to the city; the line
    then adds the squad, its bureau and county B, and stops at the city, already listed."""
    b = LedgerBuilder()
    b.unit("sq", level="city")
    b.unit("a", level="county", parent="sq")
    b.unit("a-s", level="street", parent="a")
    b.unit("a-s-c", level="community", parent="a-s")
    b.unit("a-s-c-g", level="grid", parent="a-s-c")
    b.unit("b", level="county", parent="sq")
    b.unit("b-cg", level="department", parent="b")
    b.unit("b-cg-dd", level="department", parent="b-cg")
    b.unit("sq-cg", level="department", parent="sq")
    for uid in ("sq", "a", "a-s", "a-s-c", "b", "b-cg", "b-cg-dd", "sq-cg"):
        b.appoint(f"p-{uid}", "first_responsible", unit=uid)
    b.appoint("p-g", "grid_keeper", unit="a-s-c-g")
    b.task("P-B", kind="problem", lead="b-cg-dd", located_in="a-s-c-g")
    b.task("P-SQ", kind="problem", lead="sq-cg", located_in="a-s-c-g")
    ledger = b.build()
    territory = [
        link("a-s-c-g", KEEPER, "p-g", TERRITORIAL),
        link("a-s-c", FR, "p-a-s-c", TERRITORIAL),
        link("a-s", FR, "p-a-s", TERRITORIAL),
        link("a", FR, "p-a", TERRITORIAL),
        link("sq", FR, "p-sq", TERRITORIAL),
    ]
    got = chain(ledger, "P-B")
    assert [(x.unit, x.person) for x in got] == [
        *[(x.unit, x.person) for x in territory],
        ("b-cg-dd", "p-b-cg-dd"),
        ("b-cg", "p-b-cg"),
        ("b", "p-b"),
    ]
    assert got[:5] == territory
    assert got[5:7] == [link("b-cg-dd", FR, "p-b-cg-dd", LEAD), link("b-cg", FR, "p-b-cg", LINE)]
    # a city bureau meets the territory at once: the city is already listed
    assert chain(ledger, "P-SQ") == [*territory, link("sq-cg", FR, "p-sq-cg", LEAD)]


def test_a_county_in_the_line_of_another_county_answers_as_line() -> None:
    b = LedgerBuilder()
    b.unit("sq", level="city")
    b.unit("a", level="county", parent="sq")
    b.unit("a-g", level="grid", parent="a")
    b.unit("b", level="county", parent="sq")
    b.unit("b-cg", level="department", parent="b")
    b.appoint("p-b", "first_responsible", unit="b")
    b.task("P-B", kind="problem", lead="b-cg", located_in="a-g")
    assert chain(b.build(), "P-B")[-1] == link("b", FR, "p-b", LINE)


# -- every chain at once --------------------------------------------------------------------------


def test_chains_is_a_read_only_mapping_in_ledger_order(ledger: Ledger) -> None:
    every = civledger.chains(ledger, as_of=DAY)
    assert isinstance(every, civledger.ChainView)
    assert every.day == DAY
    assert len(every) == len(ledger.tasks)
    assert list(every) == [t.id for t in ledger.tasks]
    assert "T-LY" in every
    assert "T-XX" not in every
    assert every.get("T-XX") is None
    with pytest.raises(KeyError):
        every["T-XX"]
    for task in ledger.tasks:
        assert list(every[task.id]) == chain(ledger, task.id)
    assert isinstance(every["T-LY"], tuple)


def test_chains_share_one_tuple_per_place_and_lead(ledger: Ledger) -> None:
    twin = civledger.Task(
        id="P-CG2", title="同一网格同一部门", lead="zc-cg", located_in="zc-ly-xh-g1"
    )
    own = civledger.Task(
        id="P-CG3", title="有责任人", lead="zc-cg", located_in="zc-ly-xh-g1", responsible="p-cg"
    )
    every = civledger.chains(attrs.evolve(ledger, tasks=[*ledger.tasks, twin, own]), as_of=DAY)
    assert every["P-CG2"] is every["P-CG"]
    assert every["P-CG3"] is not every["P-CG"]
    assert every["P-CG3"][1:] == every["P-CG"]


def test_chains_with_duplicate_task_ids_keep_the_first(ledger: Ledger) -> None:
    again = attrs.evolve(ledger.task("T-LY"), lead="zc-cj")
    every = civledger.chains(attrs.evolve(ledger, tasks=[*ledger.tasks, again]), as_of=DAY)
    assert len(every) == len(ledger.tasks)
    assert list(every) == [t.id for t in ledger.tasks]
    assert every["T-LY"] == (*LY_LEAD, *ZC)


def test_chains_default_to_the_ledger_date() -> None:
    ledger = small_ledger()
    dated = attrs.evolve(ledger, campaign=attrs.evolve(ledger.campaign, as_of=DAY))
    assert civledger.chains(dated).day == DAY


def test_link_text() -> None:
    assert str(link("zc-cj", FR, None, LEAD)) == "zc-cj 第一责任人 （空缺） (牵头)"
    assert str(Link(unit="zc", post=None, person="p", capacity=RESPONSIBLE, answers_for="zc")) == (
        "zc 责任人 p (责任人)"
    )


# -- duties ---------------------------------------------------------------------------------------


def duties(ledger: Ledger, who: str, day: date = DAY) -> list[tuple[str, str, str, str | None]]:
    return [
        (d.task, d.capacity.value, d.unit, d.post.value if d.post else None)
        for d in civledger.duties(ledger, who, day)
    ]


def test_duties_of_a_street(ledger: Ledger) -> None:
    assert duties(ledger, "zc-ly") == [
        ("T-LY", "lead", "zc-ly", "first_responsible"),
        ("T-XH", "territorial", "zc-ly", "first_responsible"),
        ("P-XH", "territorial", "zc-ly", "first_responsible"),
        ("P-LY", "lead", "zc-ly", "first_responsible"),
        ("P-CG", "territorial", "zc-ly", "first_responsible"),
        ("P-DD", "territorial", "zc-ly", "first_responsible"),
        ("P-G2", "territorial", "zc-ly", "first_responsible"),
        ("P-G3", "territorial", "zc-ly", "first_responsible"),
        ("P-NONE", "territorial", "zc-ly", "first_responsible"),
        ("T-KEY", "lead", "zc-ly", "first_responsible"),
        ("T-AT-CG", "lead", "zc-ly", "first_responsible"),
    ]


def test_a_contracted_unit_does_not_answer_as_contractor(ledger: Ledger) -> None:
    # zc-ly has a contract leader and zc-ly-xh a contracting bureau: neither is a 包挂 itself
    assert all(cap != "contract" for _, cap, _, _ in duties(ledger, "zc-ly"))
    assert all(cap != "contract" for _, cap, _, _ in duties(ledger, "zc-ly-xh"))


def test_duties_of_a_bureau_lead_cooperating_line_and_contract(ledger: Ledger) -> None:
    assert duties(ledger, "zc-cg") == [
        ("T-LY", "cooperating", "zc-cg", None),
        ("T-XH", "contract", "zc-cg", "first_responsible"),
        ("P-XH", "contract", "zc-cg", "first_responsible"),
        ("P-LY", "contract", "zc-cg", "first_responsible"),
        ("P-CG", "lead", "zc-cg", "first_responsible"),
        ("P-CG", "contract", "zc-cg", "first_responsible"),
        ("P-DD", "line", "zc-cg", "first_responsible"),
        ("P-DD", "contract", "zc-cg", "first_responsible"),
        ("P-G2", "lead", "zc-cg", "first_responsible"),
        ("P-G2", "contract", "zc-cg", "first_responsible"),
        ("P-G3", "contract", "zc-cg", "first_responsible"),
        ("P-NONE", "contract", "zc-cg", "first_responsible"),
        ("T-CG", "lead", "zc-cg", "first_responsible"),
    ]


def test_duties_of_a_grid_and_of_a_vacant_unit(ledger: Ledger) -> None:
    assert duties(ledger, "zc-ly-xh-g3") == [("P-G3", "territorial", "zc-ly-xh-g3", "grid_keeper")]
    # a unit answers even while its post is vacant: the gap is its own
    assert duties(ledger, "zc-cj") == [
        ("T-CJ", "lead", "zc-cj", "first_responsible"),
        ("P-OUT", "lead", "zc-cj", "first_responsible"),
    ]


def test_duties_of_people_in_each_capacity(ledger: Ledger) -> None:
    assert duties(ledger, "p-xh") == [
        ("T-XH", "lead", "zc-ly-xh", "first_responsible"),
        ("P-XH", "lead", "zc-ly-xh", "first_responsible"),
        ("P-LY", "territorial", "zc-ly-xh", "first_responsible"),
        ("P-CG", "territorial", "zc-ly-xh", "first_responsible"),
        ("P-DD", "territorial", "zc-ly-xh", "first_responsible"),
        ("P-G2", "territorial", "zc-ly-xh", "first_responsible"),
        ("P-G3", "lead", "zc-ly-xh", "first_responsible"),
        ("P-NONE", "territorial", "zc-ly-xh", "first_responsible"),
        ("T-KEY", "responsible", "zc-ly", None),
    ]
    assert duties(ledger, "p-cg")[:2] == [
        ("T-LY", "cooperating", "zc-cg", "first_responsible"),
        ("T-XH", "contract", "zc-cg", "first_responsible"),
    ]
    assert ("P-DD", "line", "zc-cg", "first_responsible") in duties(ledger, "p-cg")
    assert duties(ledger, "p-key") == [("T-KEY", "contract", "zc-ly", "contract_leader")]
    assert duties(ledger, "p-key", date(2026, 6, 1)) == []
    # P-OUT lies in the grid, but its lead zc-cj is outside: the grid is not in its chain
    assert duties(ledger, "p-g1") == [
        (task, "territorial", "zc-ly-xh-g1", "grid_keeper")
        for task in ("P-XH", "P-LY", "P-CG", "P-DD", "P-NONE")
    ]


def test_a_person_answers_once_per_task_and_capacity() -> None:
    ledger = small_ledger()
    # p-wu contracts zc-ly; T-001 and P-001 both reach zc-ly
    assert duties(ledger, "p-wu") == [
        ("T-001", "contract", "zc-ly", "contract_leader"),
        ("P-001", "contract", "zc-ly", "contract_leader"),
    ]


def test_duties_raise_for_an_id_of_neither_kind_or_of_both(ledger: Ledger) -> None:
    with pytest.raises(UnknownIdError, match="no units or people entry with id nobody"):
        civledger.duties(ledger, "nobody")
    both = attrs.evolve(ledger, people=[*ledger.people, civledger.Person(id="zc-ly", name="x")])
    with pytest.raises(CivLedgerError, match="both a unit and a person"):
        civledger.duties(both, "zc-ly")


def test_duties_default_to_the_ledger_date(ledger: Ledger) -> None:
    dated = attrs.evolve(ledger, campaign=attrs.evolve(ledger.campaign, as_of=date(2026, 6, 1)))
    assert civledger.duties(dated, "p-key") == []
    assert civledger.duties(ledger, "p-key", as_of=DAY) != []


# -- the org graph --------------------------------------------------------------------------------


def _org() -> Ledger:
    ledger = small_ledger()
    return attrs.evolve(
        ledger,
        appointments=[
            *ledger.appointments,
            Appointment(
                person="p-wu", post=Post.FIRST_RESPONSIBLE, unit="zc-cg", end=date(2025, 12, 31)
            ),
            Appointment(person="p-zhou", post=Post.GROUP_LEADER, group="g-env"),
            Appointment(person="p-wu", post=Post.CONTRACT_LEADER, task="T-001"),
        ],
        contracts=[Contract(unit="zc-cg", target="zc-ly-xh", start=date(2026, 3, 1))],
        groups=[Group(id="g-env", name="环境卫生组", lead="zc-cg", cooperating=["zc-ly"])],
    )


def _edges(graph: Any, kind: str) -> set[tuple[Any, Any]]:
    return {(u, v) for u, v, d in graph.edges(data=True) if d["kind"] == kind}


def test_org_graph_nodes_are_units_people_and_groups_not_tasks() -> None:
    ledger = _org()
    g = civledger.org_graph(ledger)
    kinds = {kind for kind, _ in g.nodes}
    assert kinds == {"unit", "person", "group"}
    assert g.number_of_nodes() == len(ledger.units) + len(ledger.people) + 1
    assert g.nodes[("unit", "zc-ly-xh")]["label"] == "新华社区"
    assert g.nodes[("person", "p-zhou")]["entity"] is ledger.person("p-zhou")
    assert g.nodes[("group", "g-env")]["label"] == "环境卫生组"


def test_org_graph_edges() -> None:
    g = civledger.org_graph(_org())
    assert _edges(g, "contains") == {
        (("unit", "zc"), ("unit", "zc-ly")),
        (("unit", "zc-ly"), ("unit", "zc-ly-xh")),
        (("unit", "zc-ly-xh"), ("unit", "zc-ly-xh-g1")),
        (("unit", "zc"), ("unit", "zc-cg")),
    }
    assert _edges(g, "contracts") == {(("unit", "zc-cg"), ("unit", "zc-ly-xh"))}
    assert _edges(g, "group_lead") == {(("group", "g-env"), ("unit", "zc-cg"))}
    assert _edges(g, "group_member") == {(("group", "g-env"), ("unit", "zc-ly"))}
    posts = {
        (u[1], v[1], d["post"].value, d["start"], d["end"])
        for u, v, d in g.edges(data=True)
        if d["kind"] == "post"
    }
    start = date(2026, 1, 1)
    assert posts == {
        ("p-zhao", "zc", "first_responsible", start, None),
        ("p-qian", "zc-ly", "first_responsible", start, None),
        ("p-sun", "zc-ly-xh", "first_responsible", start, None),
        ("p-li", "zc-ly-xh-g1", "grid_keeper", start, None),
        ("p-zhou", "zc-cg", "first_responsible", start, None),
        ("p-wu", "zc-ly", "contract_leader", start, None),
        ("p-wu", "zc-cg", "first_responsible", None, date(2025, 12, 31)),
        ("p-zhou", "g-env", "group_leader", None, None),
        # a key project's appointment names no unit or group: no edge
    }


def test_org_graph_as_of_keeps_posts_and_contracts_in_force() -> None:
    g = civledger.org_graph(_org(), as_of=date(2025, 6, 1))
    posts = {(u[1], v[1]) for u, v, d in g.edges(data=True) if d["kind"] == "post"}
    assert posts == {("p-wu", "zc-cg"), ("p-zhou", "g-env")}
    assert _edges(g, "contracts") == set()
    assert len(_edges(g, "contains")) == 4  # the hierarchy is not dated
    later = civledger.org_graph(_org(), as_of=date(2026, 5, 1))
    assert ("p-wu", "zc-cg") not in {
        (u[1], v[1]) for u, v, d in later.edges(data=True) if d["kind"] == "post"
    }
    assert _edges(later, "contracts") == {(("unit", "zc-cg"), ("unit", "zc-ly-xh"))}


def test_org_graph_is_rebuilt_on_each_call() -> None:
    ledger = _org()
    assert civledger.org_graph(ledger) is not civledger.org_graph(ledger)
