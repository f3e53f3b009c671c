"""Reading and writing ledgers: JSON and YAML documents, atomic writes."""

from civledger.io.atomic import atomic_write
from civledger.io.ledgers import dump, dumps, load, loads

__all__ = ["atomic_write", "dump", "dumps", "load", "loads"]
