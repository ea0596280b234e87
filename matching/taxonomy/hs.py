"""The HS 2022 nomenclature (chapters, headings, subheadings), shipped as package data.

Codes are strings with leading zeros. Input may be written the way officers write it
(``8708.30``, ``8708-30``, the 10-digit Korean HSK ``8708.30-1000``, or ``901`` after Excel
dropped a leading zero); :func:`normalize_hs` turns those into the 2-, 4- or 6-digit form
used everywhere else.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

_NOT_DIGITS = re.compile(r"[\s.\-/]")


@dataclass(frozen=True)
class HsEntry:
    """One row of the nomenclature."""

    code: str
    description: str
    level: int
    parent: str | None
    section: str


@cache
def hs_table() -> dict[str, HsEntry]:
    """All chapters, headings and subheadings by code (the 'not specified' 99xx rows excluded)."""
    entries: dict[str, HsEntry] = {}
    with files(__package__).joinpath("data/harmonized-system.csv").open(encoding="utf-8-sig") as fh:
        for row in csv.DictReader(fh):
            if row["section"] == "TOTAL":
                continue
            parent = None if row["parent"] == "TOTAL" else row["parent"]
            entries[row["hscode"]] = HsEntry(
                row["hscode"], row["description"], int(row["level"]), parent, row["section"]
            )
    return entries


@cache
def hs_sections() -> dict[str, str]:
    """Section numeral (``XVII``) to its name."""
    with files(__package__).joinpath("data/sections.csv").open(encoding="utf-8-sig") as fh:
        return {row["section"]: row["name"] for row in csv.DictReader(fh)}


def normalize_hs(text: str | int) -> str:
    """Digits of an HS code cut to at most 6, with an Excel-dropped leading zero restored.

    Raises ValueError when the text is not an HS code at all.
    """
    raw = str(text).strip()
    digits = _NOT_DIGITS.sub("", raw)
    if not digits.isdigit():
        raise ValueError(f"{raw!r} is not an HS code (expected digits such as 8708 or 8708.30)")
    if len(digits) in (1, 3, 5):
        digits = "0" + digits
    if len(digits) < 2:
        raise ValueError(f"{raw!r} is too short for an HS code")
    return digits[:6]


def hs_entry(code: str) -> HsEntry:
    """The entry of a normalised code; ValueError naming the code when HS 2022 lacks it."""
    table = hs_table()
    entry = table.get(code)
    if entry is None:
        parent = code[:-2] if len(code) > 2 else ""
        near = sorted(c for c in table if len(c) == len(code) and c.startswith(parent))
        hint = f"; {parent} has {near[0]}-{near[-1]}" if parent in table and near else ""
        raise ValueError(f"{code!r} is not in the HS 2022 table{hint} (expected a code such as 8708 or 8708.30)")
    return entry


def hs_lineage(code: str) -> list[HsEntry]:
    """The code and its ancestors, most specific first (subheading, heading, chapter)."""
    chain = []
    current: str | None = code
    table = hs_table()
    while current is not None:
        entry = table[current]
        chain.append(entry)
        current = entry.parent
    return chain
