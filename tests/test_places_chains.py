"""Chains with places, inherited leaders, the headquarters and external bodies (issue 15).

A county 县 (p-county) with streets 甲 (p-a, 包挂 p-bao-a) and 乙 (p-b), 甲's community 甲1
(p-a1) and its grid 甲1-1 (keeper p-g); a bureau 城管局 (p-cg); a headquarters 指挥部 under
the county (总指挥 p-cmd, 政委 p-county, 常务副总指挥 p-exec) with one group 市容组 (组长 p-grp)
covering framework item I-1; the road 长江路 across 甲 and 乙 (路长 p-road) and the market
甲1市场 in the grid (no chief). Every expected chain is read off these lines.
"""

from __future__ import annotations

from datetime import date

import attrs
import pytest

import civledger
from civledger import Capacity, Group, Ledger, Link, Place, PlaceKind, Post
from civledger.testing import LedgerBuilder

DAY = date(2026, 6, 15)
FR = Post.FIRST_RESPONSIBLE


def county(hq: bool = True) -> LedgerBuilder:
    b = LedgerBuilder()
    b.framework("fw", ("I", None), ("I-1", "I"), ("I-1-1", "I-1"), ("I-2", "I"))
    b.unit("x", "县", level="county")
    b.unit("a", "甲街道", parent="x")
    b.unit("b", "乙街道", parent="x")
    b.unit("a1", "甲1社区", level="community", parent="a")
    b.unit("a1g", "甲1-1网格", level="grid", parent="a1")
    b.unit("cg", "城管局", level="department", parent="x")
    b.unit("city", "市文明办", level="department", external=True)
    people = ("p-county", "p-a", "p-bao-a", "p-b", "p-a1", "p-g", "p-cg", "p-road", "p-kp")
    for person in (*people, "p-cmd", "p-exec", "p-grp", "p-sub"):
        b.person(person)
    for person, unit in [
        ("p-county", "x"), ("p-a", "a"), ("p-b", "b"), ("p-a1", "a1"), ("p-cg", "cg"),
    ]:  # fmt: skip
        b.appoint(person, "first_responsible", unit=unit, start="2026-01-01")
    b.appoint("p-bao-a", "contract_leader", unit="a", start="2026-01-01")
    b.appoint("p-g", "grid_keeper", unit="a1g", start="2026-01-01")
    b.appoint("p-road", "road_chief", unit="x", place="长江路", start="2026-03-01")
    if hq:
        b.unit("hq", "指挥部", level="headquarters", parent="x")
        b.appoint("p-cmd", "总指挥", unit="hq", start="2026-02-26")
        b.appoint("p-county", "政委", unit="hq", start="2026-02-26")
        b.appoint("p-exec", "常务副总指挥", unit="hq", start="2026-02-26")
        b.add("groups", Group(id="g", name="市容组", hq="hq", lead="cg", standards=["fw:I-1"]))
        b.appoint("p-grp", "组长", group="g", start="2026-02-26")
    return b


def with_places(b: LedgerBuilder) -> Ledger:
    road = Place(id="r", name="长江路", kind=PlaceKind.ROAD, units=["a", "b"])
    market = Place(id="m", name="甲1市场", kind=PlaceKind.MARKET, units=["a1g"])
    project = Place(id="kp", name="主干道工程", kind=PlaceKind.PROJECT)
    return attrs.evolve(b.build(), places=[road, market, project])


def people(ledger: Ledger, task: str) -> list[tuple[str, str | None, str]]:
    return [
        (link.where, link.person, link.capacity.value)
        for link in civledger.chain(ledger, task, as_of=DAY)
    ]


COMMAND = [
    ("hq", "p-cmd", "command"),
    ("hq", "p-county", "command"),
    ("hq", "p-exec", "command"),
]


# -- places -------------------------------------------------------------------------------------


def test_a_road_across_two_streets_led_by_a_bureau() -> None:
    b = county(hq=False)
    b.task("T", lead="cg", places=("r",), due="2026-06-30")
    # The road's chief; the territory first, both streets, then the county once; the bureau.
    assert people(with_places(b), "T") == [
        ("r", "p-road", "place"),
        ("a", "p-a", "territorial"),
        ("a", "p-bao-a", "contract"),
        ("b", "p-b", "territorial"),
        ("x", "p-county", "territorial"),
        ("cg", "p-cg", "lead"),
    ]


