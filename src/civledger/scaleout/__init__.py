"""Roll up many ledgers into one Parquet dataset, on this machine or on a Dask cluster.

A province holds a hundred or more cities and counties, each with its own ledger.
:func:`rollup` loads, checks and queries each ledger in a worker (a process of a local
pool, or a task on Dask distributed) which writes its rows to a dataset partitioned by
campaign — ``tasks``, ``findings``, ``units``, ``progress`` — that pyarrow, DuckDB,
polars, Dask, Spark or Ray read as one table; it returns a :class:`RollupSummary`.
See docs/scale-out.md.

The package sits with the operations that join layers (above checks and reports, below
the command); the Arrow and Parquet side of it is :mod:`civledger.io.arrow`. It is named
``scaleout``, not ``rollup``: a subpackage ``civledger.rollup`` would replace the function
``civledger.rollup`` in the package's namespace as soon as anything imported it.
"""

from civledger.scaleout.run import rollup
from civledger.scaleout.summary import LedgerRollup, RollupSummary

__all__ = ["LedgerRollup", "RollupSummary", "rollup"]
