"""Derived views of responsibility: the unit tree, posts on a date, chains and duties.

Everything here is computed from the ledger on demand and kept with it
(:meth:`civledger.Ledger.memo`); nothing is stored in the ledger itself.
"""

from civledger.graph.chains import Capacity, ChainView, Link, chain, chains
from civledger.graph.duties import Duty, duties
from civledger.graph.org import org_graph
from civledger.graph.posts import PostIndex, holders, post_index, vacancies
from civledger.graph.tree import UnitTree, unit_tree

__all__ = [
    "Capacity",
    "ChainView",
    "Duty",
    "Link",
    "PostIndex",
    "UnitTree",
    "chain",
    "chains",
    "duties",
    "holders",
    "org_graph",
    "post_index",
    "unit_tree",
    "vacancies",
]