def test_a_road_across_two_streets_led_by_one_of_them() -> None:
    b = county(hq=False)
    b.task("T", lead="b", places=("r",), due="2026-06-30")
    # 甲's part of the road answers first (it is not under the lead), then the lead 乙.
    assert people(with_places(b), "T") == [
        ("r", "p-road", "place"),
        ("a", "p-a", "territorial"),
        ("a", "p-bao-a", "contract"),
        ("b", "p-b", "lead"),
        ("x", "p-county", "territorial"),
    ]


def test_a_site_below_its_lead_and_a_vacant_chief() -> None:
    b = county(hq=False)
    b.task("T", lead="a", places=("m",), due="2026-06-30")
    # The market has no 点长: the gap shows. Its grid (answering through its keeper) and
    # community are below the lead 甲.
    assert people(with_places(b), "T") == [
        ("m", None, "place"),
        ("a1g", "p-g", "territorial"),
        ("a1", "p-a1", "territorial"),
        ("a", "p-a", "lead"),
        ("a", "p-bao-a", "contract"),
        ("x", "p-county", "territorial"),
    ]
    assert civledger.chain(with_places(b), "T", as_of=DAY)[0] == Link(
        unit="", post=Post.SITE_CHIEF, person=None, capacity=Capacity.PLACE, answers_for="",
        place="m",
    )  # fmt: skip


def test_where_a_problem_is_located_is_its_territory_not_the_whole_road() -> None:
    b = county(hq=False)
    b.task("P", kind="problem", lead="cg", located_in="a1g", places=("r",), due="2026-06-30")
    found = [w for w, _, _ in people(with_places(b), "P")]
    assert found == ["r", "a1g", "a1", "a", "a", "x", "cg"]  # not 乙, which the road crosses


def test_a_subtask_works_at_its_parent_s_places_unless_it_names_its_own() -> None:
    b = county(hq=False)
    b.task("T", lead="cg", places=("r",), due="2026-06-30")
    b.task("T.1", lead="cg", parent="T", due="2026-06-30")
    b.task("T.2", lead="a", parent="T", places=("m",), due="2026-06-30")
    ledger = with_places(b)
    assert people(ledger, "T.1") == people(ledger, "T")
    assert people(ledger, "T.2")[0] == ("m", None, "place")
    assert "r" not in [w for w, _, _ in people(ledger, "T.2")]


def test_a_chief_named_by_free_text_without_places_is_a_post_of_its_unit() -> None:
    ledger = county(hq=False).build()  # no places: 长江路 is free text, as before
    assert civledger.holders(ledger, "x", "路长", DAY) == ("p-road",)
    with_them = with_places(county(hq=False))
    assert civledger.holders(with_them, "x", "路长", DAY) == ()  # the road's chief now


# -- leaders inherited ---------------------------------------------------------------------------


def test_a_leader_of_a_task_answers_for_its_subtasks_unless_they_have_their_own() -> None:
    b = county(hq=False)
    b.task("K", lead="cg", places=("kp",), due="2026-06-30")  # a key project
    b.appoint("p-kp", "包挂", place="kp", start="2026-04-01")
    b.task("K.1", lead="a", parent="K", due="2026-06-30")
    b.task("K.1.1", lead="a1", parent="K.1", due="2026-06-30")
    b.task("K.2", lead="b", parent="K", due="2026-06-30")
    b.appoint("p-sub", "包挂", task="K.2", start="2026-04-01")
    ledger = with_places(b)
    leader = ("kp", "p-kp", "contract")  # through the project
    assert people(ledger, "K")[0] == leader
    assert people(ledger, "K.1")[0] == leader
    assert people(ledger, "K.1.1")[0] == leader  # two levels down
    assert people(ledger, "K.2")[0] == ("b", "p-sub", "contract")  # its own, not the parent's
    assert leader not in people(ledger, "K.2")
    # Before the appointments began, nobody comes down.
    early = civledger.chain(ledger, "K.1", as_of=date(2026, 3, 31))
    assert "p-kp" not in {link.person for link in early}
    # duties follow the chains: the project's leader answers for the whole tree of tasks.
    assert [d.task for d in civledger.duties(ledger, "p-kp", DAY)] == ["K", "K.1", "K.1.1"]


def test_a_cycle_of_parents_does_not_hang() -> None:
    b = county(hq=False)
    b.task("A", lead="a", parent="B", due="2026-06-30")
    b.task("B", lead="a", parent="A", due="2026-06-30")
    assert people(b.build(), "A")[0] == ("a", "p-a", "lead")


