"""A CJK font for matplotlib, so that Chinese labels render as glyphs, not boxes.

matplotlib's own fonts (DejaVu) have no Chinese glyphs. civledger's ``plot``
extra installs ``pylopdf-fonts-zh-cn``, a package on PyPI that carries Noto Sans
SC (SIL Open Font License), so ``pip install 'civledger[plot]'`` is enough on a
fresh machine. Failing that, a Noto Sans CJK collection from PyPI
(``noto-cjk-sans-otc``) or a CJK font installed on the system (Debian's
``fonts-noto-cjk`` or ``fonts-wqy-microhei``, Windows' Microsoft YaHei, macOS's
PingFang) is used. With none, charts are drawn anyway after a ``UserWarning``
that says how to fix it.
"""

from __future__ import annotations

import importlib
import warnings
from pathlib import Path
from typing import Any

from civledger.i18n import N_, gettext

__all__ = ["NO_FONT_HINT", "SYSTEM_FAMILIES", "cjk_family", "font_files"]

SYSTEM_FAMILIES: tuple[str, ...] = (
    "Noto Sans SC",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "SimHei",
    "Noto Sans CJK JP",
)
"""Installed font families that draw simplified Chinese, in order of preference."""

NO_FONT_HINT = N_(
    "no CJK font found: Chinese text in charts will show as boxes; install one with "
    "pip install 'civledger[plot]' (Noto Sans SC from PyPI) or apt-get install fonts-noto-cjk"
)
"""The warning given when no CJK font is found (a message, given in the language of the moment)."""

# (module, attribute): a function returning a path, or a path-like attribute.
_PACKAGES: tuple[tuple[str, str], ...] = (
    ("pylopdf_fonts_zh_cn", "sans_path"),
    ("noto_cjk_sans_otc", "FONT_PATH"),
)


def font_files() -> list[Path]:
    """The CJK font files that Python packages installed here carry, in order of preference.

    Examples
    --------
    >>> all(p.suffix in (".otf", ".ttf", ".ttc") for p in font_files())
    True
    """
    found: list[Path] = []
    for module_name, attribute in _PACKAGES:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        value: Any = getattr(module, attribute, None)
        path = Path(str(value() if callable(value) else value)) if value is not None else None
        if path is not None and path.is_file():
            found.append(path)
    return found


def cjk_family() -> str | None:
    """The family name of a CJK font matplotlib can use (registered with it), or ``None``.

    A font file from a Python package is added to matplotlib's font manager (once per
    process: matplotlib keeps it); otherwise an installed system family is looked up.
    When none is found a ``UserWarning`` says how to install one.

    Examples
    --------
    >>> cjk_family()
    'Noto Sans SC'
    """
    from matplotlib import font_manager

    manager = font_manager.fontManager
    known = {entry.fname: entry.name for entry in manager.ttflist}
    for path in font_files():
        name = known.get(str(path))
        if name is None:
            manager.addfont(str(path))
            name = font_manager.FontProperties(fname=str(path)).get_name()
        return name
    names = {entry.name for entry in manager.ttflist}
    for family in SYSTEM_FAMILIES:
        if family in names:
            return family
    warnings.warn(gettext(NO_FONT_HINT), UserWarning, stacklevel=3)
    return None
