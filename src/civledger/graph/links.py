"""The links of a chain: who answers for a task, through which unit, place or group, and how."""

from __future__ import annotations

import attrs

from civledger.labels import LabeledEnum
from civledger.model import Post

__all__ = ["Capacity", "Link"]


class Capacity(LabeledEnum):
    """In what capacity someone answers for a task.

    Examples
    --------
    >>> Capacity.parse("属地") is Capacity.TERRITORIAL
    True
    >>> Capacity.COMMAND.label, Capacity.SUPERVISING.label, Capacity.PLACE.label
    ('指挥', '督导', '点位')
    """

    RESPONSIBLE = ("responsible", "责任人")
    LEAD = ("lead", "牵头")
    COOPERATING = ("cooperating", "配合")
    TERRITORIAL = ("territorial", "属地")
    LINE = ("line", "条线")
    CONTRACT = ("contract", "包挂")
    PLACE = ("place", "点位", "路长", "点长")
    SUPERVISING = ("supervising", "督导")
    COMMAND = ("command", "指挥")


@attrs.frozen(kw_only=True)
class Link:
    """One link of a chain: a post of a unit, who holds it, and in what capacity.

    ``person`` is ``None`` when the post is vacant on the date: the gap shows.
    ``answers_for`` is the unit of the chain the link stands for; it differs
    from ``unit`` only for a bureau that contracts (包联) that unit. ``post`` is
    ``None`` for the person a task names as responsible. ``place`` is the place a
    chief (路长, 点长) or a key project's leader answers for, ``group`` the
    headquarters group whose leader supervises (督导).

    Examples
    --------
    >>> link = Link(unit="zc-ly", post=Post.FIRST_RESPONSIBLE, person="p-qian",
    ...             capacity=Capacity.LEAD, answers_for="zc-ly")
    >>> str(link)
    'zc-ly 第一责任人 p-qian (牵头)'
    >>> str(Link(unit="zc", post=Post.ROAD_CHIEF, person="p-zhao", capacity=Capacity.PLACE,
    ...          answers_for="zc", place="r-kx"))
    'r-kx 路长 p-zhao (点位)'
    """

    unit: str
    post: Post | None
    person: str | None
    capacity: Capacity
    answers_for: str
    place: str | None = None
    group: str | None = None

    @property
    def where(self) -> str:
        """What the link answers through, as people name it: the place, else the group,
        else the unit."""
        return self.place or self.group or self.unit

    def __str__(self) -> str:
        post = self.post.label if self.post is not None else "责任人"
        return f"{self.where} {post} {self.person or '（空缺）'} ({self.capacity.label})"
