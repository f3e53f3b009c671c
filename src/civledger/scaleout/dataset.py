"""The roll-up's folder: four Parquet datasets partitioned by campaign, and a summary.

::

    DIR/_rollup.json                                   the summary (written last)
    DIR/tasks/campaign=<id>/part-<ledger>.parquet      a file per ledger in each dataset
    DIR/findings/campaign=<id>/part-<ledger>.parquet
    DIR/units/campaign=<id>/part-<ledger>.parquet
    DIR/progress/campaign=<id>/part-<ledger>.parquet

The partition folders follow Hive's ``key=value`` layout, which pyarrow, DuckDB
(``hive_partitioning``), Spark, Dask and polars read as a ``campaign`` column. Each
ledger's worker writes its own files, each whole or not at all (a temporary file, then
a rename), named after the ledger's file so that two ledgers of one campaign never
write the same file and a second roll-up of the same ledgers writes the same names.

A folder is rolled up into again only when it holds an earlier roll-up (its
``_rollup.json``): the four datasets are emptied first, so that a ledger left out
leaves nothing behind. Any other folder that is not empty is refused.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote

import orjson

from civledger.errors import CivLedgerError
from civledger.i18n import _
from civledger.io.arrow import write_parquet
from civledger.io.atomic import atomic_write

__all__ = [
    "DATASETS",
    "SUMMARY_FILE",
    "finish",
    "part_name",
    "partition",
    "prepare",
    "write_partitions",
]

DATASETS: tuple[str, ...] = ("tasks", "findings", "units", "progress")
"""The datasets of a roll-up, each a folder of the output."""

SUMMARY_FILE = "_rollup.json"
"""The summary beside the datasets; readers of datasets skip names that start with ``_``."""

_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\%=:*?"<>|]')


def partition(campaign: str) -> str:
    """The folder of a campaign in a dataset: ``campaign=<id>``, with the characters a file
    name cannot hold percent-encoded (as Hive does; pyarrow decodes them when reading).

    Examples
    --------
    >>> partition("zc-2026"), partition("柘城/2026")
    ('campaign=zc-2026', 'campaign=柘城%2F2026')
    """
    return "campaign=" + _UNSAFE.sub(lambda m: quote(m.group(0), safe=""), campaign)


def part_name(ledger: str) -> str:
    """The file a ledger's rows are written to in each dataset: its file's stem and a hash
    of its absolute path (two files of one name in different folders differ).

    Examples
    --------
    >>> name = part_name("/data/city-01.yaml")
    >>> name.startswith("part-city-01-"), name.endswith(".parquet")
    (True, True)
    >>> part_name("/a/city.yaml") != part_name("/b/city.yaml")
    True
    """
    absolute = os.path.abspath(ledger)
    digest = hashlib.sha1(absolute.encode("utf-8"), usedforsecurity=False).hexdigest()[:10]
    stem = re.sub(r"[^\w.-]+", "_", Path(ledger).stem)[:60]
    return f"part-{stem}-{digest}.parquet"


def prepare(output: str | os.PathLike[str]) -> Path:
    """Make the output folder ready: created if need be, an earlier roll-up's datasets
    removed; the folder, absolute.

    Raises
    ------
    CivLedgerError
        When the folder is a file, or is not empty and holds no earlier roll-up.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp()) / "province"
    >>> prepare(folder) == folder.resolve(), sorted(p.name for p in folder.iterdir())
    (True, ['_rollup.json'])
    >>> _ = (folder.parent / "other").mkdir(), (folder.parent / "other" / "a.txt").touch()
    >>> prepare(folder.parent / "other")
    Traceback (most recent call last):
    ...
    civledger.errors.CivLedgerError: .../other is not empty and holds no earlier roll-up ...
    """
    folder = Path(output).resolve()
    if folder.exists() and not folder.is_dir():
        raise CivLedgerError(_("{output} is a file, not a folder").format(output=folder))
    if folder.is_dir() and any(folder.iterdir()):
        if not (folder / SUMMARY_FILE).is_file():
            raise CivLedgerError(
                _(
                    "{output} is not empty and holds no earlier roll-up (no {summary}): "
                    "give a new or empty folder"
                ).format(output=folder, summary=SUMMARY_FILE)
            )
        for name in DATASETS:
            shutil.rmtree(folder / name, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    # Marked at once, so that a roll-up stopped halfway can be run again into the folder.
    atomic_write(folder / SUMMARY_FILE, orjson.dumps({"civledger_rollup": 1, "complete": False}))
    return folder


def write_partitions(
    output: str | os.PathLike[str], campaign: str, name: str, tables: Mapping[str, Any]
) -> None:
    """Write a ledger's tables (by dataset name) into their campaign's partition folders.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from civledger.io.arrow import arrow_table
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> write_partitions(folder, "zc", "part-a.parquet", {"tasks": arrow_table([("id", "text")],
    ...                                                                        [["T-1"]])})
    >>> [str(p.relative_to(folder)) for p in folder.rglob("*.parquet")]
    ['tasks/campaign=zc/part-a.parquet']
    """
    for dataset, table in tables.items():
        folder = Path(output) / dataset / partition(campaign)
        folder.mkdir(parents=True, exist_ok=True)
        write_parquet(folder / name, table)


def finish(output: str | os.PathLike[str], summary: Mapping[str, Any]) -> None:
    """Write the summary (:meth:`~civledger.RollupSummary.to_dict`), marking the
    roll-up complete."""
    document = {**summary, "complete": True}
    atomic_write(Path(output) / SUMMARY_FILE, orjson.dumps(document, option=orjson.OPT_INDENT_2))
