"""Stage one of loading: bytes -> text -> a parsed document, or a clear error.

Everything that makes a file unreadable as a whole raises
:class:`~civledger.LedgerFileError` with the file, the place and a hint:
a missing file, a folder, an empty file, text that is not UTF-8, broken JSON
or YAML, a top level that is not a mapping, an unknown format version, and
YAML whose aliases would expand without bound.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import orjson

from civledger.errors import FormatVersionError, LedgerFileError
from civledger.io.json_layout import split_layout
from civledger.io.yaml_dialect import loader_class
from civledger.serialization.loader import FORMAT_VERSION

__all__ = [
    "FORMATS",
    "MAX_YAML_EXPANSION",
    "check_version",
    "decode",
    "detect_format",
    "parse",
    "parse_json_bytes",
    "read_bytes",
    "read_text",
]

FORMATS = ("json", "yaml")
MAX_YAML_EXPANSION = 50
"""How many times larger than its text a YAML document may grow through aliases."""

_SUFFIXES = {".json": "json", ".yaml": "yaml", ".yml": "yaml"}


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
        raise LedgerFileError(name, "no such file", hint="check the path") from None
    except IsADirectoryError:
        raise LedgerFileError(
            name, "is a folder, not a ledger file", hint="name a .yaml or .json file"
        ) from None
    except PermissionError:
        raise LedgerFileError(
            name, "permission denied", hint="check the file's permissions"
        ) from None
    except OSError as exc:
        raise LedgerFileError(name, f"cannot be read ({exc.strerror or exc})") from None


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
            f"is not valid UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})",
            hint="save it as UTF-8; text from Excel or Windows tools may be GBK",
            line=line,
        ) from None
    return text


def _check_bytes(data: bytes, name: str) -> None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LedgerFileError(name, "is UTF-16 text", hint="save it as UTF-8")
    if not data or data.isspace():
        raise LedgerFileError(name, "the file is empty", hint="a ledger begins with `civledger: 1`")


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
        raise LedgerFileError(file, "the text is empty", hint="a ledger begins with `civledger: 1`")
    return _document(_parse_json(text, file) if fmt == "json" else _parse_yaml(text, file), file)


def _document(data: Any, file: str) -> dict[str, Any]:
    """Check that a parsed document is a mapping with a version civledger reads."""
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else f"a single value ({type(data).__name__})"
        raise LedgerFileError(
            file,
            f"the top level is {kind}, not a mapping",
            hint="a ledger is a mapping that begins with `civledger: 1`",
        )
    check_version(data, file)
    return data


def check_version(data: dict[str, Any], file: str) -> None:
    """Raise :class:`~civledger.FormatVersionError` unless ``civledger`` is a version we read."""
    if "civledger" not in data:
        raise FormatVersionError(
            file,
            "no format version",
            hint=f"a ledger begins with `civledger: {FORMAT_VERSION}`",
        )
    version = data["civledger"]
    if type(version) is not int or version != FORMAT_VERSION:
        hint = (
            "this file needs a newer civledger: upgrade it"
            if type(version) is int and version > FORMAT_VERSION
            else f"write `civledger: {FORMAT_VERSION}`"
        )
        raise FormatVersionError(
            file,
            f"unknown format version {version!r}; this civledger reads version {FORMAT_VERSION}",
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
        f"invalid JSON: {exc.msg}",
        hint="the file may be cut short or hand-edited; check the brackets and commas",
        line=exc.lineno,
        column=exc.colno,
    )


def _parse_yaml(text: str, file: str) -> Any:
    try:
        import yaml
    except ImportError:
        raise LedgerFileError(
            file,
            "reading YAML needs PyYAML",
            hint="pip install 'civledger[yaml]', or use the JSON form of the ledger",
        ) from None
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
        problem = exc.problem or exc.context or "syntax error"
        raise LedgerFileError(
            file,
            f"invalid YAML: {problem}",
            hint="check the indentation and the quoting around that place",
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
        raise LedgerFileError(file, f"invalid YAML: {' '.join(str(exc).split())}") from None
    except RecursionError:
        raise LedgerFileError(
            file, "the document is nested too deeply", hint="a ledger is a few levels deep"
        ) from None
    except (ValueError, TypeError, OverflowError) as exc:
        raise LedgerFileError(
            file, f"invalid YAML value: {exc}", hint="check explicit tags such as !!int"
        ) from None
    finally:
        loader.dispose()


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
                "a YAML alias refers to the node that contains it (a recursive document)",
                hint="write the data out instead of using anchors (&) and aliases (*)",
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
                "YAML aliases expand this document far beyond its size (an alias bomb?)",
                hint="write the data out instead of repeating anchors (&) and aliases (*)",
                line=mark.line + 1,
                column=mark.column + 1,
            )
        sizes[key] = size
        visiting.discard(key)
