"""The JSON Schema of the ledger format: shipped copy, and agreement with the loader."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pytest

import civledger
from civledger.model import COLLECTIONS
from civledger.serialization.schema import SCHEMA_FILE, json_schema_text, shipped_schema
from civledger.testing import small_ledger

VALIDATOR = jsonschema.Draft202012Validator(
    civledger.json_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
)


def _doc(ledger: civledger.Ledger) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(civledger.dumps(ledger, format="json"))
    return result


def test_the_shipped_schema_is_the_generated_one() -> None:
    shipped = Path(civledger.__file__).parent / "serialization" / SCHEMA_FILE
    assert shipped.read_text(encoding="utf-8") == json_schema_text()
    assert shipped_schema() == json_schema_text()


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(civledger.json_schema())


def test_the_schema_knows_every_collection_and_entity_field() -> None:
    schema = civledger.json_schema()
    assert set(schema["properties"]) == {
        "civledger",
        "campaign",
        "policy",
        *(c.name for c in COLLECTIONS),
    }
    for collection in COLLECTIONS:
        definition = schema["$defs"][collection.kind.__name__]
        names = [f.name for f in attrs.fields(collection.kind)]
        assert list(definition["properties"]) == names
        required = [f.name for f in attrs.fields(collection.kind) if f.default is attrs.NOTHING]
        assert definition["required"] == required


@pytest.mark.parametrize(
    "ledger",
    [
        small_ledger(),
        civledger.synthesize(streets=2, communities=2, grids=2, tasks=60, seed=5),
        civledger.synthesize(counties=2, streets=1, communities=1, grids=1, tasks=10, seed=2),
    ],
    ids=["small", "synthetic", "city"],
)
def test_written_ledgers_validate(ledger: civledger.Ledger) -> None:
    VALIDATOR.validate(_doc(ledger))


def test_chinese_labels_and_aliases_are_valid_enum_values() -> None:
    doc = _doc(small_ledger())
    doc["units"][1]["level"] = "街道"
    doc["units"][2]["level"] = "居委会"
    doc["tasks"][0]["phase"] = "整改"
    VALIDATOR.validate(doc)
    assert (
        civledger.loads(json.dumps(doc), format="json").unit("zc-ly").level
        is civledger.Level.STREET
    )


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        (lambda d: d["units"][0].update(colour="red"), "Additional properties"),
        (lambda d: d.update(unitz=[]), "Additional properties"),
        (lambda d: d["units"][0].update(level="province"), "is not one of"),
        (lambda d: d["tasks"][0].update(phase="rectify"), "is not one of"),
        (lambda d: d["units"][0].pop("name"), "is a required property"),
        (lambda d: d["units"][0].update(name=123), "is not of type 'string'"),
        (lambda d: d["tasks"][0].update(cooperating="zc-cg"), "is not of type 'array'"),
        (lambda d: d["tasks"][0].update(due="2026-13-01"), "is not a 'date'"),
        (lambda d: d.update(civledger=2), "1 was expected"),
        (lambda d: d.pop("campaign"), "is a required property"),
    ],
    ids=[
        "unknown-key",
        "unknown-top-level-key",
        "unknown-level",
        "unknown-phase",
        "missing-name",
        "number-for-text",
        "text-for-list",
        "impossible-date",
        "version",
        "no-campaign",
    ],
)
def test_invalid_documents_fail_validation(change: Any, complaint: str) -> None:
    doc = _doc(small_ledger())
    change(doc)
    errors = list(VALIDATOR.iter_errors(doc))
    assert errors
    messages = _messages(errors)
    assert any(complaint in m for m in messages), messages


def _messages(errors: Iterable[jsonschema.ValidationError]) -> list[str]:
    # Collections are "a list or null", so the detail sits in the context of anyOf.
    out: list[str] = []
    for error in errors:
        out.append(error.message)
        out.extend(_messages(error.context or ()))
    return out


def test_the_schema_command_prints_the_shipped_schema(capsys: pytest.CaptureFixture[str]) -> None:
    from civledger.cli.main import run

    assert run(["schema"]) == 0
    out = capsys.readouterr().out
    assert json.loads(out) == civledger.json_schema()
    assert out == shipped_schema() if shipped_schema().endswith("\n") else shipped_schema() + "\n"
