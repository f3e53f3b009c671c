"""The model: labelled enumerations, value validators, frozen entities, Ledger indexes."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone

import attrs
import pytest

import civledger
from civledger import (
    Action,
    Appointment,
    Campaign,
    Entry,
    EvidenceMinimum,
    Framework,
    FrameworkNode,
    InvalidValueError,
    LabeledEnum,
    Ledger,
    Level,
    Phase,
    Post,
    SignOffPolicy,
    Target,
    Task,
    TaskKind,
    Unit,
    UnitScore,
    UnknownIdError,
    Waiver,
)
from civledger.testing import CST, LedgerBuilder
from support import load_text


def _all_enums() -> list[type[LabeledEnum]]:
    found: list[type[LabeledEnum]] = []
    for name in civledger.__all__:
        value = getattr(civledger, name)
        if isinstance(value, type) and issubclass(value, LabeledEnum) and value is not LabeledEnum:
            found.append(value)
    return found


ENUMS = _all_enums()


# -- labelled enumerations ------------------------------------------------------------------------


def test_the_public_api_exports_the_enumerations_users_type() -> None:
    names = {e.__name__ for e in ENUMS}
    assert {"Level", "Phase", "Post", "Action", "TaskKind", "Grade", "Severity", "Tier"} <= names


@pytest.mark.parametrize(
    "text",
    [
        "street",
        "街道",
        "街道办",
        "街道办事处",
        " STREET ",
        "Street",
        "Ｓｔｒｅｅｔ",  # full-width letters
        "ｓｔｒｅｅｔ\u3000",  # ideographic space
        "街　道",
        "\tstreet\n",
    ],
)
def test_level_parse_accepts_value_label_alias_and_variants(text: str) -> None:
    assert Level.parse(text) is Level.STREET


def test_parse_returns_a_member_unchanged() -> None:
    assert Level.parse(Level.GRID) is Level.GRID


@pytest.mark.parametrize("enum", ENUMS, ids=lambda e: e.__name__)
def test_every_value_label_and_alias_parses_to_its_own_member(enum: type[LabeledEnum]) -> None:
    # An alias shared by two members would silently parse to the first one.
    for member in enum:
        for text in (member.value, member.label, *member.aliases):
            assert enum.parse(text) is member, (enum.__name__, text)


@pytest.mark.parametrize("enum", ENUMS, ids=lambda e: e.__name__)
def test_labels_are_distinct_within_an_enumeration(enum: type[LabeledEnum]) -> None:
    labels = [m.label for m in enum]
    assert len(set(labels)) == len(labels)


@pytest.mark.parametrize("bad", ["province", "", "   ", "街道X", 3, None, ["street"]])
def test_parse_rejects_unknown_text_listing_the_choices(bad: object) -> None:
    with pytest.raises(ValueError, match="is not a known level; use one of") as info:
        Level.parse(bad)
    message = str(info.value)
    for member in Level:
        assert f"{member.value} ({member.label})" in message


def test_enum_str_is_the_stored_value() -> None:
    assert str(Phase.FINAL_PUSH) == "final_push"
    assert Level.TOWN.label == "镇"


def test_kind_names_the_enumeration_in_words() -> None:
    assert TaskKind.kind() == "task kind"
    with pytest.raises(ValueError, match="not a known task kind"):
        TaskKind.parse("todo")


def test_level_ranks_follow_the_territorial_hierarchy() -> None:
    chain = [Level.CITY, Level.COUNTY, Level.STREET, Level.COMMUNITY, Level.GRID]
    ranks = [level.rank for level in chain]
    assert ranks == sorted(ranks)
    assert len(set(ranks)) == len(ranks)
    assert Level.DISTRICT.rank == Level.COUNTY.rank
    assert Level.TOWN.rank == Level.STREET.rank
    assert Level.VILLAGE.rank == Level.COMMUNITY.rank
    assert Level.DEPARTMENT.rank is None


def test_only_departments_and_headquarters_are_not_territorial() -> None:
    assert [lv for lv in Level if not lv.territorial] == [Level.DEPARTMENT, Level.HEADQUARTERS]
    assert all(lv.rank is not None for lv in Level if lv.territorial)


def test_phases_order_launch_to_evaluation() -> None:
    expected = ["全面启动", "对标自查", "整改提升", "集中攻坚", "全面迎评"]
    assert [
        p.label
        for p in sorted(
            [
                Phase.EVALUATION,
                Phase.LAUNCH,
                Phase.FINAL_PUSH,
                Phase.SELF_CHECK,
                Phase.RECTIFICATION,
            ]
        )
    ] == expected
    assert [p.order for p in Phase] == [0, 1, 2, 3, 4]
    assert Phase.LAUNCH < Phase.SELF_CHECK <= Phase.SELF_CHECK
    assert Phase.EVALUATION > Phase.FINAL_PUSH >= Phase.FINAL_PUSH
    assert not Phase.RECTIFICATION < Phase.RECTIFICATION
    assert max(Phase) is Phase.EVALUATION
    assert min(Phase) is Phase.LAUNCH


def test_single_holder_posts() -> None:
    assert Post.FIRST_RESPONSIBLE.single_holder
    assert Post.COMMANDER.single_holder
    for many in (Post.GRID_KEEPER, Post.STAFF, Post.CONTRACT_LEADER, Post.LIAISON):
        assert not many.single_holder
    assert Post.parse("包挂") is Post.CONTRACT_LEADER
    assert Post.parse("网格长") is Post.GRID_KEEPER


# -- one value's shape ----------------------------------------------------------------------------


def _aware(hour: int = 9) -> datetime:
    return datetime(2026, 4, 1, hour, tzinfo=CST)


INVALID = [
    ("division_code", lambda: Unit(id="u", name="u", level=Level.GRID, division_code="41142")),
    (
        "division_code",
        lambda: Unit(id="u", name="u", level=Level.GRID, division_code="4114240010011"),
    ),
    (
        "division_code",
        lambda: Unit(id="u", name="u", level=Level.GRID, division_code="41142400100a"),
    ),
    (  # full-width digits are digits to str.isdigit, but not a division code
        "division_code",
        lambda: Unit(id="u", name="u", level=Level.GRID, division_code="４１１４２４００１００１"),
    ),
    ("percent", lambda: Entry(at=_aware(), task="T", action=Action.PROGRESS, percent=-0.5)),
    ("percent", lambda: Entry(at=_aware(), task="T", action=Action.PROGRESS, percent=100.01)),
    ("percent", lambda: Entry(at=_aware(), task="T", action=Action.PROGRESS, percent=math.nan)),
    ("percent", lambda: Entry(at=_aware(), task="T", action=Action.PROGRESS, percent=math.inf)),
    ("quantity", lambda: Entry(at=_aware(), task="T", action=Action.PROGRESS, quantity=math.inf)),
    ("quantity", lambda: Target(quantity=-1)),
    ("quantity", lambda: Target(quantity=math.nan)),
    ("quantity", lambda: Target(quantity=math.inf)),
    ("timezone", lambda: Campaign(id="c", name="c", timezone="Mars/Olympus")),
    ("timezone", lambda: Campaign(id="c", name="c", timezone="")),
    ("timezone", lambda: Campaign(id="c", name="c", timezone="x" * 5000)),
    ("timezone", lambda: Campaign(id="c", name="c", timezone="/etc/passwd")),
    ("id", lambda: Framework(id="wmcs:2025", name="x")),
    ("at", lambda: Entry(at=datetime(2026, 4, 1, 9), task="T", action=Action.ASSIGN)),
    ("score", lambda: UnitScore(unit="u", score=math.nan)),
    ("count", lambda: EvidenceMinimum(kind=TaskKind.PROBLEM, count=-1)),
    ("relapse_days", lambda: SignOffPolicy(relapse_days=-1)),
]


@pytest.mark.parametrize(("field", "make"), INVALID)
def test_validators_raise_invalid_value_error_naming_the_field(
    field: str, make: Callable[[], object]
) -> None:
    with pytest.raises(InvalidValueError) as info:
        make()
    assert info.value.field == field
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, civledger.CivLedgerError)


@pytest.mark.parametrize(
    "make",
    [
        lambda: Unit(id="u", name="u", level=Level.GRID, division_code="411424001001"),
        lambda: Unit(id="u", name="u", level=Level.GRID, division_code=None),
        lambda: Entry(at=_aware(), task="T", action=Action.PROGRESS, percent=0.0),
        lambda: Entry(at=_aware(), task="T", action=Action.PROGRESS, percent=100.0),
        lambda: Entry(at=_aware(), task="T", action=Action.PROGRESS, quantity=-3.0),
        lambda: Entry(
            at=datetime(2026, 4, 1, tzinfo=timezone(timedelta(hours=-5))),
            task="T",
            action=Action.ASSIGN,
        ),
        lambda: Target(quantity=0),
        lambda: Campaign(id="c", name="c", timezone="Europe/Paris"),
        lambda: Campaign(id="c", name="c", timezone="UTC"),
        lambda: Framework(id="wmcs-2025", name="x"),
        lambda: EvidenceMinimum(kind=TaskKind.PROBLEM, count=0),
    ],
)
def test_validators_accept_boundary_values(make: Callable[[], object]) -> None:
    made = make()
    assert attrs.has(type(made))


def test_invalid_value_message_says_what_is_wrong() -> None:
    with pytest.raises(InvalidValueError, match="must be 12 digits"):
        Unit(id="u", name="u", level=Level.GRID, division_code="12")
    with pytest.raises(InvalidValueError, match=r"no time zone; give it an offset"):
        Entry(at=datetime(2026, 4, 1), task="T", action=Action.ASSIGN)


def test_campaign_defaults_to_china_time() -> None:
    assert Campaign(id="c", name="c").timezone == "Asia/Shanghai"


# -- frozen entities, tuples ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entity", "field"),
    [
        (Unit(id="u", name="u", level=Level.GRID), "name"),
        (Task(id="T", title="t"), "lead"),
        (Campaign(id="c", name="c"), "office"),
        (Ledger(campaign=Campaign(id="c", name="c")), "units"),
    ],
)
def test_entities_are_frozen(entity: object, field: str) -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(entity, field, None)


def test_evolve_makes_a_changed_copy() -> None:
    unit = Unit(id="u", name="旧", level=Level.GRID)
    changed = attrs.evolve(unit, name="新")
    assert (unit.name, changed.name) == ("旧", "新")


def test_lists_become_tuples() -> None:
    task = Task(id="T", title="t", cooperating=["a", "b"], standards=["wmcs:I"])
    assert task.cooperating == ("a", "b")
    assert type(task.cooperating) is tuple
    assert type(task.standards) is tuple
    assert task == Task(id="T", title="t", cooperating=("a", "b"), standards=("wmcs:I",))
    ledger = Ledger(campaign=Campaign(id="c", name="c"), tasks=[task])
    assert type(ledger.tasks) is tuple


def test_a_ledger_built_from_lists_equals_the_loaded_one() -> None:
    built = Ledger(
        campaign=Campaign(id="c", name="试点"),
        units=[Unit(id="zc", name="柘城县", level=Level.COUNTY, aliases=["柘城"])],
        tasks=[Task(id="T-1", title="整治", lead="zc", cooperating=["zc"])],
    )
    loaded = load_text(
        "civledger: 1\n"
        "campaign: {id: c, name: 试点}\n"
        "units: [{id: zc, name: 柘城县, level: 县, aliases: [柘城]}]\n"
        "tasks: [{id: T-1, title: 整治, lead: zc, cooperating: [zc]}]\n"
    )
    assert loaded == built
    assert loaded.origin is not None
    assert built.origin is None  # the origin takes no part in equality


def test_ledger_equality_sees_every_collection() -> None:
    base = LedgerBuilder().build()
    assert base != attrs.evolve(
        base, waivers=[Waiver(id="W", rule="X", subject="s", reason="r", approved_by="p")]
    )


# -- small helpers on entities --------------------------------------------------------------------


def test_waiver_active_until_its_expiry_day_included() -> None:
    waiver = Waiver(
        id="W", rule="LDG008", subject="T", reason="r", approved_by="p", expires=date(2026, 6, 30)
    )
    assert waiver.active_on(date(2026, 6, 30))
    assert not waiver.active_on(date(2026, 7, 1))
    assert attrs.evolve(waiver, expires=None).active_on(date(2099, 1, 1))


def test_appointment_holds_between_its_dates_inclusive() -> None:
    a = Appointment(
        person="p", post=Post.GRID_KEEPER, start=date(2026, 1, 1), end=date(2026, 3, 31)
    )
    assert [
        a.holds_on(d)
        for d in (date(2025, 12, 31), date(2026, 1, 1), date(2026, 3, 31), date(2026, 4, 1))
    ] == [False, True, True, False]
    assert Appointment(person="p", post=Post.STAFF).holds_on(date(1990, 1, 1))


def test_framework_standards_are_the_leaves_in_order() -> None:
    fw = Framework(
        id="f",
        name="f",
        nodes=[
            FrameworkNode(code="I", title="I"),
            FrameworkNode(code="I-1", title="x", parent="I"),
            FrameworkNode(code="II", title="II"),
            FrameworkNode(code="I-2", title="x", parent="I"),
        ],
    )
    assert [n.code for n in fw.standards()] == ["I-1", "II", "I-2"]


@pytest.mark.parametrize(
    ("target", "text"),
    [
        (Target(quantity=39, unit="条"), "39 条"),
        (Target(quantity=55.1, unit="%"), "55.1 %"),
        (Target(quantity=3.0), "3"),
    ],
)
def test_target_reads_as_written(target: Target, text: str) -> None:
    assert str(target) == text


# -- the Ledger aggregate and its indexes ---------------------------------------------------------


def test_lookups_by_id(small: Ledger) -> None:
    assert small.unit("zc-ly").name == "龙源街道"
    assert small.task("P-001").kind is TaskKind.PROBLEM
    assert small.person("p-li").name == "李某"
    assert small.framework("wmcs").name == "全国文明城市测评体系"
    assert set(small.index("units")) == {u.id for u in small.units}


@pytest.mark.parametrize(
    ("method", "collection"),
    [
        ("unit", "units"),
        ("task", "tasks"),
        ("person", "people"),
        ("framework", "frameworks"),
        ("group", "groups"),
    ],
)
def test_unknown_id_raises_unknown_id_error(small: Ledger, method: str, collection: str) -> None:
    with pytest.raises(UnknownIdError) as info:
        getattr(small, method)("nope")
    assert (info.value.collection, info.value.id) == (collection, "nope")
    assert isinstance(info.value, KeyError)
    assert str(info.value) == f"the ledger has no {collection} entry with id nope"


def test_index_of_a_collection_without_ids_is_a_key_error(small: Ledger) -> None:
    with pytest.raises(KeyError):
        small.index("appointments")


def test_the_first_of_duplicate_ids_wins() -> None:
    b = LedgerBuilder()
    b.unit("zc", "第一", level="county")
    b.unit("x", "其他")
    b.unit("zc", "第二", level="county")
    ledger = b.build()
    assert ledger.unit("zc").name == "第一"
    assert ledger.position("units", "zc") == 0
    assert ledger.position("units", "x") == 1
    assert ledger.position("units", "nope") is None


def test_position_skips_journal_entries_without_id() -> None:
    b = LedgerBuilder()
    b.entry("T", "assign")
    b.entry("T", "progress", id="J-2")
    ledger = b.build()
    assert ledger.position("journal", "J-2") == 1
    assert set(ledger.index("journal")) == {"J-2"}


def test_resolve_standard_with_framework_and_bare_codes(small: Ledger) -> None:
    [(fw, node)] = small.resolve_standard("wmcs:I-1-1")
    assert (fw, node.code, node.parent) == ("wmcs", "I-1-1", "I-1")
    assert small.resolve_standard("I-1-1") == small.resolve_standard("wmcs:I-1-1")
    assert small.resolve_standard("wmcs:I-9") == []
    assert small.resolve_standard("other:I-1-1") == []
    assert small.resolve_standard("I-9") == []
    assert small.standard("I-1") is small.framework("wmcs").nodes[1]


def test_a_bare_code_in_two_frameworks_is_ambiguous() -> None:
    b = LedgerBuilder()
    b.framework("wmcs", ("I", None), ("I-1", "I"))
    b.framework("wsc", ("I", None), ("I-2", "I"))
    ledger = b.build()
    assert [fw for fw, _ in ledger.resolve_standard("I")] == ["wmcs", "wsc"]
    assert [fw for fw, _ in ledger.resolve_standard("I-2")] == ["wsc"]
    assert [fw for fw, _ in ledger.resolve_standard("wsc:I")] == ["wsc"]
    with pytest.raises(UnknownIdError):
        ledger.standard("I")
    with pytest.raises(UnknownIdError):
        ledger.standard("wmcs:I-2")


def test_first_of_duplicate_node_codes_wins() -> None:
    fw = Framework(
        id="f",
        name="f",
        nodes=[FrameworkNode(code="I", title="first"), FrameworkNode(code="I", title="second")],
    )
    ledger = Ledger(campaign=Campaign(id="c", name="c"), frameworks=[fw])
    assert ledger.standard("f:I").title == "first"


def test_memo_builds_once_per_key_and_per_ledger(small: Ledger) -> None:
    calls: list[str] = []

    def build(name: str) -> object:
        def make() -> str:
            calls.append(name)
            return name.upper()

        return make

    assert small.memo("a", build("a")) == "A"
    assert small.memo("a", build("again")) == "A"
    assert small.memo("b", build("b")) == "B"
    assert calls == ["a", "b"]
    other = attrs.evolve(small, tasks=small.tasks[:1])
    assert other.memo("a", build("fresh")) == "FRESH"


def test_repr_counts_the_main_collections(small: Ledger) -> None:
    assert repr(small) == "<Ledger zc-2026: 5 units, 2 tasks, 2 journal entries>"


def test_locate_without_origin_gives_the_path(small: Ledger) -> None:
    location = small.locate("tasks", 1, "lead")
    assert location.json_path == "$.tasks[1].lead"
    assert (location.file, location.line) == (None, None)
