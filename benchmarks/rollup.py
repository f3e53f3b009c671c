"""Benchmark: a synthetic province rolled up into one Parquet dataset (issue 18).

    python benchmarks/rollup.py                           # 50 ledgers of 20,000 tasks
    python benchmarks/rollup.py --ledgers 6 --tasks 5000  # a quick run

The province: ``--ledgers`` county ledgers (15 streets x 20 communities x 10 grids,
about 3,300 units each) of ``--tasks`` tasks, each with its own seed and campaign,
written once to benchmarks/data/province-T/ and reused. Measured in this run:

- the floor: ``orjson.loads`` of every file, the collector paused (the fastest of three
  passes over the files, in this process), and its sum over the province;
- one ledger in this process, step by step: load, check, the four tables, Parquet;
- ``Table.to_arrow()`` against ``Table.to_frame()`` (pandas) on the query of one ledger;
- the whole province with the local engine (a process pool) and with Dask distributed
  (a LocalCluster of worker processes on this machine), at 1 and 2 workers each, the
  collector paused in the workers as the command does: the time per ledger, the
  throughput, the speed-up from 1 to 2 workers;
- both datasets compared (the same rows), and read back by DuckDB.

Results go to benchmarks/results/rollup.json.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import orjson

import civledger
from _common import DATA, peak_memory_mb, print_table, save, timed
from civledger.checks import check
from civledger.i18n import language, use_language
from civledger.io.arrow import pyarrow
from civledger.scaleout.dataset import part_name, write_partitions
from civledger.scaleout.tables import ledger_tables

COUNTY = {"counties": 1, "streets": 15, "communities": 20, "grids": 10}


def province(ledgers: int, tasks: int) -> list[Path]:
    """The province's ledger files, written once and reused."""
    folder = DATA / f"province-{tasks}"
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(1, ledgers + 1):
        path = folder / f"county-{n:03d}.json"
        if not path.exists():
            print(f"writing {path.name} ...", file=sys.stderr, flush=True)
            ledger = civledger.synthesize(tasks=tasks, seed=n, campaign=f"county-{n:03d}", **COUNTY)
            civledger.dump(ledger, path)
        paths.append(path)
    return paths


def floor(paths: list[Path], passes: int = 3) -> float:
    """Seconds to read and parse every file with orjson, the collector paused (best pass)."""
    best = float("inf")
    for _ in range(passes):
        started = time.perf_counter()
        with civledger.paused_gc():
            for path in paths:
                orjson.loads(path.read_bytes())
        best = min(best, time.perf_counter() - started)
    return best


def one_ledger(path: Path, out: Path) -> list[dict[str, Any]]:
    """One ledger, step by step, in this process (the collector paused and the language set,
    as in a worker)."""
    # pyarrow's first conversion imports pandas (when installed): once per worker, not per ledger.
    pyarrow().array([1])
    with civledger.paused_gc(), use_language(language()):
        t_load, ledger = timed(lambda: civledger.load(path))
        t_check, report = timed(lambda: check(ledger))
        day = ledger.campaign.default_date()
        t_tables, tables = timed(lambda: ledger_tables(ledger, report, day, str(path)))
        t_write, _ = timed(
            lambda: write_partitions(out, ledger.campaign.id, part_name(str(path)), tables)
        )
        query = civledger.query(ledger, as_of=day)
        t_arrow, _ = timed(query.to_arrow)
        t_frame, _ = timed(query.to_frame)
    rows = {name: table.num_rows for name, table in tables.items()}
    size = sum(f.stat().st_size for f in out.rglob("*.parquet"))
    return [
        {"measure": "one ledger: load", "seconds": t_load},
        {"measure": "one ledger: check", "seconds": t_check},
        {
            "measure": "one ledger: the four tables",
            "seconds": t_tables,
            "note": ", ".join(f"{k} {v:,}" for k, v in rows.items()),
        },
        {
            "measure": "one ledger: Parquet files written",
            "seconds": t_write,
            "note": f"{size / 1e6:.1f} MB (zstd)",
        },
        {
            "measure": "query to_arrow()",
            "seconds": t_arrow,
            "note": f"{len(query):,} rows x {len(query.columns)} columns",
        },
        {"measure": "query to_frame() (pandas)", "seconds": t_frame, "note": "the same rows"},
    ]


