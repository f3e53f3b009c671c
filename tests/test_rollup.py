"""``civledger rollup`` (issue 18): many ledgers into one Parquet dataset, on a local pool or Dask.

Three small synthetic ledgers (one with findings) and one that cannot be read: every task of
the three in ``tasks``, read back by pyarrow and DuckDB; the dask engine on a two-worker
LocalCluster gives the same rows as the local pool; ``--as-of`` is honoured; a bad ledger is
reported, not fatal.
"""

from __future__ import annotations

import json
import shlex
from datetime import date
from pathlib import Path

import attrs
import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import civledger
from civledger.cli.main import build_parser, run
from civledger.errors import ArgumentError, CivLedgerError
from civledger.i18n import use_language
from civledger.scaleout.dataset import DATASETS, SUMMARY_FILE
from civledger.scaleout.engines import _outcome
from support import CLI

ROOT = Path(__file__).resolve().parent.parent
CAMPAIGNS = ("city-1", "city-2", "city-3")


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """city-1..3.json (30 tasks each; city-3 has a task led by an unknown unit) and bad.json."""
    folder = tmp_path_factory.mktemp("province")
    for n, campaign in enumerate(CAMPAIGNS, start=1):
        ledger = civledger.synthesize(
            streets=1, communities=2, grids=1, tasks=30, seed=n, campaign=campaign
        )
        if n == 3:
            first = attrs.evolve(ledger.tasks[0], lead="zc-nowhere")
            ledger = attrs.evolve(ledger, tasks=[first, *ledger.tasks[1:]])
        civledger.dump(ledger, folder / f"{campaign}.json")
    (folder / "bad.json").write_text('{"civledger": 1, "campaign": ', encoding="utf-8")
    return folder


def _files(province: Path, *, bad: bool = True) -> list[str]:
    names = [f"{c}.json" for c in CAMPAIGNS] + (["bad.json"] if bad else [])
    return [str(province / name) for name in names]


def _read(folder: Path, dataset: str) -> pa.Table:
    """A dataset in a stable order (the partitions' files are read in any order)."""
    table = pq.read_table(folder / dataset)
    table = table.cast(pa.schema([f.with_type(_plain(f.type)) for f in table.schema]))
    keys = [
        k
        for k in ("campaign", "ledger", "level", "id", "unit", "code", "path", "message")
        if k in table.schema.names
    ]
    return table.sort_by([(k, "ascending") for k in keys])


def _plain(kind: pa.DataType) -> pa.DataType:
    # Dictionaries of different files differ in order: compare their values.
    return kind.value_type if pa.types.is_dictionary(kind) else kind


