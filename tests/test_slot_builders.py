"""The fast converter builds an entity exactly as the class's ``__init__`` would.

The fast converter sets an entity's slots itself (a slot builder) instead of
calling the class, which is only sound while ``__init__`` does nothing more than
convert, set and validate the fields. Each class here does more, in a way attrs
allows: caches its hash, has an ``__init__``, ``__new__`` or ``__setattr__`` of
its own, is an exception, or names a field with a leading underscore. Reading a
mapping into such a class must give what calling the class gives.
"""

from __future__ import annotations

from typing import Any

import attrs
import pytest

from civledger.serialization.builders import slot_builder
from civledger.serialization.converter import detailed_converter, fast_converter


def _same(made: Any, expected: Any) -> None:
    assert type(made) is type(expected)
    assert attrs.asdict(made, recurse=False) == attrs.asdict(expected, recurse=False)


@attrs.frozen(cache_hash=True)
class CachedHash:
    a: int


@attrs.frozen
class OwnInit:
    a: int

    def __init__(self, a: int) -> None:
        self.__attrs_init__(a=a * 2)  # type: ignore[attr-defined]


@attrs.frozen(init=False)
class InitTurnedOff:
    a: int

    def __init__(self, a: int) -> None:
        self.__attrs_init__(a=a * 2)  # type: ignore[attr-defined]


@attrs.frozen
class Base:
    a: int


class PlainSubclass(Base):
    """Not decorated: its ``__init__`` wraps the one attrs wrote for ``Base``."""

    __slots__ = ()

    def __init__(self, a: int) -> None:
        super().__init__(a=a * 2)


class WithNew(Base):
    """A ``__new__`` that fills a slot of its own, which no field sets."""

    __slots__ = ("serial",)

    def __new__(cls, *args: Any, **kwargs: Any) -> WithNew:
        made = super().__new__(cls)
        object.__setattr__(made, "serial", 7)
        return made


@attrs.define
class OwnSetattr:
    a: int

    def __setattr__(self, name: str, value: Any) -> None:
        object.__setattr__(self, name, value * 2)


@attrs.define(auto_exc=True)
class Failure(Exception):
    a: int


@attrs.frozen
class PrivateField:
    _secret: int  # __init__ takes it as ``secret``; documents write ``_secret``
    tags: tuple[str, ...] = attrs.field(factory=tuple)  # a factory: no slot builder


def test_a_cached_hash_is_reset_as_init_resets_it() -> None:
    made = fast_converter.structure({"a": 1}, CachedHash)
    assert hash(made) == hash(CachedHash(a=1))  # the cache slot holds None, not nothing


@pytest.mark.parametrize("cls", [OwnInit, InitTurnedOff, PlainSubclass])
def test_a_hand_written_init_runs(cls: type[Any]) -> None:
    made = fast_converter.structure({"a": 1}, cls)
    _same(made, cls(a=1))
    assert made.a == 2


def test_a_new_of_its_own_runs() -> None:
    made = fast_converter.structure({"a": 1}, WithNew)
    _same(made, WithNew(a=1))
    assert made.serial == 7


def test_a_setattr_of_its_own_sees_every_field() -> None:
    made = fast_converter.structure({"a": 1}, OwnSetattr)
    assert made == OwnSetattr(a=1)
    assert made.a == 2


def test_an_exception_class_is_made_with_its_arguments() -> None:
    made = fast_converter.structure({"a": 1}, Failure)
    _same(made, Failure(1))
    assert made.args == (1,)


def test_a_private_field_is_read_by_its_name_and_passed_by_its_alias() -> None:
    document = {"_secret": 1, "tags": ["甲"]}
    expected = PrivateField(secret=1, tags=("甲",))
    _same(fast_converter.structure(document, PrivateField), expected)
    _same(detailed_converter.structure(document, PrivateField), expected)


@pytest.mark.parametrize(
    "cls",
    [CachedHash, OwnInit, InitTurnedOff, PlainSubclass, WithNew, OwnSetattr, Failure],
)
def test_no_builder_for_a_class_whose_init_does_more(cls: type[Any]) -> None:
    assert slot_builder(cls) is None


def test_a_builder_still_serves_the_plain_classes() -> None:
    @attrs.frozen(kw_only=True)
    class Plain:
        a: int
        b: tuple[int, ...] = attrs.field(default=(), converter=tuple)

    @attrs.define
    class Mutable:
        a: int

    assert slot_builder(Plain) is not None
    assert slot_builder(Mutable) is not None
    _same(fast_converter.structure({"a": 1, "b": [2]}, Plain), Plain(a=1, b=(2,)))
    _same(fast_converter.structure({"a": 1}, Mutable), Mutable(a=1))
