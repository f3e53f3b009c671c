"""A JSON Schema of the ledger format, made from the model itself.

The schema is generated from the attrs classes, so it cannot drift from what
the loader reads. A copy ships in the package as ``ledger.schema.json`` for
editors and other tools; a test keeps the copy equal to the generated one.
"""

from __future__ import annotations

import functools
import types
import typing
from datetime import date, datetime
from importlib import resources
from typing import Any, get_args, get_origin

import attrs
import orjson

from civledger.labels import LabeledEnum
from civledger.model import COLLECTIONS, Campaign
from civledger.model.policy import SignOffPolicy
from civledger.serialization.converter import TEXT_FORMS
from civledger.serialization.loader import FORMAT_VERSION

__all__ = ["SCHEMA_FILE", "json_schema", "json_schema_text", "regenerate", "shipped_schema"]

SCHEMA_FILE = "ledger.schema.json"
_DRAFT = "https://json-schema.org/draft/2020-12/schema"


def _summary(cls: type[Any]) -> str:
    doc = (cls.__doc__ or "").strip()
    return doc.split("\n\n", 1)[0].replace("\n", " ")


class _Builder:
    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}

    def ref(self, name: str) -> dict[str, Any]:
        return {"$ref": f"#/$defs/{name}"}

    def of(self, t: Any) -> dict[str, Any]:
        origin = get_origin(t)
        if origin in (typing.Union, types.UnionType):
            inner = [a for a in get_args(t) if a is not type(None)]
            options = [self.of(a) for a in inner]
            if type(None) in get_args(t):
                options.append({"type": "null"})
            return {"anyOf": options}
        if origin is tuple:
            return {"type": "array", "items": self.of(get_args(t)[0])}
        if t is str:
            return {"type": "string"}
        if t is bool:
            return {"type": "boolean"}
        if t is int:
            return {"type": "integer"}
        if t is float:
            return {"type": "number"}
        if t is datetime:
            return {
                "type": "string",
                "description": (
                    "ISO 8601 date-time; without an offset it is read in the campaign's time zone"
                ),
            }
        if t is date:
            return {"type": "string", "format": "date"}
        if isinstance(t, type) and issubclass(t, LabeledEnum):
            return self._enum(t)
        if attrs.has(t):
            if t in TEXT_FORMS:
                text = {"type": "string", "description": TEXT_FORMS[t][1]}
                return {"anyOf": [self._object(t), text]}
            return self._object(t)
        raise TypeError(f"no schema for {t!r}")

    def _enum(self, cls: type[LabeledEnum]) -> dict[str, Any]:
        if cls.__name__ not in self.defs:
            accepted: list[str] = []
            for member in cls:
                for text in (member.value, member.label, *member.aliases):
                    if text not in accepted:
                        accepted.append(text)
            self.defs[cls.__name__] = {
                "description": f"{_summary(cls)} Accepted: {cls.choices()} (and aliases).",
                "enum": accepted,
            }
        return self.ref(cls.__name__)

    def _object(self, cls: type[Any]) -> dict[str, Any]:
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # placeholder against recursion
            hints = typing.get_type_hints(cls)
            fields = [f for f in attrs.fields(cls) if f.init]
            self.defs[name] = {
                "description": _summary(cls),
                "type": "object",
                "properties": {f.name: self.of(hints[f.name]) for f in fields},
                "required": [f.name for f in fields if f.default is attrs.NOTHING],
                "additionalProperties": False,
            }
        return self.ref(name)


@functools.cache
def _generated() -> bytes:
    builder = _Builder()
    properties: dict[str, Any] = {
        "civledger": {"const": FORMAT_VERSION, "description": "The format version."},
        "campaign": builder.of(Campaign),
    }
    for collection in COLLECTIONS:
        properties[collection.name] = {
            "anyOf": [{"type": "array", "items": builder.of(collection.kind)}, {"type": "null"}]
        }
    properties["journal"]["anyOf"].insert(
        1,
        {"type": "string", "description": "A JSON Lines file beside the ledger with the journal."},
    )
    properties["policy"] = {"anyOf": [builder.of(SignOffPolicy), {"type": "null"}]}
    schema = {
        "$schema": _DRAFT,
        "title": f"civledger ledger, format version {FORMAT_VERSION}",
        "description": (
            "A campaign work ledger (创城工作台账): the campaign, its frameworks, units, "
            "people, posts, tasks and problems, journal, negative list and waivers."
        ),
        "type": "object",
        "required": ["civledger", "campaign"],
        "additionalProperties": False,
        "properties": properties,
        "$defs": dict(sorted(builder.defs.items())),
    }
    return orjson.dumps(schema, option=orjson.OPT_INDENT_2) + b"\n"


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the ledger format, as data.

    Examples
    --------
    >>> import civledger
    >>> schema = civledger.json_schema()
    >>> schema["properties"]["civledger"]["const"]
    1
    >>> "街道" in schema["$defs"]["Level"]["enum"]
    True
    """
    result: dict[str, Any] = orjson.loads(_generated())
    return result


def json_schema_text() -> str:
    """The JSON Schema as the text of the shipped file."""
    return _generated().decode("utf-8")


def regenerate() -> None:
    """Rewrite the shipped schema file from the model (run after changing the model).

    ``python -c "from civledger.serialization.schema import regenerate; regenerate()"``
    """
    target = resources.files("civledger.serialization").joinpath(SCHEMA_FILE)
    with resources.as_file(target) as path:
        path.write_text(json_schema_text(), encoding="utf-8")


def shipped_schema() -> str:
    """The text of the schema file shipped in the package.

    Examples
    --------
    >>> shipped_schema() == json_schema_text()
    True
    """
    return resources.files("civledger.serialization").joinpath(SCHEMA_FILE).read_text("utf-8")
