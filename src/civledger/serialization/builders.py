"""Building frozen attrs entities from their field values, without keyword arguments.

attrs' generated ``__init__`` takes keyword arguments and sets each field
through the object's ``__setattr__``. For a million tasks of two dozen fields
that costs seconds: the keyword dictionary is built and unpacked, and every
field is looked up by name. A builder made here takes the values as a list in
field order and sets each slot through its descriptor, applying the field's
converter and validator exactly as attrs' ``__init__`` does. It is made only
for the classes whose ``__init__`` does nothing more than that (see
:func:`slot_builder`); for any other class :func:`slot_builder` returns
``None`` and the class is called as usual.
"""

from __future__ import annotations

import types
from collections.abc import Callable
from typing import Any

import attrs

__all__ = ["Builder", "slot_builder"]


@attrs.frozen
class Builder:
    """How to build instances of one class from a list of field values.

    ``build(values)`` makes the instance; ``defaults`` is the list to start
    from (a field without a default holds ``attrs.NOTHING`` there, and
    ``required`` lists the positions that must be filled); ``index`` maps a
    field's name to its position.
    """

    build: Callable[[list[Any]], Any]
    defaults: tuple[Any, ...]
    required: tuple[int, ...]
    index: dict[str, int]
    names: tuple[str, ...]


# attrs compiles the methods it writes under this file name ("<attrs generated
# methods pkg.Class>"; "<attrs generated init ...>" before attrs 25).
_GENERATED = "<attrs generated "

# attrs keeps a frozen class's hash here when it caches it (``cache_hash=True``);
# its __init__ empties the cache, a builder would leave the slot unset.
_HASH_CACHE = "_attrs_cached_hash"


@attrs.frozen
class _Frozen:
    """Only here to learn the ``__setattr__`` that attrs gives every frozen class."""


# A frozen class's __init__ sets its fields with object.__setattr__ and so does a
# builder; the __init__ of any other class assigns through the class's __setattr__.
_PLAIN_SETATTRS = (object.__setattr__, _Frozen.__setattr__)


def _slot(cls: type, name: str) -> Any:
    for klass in cls.__mro__:
        if name in klass.__dict__:
            found = klass.__dict__[name]
            return found if isinstance(found, types.MemberDescriptorType) else None
    return None


def _init_sets_fields_only(cls: type) -> bool:
    """Whether the class's ``__init__`` only converts, sets and validates its fields.

    Then building the object from ``object.__new__`` and the slots is the same.
    An ``__init__`` not written by attrs for this very class (a hand-written
    one, ``init=False``, a plain subclass's) may do anything; an own ``__new__``
    (exceptions have one) would not run; a non-frozen class with its own
    ``__setattr__`` (hand-written, or attrs' ``on_setattr`` hooks) may see its
    fields set through it; attrs calls ``__attrs_pre_init__`` and
    ``__attrs_post_init__`` and resets a cached hash.
    """
    init = cls.__dict__.get("__init__")
    code = getattr(init, "__code__", None)
    new: object = cls.__new__
    assign: object = cls.__setattr__
    return (
        code is not None
        and code.co_filename.startswith(_GENERATED)
        and new is object.__new__
        and assign in _PLAIN_SETATTRS
        and not hasattr(cls, "__attrs_pre_init__")
        and not hasattr(cls, "__attrs_post_init__")
        and _slot(cls, _HASH_CACHE) is None
    )


def slot_builder(cls: type) -> Builder | None:
    """The builder of an attrs class, or ``None`` when the class needs its ``__init__``.

    Examples
    --------
    >>> @attrs.frozen(kw_only=True)
    ... class Point:
    ...     x: int
    ...     y: int = attrs.field(default=0, converter=int)
    >>> made = slot_builder(Point)
    >>> values = list(made.defaults)
    >>> values[made.index["x"]] = 3
    >>> made.build(values)
    Point(x=3, y=0)
    >>> made.build([1, "2"]) == Point(x=1, y="2")
    True
    >>> slot_builder(attrs.make_class("Plain", ["a"], slots=False)) is None
    True
    >>> @attrs.frozen
    ... class Doubled:
    ...     x: int
    ...     def __init__(self, x: int) -> None:
    ...         self.__attrs_init__(x=2 * x)
    >>> slot_builder(Doubled) is None
    True
    """
    if not attrs.has(cls) or "__slots__" not in cls.__dict__:
        return None
    if not _init_sets_fields_only(cls):
        return None
    fields = attrs.fields(cls)
    scope: dict[str, Any] = {
        "_new": object.__new__,
        "_cls": cls,
        "_validating": lambda: not attrs.validators.get_disabled(),
    }
    sets: list[str] = []
    checks: list[str] = []
    for i, field in enumerate(fields):
        slot = _slot(cls, field.name)
        if (
            slot is None
            or not field.init
            or isinstance(field.default, attrs.Factory)  # type: ignore[arg-type]
            or isinstance(field.converter, attrs.Converter)  # may take the instance or field
        ):
            return None
        scope[f"_set{i}"] = slot.__set__
        value = f"v[{i}]"
        if field.converter is not None:
            scope[f"_conv{i}"] = field.converter
            value = f"_conv{i}({value})"
        sets.append(f"    _set{i}(o, {value})")
        if field.validator is not None:
            scope[f"_val{i}"] = field.validator
            scope[f"_field{i}"] = field
            checks.append(f"        _val{i}(o, _field{i}, o.{field.name})")
    lines = ["def build(v):", "    o = _new(_cls)", *sets]
    if checks:
        lines += ["    if _validating():", *checks]
    lines.append("    return o")
    code = "\n".join(lines) + "\n"
    exec(compile(code, f"<civledger builder of {cls.__qualname__}>", "exec"), scope)
    return Builder(
        build=scope["build"],
        defaults=tuple(f.default for f in fields),
        required=tuple(i for i, f in enumerate(fields) if f.default is attrs.NOTHING),
        index={f.name: i for i, f in enumerate(fields)},
        names=tuple(f.name for f in fields),
    )
