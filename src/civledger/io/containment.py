"""Files a ledger names stay inside the ledger's folder.

A ledger names its journal file (``journal: ledger.journal.jsonl``) relative to
its own folder. A name that leads out of that folder — ``../../x``, an absolute
path, a symbolic link that points elsewhere — would let a ledger file received
from someone else read or write any file the user may: ``journal: /etc/passwd``
would print that file's lines in findings, and an append or a rewrite would
write there. Such names are refused unless the caller allows them explicitly
(``allow_outside=True``, ``--allow-outside``).

The other names a ledger may hold (``campaign.parent.file``, evidence ``ref``,
a raw row's ``file``) are recorded, never opened, and are not judged here.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath, PureWindowsPath

from civledger.errors import OutsideFolderError
from civledger.i18n import Phrase, lazy, phrase

__all__ = ["inside", "outside_reason", "shown"]


def outside_reason(folder: str | os.PathLike[str], name: str) -> str | Phrase | None:
    """Why the file ``name`` (relative to ``folder``) lies outside it, or ``None`` if inside.

    Examples
    --------
    >>> import tempfile
    >>> folder = tempfile.mkdtemp()
    >>> outside_reason(folder, "ledger.journal.jsonl") is None
    True
    >>> outside_reason(folder, "logs/../ledger.journal.jsonl") is None
    True
    >>> outside_reason(folder, "../../x")
    'it climbs out of the folder with ..'
    >>> outside_reason(folder, "/etc/passwd"), outside_reason(folder, "C:\\\\x.jsonl")
    ('it is an absolute path', 'it is an absolute path')
    """
    if "\x00" in name:
        return lazy("it holds a NUL character")
    windows = PureWindowsPath(name)
    if PurePosixPath(name).is_absolute() or windows.is_absolute() or windows.drive or windows.root:
        return lazy("it is an absolute path")
    if _climbs_out(PurePosixPath(name).parts) or _climbs_out(windows.parts):
        return lazy("it climbs out of the folder with ..")
    base = Path(folder).resolve()
    try:
        target = (base / name).resolve()
    except (OSError, RuntimeError):  # a loop of symbolic links
        return lazy("a symbolic link on the way cannot be followed")
    if target != base and not target.is_relative_to(base):
        return phrase("a symbolic link leads out of the folder, to {target}", target=str(target))
    return None


def _climbs_out(parts: tuple[str, ...]) -> bool:
    depth = 0
    for part in parts:
        if part == "..":
            depth -= 1
            if depth < 0:
                return True
        elif part not in (".", ""):
            depth += 1
    return False


def inside(
    folder: str | os.PathLike[str],
    name: str,
    *,
    ledger: str | None = None,
    allow_outside: bool = False,
) -> Path:
    """The path of the file ``name`` in ``folder``; refused when it leads out of the folder.

    Raises
    ------
    OutsideFolderError
        When the name leads out of the folder and ``allow_outside`` is false.

    Examples
    --------
    >>> inside("data", "j.jsonl").as_posix()
    'data/j.jsonl'
    >>> inside("data", "../j.jsonl", ledger="data/台账.yaml")
    Traceback (most recent call last):
    ...
    civledger.errors.OutsideFolderError: data/台账.yaml: the journal file '../j.jsonl' lies ...
    >>> inside("data", "../j.jsonl", allow_outside=True).as_posix()
    'data/../j.jsonl'
    """
    path = Path(folder) / name
    if not allow_outside and outside_reason(folder, name) is not None:
        raise OutsideFolderError(ledger, name, shown(path))
    return path


def shown(path: Path) -> str:
    """Where a path leads, for a message (as written, when it cannot be resolved)."""
    try:
        return os.fspath(path.resolve())
    except (OSError, RuntimeError, ValueError):
        return repr(os.fspath(path))
