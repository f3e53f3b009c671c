"""Stage one of loading: bytes -> text -> a parsed document, or a clear error.

Everything that makes a file unreadable as a whole raises
:class:`~civledger.LedgerFileError` with the file, the place and a hint:
a missing file, a folder, a spreadsheet (which ``civledger import`` reads), an
empty file, text that is not UTF-8, broken JSON or YAML (a tab in YAML's
indentation is called a tab), a top level that is not a mapping, an unknown
format version, and YAML whose aliases would expand without bound.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import orjson

from civledger.errors import FormatVersionError, LedgerFileError, MissingExtraError
from civledger.i18n import _, lazy
from civledger.io.json_layout import LAYOUT_HEAD, split_layout
from civledger.io.yaml_dialect import loader_class
from civledger.serialization.loader import FORMAT_VERSION
from civledger.serialization.sources import ByteSource

__all__ = [
    "FORMATS",
    "MAX_YAML_EXPANSION",
    "check_version",
    "decode",
    "detect_format",
    "layout_offset",
    "parse",
    "parse_json_bytes",
    "parse_json_source",
    "read_bytes",
    "read_head",
    "read_text",
    "refuse_spreadsheet",
]

FORMATS = ("json", "yaml")
MAX_YAML_EXPANSION = 50
"""How many times larger than its text a YAML document may grow through aliases."""

_SUFFIXES = {".json": "json", ".yaml": "yaml", ".yml": "yaml"}
SPREADSHEETS = (".xlsx", ".xlsm", ".xls", ".et", ".wps", ".csv", ".ods")
"""Suffixes of spreadsheets (Excel, WPS, CSV): a ledger kept in one is brought in by
``civledger import``, which reads the first two (the others are saved as .xlsx first)."""
_IMPORTED = (".xlsx", ".xlsm")
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 and WPS files
_SHELL_SPECIAL = re.compile(r"""[\s'"$`\\!*?;&|<>()\[\]{}#~]""")


def detect_format(path: str | os.PathLike[str], text: str | None = None) -> str:
    """The format of a ledger file, from its suffix or else from its first character.

    Examples
    --------
    >>> detect_format("ledger.yml"), detect_format("x.txt", '  {"civledger": 1}')
    ('yaml', 'json')
    """
    suffix = Path(path).suffix.lower()
    if suffix in _SUFFIXES:
        return _SUFFIXES[suffix]
    if text is not None and text.lstrip()[:1] in ("{", "["):
        return "json"
    return "yaml"


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """Read a ledger file's bytes.

    Raises
    ------
    LedgerFileError
        When the file is missing, a folder or unreadable.
    """
    name = os.fspath(path)
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise LedgerFileError(name, _("no such file"), hint=_("check the path")) from None
    except IsADirectoryError:
        raise LedgerFileError(
            name, _("is a folder, not a ledger file"), hint=_("name a .yaml or .json file")
        ) from None
    except PermissionError:
        raise LedgerFileError(
            name, _("permission denied"), hint=_("check the file's permissions")
        ) from None
    except OSError as exc:
        raise LedgerFileError(
            name, _("cannot be read ({error})").format(error=exc.strerror or exc)
        ) from None


HEAD = 1 << 16
"""How many bytes of a ledger file :func:`read_head` reads."""


def read_head(path: str | os.PathLike[str]) -> bytes:
    """The first bytes of a ledger file (:data:`HEAD` of them; fewer in a shorter file).

    Raises
    ------
    LedgerFileError
        As :func:`read_bytes`, when the file is missing, a folder or unreadable.
    """
    name = os.fspath(path)
    try:
        with open(path, "rb") as stream:
            return stream.read(HEAD)
    except FileNotFoundError:
        raise LedgerFileError(name, _("no such file"), hint=_("check the path")) from None
    except IsADirectoryError:
        raise LedgerFileError(
            name, _("is a folder, not a ledger file"), hint=_("name a .yaml or .json file")
        ) from None
    except PermissionError:
        raise LedgerFileError(
            name, _("permission denied"), hint=_("check the file's permissions")
        ) from None
    except OSError as exc:
        raise LedgerFileError(
            name, _("cannot be read ({error})").format(error=exc.strerror or exc)
        ) from None


def layout_offset(head: bytes) -> int | None:
    """Where a document in civledger's JSON layout begins in a file starting with ``head``
    (after a byte-order mark), or ``None`` when it does not look like one.

    Examples
    --------
    >>> layout_offset(b'\\xef\\xbb\\xbf{"civledger": 1,'), layout_offset(b'{"a": 1}')
    (3, None)
    """
    offset = 3 if head.startswith(b"\xef\xbb\xbf") else 0
    return offset if head.startswith(LAYOUT_HEAD, offset) else None


def parse_json_source(source: ByteSource, file: str) -> dict[str, Any] | None:
    """The top-level mapping of a document in civledger's layout read from ``source`` (its
    lists read as the loader reads them), or ``None`` when it is not in that layout.

    Raises
    ------
    FormatVersionError
        When the ``civledger`` version is not one this library reads.
    """
    split = split_layout(source)
    return _document(split, file) if split is not None else None


def refuse_spreadsheet(path: str | os.PathLike[str], data: bytes = b"") -> None:
    """Refuse a spreadsheet given where a ledger is expected, pointing to ``civledger import``.

    A spreadsheet is known by its suffix (:data:`SPREADSHEETS`), or by its bytes
    when it was renamed: an Excel 97-2003 or WPS file, or a zip holding an Excel
    workbook.

    Raises
    ------
    LedgerFileError
        For a spreadsheet: the ``civledger import`` command to run, and for a file
        that command does not read (.xls, .csv…) a hint to save it as .xlsx first.

    Examples
    --------
    >>> from civledger.i18n import use_language
    >>> with use_language("zh"):
    ...     try:
    ...         refuse_spreadsheet("台账.xlsx")
    ...     except LedgerFileError as err:
    ...         print(err.problem)
    这是 Excel 表格：请用 civledger import 台账.xlsx --into 台账.yaml 导入
    >>> refuse_spreadsheet("台账.yaml", b"civledger: 1")
    """
    name = os.fspath(path)
    suffix = Path(name).suffix.lower()
    if suffix in _SUFFIXES and not data.startswith((_OLE2, b"PK\x03\x04")):
        return
    workbook = data.startswith(b"PK\x03\x04") and b"xl/workbook" in data
    if suffix not in SPREADSHEETS and not workbook and not data.startswith(_OLE2):
        return
    # civledger import reads a workbook whatever its name; other spreadsheets are saved
    # as .xlsx first, under the name the command then takes.
    imported = workbook or (suffix in _IMPORTED and not data.startswith(_OLE2))
    target = name if imported else os.fspath(Path(name).with_suffix(".xlsx"))
    if _SHELL_SPECIAL.search(target):
        target = "'" + target.replace("'", "'\\''") + "'"
    raise LedgerFileError(
        name,
        _(
            "this is an Excel spreadsheet: import it with civledger import {workbook} --into "
            "ledger.yaml"
        ).format(workbook=target),
        hint=None
        if imported
        else _(
            "civledger import reads .xlsx workbooks: open the file in Excel or WPS and save it "
            "as .xlsx first"
        ),
    )


def decode(data: bytes, name: str) -> str:
    """The UTF-8 text of a ledger file (a byte-order mark is allowed).

    Raises
    ------
    LedgerFileError
        When the bytes are UTF-16, not UTF-8, or only white space.
    """
    _check_bytes(data, name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise LedgerFileError(
            name,
            _("is not valid UTF-8 text (byte 0x{byte:02x} at offset {offset})").format(
                byte=data[exc.start], offset=exc.start
            ),
            hint=_("save it as UTF-8; text from Excel or Windows tools may be GBK"),
            line=line,
        ) from None
    return text


def _check_bytes(data: bytes, name: str) -> None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LedgerFileError(name, _("is UTF-16 text"), hint=_("save it as UTF-8"))
    if not data or data.isspace():
        raise LedgerFileError(
            name, _("the file is empty"), hint=_("a ledger begins with `civledger: 1`")
        )


def read_text(path: str | os.PathLike[str]) -> str:
    """Read a ledger file as UTF-8 text (a byte-order mark is allowed).

    Raises
    ------
    LedgerFileError
        When the file is missing, a folder, unreadable, empty or not UTF-8.
    """
    return decode(read_bytes(path), os.fspath(path))


def parse_json_bytes(data: bytes, file: str) -> dict[str, Any]:
    """Parse the bytes of a JSON ledger without making a text of them first.

    A JSON ledger of a million tasks is some 500 MB; as a Python text it would
    take twice that again. orjson reads the bytes and checks they are UTF-8;
    only when it refuses them is the text decoded, to say where the bad byte is.
    A file in civledger's own layout (one entry per line) is split into its
    entries, which are parsed one by one as the loader reads them
    (:mod:`civledger.io.json_layout`): the whole document is never in memory.

    Examples
    --------
    >>> parse_json_bytes(b'{"civledger": 1, "campaign": {}}', "a.json")["campaign"]
    {}
    """
    _check_bytes(data, file)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    split = split_layout(data)
    if split is not None:
        return _document(split, file)
    try:
        document = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        if "UTF-8" in exc.msg or "utf-8" in exc.msg:
            decode(data, file)  # raises with the offset of the bad byte
        raise _json_error(exc, file) from None
    return _document(document, file)


def parse(text: str, fmt: str, file: str) -> dict[str, Any]:
    """Parse ledger text into a mapping and check its format version.

    Raises
    ------
    LedgerFileError
        On a syntax error (with line and column), a top level that is not a
        mapping, or a YAML alias bomb.
    FormatVersionError
        When the ``civledger`` version is missing or not one this library reads.

    Examples
    --------
    >>> parse('{"civledger": 1, "campaign": {}}', "json", "a.json")["campaign"]
    {}
    >>> parse('{"civledger": 1, ', "json", "a.json")
    Traceback (most recent call last):
    ...
    civledger.errors.LedgerFileError: a.json:1:18: invalid JSON: ...
    """
    if not text.strip():
        raise LedgerFileError(
            file, _("the text is empty"), hint=_("a ledger begins with `civledger: 1`")
        )
    return _document(_parse_json(text, file) if fmt == "json" else _parse_yaml(text, file), file)


def _document(data: Any, file: str) -> dict[str, Any]:
    """Check that a parsed document is a mapping with a version civledger reads."""
    if not isinstance(data, dict):
        kind = (
            _("a list")
            if isinstance(data, list)
            else _("a single value ({type})").format(type=type(data).__name__)
        )
        raise LedgerFileError(
            file,
            _("the top level is {kind}, not a mapping").format(kind=kind),
            hint=_("a ledger is a mapping that begins with `civledger: 1`"),
        )
    check_version(data, file)
    return data


def check_version(data: dict[str, Any], file: str) -> None:
    """Raise :class:`~civledger.FormatVersionError` unless ``civledger`` is a version we read."""
    if "civledger" not in data:
        raise FormatVersionError(
            file,
            _("no format version"),
            hint=_("a ledger begins with `civledger: {version}`").format(version=FORMAT_VERSION),
        )
    version = data["civledger"]
    if type(version) is not int or version != FORMAT_VERSION:
        hint = (
            _("this file needs a newer civledger: upgrade it")
            if type(version) is int and version > FORMAT_VERSION
            else _("write `civledger: {version}`").format(version=FORMAT_VERSION)
        )
        raise FormatVersionError(
            file,
            _("unknown format version {version!r}; this civledger reads version {known}").format(
                version=version, known=FORMAT_VERSION
            ),
            hint=hint,
        )


def _parse_json(text: str, file: str) -> Any:
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        raise _json_error(exc, file) from None


def _json_error(exc: orjson.JSONDecodeError, file: str) -> LedgerFileError:
    return LedgerFileError(
        file,
        _("invalid JSON: {msg}").format(msg=exc.msg),
        hint=_("the file may be cut short or hand-edited; check the brackets and commas"),
        line=exc.lineno,
        column=exc.colno,
    )


def _parse_yaml(text: str, file: str) -> Any:
    try:
        import yaml
    except ImportError:
        raise MissingExtraError("PyYAML", "yaml", lazy("reading a YAML ledger")) from None
    loader = loader_class()(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if "&" in text:  # no anchor, no alias: nothing can expand
            _check_expansion(node, text, file)
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if mark is not None and _tab_at(text, mark.line, mark.column):
            raise LedgerFileError(
                file,
                _("invalid YAML: a tab where YAML needs spaces (YAML indents with spaces only)"),
                hint=_(
                    "replace the tabs with spaces; most editors can convert indentation to spaces"
                ),
                line=mark.line + 1,
                column=mark.column + 1,
            ) from None
        problem = exc.problem or exc.context or _("syntax error")
        raise LedgerFileError(
            file,
            _("invalid YAML: {problem}").format(problem=problem),
            hint=_("check the indentation and the quoting around that place"),
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        ) from None
    except yaml.reader.ReaderError as exc:
        raise LedgerFileError(
            file,
            f"invalid YAML: unacceptable character #x{exc.character:04x} ({exc.reason})",
            hint="remove it; a ledger is text",
            line=text.count("\n", 0, exc.position) + 1,
        ) from None
    except yaml.YAMLError as exc:
        raise LedgerFileError(
            file, _("invalid YAML: {problem}").format(problem=" ".join(str(exc).split()))
        ) from None
    except RecursionError:
        raise LedgerFileError(
            file,
            _("the document is nested too deeply"),
            hint=_("a ledger is a few levels deep"),
        ) from None
    except (ValueError, TypeError, OverflowError) as exc:
        raise LedgerFileError(
            file,
            _("invalid YAML value: {problem}").format(problem=exc),
            hint=_("check explicit tags such as !!int"),
        ) from None
    finally:
        loader.dispose()


def _tab_at(text: str, line: int, column: int) -> bool:
    """Whether a YAML error at (line, column), 0-based, is a tab: at that place, or in the
    white space that indents the line (editors that indent with tabs)."""
    lines = text.splitlines()
    if not 0 <= line < len(lines):
        return False
    current = lines[line]
    indent = current[: len(current) - len(current.lstrip(" \t"))]
    return "\t" in indent or current[column : column + 1] == "\t"


def _check_expansion(root: Any, text: str, file: str) -> None:
    """Refuse documents whose aliases expand far beyond their own size (alias bombs).

    Aliases share nodes, so the node graph is small; the size of the data it
    stands for is computed once per node and compared with the text's length.
    """
    import yaml

    limit = MAX_YAML_EXPANSION * max(len(text), 1000)
    sizes: dict[int, int] = {}
    visiting: set[int] = set()
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if key in sizes:
            continue
        if not children_done and key in visiting:
            mark = node.start_mark
            raise LedgerFileError(
                file,
                _("a YAML alias refers to the node that contains it (a recursive document)"),
                hint=_("write the data out instead of using anchors (&) and aliases (*)"),
                line=mark.line + 1,
                column=mark.column + 1,
            )
        if isinstance(node, yaml.ScalarNode):
            sizes[key] = 1
            continue
        kids = (
            [n for pair in node.value for n in pair]
            if isinstance(node, yaml.MappingNode)
            else list(node.value)
        )
        if not children_done:
            visiting.add(key)
            stack.append((node, True))
            stack.extend((kid, False) for kid in kids if id(kid) not in sizes)
            continue
        size = 1 + sum(sizes.get(id(kid), 0) for kid in kids)
        if size > limit:
            mark = node.start_mark
            raise LedgerFileError(
                file,
                _("YAML aliases expand this document far beyond its size (an alias bomb?)"),
                hint=_("write the data out instead of repeating anchors (&) and aliases (*)"),
                line=mark.line + 1,
                column=mark.column + 1,
            )
        sizes[key] = size
        visiting.discard(key)
