"""The ledger as a plain document (the inverse of :mod:`~civledger.serialization.loader`)."""

from __future__ import annotations

from typing import Any

from civledger.model import COLLECTIONS, Ledger
from civledger.serialization.converter import fast_converter
from civledger.serialization.loader import FORMAT_VERSION

__all__ = ["NESTED_LISTS", "to_document"]

NESTED_LISTS: dict[str, str] = {"frameworks": "nodes"}
"""Collections whose entries hold a list of their own (written one item per line)."""


def to_document(ledger: Ledger) -> dict[str, Any]:
    """The ledger as plain data: keys in format order, defaults and empty lists left out.

    Dates and date-times stay ``date``/``datetime`` objects for the writer. A
    ledger whose journal lives in its own file has that file's name under
    ``journal`` (the writer writes the file itself).

    Examples
    --------
    >>> from civledger import testing
    >>> doc = to_document(testing.small_ledger())
    >>> list(doc)[:3]
    ['civledger', 'campaign', 'frameworks']
    >>> doc["units"][1]
    {'id': 'zc-ly', 'name': '龙源街道', 'level': 'street', 'parent': 'zc'}
    """
    doc: dict[str, Any] = {
        "civledger": FORMAT_VERSION,
        "campaign": fast_converter.unstructure(ledger.campaign),
    }
    for collection in COLLECTIONS:
        items = getattr(ledger, collection.name)
        if collection.name == "journal" and ledger.journal_file is not None:
            doc["journal"] = ledger.journal_file
        elif items:
            hook = fast_converter.get_unstructure_hook(collection.kind)
            doc[collection.name] = [hook(item) for item in items]
    if ledger.policy is not None:
        doc["policy"] = fast_converter.unstructure(ledger.policy)
    return doc
