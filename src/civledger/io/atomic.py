"""Write a file whole or not at all: a temporary file beside it, then a rename."""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Iterable
from pathlib import Path

from civledger.errors import FileWriteError
from civledger.i18n import lazy, phrase

__all__ = ["atomic_write", "write_error"]


def atomic_write(path: str | os.PathLike[str], data: bytes | Iterable[bytes]) -> None:
    """Replace ``path`` with ``data`` so that readers see the old file or the new one.

    ``data`` may be bytes or an iterable of byte chunks (written as they come, so
    big files are never held whole). The data goes to a temporary file in the
    same folder, is flushed to disk,
    and is renamed over the target. On any error the temporary file is removed
    and the target is left as it was. A file that is replaced keeps its
    permissions; a new one gets the usual ones (0666 less the process's umask,
    applied by the system: the umask is never changed or read).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> atomic_write(target, "台账".encode())
    >>> target.read_text(encoding="utf-8")
    '台账'
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        handle, temp = _create_beside(folder, target.name)
    except OSError as exc:
        raise write_error(target, exc) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            if isinstance(data, bytes | bytearray):
                stream.write(data)
            else:
                stream.writelines(data)
            stream.flush()
            os.fsync(stream.fileno())
        with contextlib.suppress(FileNotFoundError):
            os.chmod(temp, stat.S_IMODE(os.stat(target).st_mode))
        os.replace(temp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError) and not isinstance(exc, FileWriteError):
            raise write_error(target, exc) from None
        raise
    with contextlib.suppress(OSError):
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def _create_beside(folder: Path, name: str) -> tuple[int, str]:
    """A new temporary file in ``folder``, created with mode 0666 (the system applies the umask)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        temp = os.path.join(folder, f".{name}.{secrets.token_hex(6)}.tmp")
        try:
            return os.open(temp, flags, 0o666), temp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary file name beside {name} in {folder}")


_PROBLEMS: dict[int, tuple[object, object | None]] = {
    errno.ENOSPC: (lazy("the disk is full"), lazy("free some space and try again")),
    errno.EROFS: (lazy("the file system is read-only"), lazy("write it somewhere else")),
    errno.EDQUOT: (lazy("the disk quota is used up"), lazy("free some space and try again")),
    errno.EFBIG: (lazy("the file would be too big for this file system"), None),
}


def write_error(target: str | os.PathLike[str], exc: OSError) -> FileWriteError:
    """The :class:`~civledger.errors.FileWriteError` that says why ``target`` was not written.

    Examples
    --------
    >>> print(write_error("no/such/folder/a.csv", FileNotFoundError(2, "No such file")))
    ... # doctest: +NORMALIZE_WHITESPACE
    cannot write no/such/folder/a.csv: the folder no/such/folder does not exist (create it
    first, or write somewhere else)
    """
    path = Path(target)
    folder = os.fspath(path.parent) or "."
    if isinstance(exc, FileNotFoundError):
        return FileWriteError(
            os.fspath(path),
            phrase("the folder {folder} does not exist", folder=folder),
            hint=lazy("create it first, or write somewhere else"),
        )
    if isinstance(exc, NotADirectoryError):
        return FileWriteError(os.fspath(path), phrase("{folder} is not a folder", folder=folder))
    if isinstance(exc, IsADirectoryError):
        return FileWriteError(os.fspath(path), lazy("it is a folder"), hint=lazy("name a file"))
    if isinstance(exc, PermissionError):
        return FileWriteError(
            os.fspath(path),
            lazy("permission denied"),
            hint=phrase(
                "check that you may write in {folder} (and the file, if it exists)", folder=folder
            ),
        )
    problem, hint = _PROBLEMS.get(exc.errno or 0, (exc.strerror or str(exc), None))
    return FileWriteError(os.fspath(path), problem, hint=hint)
