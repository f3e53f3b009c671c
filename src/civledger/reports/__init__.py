"""Reports: the query layer, the report tables, their renderers and the charts.

Every report is a function that takes the ledger first and returns a
:class:`Table`; render it with its ``to_*`` methods or :func:`render`.
"""

from civledger.reports.coverage import coverage_report
from civledger.reports.cycle import cycle_report
from civledger.reports.materials import materials_report
from civledger.reports.measures import measures_report
from civledger.reports.overdue import overdue_report
from civledger.reports.progress import progress_report
from civledger.reports.query import query
from civledger.reports.ranking import RankingWeights, ranking_report
from civledger.reports.render import FORMATS, render
from civledger.reports.scorecard import scorecard_report
from civledger.reports.summary import ledger_summary
from civledger.reports.table import Column, Table
from civledger.scoring.card import (
    FrameworkScore,
    NodeScore,
    Scorecard,
    ScoringModel,
    Verdict,
    scorecard,
)
from civledger.text import display_width, pad, table, truncate

__all__ = [
    "FORMATS",
    "Column",
    "FrameworkScore",
    "NodeScore",
    "RankingWeights",
    "Scorecard",
    "ScoringModel",
    "Table",
    "Verdict",
    "coverage_report",
    "cycle_report",
    "display_width",
    "ledger_summary",
    "materials_report",
    "measures_report",
    "overdue_report",
    "pad",
    "progress_report",
    "query",
    "ranking_report",
    "render",
    "scorecard",
    "scorecard_report",
    "table",
    "truncate",
]