def whole(paths: list[Path], engine: str, workers: int) -> tuple[float, Path]:
    """Seconds to roll the province up with an engine and a number of workers."""
    out = Path(tempfile.mkdtemp(prefix=f"rollup-{engine}-{workers}-"))
    started = time.perf_counter()
    summary = civledger.rollup(paths, out / "dataset", engine=engine, jobs=workers, pause_gc=True)
    seconds = time.perf_counter() - started
    if not summary.ok:
        raise SystemExit(f"{engine} x {workers}: {[f.problem for f in summary.failed]}")
    return seconds, out / "dataset"


def same_rows(a: Path, b: Path) -> bool:
    """Whether two datasets hold the same rows (compared sorted, dictionaries as strings)."""
    import duckdb  # the dev extra; only this check needs it

    for dataset in ("tasks", "findings", "units", "progress"):
        queries = [
            f"select * exclude (measures) from read_parquet('{d}/{dataset}/*/*.parquet', "
            "hive_partitioning = true) order by all"
            if dataset == "tasks"
            else f"select * from read_parquet('{d}/{dataset}/*/*.parquet', "
            "hive_partitioning = true) order by all"
            for d in (a, b)
        ]
        if duckdb.sql(queries[0]).fetchall() != duckdb.sql(queries[1]).fetchall():
            return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ledgers", type=int, default=50)
    parser.add_argument("--tasks", type=int, default=20_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument(
        "--engines", nargs="*", default=["local", "dask"], help="none: the one-ledger steps only"
    )
    args = parser.parse_args()

    paths = province(args.ledgers, args.tasks)
    total_tasks = args.ledgers * args.tasks
    base = floor(paths)
    per_ledger_floor = base / len(paths)
    scratch = Path(tempfile.mkdtemp(prefix="rollup-one-"))
    steps = one_ledger(paths[0], scratch)
    for row in steps:
        row["floor"] = per_ledger_floor
    one_peak = peak_memory_mb()

    runs: dict[tuple[str, int], float] = {}
    outputs: dict[tuple[str, int], Path] = {}
    for engine in args.engines:
        for workers in args.workers:
            print(f"{engine} x {workers} ...", file=sys.stderr, flush=True)
            runs[engine, workers], outputs[engine, workers] = whole(paths, engine, workers)

    rows: list[dict[str, Any]] = [
        {
            "measure": "floor: orjson.loads, every file",
            "seconds": base,
            "floor": base,
            "note": f"{len(paths)} files, {sum(p.stat().st_size for p in paths) / 1e6:,.0f} MB",
        },
        *steps,
    ]
    for (engine, workers), seconds in runs.items():
        single = runs.get((engine, 1))
        speedup = f", x{single / seconds:.2f} of 1 worker" if single and workers > 1 else ""
        rows.append(
            {
                "measure": f"{engine}, {workers} worker{'s' if workers > 1 else ''}: province",
                "seconds": seconds,
                "floor": base,
                "note": (
                    f"{seconds / len(paths):.2f} s/ledger, {len(paths) / seconds * 60:.1f} "
                    f"ledgers/min, {total_tasks / seconds:,.0f} tasks/s{speedup}"
                ),
            }
        )
    print_table(
        f"Roll-up of {len(paths)} ledgers x {args.tasks:,} tasks "
        f"({total_tasks:,} tasks; {os.cpu_count()} processors)",
        rows,
    )
    found = list(outputs.values())
    agree = all(same_rows(found[0], other) for other in found[1:])
    print(f"\nevery run gave the same rows: {agree}")
    print(f"peak memory of this process (one ledger in it): {one_peak:,.0f} MB")
    saved = save(
        "rollup",
        {
            "ledgers": len(paths),
            "tasks_per_ledger": args.tasks,
            "floor": base,
            "rows": rows,
            "same_rows": agree,
        },
    )
    print(f"results: {saved}")
    for out in [scratch, *(p.parent for p in outputs.values())]:
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
