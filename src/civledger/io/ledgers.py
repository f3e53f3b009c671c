"""Load and dump whole ledgers (JSON or YAML)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from civledger.errors import LedgerFileError, MissingExtraError
from civledger.findings import Location, Observation
from civledger.i18n import N_, _, lazy
from civledger.io.atomic import atomic_write
from civledger.io.containment import inside, outside_reason, shown
from civledger.io.documents import (
    decode,
    detect_format,
    layout_offset,
    parse,
    parse_json_bytes,
    parse_json_source,
    read_bytes,
    read_head,
    refuse_spreadsheet,
)
from civledger.io.file_bytes import FileSource
from civledger.io.journal_file import read_journal_file, repeated_keys
from civledger.io.journal_rewrite import Rewritten, rewrite_journal
from civledger.io.yaml_dialect import dumper_class
from civledger.model import COLLECTIONS, Ledger
from civledger.progress import NullProgress, Progress
from civledger.serialization import codes
from civledger.serialization.converter import fast_converter
from civledger.serialization.document import NESTED_LISTS, to_document
from civledger.serialization.lazy import EntryParseError, LazyEntries
from civledger.serialization.loader import FORMAT_VERSION, JournalSource, structure_ledger
from civledger.serialization.locate import Locator
from civledger.serialization.sources import BufferSource, ByteSource

__all__ = ["dump", "dumps", "load", "loads", "write_ledger"]


def load(
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    progress: Progress | None = None,
    allow_outside: bool = False,
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
    allow_outside
        Read a journal file the ledger names outside its own folder (``..``, an
        absolute path, a symbolic link leading out). Without it, such a journal
        is not read and loading observes LDG016.

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
    head = read_head(path)
    progress = progress or NullProgress()
    if _format(format, file, head[:64].decode("utf-8", errors="replace")) == "json":
        offset = layout_offset(head)
        if offset is not None:
            # civledger's own layout: the lists are read from the file as they are
            # structured, never whole in memory beside the ledger.
            with FileSource(path, offset=offset) as source:
                progress.stage(N_("parsing"), None)
                data = parse_json_source(source, file)
                progress.done()
                # A document without a list read lazily is searched for repeated keys
                # (LDG017): read whole, as any other.
                if data is not None and any(isinstance(v, LazyEntries) for v in data.values()):
                    return _structured(
                        data,
                        file,
                        "json",
                        Locator(None, "json", file),
                        (),
                        progress,
                        allow_outside,
                        source,
                    )
    raw = read_bytes(path)
    refuse_spreadsheet(file, raw)
    fmt = _format(format, file, raw[:64].decode("utf-8", errors="replace"))
    progress.stage(N_("parsing"), None)
    noticed: tuple[Observation, ...] = ()
    if fmt == "json":
        data = parse_json_bytes(raw, file)
        noticed = _repeated(raw, data, file)
        locator = Locator(None, fmt, file)  # the text is read again only to place findings
    else:
        text = decode(raw, file)
        data = parse(text, fmt, file)
        locator = Locator(text, fmt, file)
        del text
    progress.done()
    return _structured(
        data, file, fmt, locator, noticed, progress, allow_outside, BufferSource(raw)
    )


def _structured(
    data: dict[str, Any],
    file: str,
    fmt: str,
    locator: Locator,
    noticed: tuple[Observation, ...],
    progress: Progress,
    allow_outside: bool,
    source: ByteSource,
) -> Ledger:
    """The ledger of a parsed document (``source``: the bytes it was parsed from)."""
    data, journal = _journal_source(data, Path(file).parent, file, allow_outside)
    try:
        ledger = structure_ledger(
            data,
            file=file,
            fmt=fmt,
            locate=locator,
            progress=progress,
            journal=journal,
            consume=True,
            noticed=noticed,
        )
    except EntryParseError as exc:
        line = source.count((b"\n",), 0, exc.offset)[0] + 1 if fmt == "json" else None
        raise LedgerFileError(
            file,
            _("invalid JSON: {problem}").format(problem=exc),
            hint=_("the line was damaged; restore it"),
            line=line,
        ) from None
    del data
    locator.release()
    return ledger


def loads(
    text: str | bytes,
    *,
    format: str = "yaml",
    file: str | None = None,
    allow_outside: bool = False,
) -> Ledger:
    """Load a ledger from text; ``file`` is the name findings will carry.

    A journal file the ledger names is read relative to the folder of ``file``
    (the current folder without it), and only inside that folder unless
    ``allow_outside`` (see :func:`load`).

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
    noticed = _repeated(text.encode("utf-8"), data, name) if fmt == "json" else ()
    folder = Path(file).parent if file else Path()
    data, journal = _journal_source(data, folder, file, allow_outside)
    return structure_ledger(
        data, file=file, fmt=fmt, locate=Locator(text, fmt), journal=journal, noticed=noticed
    )


