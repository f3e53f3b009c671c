"""Exit codes of the ``civledger`` command."""

from __future__ import annotations

from enum import IntEnum

__all__ = ["ExitCode"]


class ExitCode(IntEnum):
    """0 clean, 1 findings, 2 the command could not run (bad file, bad arguments).

    Examples
    --------
    >>> int(ExitCode.FINDINGS)
    1
    """

    OK = 0
    FINDINGS = 1
    ERROR = 2
