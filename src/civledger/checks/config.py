"""Check settings kept beside a ledger, in ``civledger.toml``::

    [check]
    select = ["ALL"]
    ignore = ["OWN005"]
    strict = false

Command-line ``--select`` replaces the file's ``select``; ``--ignore`` adds to its
``ignore``; ``--strict`` turns strict on.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import attrs

from civledger.errors import LedgerFileError
from civledger.i18n import _, join

__all__ = ["CONFIG_NAME", "CheckConfig", "find_config"]

CONFIG_NAME = "civledger.toml"


@attrs.frozen(kw_only=True)
class CheckConfig:
    """The ``[check]`` settings of a ``civledger.toml`` (all empty when there is none).

    Examples
    --------
    >>> CheckConfig().select is None
    True
    """

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    strict: bool = False
    file: str | None = None


def _strings(value: object, key: str, file: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise LedgerFileError(
        file,
        _("[check] {key} must be a list of rule selectors").format(key=key),
        hint=_('such as ["ORG", "OWN001"]'),
    )


def find_config(ledger_path: str | os.PathLike[str]) -> CheckConfig:
    """Read ``civledger.toml`` from the ledger's folder, if there is one.

    Raises
    ------
    LedgerFileError
        When the file exists but is not valid TOML or has wrong settings.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "civledger.toml").write_text('[check]\\nignore = ["LDG013"]\\n')
    >>> find_config(folder / "ledger.yaml").ignore
    ('LDG013',)
    """
    path = Path(ledger_path).parent / CONFIG_NAME
    if not path.is_file():
        return CheckConfig()
    name = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise LedgerFileError(name, _("is not valid TOML: {error}").format(error=exc)) from None
    section = data.get("check", {})
    if not isinstance(section, dict):
        raise LedgerFileError(name, _("[check] must be a table"))
    unknown = set(section) - {"select", "ignore", "strict"}
    if unknown:
        raise LedgerFileError(
            name,
            _("unknown [check] settings: {keys}").format(keys=join(sorted(unknown))),
            hint=_("use select, ignore, strict"),
        )
    strict = section.get("strict", False)
    if not isinstance(strict, bool):
        raise LedgerFileError(name, _("[check] strict must be true or false"))
    return CheckConfig(
        select=_strings(section["select"], "select", name) if "select" in section else None,
        ignore=_strings(section.get("ignore", []), "ignore", name),
        strict=strict,
        file=name,
    )
