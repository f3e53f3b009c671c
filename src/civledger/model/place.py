"""Places (道路、点位、重点项目): where work is done, who answers there, what territory holds it."""

from __future__ import annotations

import attrs

from civledger._fields import to_tuple
from civledger.labels import LabeledEnum
from civledger.model.org import Post

__all__ = ["Place", "PlaceKind"]


class PlaceKind(LabeledEnum):
    """What a place is: a road or street (路长制), a site (点位) or a key project (重点项目).

    Roads and streets have chiefs (路长, 街长), sites a chief or a person responsible
    (点长, 点位责任人), key projects the leaders who contract them (包挂).

    Examples
    --------
    >>> PlaceKind.parse("农贸市场") is PlaceKind.MARKET
    True
    >>> PlaceKind.ROAD.chief_post.label, PlaceKind.MARKET.chief_post.label
    ('路长', '点长')
    >>> PlaceKind.PROJECT.is_project, PlaceKind.SCHOOL.is_road
    (True, False)
    """

    ROAD = ("road", "道路", "路", "主次干道", "市政道路")
    STREET = ("street", "街", "商业街", "步行街", "大街")
    BACK_STREET = ("back_street", "背街小巷", "小巷", "巷")
    MARKET = ("market", "农贸市场", "集贸市场", "市场")
    STATION = ("station", "车站", "公交站台", "汽车站", "火车站")
    SCHOOL = ("school", "学校", "学校周边")
    HOSPITAL = ("hospital", "医院")
    COMPOUND = ("compound", "小区", "居民小区", "老旧小区", "院落")
    SQUARE = ("square", "广场", "公园", "游园")
    SITE = ("site", "点位", "其他点位")
    PROJECT = ("project", "重点项目", "项目")

    @property
    def is_road(self) -> bool:
        """Whether it is a road or a street, with a 路长 or 街长."""
        return self in (PlaceKind.ROAD, PlaceKind.STREET, PlaceKind.BACK_STREET)

    @property
    def is_project(self) -> bool:
        """Whether it is a key project (重点项目), with 包挂 leaders rather than a chief."""
        return self is PlaceKind.PROJECT

    @property
    def chief_post(self) -> Post:
        """The post of the place's chief: 路长 for a road, 街长 for a street or back street,
        点长 for a site, 包挂领导 for a key project."""
        if self is PlaceKind.ROAD:
            return Post.ROAD_CHIEF
        if self.is_road:
            return Post.STREET_CHIEF
        if self.is_project:
            return Post.CONTRACT_LEADER
        return Post.SITE_CHIEF


@attrs.frozen(kw_only=True)
class Place:
    """A road, a site or a key project, joined to the territory that holds it.

    The people who answer for a place hold dated appointments that name it
    (``place:``): its chief (路长, 街长, 点长) or, for a key project, its contract
    leaders (包挂). A task or problem names the places it concerns (``places``);
    the places' chiefs and territory then enter its chain.

    Parameters
    ----------
    units
        The territorial units that hold the place (属地): a road may cross several
        streets; a site lies in a community or a grid.
    aliases
        Other names the place goes by (``凯旋大道``).

    Examples
    --------
    >>> road = Place(id="r-kx", name="凯旋路", kind=PlaceKind.ROAD, units=["zc-ly", "zc-cj"])
    >>> road.units, road.kind.label
    (('zc-ly', 'zc-cj'), '道路')
    """

    id: str
    name: str
    kind: PlaceKind
    units: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    aliases: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    note: str | None = None
