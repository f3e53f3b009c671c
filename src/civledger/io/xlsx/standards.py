"""Matching what a 测评标准 cell says to the nodes of the ledger's frameworks.

A cell names standards by code (``III-1-2-1``, ``wmcs-2025:III-1-2-1``, ``5.2``),
by code and title (``III-1-2-1 背街小巷路面硬化…``, as the export writes them), or
by title alone. Several standards go on several lines (or after ``；``). A code
is kept as written; a title becomes ``framework:code``.

Codes are compared as offices type them: Roman numerals as one character
(``Ⅲ-12``, ``ⅳ``), full-width digits and dashes (``Ⅲ－１２``), spaces around the
dashes (``III - 12``) and either case match the framework's ``III-12``; the
reference then keeps the framework's spelling.
"""

from __future__ import annotations

import re
import unicodedata

import attrs

from civledger.labels import normalize_label
from civledger.model import Ledger

__all__ = ["StandardMatch", "code_form", "match_standards"]

_LINES = re.compile(r"[\n\r；;]+")
_CODE_FIRST = re.compile(r"([A-Za-z0-9][A-Za-z0-9_.:\-]*)(?:\s+(.+))?", re.DOTALL)
_DASHES = str.maketrans(dict.fromkeys("‐‑‒–—―−﹣", "-"))
_AROUND = re.compile(r"\s*([-.:])\s*")


def code_form(text: str) -> str:
    """A code as it is compared: NFKC (Ⅲ -> III, full width -> half), one kind of dash,
    no spaces around dashes, dots and colons.

    Examples
    --------
    >>> code_form(" Ⅲ － １２ "), code_form("ⅳ"), code_form("wmcs ： III—1")
    ('III-12', 'iv', 'wmcs:III-1')
    """
    text = unicodedata.normalize("NFKC", text).translate(_DASHES)
    return _AROUND.sub(r"\1", text).strip()


@attrs.frozen(kw_only=True)
class StandardMatch:
    """The references a cell gave, and the pieces of it that named nothing (or too much)."""

    refs: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()
    ambiguous: tuple[tuple[str, tuple[str, ...]], ...] = ()


def _titles(ledger: Ledger) -> dict[str, list[str]]:
    def build() -> dict[str, list[str]]:
        table: dict[str, list[str]] = {}
        for framework in ledger.frameworks:
            for node in framework.nodes:
                refs = table.setdefault(normalize_label(node.title), [])
                ref = f"{framework.id}:{node.code}"
                if ref not in refs:
                    refs.append(ref)
        return table

    return ledger.memo(("xlsx", "standard titles"), build)


def _codes(ledger: Ledger) -> dict[str, list[tuple[str, str]]]:
    """Every framework code by its folded form: (framework id, the code as the framework has it)."""

    def build() -> dict[str, list[tuple[str, str]]]:
        table: dict[str, list[tuple[str, str]]] = {}
        for framework in ledger.frameworks:
            for node in framework.nodes:
                table.setdefault(code_form(node.code).casefold(), []).append(
                    (framework.id, node.code)
                )
        return table

    return ledger.memo(("xlsx", "standard codes"), build)


def _by_code(ledger: Ledger, code: str) -> list[str]:
    """The references a code names, written as the framework writes it (see the module)."""
    if ledger.resolve_standard(code):
        return [code]
    framework, _, bare = code.rpartition(":")
    found = _codes(ledger).get(bare.casefold(), [])
    if framework:
        return [f"{fw}:{c}" for fw, c in found if fw == framework]
    return list(dict.fromkeys(c for _, c in found))


def match_standards(ledger: Ledger, text: str) -> StandardMatch:
    """Read the standards a cell names.

    Examples
    --------
    >>> from civledger import testing
    >>> ledger = testing.small_ledger()
    >>> match_standards(ledger, "I-1-1").refs, match_standards(ledger, "wmcs:I-1 I-1").refs
    (('I-1-1',), ('wmcs:I-1',))
    >>> match_standards(ledger, "I-1-1\\n道路整洁").unknown
    ('道路整洁',)
    >>> match_standards(ledger, "Ⅰ－１－１").refs
    ('I-1-1',)
    """
    titles = _titles(ledger)
    refs: list[str] = []
    unknown: list[str] = []
    ambiguous: list[tuple[str, tuple[str, ...]]] = []
    for piece in (p.strip() for p in _LINES.split(text)):
        if not piece:
            continue
        code = _CODE_FIRST.fullmatch(code_form(piece))
        found = _by_code(ledger, code.group(1)) if code is not None else []
        if not found:
            found = titles.get(normalize_label(piece), [])
            if not found and code is not None and code.group(2):
                found = titles.get(normalize_label(code.group(2)), [])
        if len(found) > 1:
            ambiguous.append((piece, tuple(found)))
        elif found:
            if found[0] not in refs:
                refs.append(found[0])
        else:
            unknown.append(piece)
    whole = titles.get(normalize_label(text), [])
    if (unknown or ambiguous) and len(whole) == 1:
        return StandardMatch(refs=(whole[0],))  # a title that holds a line break or ；
    return StandardMatch(refs=tuple(refs), unknown=tuple(unknown), ambiguous=tuple(ambiguous))
