"""Generate the reference tables of docs/format.md and docs/checks.md, and check the pages.

The tables that restate code (keys with their types and defaults, enumeration
values with their labels and aliases, the rule catalogue) are generated from
the model and the registry, never typed by hand. Each one sits under a marker
comment in the page (``<!-- fields: Unit -->``, ``<!-- enum: Level -->``,
``<!-- toplevel -->``, ``<!-- rules -->``); the hand-written columns to the
right of the generated ones (meanings, triggers, fixes) are left alone.

Print every table, to paste into a page::

    python docs/_tools/doctables.py

The pages run :func:`check_page` as a doctest, so they fail when the code
changes and the tables do not.

Examples
--------
>>> from civledger import TaskKind
>>> print("\\n".join(enum_table(TaskKind)))
| value | label | aliases |
|---|---|---|
| `task` | 任务 |  |
| `problem` | 问题 |  |
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, get_args, get_origin

import attrs

from civledger import LabeledEnum, Ledger, rules
from civledger.serialization.converter import TEXT_FORMS
from civledger.serialization.loader import TOP_LEVEL_KEYS

_MARKER = re.compile(r"<!-- (fields|enum): (\w+) -->|<!-- (toplevel|rules) -->")


def _inner(t: Any) -> tuple[Any, bool]:
    """The type without ``| None``, and whether ``None`` was allowed."""
    if get_origin(t) in (typing.Union, types.UnionType):
        args = [a for a in get_args(t) if a is not type(None)]
        return args[0], len(args) != len(get_args(t))
    return t, False


def _element(t: Any) -> Any | None:
    """The entry type of a list-like field type (``tuple[Unit, ...]``, ``Journal``), else None.

    >>> from civledger import Journal, Unit
    >>> _element(tuple[Unit, ...]).__name__, _element(Journal).__name__, _element(str)
    ('Unit', 'Entry', None)
    """
    if get_origin(t) is tuple:
        return get_args(t)[0]
    if isinstance(t, type) and issubclass(t, Sequence) and t is not str:
        # A sequence class of its own, such as Journal(Sequence[Entry]).
        for base in getattr(t, "__orig_bases__", ()):
            if get_origin(base) is Sequence:
                return get_args(base)[0]
    return None


def type_name(t: Any) -> str:
    """How a field's type reads in the docs."""
    t, _ = _inner(t)
    element = _element(t)
    if element is not None:
        return "list of " + type_name(element)
    simple = {
        str: "text",
        int: "whole number",
        float: "number",
        bool: "true/false",
        date: "date",
        datetime: "date-time",
    }
    if t in simple:
        return simple[t]
    if isinstance(t, type) and (attrs.has(t) or issubclass(t, LabeledEnum)):
        shown = f"[{t.__name__}](#{t.__name__.lower()})"
        return shown + " or text" if t in TEXT_FORMS else shown
    raise TypeError(f"no doc name for {t!r}")


def default_text(field: attrs.Attribute[Any]) -> str:
    """``required``, ``optional`` (no value) or the default as written in a file."""
    value: Any = field.default
    if isinstance(value, attrs.Factory):  # type: ignore[arg-type]
        made = value.factory()  # a field made fresh for each entity, such as the journal
        if isinstance(made, Sequence) and len(made) == 0:
            return "`[]`"
    if value is attrs.NOTHING:
        return "required"
    if value is None:
        return "optional"
    if value == ():
        return "`[]`"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, LabeledEnum):
        return f"`{value.value}`"
    return f"`{value}`"


def _fields(cls: type[Any]) -> list[attrs.Attribute[Any]]:
    return [f for f in attrs.fields(cls) if f.init and f.name != "origin"]


def field_rows(cls: type[Any]) -> list[list[str]]:
    """``[key, type, required/default]`` for every key of an entity, in order."""
    hints = typing.get_type_hints(cls)
    return [[f"`{f.name}`", type_name(hints[f.name]), default_text(f)] for f in _fields(cls)]


def enum_rows(cls: type[LabeledEnum]) -> list[list[str]]:
    """``[value, label, aliases]`` for every member, in order."""
    return [[f"`{m.value}`", m.label, ", ".join(m.aliases)] for m in cls]


