"""Derived views of scoring: the scorecard (测评计分) as of a date, gates and vetoes.

The checks (SCR rules) and the reports (the scorecard report) both read it.
"""

from civledger.scoring.card import NodeScore, Scorecard, ScoringModel, scorecard

__all__ = ["NodeScore", "Scorecard", "ScoringModel", "scorecard"]
