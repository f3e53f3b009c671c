"""Load and dump whole ledgers (JSON or YAML)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from civledger.errors import LedgerFileError, MissingExtraError
from civledger.i18n import N_, _, lazy
from civledger.io.atomic import atomic_write
from civledger.io.documents import (
    decode,
    detect_format,
    parse,
    parse_json_bytes,
    read_bytes,
    refuse_spreadsheet,
)
from civledger.io.journal_file import locked, read_journal_file, write_journal_file
from civledger.io.yaml_dialect import dumper_class
from civledger.model import COLLECTIONS, Entry, Ledger
from civledger.progress import NullProgress, Progress
from civledger.serialization.converter import fast_converter
from civledger.serialization.document import NESTED_LISTS, to_document
from civledger.serialization.lazy import EntryParseError
from civledger.serialization.loader import FORMAT_VERSION, JournalSource, structure_ledger
from civledger.serialization.locate import Locator

__all__ = ["dump", "dumps", "load", "loads"]


def load(
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    progress: Progress | None = None,
) -> Ledger:
    """Load a ledger file (``.yaml``/``.yml`` or ``.json``).

    Bad data does not raise: it is observed in ``ledger.origin.observations``,
    which :func:`civledger.check` reports as LDG findings with file, line and ``$.path``.

    Loading leaves the process as it found it. To load big ledgers faster, a
    program may pause Python's cyclic garbage collector around the load
    (:func:`civledger.paused_gc`), as the ``civledger`` command does.

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
        When the file cannot be read as a ledger at all (missing, a spreadsheet
        — which ``civledger import`` reads —, empty, not UTF-8, broken syntax, not
        a mapping, unknown format version).

    Examples
    --------
    >>> import civledger
    >>> ledger = civledger.load("examples/zhecheng.yaml")
    >>> ledger.campaign.name
    '柘城县创建全国文明城市'
    """
    file = os.fspath(path)
    raw = read_bytes(path)
    refuse_spreadsheet(file, raw)
    fmt = _format(format, file, raw[:64].decode("utf-8", errors="replace"))
    progress = progress or NullProgress()
    progress.stage(N_("parsing"), None)
    if fmt == "json":
        data = parse_json_bytes(raw, file)
        locator = Locator(None, fmt, file)  # the text is read again only to place findings
    else:
        text = decode(raw, file)
        data = parse(text, fmt, file)
        locator = Locator(text, fmt, file)
        del text
    progress.done()
    data, journal = _journal_source(data, Path(file).parent, file)
    try:
        ledger = structure_ledger(
            data,
            file=file,
            fmt=fmt,
            locate=locator,
            progress=progress,
            journal=journal,
            consume=True,
        )
    except EntryParseError as exc:
        line = raw.count(b"\n", 0, exc.offset) + 1 if fmt == "json" else None
        raise LedgerFileError(
            file,
            _("invalid JSON: {problem}").format(problem=exc),
            hint=_("the line was damaged; restore it"),
            line=line,
        ) from None
    del data, raw
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
            raise LedgerFileError(
                file or "<text>", _("is not valid UTF-8 ({reason})").format(reason=exc.reason)
            ) from None
    fmt = _format(format, file or "", text)
    name = file or "<text>"
    data = parse(text, fmt, name)
    data, journal = _journal_source(data, Path(file).parent if file else Path(), file)
    return structure_ledger(data, file=file, fmt=fmt, locate=Locator(text, fmt), journal=journal)


def _journal_source(
    data: dict[str, Any], folder: Path, ledger_file: str | None = None
) -> tuple[dict[str, Any], JournalSource | None]:
    """Read the journal file a ledger names under ``journal`` (relative to its folder)."""
    name = data.get("journal")
    if type(name) is not str:
        return data, None
    path = folder / name
    if not name.strip() or path.is_dir():
        raise LedgerFileError(
            os.fspath(ledger_file) if ledger_file else "<text>",
            _("journal names {name!r}, which is a folder, not a journal file").format(name=name),
            hint=_("name a JSON Lines file beside the ledger, such as ledger.journal.jsonl"),
        )
    lines = read_journal_file(path)
    source = JournalSource(
        name=name,
        path=os.fspath(path),
        lines=tuple(lines.lines),
        problems=tuple(lines.problems),
        size=lines.end,
    )
    return {**data, "journal": lines.entries}, source


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

    The format comes from the suffix unless ``format`` is given. A ledger whose
    journal lives in its own file (``journal_file``) has that file written too,
    beside the target, also atomically.

    Examples
    --------
    >>> import tempfile, pathlib, attrs, civledger
    >>> from civledger import testing
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> civledger.dump(testing.small_ledger(), folder / "ledger.yaml")
    >>> civledger.load(folder / "ledger.yaml") == testing.small_ledger()
    True
    >>> split = attrs.evolve(testing.small_ledger(), journal_file="ledger.journal.jsonl")
    >>> civledger.dump(split, folder / "split.yaml")
    >>> len((folder / "ledger.journal.jsonl").read_text().splitlines())
    2
    >>> civledger.load(folder / "split.yaml") == split
    True
    """
    file = os.fspath(path)
    if format is None and Path(file).suffix.lower() not in (".json", ".yaml", ".yml"):
        raise LedgerFileError(
            file,
            _("cannot tell the format from the file name"),
            hint=_("name it .json, .yaml or .yml"),
        )
    fmt = _format(format, file, None)
    if ledger.journal_file is not None:
        hook = fast_converter.get_unstructure_hook(Entry)
        journal = Path(file).parent / ledger.journal_file
        # Under the appenders' lock, so that no append lands in the file being replaced.
        with locked(journal):
            write_journal_file(journal, (orjson.dumps(hook(entry)) for entry in ledger.journal))
    atomic_write(file, _json_chunks(ledger) if fmt == "json" else _dump_bytes(ledger, fmt))


