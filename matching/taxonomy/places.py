"""Countries and languages by ISO code, from pycountry, with Korean names accepted on input.

Officers write ``US``, ``USA``, ``United States`` or ``미국``; the engine keeps ISO 3166 alpha-2
codes (``US``) and ISO 639-1 language codes (``en``).
"""

from __future__ import annotations

import difflib
import gettext
from collections.abc import Iterable
from functools import cache
from typing import Any

import pycountry


@cache
def _korean(domain: str) -> gettext.NullTranslations:
    """Korean names of an ISO domain; loaded once (the catalogue is read from disk)."""
    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=["ko"], fallback=True)


def _fold(text: str) -> str:
    return "".join(text.split()).casefold()


def _name_index(records: Iterable[Any], domain: str, labels: tuple[str, ...]) -> dict[str, str]:
    """Folded labels (codes, English names, the Korean name) of ISO records to their alpha-2 code."""
    ko = _korean(domain)
    names: dict[str, str] = {}
    for record in records:
        code = getattr(record, "alpha_2", None)
        if not code:
            continue
        for label in (*(getattr(record, attr, None) for attr in labels), ko.gettext(record.name)):
            if label:
                names.setdefault(_fold(label), code)
    return names


@cache
def _country_names() -> dict[str, str]:
    """Folded alpha-3, names and Korean name of every country to its alpha-2 code."""
    names = _name_index(pycountry.countries, "iso3166-1", ("alpha_3", "name", "common_name", "official_name"))
    names.setdefault("usa", "US")
    names.setdefault("uk", "GB")
    return names


def country_code(text: str) -> str:
    """ISO 3166 alpha-2 code of a code, name or Korean name; ValueError with a suggestion."""
    raw = str(text).strip()
    if len(raw) == 2 and pycountry.countries.get(alpha_2=raw.upper()):
        return raw.upper()
    found = _country_names().get(_fold(raw))
    if found:
        return found
    close = difflib.get_close_matches(_fold(raw), list(_country_names()), n=1, cutoff=0.75)
    hint = f"; did you mean {_country_names()[close[0]]}?" if close else ""
    raise ValueError(f"unknown country {raw!r} (expected an ISO 3166 code such as US, VN, UZ){hint}")


@cache
def country_name(code: str) -> str:
    """English short name of an alpha-2 code."""
    c = pycountry.countries.get(alpha_2=code)
    return getattr(c, "common_name", None) or c.name


@cache
def country_name_ko(code: str) -> str:
    """Korean name of an alpha-2 code (English when no translation exists)."""
    return _korean("iso3166-1").gettext(pycountry.countries.get(alpha_2=code).name)


@cache
def _language_names() -> dict[str, str]:
    """Folded alpha-3, English name and Korean name of every language to its ISO 639-1 code."""
    names = _name_index(pycountry.languages, "iso639-3", ("alpha_3", "name"))
    names.setdefault("한국어", "ko")
    names.setdefault("한국말", "ko")
    return names


def language_code(text: str) -> str:
    """ISO 639-1 code of a code, name or Korean name (``영어`` -> ``en``)."""
    raw = str(text).strip()
    if len(raw) == 2 and pycountry.languages.get(alpha_2=raw.lower()):
        return raw.lower()
    found = _language_names().get(_fold(raw))
    if found:
        return found
    raise ValueError(f"unknown language {raw!r} (expected an ISO 639-1 code such as ko, en, vi, ru)")


@cache
def _zones_by_country() -> dict[str, tuple[str, ...]]:
    from importlib.resources import files as package_files

    zones: dict[str, list[str]] = {}
    text = package_files("tzdata").joinpath("zoneinfo/zone.tab").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        country, _coords, zone, *_ = line.split("\t")
        zones.setdefault(country, []).append(zone)
    return {country: tuple(z) for country, z in zones.items()}


def country_timezones(code: str) -> tuple[str, ...]:
    """IANA zones of a country (from tzdata's zone.tab); one for most countries, many for the US."""
    return _zones_by_country().get(code, ())


def guess_timezone(country: str, city: str = "") -> str | None:
    """The zone of a city in a country when it can be told without asking.

    A zone named after the city wins (Tashkent -> Asia/Tashkent); otherwise a country whose
    zones all keep the same clock (Germany, Vietnam, Korea) gets its principal zone. A country
    spanning several clocks (US, Brazil, Indonesia) gives None: the user must say.
    """
    from datetime import datetime
    from zoneinfo import ZoneInfo

    zones = country_timezones(country)
    folded = _fold(city).replace("-", "")
    for zone in zones:
        if folded and _fold(zone.rsplit("/", 1)[-1].replace("_", "")) == folded:
            return zone
    probes = [datetime(2025, 1, 15, 12), datetime(2025, 7, 15, 12)]
    clocks = {tuple(p.replace(tzinfo=ZoneInfo(z)).utcoffset() for p in probes) for z in zones}
    return zones[0] if len(clocks) == 1 else None
