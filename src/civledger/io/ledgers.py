"""Load and dump whole ledgers (JSON or YAML)."""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Iterator
from typing import Any

import orjson

from civledger.errors import LedgerFileError
from civledger.io.atomic import atomic_write
from civledger.io.documents import detect_format, parse, read_text
from civledger.model import Ledger
from civledger.progress import NullProgress, Progress
from civledger.serialization.document import NESTED_LISTS, to_document
from civledger.serialization.loader import structure_ledger
from civledger.serialization.locate import Locator

__all__ = ["dump", "dumps", "load", "loads"]


@contextlib.contextmanager
def _paused_gc() -> Iterator[None]:
    # Building a million entities triggers the cyclic collector thousands of
    # times for nothing: entities hold no cycles.
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load(
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    progress: Progress | None = None,
) -> Ledger:
    """Load a ledger file (``.yaml``/``.yml`` or ``.json``).

    Bad data does not raise: it becomes LDG findings in ``ledger.origin.issues``,
    which :func:`civledger.check` reports with file, line and ``$.path``.

    Parameters
    ----------
    path
        The file. The format comes from its suffix unless ``format`` is given.
    format
        ``"json"`` or ``"yaml"``.
    progress
        Where to report progress on big files (see :mod:`civledger.progress`).

    Raises
    ------
    LedgerFileError
        When the file cannot be read as a ledger at all (missing, empty, not
        UTF-8, broken syntax, not a mapping, unknown format version).

    Examples
    --------
    >>> import civledger
    >>> ledger = civledger.load("examples/zhecheng.yaml")
    >>> ledger.campaign.name
    '柘城县创建全国文明城市'
    """
    file = os.fspath(path)
    text = read_text(path)
    fmt = _format(format, file, text)
    progress = progress or NullProgress()
    with _paused_gc():
        progress.stage("parsing", None)
        data = parse(text, fmt, file)
        progress.done()
        locator = Locator(text, fmt, file)
        del text
        ledger = structure_ledger(data, file=file, fmt=fmt, locate=locator, progress=progress)
        del data
    locator.release()
    return ledger


def loads(text: str | bytes, *, format: str = "yaml", file: str | None = None) -> Ledger:
    """Load a ledger from text; ``file`` is the name findings will carry.

    Examples
    --------
    >>> import civledger
    >>> ledger = civledger.loads('''
    ... civledger: 1
    ... campaign: {id: demo, name: 示范}
    ... units:
    ... - {id: zc, name: 柘城县, level: 县}
    ... ''')
    >>> ledger.unit("zc").level.label
    '县'
    """
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise LedgerFileError(file or "<text>", f"is not valid UTF-8 ({exc.reason})") from None
    fmt = _format(format, file or "", text)
    name = file or "<text>"
    with _paused_gc():
        data = parse(text, fmt, name)
        return structure_ledger(data, file=file, fmt=fmt, locate=Locator(text, fmt))


def dumps(ledger: Ledger, *, format: str = "yaml") -> str:
    """The ledger as JSON or YAML text; the same ledger always gives the same text.

    JSON is written with one entry per line, so that diffs and line numbers
    point at entries.

    Examples
    --------
    >>> import civledger
    >>> from civledger import testing
    >>> text = dumps(testing.small_ledger(), format="json")
    >>> text.splitlines()[0]
    '{"civledger": 1,'
    >>> civledger.loads(text, format="json") == testing.small_ledger()
    True
    """
    return _dump_bytes(ledger, _format(format, "", None)).decode("utf-8")


def dump(ledger: Ledger, path: str | os.PathLike[str], *, format: str | None = None) -> None:
    """Write the ledger to a file atomically (a temporary file, then a rename).

    The format comes from the suffix unless ``format`` is given.

    Examples
    --------
    >>> import tempfile, pathlib, civledger
    >>> from civledger import testing
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "ledger.yaml"
    >>> civledger.dump(testing.small_ledger(), target)
    >>> civledger.load(target) == testing.small_ledger()
    True
    """
    file = os.fspath(path)
    atomic_write(file, _dump_bytes(ledger, _format(format, file, None)))


def _format(format: str | None, file: str, text: str | None) -> str:
    if format is None:
        return detect_format(file, text)
    fmt = format.lower()
    if fmt == "yml":
        fmt = "yaml"
    if fmt not in ("json", "yaml"):
        raise ValueError(f"unknown ledger format {format!r}; use 'json' or 'yaml'")
    return fmt


def _dump_bytes(ledger: Ledger, fmt: str) -> bytes:
    doc = to_document(ledger)
    if fmt == "json":
        return _json_bytes(doc)
    return _yaml_bytes(doc)


def _json_bytes(doc: dict[str, Any]) -> bytes:
    out = bytearray(b'{"civledger": ')
    out += orjson.dumps(doc["civledger"])
    for key, value in doc.items():
        if key == "civledger":
            continue
        out += b',\n"' + key.encode() + b'": '
        if isinstance(value, list):
            out += _json_list(value, NESTED_LISTS.get(key), b"\n ")
        else:
            out += orjson.dumps(value)
    out += b"\n}\n"
    return bytes(out)


def _json_list(items: list[Any], nested: str | None, sep: bytes) -> bytes:
    if not items:
        return b"[]"
    rendered = []
    for item in items:
        inner = item.get(nested) if nested and isinstance(item, dict) else None
        if inner and nested:
            head = orjson.dumps({k: v for k, v in item.items() if k != nested})
            rendered.append(
                head[:-1]
                + b', "'
                + nested.encode()
                + b'": '
                + _json_list(inner, None, sep + b" ")
                + b"}"
            )
        else:
            rendered.append(orjson.dumps(item))
    return b"[" + sep + (b"," + sep).join(rendered) + b"]"


def _yaml_bytes(doc: dict[str, Any]) -> bytes:
    try:
        import yaml
    except ImportError:
        raise LedgerFileError(
            "<output>", "writing YAML needs PyYAML", hint="pip install 'civledger[yaml]'"
        ) from None
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text: str = yaml.dump(
        doc,
        Dumper=dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=None,
        width=100,
    )
    return text.encode("utf-8")
