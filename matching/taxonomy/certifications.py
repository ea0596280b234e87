"""Certification names as the engine spells them, with the spellings officers use.

Unknown certifications are kept as written (a buyer may require a niche one); known ones are
folded to one spelling so that ``IATF16949`` held matches ``IATF 16949`` required.
"""

from __future__ import annotations

import re

KNOWN_CERTIFICATIONS: dict[str, tuple[str, ...]] = {
    "CE": ("ce", "ce marking", "ce인증"),
    "UL": ("ul", "ul listed", "ul인증"),
    "FDA": ("fda", "us fda", "fda등록", "fda인증"),
    "IATF 16949": ("iatf16949", "iatf 16949", "ts16949", "iso/ts 16949"),
    "ISO 9001": ("iso9001", "iso 9001"),
    "ISO 14001": ("iso14001", "iso 14001"),
    "ISO 13485": ("iso13485", "iso 13485"),
    "ISO 22000": ("iso22000", "iso 22000"),
    "ISO 45001": ("iso45001", "iso 45001"),
    "ISO 27001": ("iso27001", "iso 27001", "iso/iec 27001"),
    "KC": ("kc", "kc인증", "kc mark"),
    "Halal": ("halal", "할랄", "할랄인증"),
    "HACCP": ("haccp", "해썹"),
    "GMP": ("gmp", "cgmp", "kgmp"),
    "RoHS": ("rohs",),
    "REACH": ("reach",),
    "FCC": ("fcc",),
    "CCC": ("ccc",),
    "NSF": ("nsf",),
    "EAC": ("eac", "eac인증"),
    "SNI": ("sni",),
    "FSSC 22000": ("fssc22000", "fssc 22000"),
    "CPNP": ("cpnp",),
    "Vegan": ("vegan", "비건", "비건인증"),
}

_FOLD = re.compile(r"[\s\-_/]")


def _key(text: str) -> str:
    return _FOLD.sub("", text).casefold()


_ALIASES = {_key(alias): name for name, aliases in KNOWN_CERTIFICATIONS.items() for alias in (name, *aliases)}


def canonical_certification(text: str) -> str:
    """The engine's spelling of a certification, or the stripped input when it is not known."""
    raw = str(text).strip()
    if not raw:
        raise ValueError("empty certification name")
    return _ALIASES.get(_key(raw), raw)


def is_known_certification(name: str) -> bool:
    """True when the name is one of the certifications the engine knows."""
    return name in KNOWN_CERTIFICATIONS
