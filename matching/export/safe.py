"""Text that is safe to open: spreadsheet cells that would run as formulas are neutralised.

A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by Excel and
LibreOffice as a formula (CSV injection, OWASP). CSV cells get a leading apostrophe; XLSX cells are
stored as text with Excel's quote prefix, so the name shows as written and never runs.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet would read the text as a formula."""
    return text.startswith(FORMULA_STARTS)


def neutralise(text: str) -> str:
    """The text with a leading apostrophe when a spreadsheet would read it as a formula."""
    return "'" + text if is_formula_like(text) else text