def _format(format: str | None, file: str, text: str | None) -> str:
    if format is None:
        return detect_format(file, text)
    fmt = format.lower()
    if fmt == "yml":
        fmt = "yaml"
    if fmt not in ("json", "yaml"):
        raise ValueError(
            _("unknown ledger format {format!r}; use 'json' or 'yaml'").format(format=format)
        )
    return fmt


def _dump_bytes(ledger: Ledger, fmt: str) -> bytes:
    if fmt == "json":
        return b"".join(_json_chunks(ledger))
    return _yaml_bytes(to_document(ledger))


def _json_chunks(ledger: Ledger) -> Iterator[bytes]:
    """The JSON text in pieces, one entry at a time, so that a million tasks are never
    held twice in memory."""
    yield b'{"civledger": ' + orjson.dumps(FORMAT_VERSION)
    yield b',\n"campaign": ' + orjson.dumps(fast_converter.unstructure(ledger.campaign))
    for collection in COLLECTIONS:
        items = getattr(ledger, collection.name)
        if collection.name == "journal" and ledger.journal_file is not None:
            yield b',\n"journal": ' + orjson.dumps(ledger.journal_file)
            continue
        if not items:
            continue
        hook = fast_converter.get_unstructure_hook(collection.kind)
        nested = NESTED_LISTS.get(collection.name)
        yield b',\n"' + collection.name.encode() + b'": ['
        for n, item in enumerate(items):
            yield (b"\n " if n == 0 else b",\n ") + _json_entry(hook(item), nested)
        yield b"]"
    if ledger.policy is not None:
        yield b',\n"policy": ' + orjson.dumps(fast_converter.unstructure(ledger.policy))
    yield b"\n}\n"


def _json_entry(entry: dict[str, Any], nested: str | None) -> bytes:
    inner = entry.get(nested) if nested is not None else None
    if not inner or nested is None:
        return orjson.dumps(entry)
    head = orjson.dumps({k: v for k, v in entry.items() if k != nested})
    lines = b",\n  ".join(orjson.dumps(item) for item in inner)
    return head[:-1] + b', "' + nested.encode() + b'": [\n  ' + lines + b"]}"


def _yaml_bytes(doc: dict[str, Any]) -> bytes:
    try:
        import yaml
    except ImportError:
        raise MissingExtraError("PyYAML", "yaml", lazy("writing a YAML ledger")) from None
    text: str = yaml.dump(
        doc,
        Dumper=dumper_class(),
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=None,
        width=100,
    )
    return text.encode("utf-8")
