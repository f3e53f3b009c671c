"""The paths taken for speed give the same results as the plain ones.

Loading JSON from bytes, releasing the document while it is read, checking
several files in parallel processes: each must change nothing but the time.
"""

from __future__ import annotations

import json
from pathlib import Path

import orjson
import pytest

import civledger
from civledger import LedgerFileError
from civledger.cli.main import run
from civledger.serialization.loader import structure_ledger

EXAMPLE = Path(__file__).parent.parent / "examples" / "zhecheng.yaml"


def _write(tmp_path: Path, name: str, seed: int, tasks: int = 120) -> Path:
    path = tmp_path / name
    civledger.dump(
        civledger.synthesize(streets=2, communities=2, grids=2, tasks=tasks, seed=seed), path
    )
    return path


def test_checking_files_in_parallel_gives_the_same_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [str(_write(tmp_path, f"l{i}.json", seed=i)) for i in range(3)]
    broken = tmp_path / "broken.json"
    broken.write_text(
        Path(files[0]).read_text(encoding="utf-8").replace('"lead":"c01-d1"', '"lead":"c01-dx"', 1),
        encoding="utf-8",
    )
    files.append(str(broken))
    args = ["check", *files, "--as-of", "2026-06-15", "--format", "json"]
    assert run(args) == 1
    one_by_one = json.loads(capsys.readouterr().out)
    assert run([*args, "--jobs", "3"]) == 1
    in_parallel = json.loads(capsys.readouterr().out)
    assert in_parallel == one_by_one
    # An unknown lead (LDG008) also leaves its sign-off without a signer above it (SGN003).
    assert {i["code"] for i in in_parallel["issues"]} == {"LDG008", "SGN003"}
    assert in_parallel["files"] == files


def test_an_unreadable_file_among_parallel_ones_is_reported_and_the_rest_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = str(_write(tmp_path, "good.json", seed=1))
    code = run(
        [
            "check",
            good,
            str(tmp_path / "missing.json"),
            good,
            "--jobs",
            "2",
            "--as-of",
            "2026-06-15",
        ]
    )
    captured = capsys.readouterr()
    assert code == 2
    assert (
        captured.err.strip()
        == f"civledger: {tmp_path / 'missing.json'}: no such file (check the path)"
    )
    assert "in 2 files" in captured.out


@pytest.mark.parametrize("jobs", ["0", "-1", "two"])
def test_jobs_must_be_a_positive_whole_number(
    jobs: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["check", "x.json", "--jobs", jobs]) == 2
    assert "--jobs" in capsys.readouterr().err


def test_json_is_read_from_bytes_with_the_same_result_as_from_text(tmp_path: Path) -> None:
    path = _write(tmp_path, "l.json", seed=4)
    text = path.read_text(encoding="utf-8")
    assert civledger.load(path) == civledger.loads(text, format="json")
    with_bom = tmp_path / "bom.json"
    with_bom.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert civledger.load(with_bom) == civledger.load(path)