def toplevel_rows() -> list[list[str]]:
    """``[key, type, required/default]`` for the top level of a ledger document.

    A collection the ledger may keep in a file of its own (``Ledger.journal_file``
    for ``journal``) also takes that file's name.
    """
    by_name = {f.name: f for f in _fields(Ledger)}
    hints = typing.get_type_hints(Ledger)
    rows = [["`civledger`", "whole number", "required"]]
    for key in TOP_LEVEL_KEYS[1:]:
        kind = type_name(hints[key])
        if f"{key}_file" in by_name:
            kind += ", or text (a file name)"
        rows.append([f"`{key}`", kind, default_text(by_name[key])])
    return rows


def rule_rows() -> list[list[str]]:
    """``[code, name, severity, tier]`` for every rule of the catalogue."""
    return [[f"`{r.code}`", f"`{r.name}`", r.severity.value, r.tier.value] for r in rules()]


def _render(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def enum_table(cls: type[LabeledEnum]) -> list[str]:
    """The markdown table of an enumeration."""
    return _render(["value", "label", "aliases"], enum_rows(cls))


def entities() -> list[type[Any]]:
    """Every entity class a ledger file can hold, in the order they first appear."""
    found: list[type[Any]] = []

    def walk(cls: type[Any]) -> None:
        if cls in found:
            return
        found.append(cls)
        hints = typing.get_type_hints(cls)
        for f in _fields(cls):
            t, _ = _inner(hints[f.name])
            t = _element(t) or t
            if isinstance(t, type) and attrs.has(t):
                walk(t)

    walk(Ledger)
    return found[1:]


def enums() -> list[type[LabeledEnum]]:
    """Every enumeration a ledger file uses, in the order they first appear."""
    found: list[type[LabeledEnum]] = []
    for cls in entities():
        hints = typing.get_type_hints(cls)
        for f in _fields(cls):
            t, _ = _inner(hints[f.name])
            t = _element(t) or t
            if isinstance(t, type) and issubclass(t, LabeledEnum) and t not in found:
                found.append(t)
    return found


def _expected(kind: str, name: str | None) -> list[list[str]]:
    if kind == "toplevel":
        return toplevel_rows()
    if kind == "rules":
        return rule_rows()
    pool = {c.__name__: c for c in (*entities(), *enums())}
    if name not in pool:
        raise KeyError(f"no entity or enumeration {name}")
    return field_rows(pool[name]) if kind == "fields" else enum_rows(pool[name])


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def check_page(path: str | Path) -> list[str]:
    """What is out of date in a page's generated tables (an empty list when nothing).

    Also reports entities and enumerations of the format that have no table,
    when the page holds any ``fields`` or ``enum`` table at all.
    """
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    problems: list[str] = []
    seen: set[str] = set()
    for number, line in enumerate(lines):
        match = _MARKER.search(line)
        if not match:
            continue
        kind = match.group(1) or match.group(3)
        name = match.group(2)
        seen.add(name or kind)
        expected = _expected(kind, name)
        body = []
        for row in lines[number + 3 :]:
            if not row.startswith("|"):
                break
            body.append(_cells(row))
        got = [row[: len(expected[0])] for row in body]
        label = f"{kind} {name}" if name else kind
        if got != expected:
            for want, have in zip(expected, got, strict=False):
                if want != have:
                    problems.append(f"{label}: expected {want}, found {have}")
                    break
            if len(got) != len(expected):
                problems.append(f"{label}: expected {len(expected)} rows, found {len(got)}")
    if any(k in seen for k in ("toplevel",)) or any(n in seen for n in ("Unit", "Level")):
        for cls in (*entities(), *enums()):
            if cls.__name__ not in seen:
                problems.append(f"no table for {cls.__name__}")
    return problems


def main() -> None:
    """Print every generated table."""
    print("<!-- toplevel -->")
    print("\n".join(_render(["key", "type", "required / default"], toplevel_rows())))
    for cls in entities():
        print(f"\n<!-- fields: {cls.__name__} -->")
        print("\n".join(_render(["key", "type", "required / default"], field_rows(cls))))
    for cls in enums():
        print(f"\n<!-- enum: {cls.__name__} -->")
        print("\n".join(enum_table(cls)))
    print("\n<!-- rules -->")
    print("\n".join(_render(["code", "name", "severity", "tier"], rule_rows())))


if __name__ == "__main__":
    main()