@pytest.fixture(scope="module")
def local(province: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The province rolled up by the local engine, two processes (in English, as the tests run:
    a module's fixture starts before the language is set for each test)."""
    out = tmp_path_factory.mktemp("local") / "dataset"
    with use_language("en"):
        summary = civledger.rollup(_files(province), out, jobs=2)
    assert summary.workers == 2
    return out


def test_the_local_engine_rolls_every_task_of_the_three_up(province: Path, local: Path) -> None:
    tasks = pq.read_table(local / "tasks")
    expected = {
        (campaign, task.id)
        for campaign in CAMPAIGNS
        for task in civledger.load(province / f"{campaign}.json").tasks
    }
    assert len(expected) == tasks.num_rows == 90
    assert set(zip(tasks["campaign"].to_pylist(), tasks["id"].to_pylist(), strict=True)) == expected
    assert {p.parent.name for p in (local / "tasks").glob("*/*.parquet")} == {
        f"campaign={c}" for c in CAMPAIGNS
    }
    summary = json.loads((local / SUMMARY_FILE).read_text(encoding="utf-8"))
    assert summary["complete"] is True
    assert [ledger["problem"] is None for ledger in summary["ledgers"]] == [True] * 3 + [False]


def test_duckdb_reads_the_dataset_as_one_table(local: Path) -> None:
    def sql(query: str) -> list[tuple[object, ...]]:
        return duckdb.sql(query.replace("DIR", str(local))).fetchall()

    by_campaign = sql(
        "select campaign, count(*) from read_parquet('DIR/tasks/*/*.parquet', "
        "hive_partitioning = true) group by campaign order by campaign"
    )
    assert by_campaign == [(c, 30) for c in CAMPAIGNS]
    findings = sql(
        "select campaign, code from read_parquet('DIR/findings/*/*.parquet', "
        "hive_partitioning = true)"
    )
    assert ("city-3", "LDG008") in findings
    assert {campaign for campaign, _code in findings} == {"city-3"}
    streets = sql(
        "select count(*) from read_parquet('DIR/progress/*/*.parquet', hive_partitioning = true) "
        "where level = 'street'"
    )
    assert streets == [(3,)]


def test_a_ledger_that_cannot_be_read_is_reported_and_the_others_rolled_up(
    province: Path, tmp_path: Path, cli: CLI
) -> None:
    result = cli("rollup", *_files(province), "-o", str(tmp_path / "out"), "--jobs", "1")
    assert result.code == 2
    assert "1 of 4 ledgers could not be rolled up" in result.err
    assert "bad.json" in result.out
    assert "3 of 4 ledgers rolled up" in result.out
    assert pq.read_table(tmp_path / "out" / "tasks").num_rows == 90


def test_the_dask_engine_on_two_workers_gives_the_rows_of_the_local_engine(
    province: Path, local: Path, tmp_path: Path, cli: CLI
) -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        out = tmp_path / "dask"
        result = cli(
            "rollup", *_files(province), "-o", str(out), "--scheduler", cluster.scheduler_address
        )
    assert result.code == 2  # bad.json, as with the local engine
    assert "(dask, 2 workers" in result.out
    for dataset in DATASETS:
        assert _read(out, dataset).equals(_read(local, dataset)), dataset
    names = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.parquet"))
    assert names == sorted(p.relative_to(local).as_posix() for p in local.rglob("*.parquet"))


def test_as_of_is_honoured(province: Path, tmp_path: Path) -> None:
    day = date(2026, 4, 20)
    path = province / "city-1.json"
    summary = civledger.rollup([path], tmp_path / "out", as_of="2026年4月20日")
    assert summary.as_of == day
    assert summary.ledgers[0].as_of == day
    tasks = pq.read_table(tmp_path / "out" / "tasks")
    assert set(tasks["as_of"].to_pylist()) == {day}
    expected = civledger.query(civledger.load(path), as_of=day)
    assert tasks.select(["id", "status", "days_open"]).to_pylist() == [
        {"id": r["id"], "status": r["status"], "days_open": r["days_open"]}
        for r in expected.to_rows()
    ]
    progress = _read(tmp_path / "out", "progress")
    streets = progress.filter(pa.compute.equal(progress["level"], "street"))
    report = civledger.progress_report(civledger.load(path), level="street", as_of=day)
    assert streets.select(["unit", "signed_off", "overdue"]).to_pylist() == [
        {"unit": r["unit"], "signed_off": r["signed_off"], "overdue": r["overdue"]}
        for r in report.to_rows()
    ]


def test_a_second_roll_up_replaces_the_first_and_a_foreign_folder_is_refused(
    province: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    civledger.rollup(_files(province, bad=False), out, jobs=1)
    civledger.rollup(_files(province, bad=False)[:1], out, jobs=1)
    assert [p.name for p in (out / "tasks").iterdir()] == ["campaign=city-1"]
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("x", encoding="utf-8")
    with pytest.raises(CivLedgerError, match="holds no earlier roll-up"):
        civledger.rollup(_files(province)[:1], tmp_path / "mine")


def test_arguments_it_cannot_use_are_refused(province: Path, tmp_path: Path, cli: CLI) -> None:
    one = _files(province)[:1]
    with pytest.raises(ArgumentError, match=r"^engine: "):
        civledger.rollup(one, tmp_path / "a", engine="spark")
    with pytest.raises(ArgumentError, match=r"^scheduler: "):
        civledger.rollup(one, tmp_path / "a", scheduler="tcp://127.0.0.1:8786")
    with pytest.raises(ArgumentError, match=r"^jobs: "):
        civledger.rollup(one, tmp_path / "a", jobs=0)
    with pytest.raises(ArgumentError, match=r"^paths: "):
        civledger.rollup([], tmp_path / "a")
    result = cli("rollup", *one, "-o", str(tmp_path / "b"), "--engine", "local", "--scheduler", "x")
    assert result.code == 2
    assert "--scheduler is for --engine dask" in result.err


def test_a_worker_that_did_not_come_back_is_reported_against_its_ledger() -> None:
    def failed() -> BaseException:
        return RuntimeError("worker killed")

    def result() -> object:
        raise AssertionError("not asked for")

    found = _outcome(failed, result, "city-9.json")
    assert found.ledger == "city-9.json"
    assert not found.ok
    assert found.problem == "its worker failed: RuntimeError: worker killed"


def test_task_rows_carry_every_measure_the_primary_one_flat(tmp_path: Path) -> None:
    path = Path("examples/district-100-days.yaml")
    ledger = civledger.load(path)
    civledger.rollup([path], tmp_path / "out")
    rows = {row["id"]: row for row in pq.read_table(tmp_path / "out" / "tasks").to_pylist()}
    measured = [task for task in ledger.tasks if civledger.state(ledger, task.id).measures]
    assert len(measured) >= 10
    for task in measured:
        state = civledger.state(ledger, task.id)
        row = rows[task.id]
        primary = state.measures[0]
        assert row["target_quantity"] == primary.target.quantity
        assert row["target_unit"] == primary.target.unit
        assert row["done"] == primary.done
        assert row["measure_count"] == len(state.measures)
        assert [
            (m["name"], m["unit"], m["done"], m["target"], m["percent"]) for m in row["measures"]
        ] == [(m.name, m.unit, m.done, m.target.quantity, m.percent) for m in state.measures]
    several = [task.id for task in measured if len(civledger.state(ledger, task.id).measures) > 1]
    assert several, "the example has a task with two measures"
    assert rows[several[0]]["measures"][0]["primary"] is True


def test_the_pages_show_the_real_usage_and_commands_that_parse(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("CIVLEDGER_LANG", "zh")  # the page shows what offices see
    assert run(["rollup", "--help"]) == 0
    usage = capsys.readouterr().out.split("\n\n")[0]
    assert f"$ civledger rollup --help\n{usage}\n```" in (ROOT / "docs" / "cli.md").read_text(
        encoding="utf-8"
    )
    parser = build_parser()
    commands = [
        shlex.split(line[2:])[1:]
        for page in ("scale-out.md", "cli.md")
        for line in (ROOT / "docs" / page).read_text(encoding="utf-8").splitlines()
        if line.startswith(("$ civledger rollup ", "$ civledger synth ")) and "--help" not in line
    ]
    assert len(commands) >= 7
    for argv in commands:
        assert parser.parse_args(argv).command in ("rollup", "synth")
