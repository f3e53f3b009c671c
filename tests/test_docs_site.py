"""The documentation site documents every public name (mkdocs.yml, docs/reference/).

``mkdocs build --strict`` (in .ci/run) fails when a reference page lacks a name of
its module's ``__all__``; these tests fail, without building the site, when a
public name has no docstring of its own to show there, or a public module has no
page.
"""

from __future__ import annotations

import ast
import functools
import importlib
import importlib.util
import inspect
import sys
from itertools import pairwise
from pathlib import Path
from types import ModuleType

import pytest

import civledger

ROOT = Path(__file__).parent.parent

# The modules docs/api.md calls public; each has a page in the API reference.
PUBLIC_MODULES = ("civledger", "civledger.testing", "civledger.progress", "civledger.io.xlsx")


@functools.cache
def attribute_docstrings() -> dict[str, str]:
    """The docstring under each module-level ``NAME = value`` of the package, by name."""
    found: dict[str, str] = {}
    for path in sorted(Path(civledger.__file__).parent.rglob("*.py")):
        body = ast.parse(path.read_text(encoding="utf-8")).body
        for statement, following in pairwise(body):
            if isinstance(statement, ast.Assign):
                targets = statement.targets
            elif isinstance(statement, ast.AnnAssign):
                targets = [statement.target]
            else:
                continue
            if (
                isinstance(following, ast.Expr)
                and isinstance(following.value, ast.Constant)
                and isinstance(following.value.value, str)
            ):
                doc = following.value.value
                found.update({target.id: doc for target in targets if isinstance(target, ast.Name)})
    return found


def own_docstring(name: str, value: object) -> str:
    """The docstring written for ``value`` itself: a class's own, not one it inherits;
    for a constant, the string under its assignment (found by name)."""
    if inspect.isclass(value):
        doc = vars(value).get("__doc__")
    elif inspect.isroutine(value) or inspect.ismodule(value):
        doc = value.__doc__
    else:
        doc = attribute_docstrings().get(name)
    return inspect.cleandoc(doc) if isinstance(doc, str) else ""


def test_every_public_name_has_a_docstring() -> None:
    missing = [
        f"{module}.{name}"
        for module in PUBLIC_MODULES
        for name in importlib.import_module(module).__all__
        if not own_docstring(name, getattr(importlib.import_module(module), name))
    ]
    assert missing == [], f"public names without a docstring: {missing}"


def test_the_check_sees_a_missing_docstring() -> None:
    class Undocumented:
        pass

    class Documented(Undocumented):
        """A class with a docstring of its own."""

    assert own_docstring("Undocumented", Undocumented) == ""
    assert own_docstring("Documented", Documented) == "A class with a docstring of its own."
    assert own_docstring("FORMAT_VERSION", civledger.FORMAT_VERSION).startswith("The version")
    assert own_docstring("NO_SUCH_CONSTANT", 1) == ""


def test_every_public_module_has_a_reference_page_in_the_navigation() -> None:
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for module in PUBLIC_MODULES:
        page = f"reference/{module}.md"
        assert f"::: {module}\n" in (ROOT / "docs" / page).read_text(encoding="utf-8")
        assert f": {page}\n" in nav, f"{page} is not in the nav of mkdocs.yml"


def docs_tool(name: str) -> ModuleType:
    """A module of docs/_tools, which mkdocs.yml loads by its path."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "docs" / "_tools" / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


LAZY_INIT = '''"""A package that imports its names on first use."""

import importlib

__all__ = ["Thing", "make"]


def __getattr__(name):
    if name in __all__:
        return getattr(importlib.import_module("lazypkg.things"), name)
    raise AttributeError(name)
'''

LAZY_THINGS = '''"""Things."""


class Thing:
    """A thing."""


def make():
    """Make a thing."""
    return Thing()
'''


def test_the_reference_sees_the_names_a_package_imports_lazily(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    griffe = pytest.importorskip("griffe")
    (tmp_path / "lazypkg").mkdir()
    (tmp_path / "lazypkg" / "__init__.py").write_text(LAZY_INIT, encoding="utf-8")
    (tmp_path / "lazypkg" / "things.py").write_text(LAZY_THINGS, encoding="utf-8")
    monkeypatch.syspath_prepend(tmp_path)
    monkeypatch.delitem(sys.modules, "lazypkg", raising=False)
    monkeypatch.delitem(sys.modules, "lazypkg.things", raising=False)
    try:
        static = griffe.load("lazypkg", search_paths=[tmp_path])
        assert "Thing" not in static.members  # griffe alone reads the source only
        extension = docs_tool("griffe_extensions").RuntimeExports
        seen = griffe.load(
            "lazypkg", search_paths=[tmp_path], extensions=griffe.load_extensions(extension)
        )
        assert seen["Thing"].docstring.value == "A thing."
        assert seen["make"].kind.value == "function"
    finally:
        sys.modules.pop("lazypkg", None)
        sys.modules.pop("lazypkg.things", None)
