"""Tables as Markdown: a pipe table under the title, the notes as a list."""

from __future__ import annotations

from civledger.i18n import gettext
from civledger.reports.columns import Tabular, format_cell

__all__ = ["to_markdown"]


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def to_markdown(table: Tabular) -> str:
    """The table as GitHub-flavoured Markdown (numbers right-aligned), ending with a newline.

    Examples
    --------
    >>> from civledger.reports.table import Column, Table
    >>> t = Table(title="进度", columns=[Column(key="u", label="单位"),
    ...           Column(key="n", label="任务", kind="int")], rows=[["龙源|街道", 3]], notes=["注"])
    >>> print(to_markdown(t))
    **进度**
    <BLANKLINE>
    | 单位 | 任务 |
    |---|---:|
    | 龙源\\|街道 | 3 |
    <BLANKLINE>
    - 注
    <BLANKLINE>
    """
    lines = [f"**{_escape(table.title)}**", ""]
    lines.append("| " + " | ".join(_escape(c.label) for c in table.columns) + " |")
    lines.append("|" + "".join("---:|" if c.numeric else "---|" for c in table.columns))
    for row in table.rows:
        cells = [_escape(format_cell(c, v)) for c, v in zip(table.columns, row, strict=True)]
        lines.append("| " + " | ".join(cells) + " |")
    if not table.rows:
        lines.append(
            "| " + " | ".join([gettext("(none)")] + [""] * (len(table.columns) - 1)) + " |"
        )
    if table.notes:
        lines.append("")
        lines.extend(f"- {_escape(note)}" for note in table.notes)
    return "\n".join(lines) + "\n"
