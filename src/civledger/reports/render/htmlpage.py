"""Tables as a self-contained HTML page: inline style, no scripts, no external assets."""

from __future__ import annotations

from html import escape

from civledger.i18n import gettext, language
from civledger.reports.columns import Tabular, format_cell

__all__ = ["STYLE", "to_html"]

STYLE = """\
body { font-family: "Noto Sans SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC",
       sans-serif; margin: 2em; color: #222; }
h1 { font-size: 1.3em; }
table { border-collapse: collapse; }
th, td { border: 1px solid #999; padding: 0.25em 0.6em; }
th { background: #eee; position: sticky; top: 0; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tbody tr:nth-child(even) { background: #f7f7f7; }
ul.notes { color: #444; }
"""
"""The page's inline style sheet."""


def to_html(table: Tabular) -> str:
    """A complete UTF-8 HTML page (``lang="zh-CN"``, or ``en`` in English), every text escaped.

    Examples
    --------
    >>> from civledger.reports.table import Column, Table
    >>> t = Table(title="<进度>", columns=[Column(key="u", label="单位")], rows=[["A&B"]])
    >>> page = to_html(t)
    >>> page.startswith('<!DOCTYPE html>\\n<html lang="en">'), "<td>A&amp;B</td>" in page
    (True, True)
    >>> "<title>&lt;进度&gt;</title>" in page, "http" in page
    (True, False)
    """
    head = "".join(
        f'<th class="num">{escape(c.label)}</th>' if c.numeric else f"<th>{escape(c.label)}</th>"
        for c in table.columns
    )
    body = []
    for row in table.rows:
        cells = "".join(
            f'<td class="num">{escape(format_cell(c, v))}</td>'
            if c.numeric
            else f"<td>{escape(format_cell(c, v))}</td>"
            for c, v in zip(table.columns, row, strict=True)
        )
        body.append(f"<tr>{cells}</tr>")
    if not table.rows:
        none = escape(gettext("(none)"))
        body.append(f'<tr><td colspan="{len(table.columns)}">{none}</td></tr>')
    notes = ""
    if table.notes:
        items = "\n".join(f"<li>{escape(n)}</li>" for n in table.notes)
        notes = f'<ul class="notes">\n{items}\n</ul>\n'
    rows = "\n".join(body)
    lang = "zh-CN" if language() == "zh" else "en"
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="civledger">\n<title>{escape(table.title)}</title>\n'
        f"<style>\n{STYLE}</style>\n</head>\n<body>\n<h1>{escape(table.title)}</h1>\n"
        f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table>\n"
        f"{notes}</body>\n</html>\n"
    )
