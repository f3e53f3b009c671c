"""Build hook: compile the message catalogs (.po -> .mo) into the package.

The ``.po`` files are the source (``src/civledger/locale/<lang>/LC_MESSAGES``);
the ``.mo`` files are made here, at build time, for wheels and editable
installs alike, and shipped in the wheel. Fuzzy translations are left out.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CatalogHook(BuildHookInterface):  # type: ignore[type-arg]
    """Compile every catalog before the package's files are collected."""

    PLUGIN_NAME = "catalogs"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        root = Path(self.root) / "src" / "civledger" / "locale"
        for source in sorted(root.glob("*/LC_MESSAGES/*.po")):
            compiled = source.with_suffix(".mo")
            with source.open("rb") as stream:
                catalog = read_po(stream)
            with compiled.open("wb") as stream:
                write_mo(stream, catalog, use_fuzzy=False)
            relative = compiled.relative_to(Path(self.root) / "src")
            build_data["force_include"][str(compiled)] = str(relative)
