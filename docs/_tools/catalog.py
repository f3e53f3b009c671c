"""Keep the message catalogs with the code: extract, update, check.

Every text a person reads is an English message in the source, marked with
``_()``, ``N_()``, ``lazy()``, ``phrase()``, ``ngettext()`` or ``nphrase()``; the
Chinese translations live in ``src/civledger/locale/zh_CN/LC_MESSAGES/civledger.po``. After changing
messages::

    python docs/_tools/catalog.py update   # extract, then merge into the .po (new ones empty)
    # ... translate the new entries (msgstr) in the .po ...
    python docs/_tools/catalog.py check    # what CI checks (tests/test_catalog.py)

``check`` fails on a message of the source with no translation, a fuzzy
translation, a translation that names a value (``{task}``) its message does
not have or leaves one out, and a translation kept for a message the source no
longer has (obsolete: remove it).
"""

from __future__ import annotations

import io
import sys
from datetime import datetime, timezone
from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from civledger.i18n import fields

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "src" / "civledger"
PO = SOURCE / "locale" / "zh_CN" / "LC_MESSAGES" / "civledger.po"
KEYWORDS = {
    "_": None,
    "gettext": None,
    "N_": None,
    "lazy": None,
    "phrase": None,
    "ngettext": (1, 2),
    "nphrase": (1, 2),
}
METHODS = [("**.py", "python")]


def extract(source: Path = SOURCE) -> Catalog:
    """Every message the source marks, with where it is used.

    Examples
    --------
    >>> catalog = extract()
    >>> "signed off" in catalog or len(catalog) >= 0
    True
    """
    catalog = Catalog(domain="civledger", project="civledger", charset="utf-8")
    for file, line, message, comments, context in extract_from_dir(
        str(source), METHODS, keywords=KEYWORDS, strip_comment_tags=True
    ):
        if isinstance(message, tuple) and message and not message[0]:
            continue
        if not message:
            continue
        catalog.add(message, locations=[(file, line)], auto_comments=comments, context=context)
    return catalog


def read(path: Path = PO) -> Catalog:
    """The catalog of a ``.po`` file (an empty Chinese one if there is none yet)."""
    if not path.is_file():
        return _headed(Catalog(locale="zh_CN", domain="civledger", project="civledger"))
    with path.open("rb") as stream:
        return _headed(read_po(stream, locale="zh_CN", domain="civledger"))


def _headed(catalog: Catalog) -> Catalog:
    """The header civledger's catalog carries: no dates or names that change on every update."""
    catalog.project = "civledger"
    catalog.version = ""
    catalog.msgid_bugs_address = ""
    catalog.last_translator = "civledger developers"
    catalog.language_team = "civledger developers"
    catalog.copyright_holder = "civledger developers"
    catalog.fuzzy = False
    fixed = datetime(2026, 1, 1, tzinfo=timezone.utc)
    catalog.creation_date = fixed
    catalog.revision_date = fixed
    return catalog


def write(catalog: Catalog, path: Path = PO) -> None:
    """Write a catalog as a ``.po`` file, sorted by message, without line numbers (stable diffs)."""
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, sort_output=True, include_lineno=False, omit_header=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())


def update(path: Path = PO) -> Catalog:
    """Merge the messages of the source into the ``.po``: new ones empty, gone ones dropped."""
    template = extract()
    catalog = read(path)
    catalog.update(template, no_fuzzy_matching=True)
    _headed(catalog)
    catalog.obsolete.clear()
    write(catalog, path)
    return catalog


def _key(message: object) -> str:
    return message[0] if isinstance(message, tuple) else str(message)


def problems(catalog: Catalog | None = None, template: Catalog | None = None) -> list[str]:
    """Everything wrong with the Chinese catalog against the source, one line each.

    Examples
    --------
    >>> from babel.messages.catalog import Catalog
    >>> source = Catalog(); _ = source.add("{n} tasks")
    >>> done = Catalog(locale="zh_CN"); _ = done.add("{n} tasks", "{n} 项任务")
    >>> problems(done, source)
    []
    >>> bad = Catalog(locale="zh_CN"); _ = bad.add("{n} tasks", "{count} 项任务")
    >>> problems(bad, source)
    ["'{n} tasks': the translation names {count}, the message {n}"]
    >>> problems(Catalog(locale="zh_CN"), source)
    ["'{n} tasks': no translation"]
    """
    catalog = catalog if catalog is not None else read()
    template = template if template is not None else extract()
    found: list[str] = []
    wanted = {_key(m.id): m for m in template if m.id}
    for key, message in sorted(wanted.items()):
        entry = catalog.get(message.id)
        if entry is None or not _translated(entry.string):
            found.append(f"{key!r}: no translation")
            continue
        if entry.fuzzy:
            found.append(f"{key!r}: the translation is fuzzy")
        for source_text, translated in _pairs(message.id, entry.string):
            expected, got = fields(source_text), fields(translated)
            if expected != got:
                found.append(
                    f"{key!r}: the translation names {_names(got)}, the message {_names(expected)}"
                )
    for message in catalog:
        if message.id and _key(message.id) not in wanted:
            found.append(f"{_key(message.id)!r}: obsolete (the source no longer has it)")
    return found


def _translated(value: object) -> bool:
    if isinstance(value, tuple | list):
        return all(bool(v) for v in value)
    return bool(value)


def _pairs(source: object, translated: object) -> Iterable[tuple[str, str]]:
    if isinstance(source, tuple):
        plurals = list(translated) if isinstance(translated, tuple | list) else [translated]
        for text in plurals:
            yield source[1], str(text)
    else:
        yield str(source), str(translated)


def _names(names: frozenset[str]) -> str:
    return ", ".join("{" + n + "}" for n in sorted(names)) or "nothing"


def main(argv: list[str]) -> int:
    if argv[:1] == ["update"]:
        catalog = update()
        empty = sum(1 for m in catalog if m.id and not _translated(m.string))
        print(f"{PO.relative_to(ROOT)}: {len(catalog)} messages, {empty} to translate")
        return 0
    if argv[:1] == ["check"]:
        found = problems()
        for line in found:
            print(line)
        print(f"{len(found)} problems" if found else "the catalog is complete")
        return 1 if found else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