def _repeated(raw: bytes, data: dict[str, Any], file: str) -> tuple[Observation, ...]:
    """A key given twice in one mapping of a JSON document parsed whole (LDG017).

    A document in civledger's own layout (one entry per line) is read entry by
    entry, and its entries are not searched: see docs/reliability.md.
    """
    if any(isinstance(value, LazyEntries) for value in data.values()):
        return ()
    keys = repeated_keys(raw, data)
    if not keys:
        return ()
    return (
        Observation(
            code=codes.REPEATED_KEY,
            location=Location(file=file, line=_second_line(raw, keys[0])),
            params={
                "keys": tuple(repr(key) for key in keys),
                "where": lazy("a mapping of the document"),
            },
        ),
    )


def _second_line(raw: bytes, key: str) -> int | None:
    """The line where ``key`` is written a second time (where to look for the repeat)."""
    pattern = re.compile(re.escape(orjson.dumps(key)) + rb"\s*:")
    found = pattern.finditer(raw)
    next(found, None)
    second = next(found, None)
    return raw.count(b"\n", 0, second.start()) + 1 if second is not None else None


def _journal_source(
    data: dict[str, Any], folder: Path, ledger_file: str | None, allow_outside: bool
) -> tuple[dict[str, Any], JournalSource | None]:
    """Read the journal file a ledger names under ``journal`` (relative to its folder)."""
    name = data.get("journal")
    if type(name) is not str:
        return data, None
    path = folder / name
    outside = outside_reason(folder, name) if name.strip() else None
    if outside is not None and not allow_outside:
        # Not read: a ledger from elsewhere must not show (or let us write) any file.
        return {**data, "journal": []}, JournalSource(name=name, path=shown(path), outside=outside)
    if ledger_file is not None and _same_path(path, Path(ledger_file)):
        raise LedgerFileError(
            os.fspath(ledger_file),
            _("journal names {name!r}, the ledger's own file").format(name=name),
            hint=_("name a JSON Lines file beside the ledger, such as ledger.journal.jsonl"),
        )
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
        data=lines.data,
        offset=lines.offset,
        starts=lines.starts,
        stops=lines.stops,
        problem_spans=tuple(lines.problem_spans),
        repeated=tuple(lines.repeated),
        mark=lines.mark(os.fspath(path)),
    )
    return {**data, "journal": lines.entries}, source


def _same_path(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except (OSError, RuntimeError, ValueError):
        return False


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


def dump(
    ledger: Ledger,
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    allow_outside: bool = False,
) -> None:
    """Write the ledger to a file atomically (a temporary file, then a rename).

    The format comes from the suffix unless ``format`` is given. A ledger whose
    journal lives in its own file (``journal_file``) has that file written too,
    beside the target, also atomically, under the file's lock, and first: lines
    other programs appended since the ledger was read are kept after its own,
    lines it could not read are kept as they were, and a line cut off by a
    crash is moved aside (see :mod:`civledger.io.journal_rewrite`). Values the
    loader could not read *in the document itself* are not in the ledger, and
    so not written: ``civledger check`` reports them (LDG001–LDG006).

    Raises
    ------
    JournalConflictError
        When the journal file was replaced or edited since the ledger was read
        and writing it would remove lines the ledger did not read; nothing is written.
    OutsideFolderError
        When the journal file lies outside the target's folder and
        ``allow_outside`` is false.
    FileWriteError
        When a file cannot be written.

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
    write_ledger(ledger, file, format=format, allow_outside=allow_outside)


def write_ledger(
    ledger: Ledger,
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    allow_outside: bool = False,
) -> Rewritten | None:
    """:func:`dump`, saying what the rewrite of the journal file did (``None``: none)."""
    file = os.fspath(path)
    fmt = _format(format, file, None)

    def document() -> None:
        atomic_write(file, _json_chunks(ledger) if fmt == "json" else _dump_bytes(ledger, fmt))

    if ledger.journal_file is None:
        document()
        return None
    journal = inside(
        Path(file).parent, ledger.journal_file, ledger=file, allow_outside=allow_outside
    )
    if _same_path(journal, Path(file)):
        raise LedgerFileError(
            file,
            f"the journal file {ledger.journal_file!r} is the ledger's own file",
            hint="name a JSON Lines file beside the ledger, such as ledger.journal.jsonl",
        )
    # The journal first, under its lock (and the document while it is held): a journal
    # that cannot be written without losing lines stops the whole write.
    return rewrite_journal(journal, ledger, then=document)


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
