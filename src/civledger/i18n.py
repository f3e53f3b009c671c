"""Two languages: Simplified Chinese by default, English on request.

Every text a person reads — findings' messages and hints, rule titles, the
command's help and errors, report titles and headers, the progress display —
is written in the source as an English message and translated through a
gettext catalog (``civledger/locale/zh_CN/LC_MESSAGES/civledger.po``, compiled
to ``.mo`` when the package is built). Rule codes, JSON keys and ids never
change with the language.

The language is, in order: the one set for the current context with
:func:`use_language` (the command's ``--lang``), else ``CIVLEDGER_LANG``
(``zh`` or ``en``), else English when the locale (``LC_ALL``, ``LC_MESSAGES``,
``LANG``) is an English one, else Chinese. :func:`use_language` sets a context
variable: it changes nothing process-wide, and each thread or task keeps its own.

In the source, ``_("...")`` translates at once and ``N_("...")`` only marks a
message that is translated where it is shown (rule texts, column labels,
module constants). A word passed as a template's value is ``lazy("...")``; a
message with values of its own passed as a template's value (``{late}`` filled
with "3 days") is ``phrase(...)`` or ``nphrase(...)``: both are worded where
they are shown. Babel extracts them all.

Examples
--------
>>> with use_language("en"):
...     gettext("signed off")
'signed off'
>>> with use_language("zh"):
...     language()
'zh'
"""

from __future__ import annotations

import contextlib
import functools
import gettext as _gettext
import io
import os
import string
from collections.abc import Iterable, Iterator, Mapping
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from civledger.labels import LabeledEnum

__all__ = [
    "LANGUAGES",
    "N_",
    "Either",
    "Lazy",
    "Phrase",
    "_",
    "catalog_path",
    "either",
    "fields",
    "gettext",
    "join",
    "language",
    "lazy",
    "localized",
    "ngettext",
    "nphrase",
    "phrase",
    "render",
    "use_language",
]

LANGUAGES = ("zh", "en")
"""The languages civledger speaks: Simplified Chinese (the default) and English."""

DOMAIN = "civledger"
LOCALES = Path(__file__).parent / "locale"
_LOCALE_OF = {"zh": "zh_CN"}

_CURRENT: ContextVar[str | None] = ContextVar("civledger_language", default=None)


def _normalized(value: str) -> str | None:
    text = value.strip().lower().replace("-", "_")
    if text.startswith("zh") or text in ("cn", "chinese", "中文"):
        return "zh"
    if text.startswith("en") or text == "english":
        return "en"
    return None


def language() -> str:
    """The language of the current context: ``"zh"`` or ``"en"`` (see the module's documentation).

    Examples
    --------
    >>> with use_language("英文" if False else "en"):
    ...     language()
    'en'
    """
    chosen = _CURRENT.get()
    if chosen is not None:
        return chosen
    asked = os.environ.get("CIVLEDGER_LANG")
    if asked:
        found = _normalized(asked)
        if found is not None:
            return found
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return "en" if value.lower().startswith("en") else "zh"
    return "zh"


@contextlib.contextmanager
def use_language(lang: str | None) -> Iterator[str]:
    """Speak ``lang`` (``zh``/``en``, or a locale name such as ``en_US``) within the block.

    ``None`` keeps the language as it is. The choice is a context variable: other
    threads and the process's locale are untouched.

    Raises
    ------
    ValueError
        For a language civledger does not speak.

    Examples
    --------
    >>> with use_language("en_US.UTF-8") as chosen:
    ...     chosen
    'en'
    """
    if lang is None:
        yield language()
        return
    found = _normalized(lang)
    if found is None:
        raise ValueError(f"civledger speaks zh and en, not {lang!r}")
    token = _CURRENT.set(found)
    try:
        yield found
    finally:
        _CURRENT.reset(token)


def catalog_path(lang: str = "zh", compiled: bool = True) -> Path:
    """Where the catalog of a language lies: the ``.mo`` (compiled) or the ``.po`` (source)."""
    return LOCALES / _LOCALE_OF[lang] / "LC_MESSAGES" / f"{DOMAIN}.{'mo' if compiled else 'po'}"


