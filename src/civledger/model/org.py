"""The responsibility chain: units, people and their dated posts."""

from __future__ import annotations

from datetime import date

import attrs

from civledger._fields import to_tuple
from civledger.errors import InvalidValueError
from civledger.i18n import phrase
from civledger.labels import LabeledEnum

__all__ = ["Appointment", "Contract", "Group", "Level", "Person", "Post", "Unit"]


class Level(LabeledEnum):
    """The level of a unit: territorial (市 > 县/区 > 街道/镇 > 社区/村 > 网格), a line
    department (条) or a campaign headquarters (指挥部).

    Examples
    --------
    >>> Level.STREET.label
    '街道'
    >>> Level.parse("街道") is Level.parse("street") is Level.STREET
    True
    >>> Level.TOWN.rank == Level.STREET.rank
    True
    >>> Level.DEPARTMENT.rank is None, Level.HEADQUARTERS.territorial
    (True, False)
    """

    CITY = ("city", "市")
    COUNTY = ("county", "县", "县级市")
    DISTRICT = ("district", "区", "市辖区")
    STREET = ("street", "街道", "街道办事处", "街道办")
    TOWN = ("town", "镇", "乡", "乡镇")
    COMMUNITY = ("community", "社区", "居委会")
    VILLAGE = ("village", "村", "行政村", "村委会")
    GRID = ("grid", "网格")
    DEPARTMENT = ("department", "部门", "委办局", "条", "职能部门")
    HEADQUARTERS = ("headquarters", "指挥部", "创建指挥部", "创城指挥部")

    @property
    def rank(self) -> int | None:
        """0 for a city down to 4 for a grid; ``None`` for a line department."""
        return _LEVEL_RANK.get(self.value)

    @property
    def territorial(self) -> bool:
        """Whether the unit is a piece of territory (块) rather than a department (条) or an HQ."""
        return self.value in _LEVEL_RANK


_LEVEL_RANK = {
    "city": 0,
    "county": 1,
    "district": 1,
    "street": 2,
    "town": 2,
    "community": 3,
    "village": 3,
    "grid": 4,
}


class Post(LabeledEnum):
    """A post a person holds for a unit, a group or a project, for a period.

    Examples
    --------
    >>> Post.parse("包挂") is Post.CONTRACT_LEADER
    True
    >>> Post.FIRST_RESPONSIBLE.single_holder, Post.GRID_KEEPER.single_holder
    (True, False)
    """

    FIRST_RESPONSIBLE = ("first_responsible", "第一责任人", "主要负责人")
    GRID_KEEPER = ("grid_keeper", "网格员", "网格长")
    LIAISON = ("liaison", "联络员")
    CONTRACT_LEADER = (
        "contract_leader",
        "包挂领导",
        "包挂",
        "包联领导",
        "包联",
        "包保责任人",
        "包保",
    )
    ROAD_CHIEF = ("road_chief", "路长")
    STREET_CHIEF = ("street_chief", "街长", "巷长")
    SITE_CHIEF = ("site_chief", "点长", "点位长", "点位责任人")
    COMMANDER = ("commander", "总指挥", "指挥长")
    POLITICAL_COMMISSAR = ("political_commissar", "政委")
    EXECUTIVE_DEPUTY_COMMANDER = ("executive_deputy_commander", "常务副总指挥", "常务副指挥长")
    DEPUTY_COMMANDER = ("deputy_commander", "副总指挥", "副指挥长")
    OFFICE_DIRECTOR = ("office_director", "创城办主任", "办公室主任")
    GROUP_LEADER = ("group_leader", "组长")
    DEPUTY_GROUP_LEADER = ("deputy_group_leader", "副组长")
    STAFF = ("staff", "工作人员", "成员")

    @property
    def single_holder(self) -> bool:
        """Whether only one person may hold the post for a unit at a time."""
        return self.value in _SINGLE_HOLDER

    @property
    def member(self) -> bool:
        """Whether holding the post makes someone part of the unit's staff.

        Contract leaders (包挂), road and street chiefs oversee a unit from
        outside it: a county leader who contracts a street is not the street's staff.

        Examples
        --------
        >>> Post.FIRST_RESPONSIBLE.member, Post.CONTRACT_LEADER.member
        (True, False)
        """
        return self.value not in _OVERSIGHT

    @property
    def chief(self) -> bool:
        """Whether the post is the chief of a place: 路长, 街长 or 点长.

        Examples
        --------
        >>> Post.ROAD_CHIEF.chief, Post.CONTRACT_LEADER.chief
        (True, False)
        """
        return self.value in _CHIEFS

    @property
    def command(self) -> bool:
        """Whether the post commands a headquarters (总指挥, 政委, 常务副总指挥, 副总指挥).

        Examples
        --------
        >>> Post.POLITICAL_COMMISSAR.command, Post.GROUP_LEADER.command
        (True, False)
        """
        return self.value in _COMMAND


