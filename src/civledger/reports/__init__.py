"""Reports: summaries and tables over a ledger, and their renderers."""

from civledger.reports.summary import ledger_summary
from civledger.reports.text import display_width, pad, table, truncate

__all__ = ["display_width", "ledger_summary", "pad", "table", "truncate"]