@functools.cache
def _translations(lang: str) -> _gettext.NullTranslations:
    if lang == "en":
        return _gettext.NullTranslations()
    compiled = catalog_path(lang)
    if compiled.is_file():
        with compiled.open("rb") as stream:
            return _gettext.GNUTranslations(stream)
    return _from_source(catalog_path(lang, compiled=False))


def _from_source(source: Path) -> _gettext.NullTranslations:
    """The catalog read from its ``.po`` source (a checkout whose package was not built)."""
    try:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po
    except ImportError:  # pragma: no cover - Babel is a build and dev dependency
        return _gettext.NullTranslations()
    if not source.is_file():
        return _gettext.NullTranslations()
    with source.open("rb") as stream:
        catalog = read_po(stream, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return _gettext.GNUTranslations(buffer)


def gettext(message: str) -> str:
    """``message`` in the language of the current context.

    Examples
    --------
    >>> with use_language("en"):
    ...     gettext("rule")
    'rule'
    """
    if not message:
        return message
    return _translations(language()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural message for ``count``, in the language of the current context.

    Examples
    --------
    >>> with use_language("en"):
    ...     ngettext("{n} error", "{n} errors", 2).format(n=2)
    '2 errors'
    """
    return _translations(language()).ngettext(singular, plural, count)


_ = gettext


def N_(message: str) -> str:
    """Mark ``message`` for translation where it is shown; return it as it is."""
    return message


class Lazy(str):
    """A message that is shown translated: in a template's values, or wherever it is formatted.

    It is a :class:`str` (the English message) so that it compares, sorts and
    serialises as one; ``format(lazy)`` and ``str.format`` translate it.

    Examples
    --------
    >>> unit = lazy("unit")
    >>> with use_language("en"):
    ...     "a {}".format(unit)
    'a unit'
    >>> unit == "unit"
    True
    """

    __slots__ = ()

    def __format__(self, spec: str) -> str:
        return format(gettext(str(self)), spec)

    def translated(self) -> str:
        """The message in the language of the current context."""
        return gettext(str(self))


def lazy(message: str) -> Lazy:
    """``message`` as a :class:`Lazy` message (Babel extracts calls of ``lazy`` too)."""
    return Lazy(message)


class Phrase:
    """A message with its values, worded in the language of the moment wherever it is shown.

    Made by :func:`phrase` and :func:`nphrase`: a template's value that is itself
    a sentence with values ("3 days", "extended from 2026-06-30"), kept unworded
    so that a finding or an error reads in the language it is shown in.

    Examples
    --------
    >>> late = nphrase("{n} day", "{n} days", 3)
    >>> with use_language("en"):
    ...     str(late), "{} late".format(late)
    ('3 days', '3 days late')
    >>> with use_language("zh"):
    ...     str(late)
    '3 天'
    """

    __slots__ = ("count", "plural", "template", "values")

    def __init__(
        self,
        template: str,
        values: Mapping[str, Any],
        *,
        plural: str | None = None,
        count: int | None = None,
    ) -> None:
        self.template = template
        self.values = dict(values)
        self.plural = plural
        self.count = count

    def __str__(self) -> str:
        if self.plural is None or self.count is None:
            return render(self.template, self.values)
        text = ngettext(self.template, self.plural, self.count)
        return _fill(text, self.template, self.values)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __repr__(self) -> str:
        with use_language("en"):
            return f"<Phrase {str(self)!r}>"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Phrase):
            return NotImplemented
        return (self.template, self.plural, self.count, self.values) == (
            other.template,
            other.plural,
            other.count,
            other.values,
        )

    def __hash__(self) -> int:
        return hash((self.template, self.plural, self.count))

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuilt, (self.template, self.values, self.plural, self.count))


def _rebuilt(
    template: str, values: Mapping[str, Any], plural: str | None, count: int | None
) -> Phrase:
    return Phrase(template, values, plural=plural, count=count)


def phrase(message: str, /, **values: Any) -> Phrase:
    """``message`` with its values, worded where it is shown (see :class:`Phrase`).

    Examples
    --------
    >>> extended = phrase("extended from {day}", day="2026-06-30")
    >>> with use_language("en"):
    ...     "due on 2026-07-10 ({})".format(extended)
    'due on 2026-07-10 (extended from 2026-06-30)'
    """
    return Phrase(message, values)


def nphrase(singular: str, plural: str, n: int, /, **values: Any) -> Phrase:
    """A message with a singular and a plural, chosen by ``n`` (also the value ``{n}``).

    Examples
    --------
    >>> with use_language("en"):
    ...     str(nphrase("{n} unit", "{n} units", 1)), str(nphrase("{n} unit", "{n} units", 2))
    ('1 unit', '2 units')
    """
    return Phrase(singular, {"n": n, **values}, plural=plural, count=n)


class Either(tuple[Any, ...]):
    """Items one of which is meant, as a template's value: ``a or b`` (``a 或 b`` in Chinese).

    Examples
    --------
    >>> with use_language("en"):
    ...     "did you mean {}?".format(localized(either(["'zc-ly'", "'zc-lx'"])))
    "did you mean 'zc-ly' or 'zc-lx'?"
    """

    __slots__ = ()


def either(items: Iterable[Any]) -> Either:
    """The items as alternatives (see :class:`Either`)."""
    return Either(items)


def localized(value: Any) -> Any:
    """A template value as the current language shows it.

    Labeled enumerations show their Chinese label in Chinese and their English
    value in English; lazy messages are translated; lists and tuples are joined
    with the language's list separator; anything else is left as it is.

    Examples
    --------
    >>> from civledger.labels import LabeledEnum
    >>> class Colour(LabeledEnum):
    ...     RED = ("red", "红色")
    >>> with use_language("zh"):
    ...     localized(Colour.RED), localized(["甲", "乙"])
    ('红色', '甲、乙')
    >>> with use_language("en"):
    ...     localized(Colour.RED), localized(["a", "b"])
    ('red', 'a, b')
    """
    if isinstance(value, LabeledEnum):
        return value.label if language() == "zh" else str(value.value).replace("_", " ")
    if isinstance(value, Lazy):
        return value.translated()
    if isinstance(value, Phrase):
        return str(value)
    if isinstance(value, Either):
        return gettext(" or ").join(str(localized(item)) for item in value)
    if isinstance(value, list | tuple):
        return join(value)
    return value


def join(items: Iterable[Any]) -> str:
    """Items as a list reads in the language of the moment: ``甲、乙`` or ``a, b``.

    Each item is shown as :func:`localized` shows it.

    Examples
    --------
    >>> with use_language("zh"):
    ...     join(["ORG001", "ORG002"])
    'ORG001、ORG002'
    >>> with use_language("en"):
    ...     join(["ORG001", "ORG002"])
    'ORG001, ORG002'
    """
    separator = "、" if language() == "zh" else ", "
    return separator.join(str(localized(item)) for item in items)


def render(template: str, params: Mapping[str, Any] | None = None) -> str:
    """``template`` translated, then filled with ``params`` shown as the language shows them.

    Examples
    --------
    >>> with use_language("en"):
    ...     render("{n} tasks of {unit}", {"n": 3, "unit": "龙源街道"})
    '3 tasks of 龙源街道'
    """
    text = gettext(template)
    if not params:
        return text
    return _fill(text, template, params)


def _fill(text: str, template: str, params: Mapping[str, Any]) -> str:
    shown = {key: localized(value) for key, value in params.items()}
    try:
        return text.format(**shown)
    except (KeyError, IndexError, ValueError):
        # A translation that names a value the message does not have: the catalog check
        # (tests/test_catalog.py) keeps this from shipping; the English message still reads.
        return template.format(**shown)


def fields(template: str) -> frozenset[str]:
    """The names of the values a template is filled with.

    Examples
    --------
    >>> sorted(fields("{task} of {unit!r} on {day:%Y}"))
    ['day', 'task', 'unit']
    """
    return _fields(template)


@functools.cache
def _fields(template: str) -> frozenset[str]:
    names = set()
    for _, name, _, _ in string.Formatter().parse(template):
        if name:
            names.add(name.split(".")[0].split("[")[0])
    return frozenset(names)