# -- the headquarters, its groups, the bodies above -------------------------------------------


def test_the_headquarters_commands_and_its_group_supervises() -> None:
    b = county()
    b.task("T", lead="a", standards=("fw:I-1-1",), due="2026-06-30")  # under item I-1
    b.task("U", lead="a", standards=("fw:I-2",), due="2026-06-30")  # no group covers I-2
    ledger = b.build()
    assert people(ledger, "T") == [
        ("a", "p-a", "lead"),
        ("a", "p-bao-a", "contract"),
        ("x", "p-county", "territorial"),
        ("g", "p-grp", "supervising"),
        *COMMAND,
    ]
    assert people(ledger, "U")[-4:] == [("x", "p-county", "territorial"), *COMMAND]
    supervising = civledger.chain(ledger, "T", as_of=DAY)[3]
    assert (supervising.unit, supervising.group, supervising.post) == ("cg", "g", Post.GROUP_LEADER)
    # Before the headquarters was set up: its 总指挥 and the group's 组长 are gaps.
    early = [
        (link.where, link.person, link.capacity.value)
        for link in civledger.chain(ledger, "T", as_of=date(2026, 2, 1))
    ]
    assert early[-2:] == [("g", None, "supervising"), ("hq", None, "command")]


def test_a_street_s_headquarters_commands_before_the_county_s() -> None:
    b = county()
    b.unit("a-hq", "甲街道指挥部", level="headquarters", parent="a")
    b.appoint("p-a", "总指挥", unit="a-hq", start="2026-01-01")
    b.task("T", lead="a1", due="2026-06-30")
    b.task("V", lead="b", due="2026-06-30")
    ledger = b.build()
    assert people(ledger, "T")[-4:] == [("a-hq", "p-a", "command"), *COMMAND]
    assert ("a-hq", "p-a", "command") not in people(ledger, "V")


def test_a_task_led_by_the_headquarters_lists_it_once() -> None:
    b = county()
    b.task("T", lead="hq", due="2026-06-30")
    assert people(b.build(), "T") == [
        ("hq", "p-cmd", "lead"),
        ("hq", "p-county", "lead"),
        ("hq", "p-exec", "lead"),
        ("x", "p-county", "territorial"),
    ]


def test_an_external_body_stands_outside_every_chain_of_territory() -> None:
    b = county(hq=False)
    b.person("p-city")
    b.appoint("p-city", "first_responsible", unit="city", start="2026-01-01")
    b.task("T", lead="city", due="2026-06-30")
    assert people(b.build(), "T") == [("city", "p-city", "lead")]
    assert "city" not in civledger.vacancies(b.build(), as_of=DAY)  # the city is not asked
    assert civledger.unit_tree(b.build()).roots == ("x",)


def test_duties_of_a_headquarters_and_of_a_group_s_lead_unit() -> None:
    b = county()
    b.task("T", lead="a", standards=("fw:I-1-1",), due="2026-06-30")
    b.task("U", lead="b", due="2026-06-30")
    ledger = b.build()
    assert [(d.task, d.capacity) for d in civledger.duties(ledger, "指挥部", DAY)] == [
        ("T", Capacity.COMMAND),
        ("U", Capacity.COMMAND),
    ]
    grp = civledger.duties(ledger, "p-grp", DAY)
    assert [(d.task, d.capacity, d.group) for d in grp] == [("T", Capacity.SUPERVISING, "g")]
    assert ("T", Capacity.SUPERVISING) in [
        (d.task, d.capacity) for d in civledger.duties(ledger, "cg", DAY)
    ]


@pytest.mark.parametrize("hq", [True, False])
def test_the_one_pass_view_agrees_with_each_chain(hq: bool) -> None:
    b = county(hq=hq)
    b.task("K", lead="cg", places=("kp",), standards=("fw:I-1",), due="2026-06-30")
    b.appoint("p-kp", "包挂", place="kp", start="2026-04-01")
    b.task("K.1", lead="a", parent="K", places=("r",), due="2026-06-30")
    b.task("P", kind="problem", lead="cg", located_in="a1g", places=("m",), due="2026-06-30")
    ledger = with_places(b)
    every = civledger.chains(ledger, as_of=DAY)
    assert {t: every[t] for t in every} == {
        t.id: tuple(civledger.chain(ledger, t.id, as_of=DAY)) for t in ledger.tasks
    }