_CHIEFS = frozenset({"road_chief", "street_chief", "site_chief"})
_OVERSIGHT = frozenset({"contract_leader", *_CHIEFS})
_COMMAND = frozenset(
    {"commander", "political_commissar", "executive_deputy_commander", "deputy_commander"}
)
_SINGLE_HOLDER = frozenset(
    {
        "first_responsible",
        "commander",
        "political_commissar",
        "executive_deputy_commander",
        "office_director",
        "group_leader",
    }
)


def _check_division_code(
    _: object, attribute: attrs.Attribute[str | None], value: str | None
) -> None:
    if value is not None and not (len(value) == 12 and value.isascii() and value.isdigit()):
        raise InvalidValueError(
            attribute.name,
            phrase("division code {value!r} must be 12 digits (统计用区划代码)", value=value),
        )


@attrs.frozen(kw_only=True)
class Unit:
    """A territorial unit or a line department.

    Parameters
    ----------
    parent
        The id of the unit above; ``None`` for the root.
    aliases
        Other names the unit goes by in spreadsheets (``龙源办事处``).
    division_code
        The 12-digit statistical division code (统计用区划代码), if known.
    external
        A body above or outside the campaign (市文明办, 省文明办, 中央文明办, the city's
        assessment team): it inspects, examines and ranks, stands outside the tree of
        units and has no parent.

    Examples
    --------
    >>> u = Unit(id="zc-ly", name="龙源街道", level=Level.STREET, parent="zc")
    >>> u.level.label
    '街道'
    >>> Unit(id="x", name="x", level=Level.GRID, division_code="12")
    Traceback (most recent call last):
    ...
    civledger.errors.InvalidValueError: division code '12' must be 12 digits (统计用区划代码)
    """

    id: str
    name: str
    level: Level
    parent: str | None = None
    aliases: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    division_code: str | None = attrs.field(default=None, validator=_check_division_code)
    external: bool = False
    note: str | None = None


@attrs.frozen(kw_only=True)
class Person:
    """A person who can hold posts. Titles (职务) are free text.

    Examples
    --------
    >>> Person(id="p-li", name="李某", title="副县长").title
    '副县长'
    """

    id: str
    name: str
    title: str | None = None
    note: str | None = None


@attrs.frozen(kw_only=True)
class Appointment:
    """A person holding a post for a period: for a unit, a group, a task or a place.

    ``start`` and ``end`` are inclusive; ``None`` means open-ended. A contract
    leader (包挂领导) names the unit contracted and, for a key project, the task
    or the project (a place). A road, street or site chief names the place in
    ``place`` (its id, or its name). Appointments on a task answer for its
    subtasks too, unless a subtask has its own.

    Examples
    --------
    >>> a = Appointment(person="p-li", post=Post.FIRST_RESPONSIBLE, unit="zc-ly",
    ...                 start=date(2026, 1, 1))
    >>> a.holds_on(date(2026, 5, 1)), a.holds_on(date(2025, 12, 31))
    (True, False)
    """

    person: str
    post: Post
    unit: str | None = None
    group: str | None = None
    task: str | None = None
    place: str | None = None
    start: date | None = None
    end: date | None = None
    note: str | None = None

    def holds_on(self, day: date) -> bool:
        """Whether the appointment is in force on ``day``."""
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@attrs.frozen(kw_only=True)
class Contract:
    """A unit contracting another (包联): a bureau answering for a community.

    Examples
    --------
    >>> Contract(unit="zc-cg", target="zc-ly-xh").target
    'zc-ly-xh'
    """

    unit: str
    target: str
    start: date | None = None
    end: date | None = None
    note: str | None = None


@attrs.frozen(kw_only=True)
class Group:
    """A specialist group (专业组) of the campaign headquarters.

    A group of the headquarters (``hq``, "一办十组") supervises the tasks that serve
    the standards and items it covers (``standards``: any node of a framework).

    Examples
    --------
    >>> g = Group(id="g-env", name="环境卫生组", lead="zc-cg", cooperating=["zc-zj"])
    >>> g.cooperating
    ('zc-zj',)
    """

    id: str
    name: str
    lead: str | None = None
    cooperating: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    standards: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    hq: str | None = None
    note: str | None = None
