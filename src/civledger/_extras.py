"""The optional packages civledger uses, imported where they are used, with a clear error.

PyYAML (``yaml``), openpyxl (``xlsx``), matplotlib (``plot``), pyarrow (``arrow``) and
Dask (``rollup``) are extras: a missing one is a
:class:`~civledger.errors.MissingExtraError` that names the extra to install, never an
``ImportError`` from deep inside a call.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from civledger.errors import MissingExtraError

__all__ = ["EXTRAS", "optional_module"]

EXTRAS: dict[str, str] = {
    "yaml": "yaml",
    "openpyxl": "xlsx",
    "matplotlib": "plot",
    "pyarrow": "arrow",
    "dask": "rollup",
    "distributed": "rollup",
}
"""The extra that installs each optional top-level package."""


def optional_module(name: str, purpose: str) -> ModuleType:
    """Import ``name`` (a module of an optional package), or raise naming the extra.

    Examples
    --------
    >>> optional_module("matplotlib.dates", "drawing charts").__name__
    'matplotlib.dates'
    >>> optional_module("no_such_package_here", "dreaming")
    Traceback (most recent call last):
    ...
    civledger.errors.MissingExtraError: dreaming needs no_such_package_here, ...
    """
    package = name.partition(".")[0]
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        if exc.name is not None and exc.name.partition(".")[0] != package:
            raise  # a package this one needs is missing: its own message says which
        raise MissingExtraError(package, EXTRAS.get(package, package), purpose) from None
