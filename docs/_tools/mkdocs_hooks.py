"""MkDocs hooks of the documentation site (``hooks:`` in mkdocs.yml).

- The changelog at the root of the repository is a page of the site,
  ``changelog.md``; a page's link to ``../CHANGELOG.md`` (right when the page is
  read on GitHub) leads there, and the changelog's links to ``docs/…`` lead to
  the pages.
- Every reference page (a page with ``::: module``) must show every name in the
  module's ``__all__``, as Python sees it at run time: a name the page lacks is
  a warning, which fails ``mkdocs build --strict``. So a name added to
  ``__all__`` without a docstring, or one that griffe cannot see, stops the
  build instead of quietly missing from the site.

Examples
--------
>>> site_link("api.md", "../CHANGELOG.md#unreleased")
'changelog.md#unreleased'
>>> site_link("changelog.md", "docs/checks.md")
'checks.md'
>>> site_link("reference/civledger.md", "../api.md") is None  # already a page: left alone
True
>>> missing_names("civledger.testing", '<h2 id="civledger.testing.CST">')
['LedgerBuilder', 'small_ledger']
"""

from __future__ import annotations

import importlib
import logging
import posixpath
import re
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.hooks.civledger")

# Files of the repository that are pages of the site: repository path -> page
REPOSITORY_PAGES = {"CHANGELOG.md": "changelog.md"}
DOCS_DIR = "docs"

_LINK = re.compile(r"\]\((?P<target>[^()\s#]+\.md)(?P<anchor>#[^()\s]*)?\)")
_DIRECTIVE = re.compile(r"^::: *(?P<identifier>[\w.]+) *$", re.MULTILINE)


def _repository_path(page: str) -> str:
    """Where a page's source sits in the repository."""
    sources = {site: repository for repository, site in REPOSITORY_PAGES.items()}
    return sources.get(page, f"{DOCS_DIR}/{page}")


def site_link(page: str, target: str) -> str | None:
    """The link a page of the site needs for a relative link written in its source.

    ``None`` when the link needs no change (or leads outside the site).
    """
    if "://" in target or target.startswith(("/", "mailto:")):
        return None
    path, _, anchor = target.partition("#")
    source = _repository_path(page)
    linked = posixpath.normpath(posixpath.join(posixpath.dirname(source), path))
    if linked in REPOSITORY_PAGES:
        site = REPOSITORY_PAGES[linked]
    elif linked.startswith(f"{DOCS_DIR}/"):
        site = linked.removeprefix(f"{DOCS_DIR}/")
    else:
        return None
    link = posixpath.relpath(site, posixpath.dirname(page) or ".")
    if link == path:
        return None
    return f"{link}#{anchor}" if anchor else link


def missing_names(module_name: str, html: str) -> list[str]:
    """The names of ``module_name.__all__`` that have no entry (an element id) in ``html``."""
    module = importlib.import_module(module_name)
    ids = set(re.findall(r'id="([^"]+)"', html))
    return [name for name in getattr(module, "__all__", ()) if f"{module_name}.{name}" not in ids]


def on_files(files: Files, config: MkDocsConfig) -> Files:
    root = Path(config.config_file_path).parent
    for repository, site in REPOSITORY_PAGES.items():
        files.append(File.generated(config, site, abs_src_path=str(root / repository)))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, **kwargs: Any) -> str:
    src_uri = page.file.src_uri

    def replace(match: re.Match[str]) -> str:
        link = site_link(src_uri, match["target"] + (match["anchor"] or ""))
        return match[0] if link is None else f"]({link})"

    page.meta["api_modules"] = _DIRECTIVE.findall(markdown)
    return _LINK.sub(replace, markdown)


def on_page_content(html: str, page: Page, config: MkDocsConfig, **kwargs: Any) -> str:
    for module_name in page.meta.get("api_modules", ()):
        for name in missing_names(module_name, html):
            log.warning(
                "%s: %s.%s is in __all__ but has no entry on the page: griffe does not see it "
                "(see docs/_tools/griffe_extensions.py)",
                page.file.src_uri,
                module_name,
                name,
            )
    return html
