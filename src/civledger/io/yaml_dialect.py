"""The YAML civledger reads and writes: safe, with YAML 1.2 core scalars.

PyYAML follows YAML 1.1, where a bare ``on``, ``off``, ``yes`` or ``no`` is a
boolean, ``010`` is octal 8, ``9:30`` is the number 570 and ``2026-13-01`` is
a date that crashes the parser. Ledgers are typed by people, so civledger reads
plain scalars as YAML 1.2's core schema does: only ``true``/``false`` are
booleans, numbers are decimal (``0o``/``0x`` for octal and hex), ``null``/``~``
or nothing is null, and everything else — dates included — is text, which the
ledger's own hooks then read (so a bad date is a located finding).

When writing, text that either YAML 1.1 or 1.2 would read as something else
is quoted, so other tools read civledger's files as civledger does. Dates and
date-times are written as plain ISO text.
"""

from __future__ import annotations

import functools
import re
from datetime import date, datetime
from typing import Any

from civledger.i18n import gettext

__all__ = ["dumper_class", "loader_class"]

_BOOL = (
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)
_INT = (
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    list("-+0123456789"),
)
_FLOAT = (
    "tag:yaml.org,2002:float",
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+.0123456789"),
)
_NULL = ("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
_MERGE = ("tag:yaml.org,2002:merge", re.compile(r"^(?:<<)$"), ["<"])
_CORE = (_BOOL, _INT, _FLOAT, _NULL, _MERGE)
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


def _table(rules: Any) -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    table: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    for tag, pattern, firsts in rules:
        for first in firsts:
            table.setdefault(first, []).append((tag, pattern))
    return table


def _core_int(loader: Any, node: Any) -> int:
    text = loader.construct_scalar(node)
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text, 10)


def _unique_keys(construct: Any) -> Any:
    """Refuse a mapping that gives one key twice (YAML forbids it; PyYAML keeps the last)."""
    import yaml

    def construct_mapping(self: Any, node: Any, deep: bool = False) -> Any:
        seen: dict[str, Any] = {}
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value != "<<":
                if key_node.value in seen:
                    raise yaml.constructor.ConstructorError(
                        "while reading a mapping",
                        node.start_mark,
                        gettext("the key {key!r} is given twice (first on line {line})").format(
                            key=key_node.value, line=seen[key_node.value].line + 1
                        ),
                        key_node.start_mark,
                    )
                seen[key_node.value] = key_node.start_mark
        return construct(self, node, deep=deep)

    return construct_mapping


@functools.cache
def loader_class() -> Any:
    """The safe loader with YAML 1.2 core scalars (C-accelerated when available).

    Examples
    --------
    >>> import yaml
    >>> yaml.load("{on: 1, n: 010, t: 9:30, d: 2026-06-30, b: true}", Loader=loader_class())
    {'on': 1, 'n': 10, 't': '9:30', 'd': '2026-06-30', 'b': True}
    """
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader: Any = type("LedgerYamlLoader", (base,), {})
    loader.yaml_implicit_resolvers = _table(_CORE)
    loader.add_constructor("tag:yaml.org,2002:int", _core_int)
    loader.construct_mapping = _unique_keys(base.construct_mapping)
    loader.add_constructor(_TIMESTAMP, lambda self, node: self.construct_scalar(node))
    return loader


@functools.cache
def dumper_class() -> Any:
    """The safe dumper: quotes what YAML 1.1 or 1.2 would misread; dates as plain text.

    Examples
    --------
    >>> import yaml
    >>> from datetime import date
    >>> print(yaml.dump({"on": "yes", "n": "010", "e": "1e3", "d": date(2026, 6, 30)},
    ...                 Dumper=dumper_class(), sort_keys=False), end="")
    'on': 'yes'
    n: '010'
    e: '1e3'
    d: 2026-06-30
    """
    import yaml

    base = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    # One date object shared by many entries must not become &anchors and *aliases.
    dumper: Any = type("LedgerYamlDumper", (base,), {"ignore_aliases": lambda self, data: True})
    old = [
        (tag, pattern, [first])
        for first, rules in base.yaml_implicit_resolvers.items()
        for tag, pattern in rules
        if tag != _TIMESTAMP
    ]
    dumper.yaml_implicit_resolvers = _table([*old, *_CORE])

    def plain_text(self: Any, value: date) -> Any:
        return self.represent_scalar("tag:yaml.org,2002:str", value.isoformat())

    dumper.add_representer(date, plain_text)
    dumper.add_representer(datetime, plain_text)
    return dumper