def test_invalid_utf8_in_json_is_named_with_its_offset(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(b'{"civledger": 1,\n"campaign": {"id": "a", "name": "\xc0\xc1"}}')
    with pytest.raises(LedgerFileError) as caught:
        civledger.load(path)
    assert str(caught.value).startswith(
        f"{path}:2: is not valid UTF-8 text (byte 0xc0 at offset 50)"
    )


def test_a_consumed_document_gives_the_same_ledger_and_is_released(tmp_path: Path) -> None:
    path = _write(tmp_path, "l.json", seed=5)
    kept = orjson.loads(path.read_bytes())
    consumed = orjson.loads(path.read_bytes())
    assert structure_ledger(consumed, consume=True) == structure_ledger(kept)
    assert all(item is None for item in consumed["tasks"])
    assert all(item is None for item in consumed["journal"])
    assert any(item is not None for item in kept["tasks"])  # not consumed unless asked


def test_a_consumed_document_with_problems_still_reports_them_in_place(tmp_path: Path) -> None:
    doc = orjson.loads(_write(tmp_path, "l.json", seed=6).read_bytes())
    doc["tasks"][7]["due"] = "6月底"
    doc["tasks"][30]["colour"] = "红"
    ledger = structure_ledger(doc, consume=True)
    found = {(i.code, i.location.json_path) for i in ledger.origin.observations}
    assert found == {("LDG003", "$.tasks[7].due"), ("LDG001", "$.tasks[30].colour")}
    assert len(ledger.tasks) == 120


@pytest.mark.parametrize("day", ["2026-03-01", "2026-04-20", "2026-06-14", "2026-08-01"])
def test_the_states_kept_by_the_journal_audit_equal_the_plain_fold(day: str) -> None:
    from datetime import date

    from civledger.journal.audit import audit

    when = date.fromisoformat(day)
    for load in (
        lambda: civledger.load("examples/zhecheng.yaml"),
        lambda: civledger.synthesize(streets=2, communities=2, grids=2, tasks=300, seed=9),
    ):
        plain, audited = load(), load()
        audit(audited, when)  # folds the journal once and keeps the states it found
        assert dict(civledger.states(audited, when)) == dict(civledger.states(plain, when))


def test_a_full_check_folds_the_journal_once_for_both_families(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import importlib
    from datetime import date

    state = importlib.import_module("civledger.journal.state")  # the module, not the function
    folds = []
    real = state.sweep
    monkeypatch.setattr(state, "sweep", lambda ledger, day: folds.append(day) or real(ledger, day))
    ledger = civledger.load("examples/zhecheng.yaml")
    report = civledger.check(ledger, as_of=date(2026, 6, 14))
    assert report.valid
    assert folds == []  # the states came from the journal audit's pass
    civledger.check(
        civledger.load("examples/zhecheng.yaml"), select=["PHS"], as_of=date(2026, 6, 14)
    )
    assert folds == [date(2026, 6, 14)]  # alone, the schedule rules fold it themselves


def _entities(ledger: civledger.Ledger) -> list[object]:
    found: list[object] = [ledger.campaign]
    for collection in ("units", "people", "appointments", "contracts", "groups", "tasks"):
        found.extend(getattr(ledger, collection))
    found.extend(ledger.journal)
    found.extend(e for entry in ledger.journal for e in entry.evidence)
    return found


def test_slot_builders_make_the_same_entities_as_the_classes() -> None:
    import attrs

    from civledger.serialization.builders import slot_builder

    ledger = civledger.load(EXAMPLE)
    seen: set[type] = set()
    for entity in _entities(ledger) + _entities(civledger.synthesize(tasks=60, seed=3)):
        made = slot_builder(type(entity))
        assert made is not None, type(entity)
        seen.add(type(entity))
        rebuilt = made.build([getattr(entity, name) for name in made.names])
        assert type(rebuilt) is type(entity)
        assert rebuilt == entity
        assert attrs.asdict(rebuilt, recurse=False) == attrs.asdict(entity, recurse=False)
    assert {"Unit", "Person", "Appointment", "Task", "Entry", "Evidence"} <= {
        t.__name__ for t in seen
    }


def test_slot_builders_convert_and_validate_as_init_does() -> None:
    from datetime import datetime

    import attrs

    from civledger.errors import InvalidValueError
    from civledger.model import Action, Entry
    from civledger.serialization.builders import slot_builder

    made = slot_builder(Entry)
    assert made is not None
    values = list(made.defaults)
    values[made.index["at"]] = datetime(2026, 5, 1, 9)  # no time zone
    values[made.index["task"]] = "T-1"
    values[made.index["action"]] = Action.ASSIGN
    with pytest.raises(InvalidValueError) as by_init:
        Entry(at=datetime(2026, 5, 1, 9), task="T-1", action=Action.ASSIGN)
    with pytest.raises(InvalidValueError) as by_builder:
        made.build(values)
    assert str(by_builder.value) == str(by_init.value)
    with attrs.validators.disabled():
        assert made.build(values).at == datetime(2026, 5, 1, 9)
    values[made.index["at"]] = datetime(2026, 5, 1, 9, tzinfo=civledger.testing.CST)
    photo = civledger.Evidence(kind=civledger.EvidenceKind.PHOTO_AFTER, ref="a.jpg")
    values[made.index["evidence"]] = [photo]
    assert made.build(values).evidence == (photo,)  # the list made a tuple, as by the converter


def test_classes_a_builder_cannot_reproduce_keep_their_init() -> None:
    import attrs

    from civledger.serialization.builders import slot_builder

    @attrs.frozen
    class WithFactory:
        items: list[int] = attrs.field(factory=list)

    @attrs.frozen
    class WithPostInit:
        a: int

        def __attrs_post_init__(self) -> None:
            pass

    @attrs.define(slots=False)
    class WithDict:
        a: int

    @attrs.frozen
    class NotInInit:
        a: int = attrs.field(default=0, init=False)

    assert [slot_builder(c) for c in (WithFactory, WithPostInit, WithDict, NotInInit)] == [None] * 4
    assert slot_builder(civledger.Ledger) is None  # a factory and a post-init


def test_structuring_a_class_without_a_builder_calls_the_class() -> None:
    import attrs
    import cattrs

    from civledger.serialization.converter import fast_converter

    @attrs.frozen(kw_only=True)
    class Counted:
        name: str
        counts: tuple[int, ...] = attrs.field(factory=tuple)

    made = fast_converter.structure({"name": "甲", "counts": [1, 2]}, Counted)
    assert made == Counted(name="甲", counts=(1, 2))
    assert fast_converter.structure({"name": "乙"}, Counted).counts == ()
    with pytest.raises(cattrs.ForbiddenExtraKeysError):
        fast_converter.structure({"name": "甲", "colour": "red"}, Counted)


def test_a_run_of_entries_parsed_at_once_is_the_entries_parsed_one_by_one() -> None:
    from civledger.serialization.lazy import EntryParseError, LazyEntries

    def lazy(lines: list[bytes]) -> LazyEntries:
        data = b",\n".join(b" " + line for line in lines)
        starts, ends, pos = [], [], 0
        for line in lines:
            starts.append(pos + 1)
            ends.append(pos + 1 + len(line))
            pos += len(line) + 3
        return LazyEntries(memoryview(data), starts, ends)

    good = lazy([b'{"id": "a"}', b'{"id": "b", "n": [1, 2]}', b'{"id": "c"}'])
    assert (
        good[0:3]
        == [good[0], good[1], good[2]]
        == [
            {"id": "a"},
            {"id": "b", "n": [1, 2]},
            {"id": "c"},
        ]
    )
    # A bad entry in a run is named by its own offset, as when read alone.
    bad = lazy([b'{"id": "a"}', b'{"id": "b",}', b'{"id": "c"}'])
    with pytest.raises(EntryParseError) as raised:
        bad[0:3]
    assert raised.value.offset == 15  # where the second entry starts
    # Two values in one entry's range: the run parses, but into other entries.
    two = lazy([b'{"id": "a"}, {"id": "b"}', b'{"id": "c"}'])
    with pytest.raises(EntryParseError) as raised:
        two[0:2]
    assert raised.value.offset == 1
