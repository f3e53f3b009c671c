"""The command's argument parser, speaking the language of the moment.

The help (``usage:``, the sections' titles, every option's help) and the errors
read in the language of the moment (:mod:`civledger.i18n`). argparse words its
own errors in English; :class:`Parser` translates the common ones ("the
following arguments are required", "invalid choice", …) by their form, without
touching argparse's module or the process's gettext state, and leaves any
other in English. It imports nothing of the library, so that ``civledger
--version`` stays quick.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable
from typing import Any, NoReturn

from civledger.i18n import N_, _, gettext
from civledger.text import display_width

__all__ = ["Parser", "argparse_message", "wrapped"]

_WIDE = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
_TOKENS = re.compile(rf"[{_WIDE}]|[^\s{_WIDE}]+|\s+")
_NO_LINE_START = set("，。；：、！？）」』》")


def wrapped(text: str, width: int = 78) -> list[str]:
    """``text`` as lines of at most ``width`` columns: Latin text breaks at spaces, Chinese
    between characters (never before a closing punctuation mark).

    Examples
    --------
    >>> wrapped("每项任务有人管，责任有人担", 12)
    ['每项任务有人', '管，责任有人', '担']
    >>> wrapped("a task without a lead unit", 12)
    ['a task', 'without a', 'lead unit']
    """
    lines: list[str] = []
    line = ""
    for token in _TOKENS.findall(text):
        if token.isspace():
            line = line + " " if line else line
            continue
        fits = display_width(line + token) <= width or token in _NO_LINE_START
        if line.strip() and not fits:
            lines.append(line.rstrip())
            line = token
        else:
            line += token
    if line.strip():
        lines.append(line.rstrip())
    return lines


# argparse's own error messages (Python 3.11-3.13), by their English form.
_ARGPARSE_ERRORS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"the following arguments are required: (?P<names>.+)", re.S),
        N_("the following arguments are required: {names}"),
    ),
    (
        re.compile(r"unrecognized arguments: (?P<names>.+)", re.S),
        N_("unrecognized arguments: {names}"),
    ),
    (
        re.compile(
            r"argument (?P<argument>\S+): invalid choice: (?P<value>.+?) "
            r"\(choose from (?P<choices>.+)\)",
            re.S,
        ),
        N_("argument {argument}: invalid choice: {value} (choose from {choices})"),
    ),
    (
        re.compile(r"argument (?P<argument>\S+): expected one argument"),
        N_("argument {argument}: expected one argument"),
    ),
    (
        re.compile(r"argument (?P<argument>\S+): expected at least one argument"),
        N_("argument {argument}: expected at least one argument"),
    ),
    (
        re.compile(r"argument (?P<argument>\S+): (?P<message>.+)", re.S),
        N_("argument {argument}: {message}"),
    ),
)


def argparse_message(message: str) -> str:
    """An error message of argparse in the language of the moment, when its form is known.

    Examples
    --------
    >>> from civledger.i18n import use_language
    >>> with use_language("zh"):
    ...     argparse_message("the following arguments are required: FILE")
    '缺少以下参数：FILE'
    >>> argparse_message("something argparse says")
    'something argparse says'
    """
    for pattern, template in _ARGPARSE_ERRORS:
        found = pattern.fullmatch(message)
        if found is not None:
            return gettext(template).format(**found.groupdict())
    return message


class _Formatter(argparse.HelpFormatter):
    """The help formatter: ``usage:`` in the language of the moment."""

    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        super().add_usage(usage, actions, groups, _("usage: ") if prefix is None else prefix)

    def format_help(self) -> str:
        # argparse ends a section's title with ":"; a Chinese title ends with its own "：".
        return super().format_help().replace("：:\n", "：\n")

    def _split_lines(self, text: str, width: int) -> list[str]:
        # Chinese has no spaces to break at, and each character takes two columns.
        return wrapped(" ".join(text.split()), width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n".join(indent + line for line in wrapped(" ".join(text.split()), width))


class Parser(argparse.ArgumentParser):
    """An argument parser whose help and errors read in the language of the moment.

    Its sub-command parsers are of the same class. Build it where the language is
    chosen (:func:`civledger.i18n.use_language`): help texts are worded as they are added.

    Examples
    --------
    >>> from civledger.i18n import use_language
    >>> with use_language("zh"):
    ...     print(Parser(prog="demo").format_help())
    用法：demo [-h]
    <BLANKLINE>
    选项：
      -h, --help  显示帮助并退出
    <BLANKLINE>
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        add_help = kwargs.pop("add_help", True)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = _("positional arguments")
        self._optionals.title = _("options")
        if add_help:
            self.add_argument(
                "-h",
                "--help",
                action="help",
                default=argparse.SUPPRESS,
                help=_("show this help message and exit"),
            )

    def error(self, message: str) -> NoReturn:
        """Print the usage and the error in the language of the moment; exit 2."""
        self.print_usage(sys.stderr)
        self.exit(
            2,
            _("{prog}: error: {message}").format(prog=self.prog, message=argparse_message(message))
            + "\n",
        )
