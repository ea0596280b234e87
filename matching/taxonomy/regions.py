"""World regions used for partial market credit: a buyer in Mexico half-matches a firm targeting the US.

A small documented table, not an official classification: the groupings export offices plan by
(North America, ASEAN, EU, CIS, Middle East ...). A country may sit in several regions.
"""

from __future__ import annotations

from functools import cache

REGIONS: dict[str, frozenset[str]] = {
    "NORTH_AMERICA": frozenset({"US", "CA", "MX"}),
    "LATIN_AMERICA": frozenset({"MX", "BR", "AR", "CL", "CO", "PE", "EC", "UY", "PY", "BO", "VE", "GT", "CR", "PA",
                                "DO", "HN", "SV", "NI", "CU", "JM"}),
    "EU": frozenset({"AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
                     "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"}),
    "EUROPE_OTHER": frozenset({"GB", "NO", "CH", "IS", "RS", "UA", "MD", "BA", "MK", "AL", "ME"}),
    "CIS": frozenset({"RU", "BY", "KZ", "UZ", "KG", "TJ", "TM", "AM", "AZ", "GE"}),
    "MIDDLE_EAST": frozenset({"AE", "SA", "QA", "KW", "OM", "BH", "IL", "JO", "LB", "IQ", "IR", "TR", "EG", "YE"}),
    "ASEAN": frozenset({"VN", "TH", "ID", "MY", "SG", "PH", "MM", "KH", "LA", "BN"}),
    "EAST_ASIA": frozenset({"KR", "JP", "CN", "TW", "HK", "MO", "MN"}),
    "SOUTH_ASIA": frozenset({"IN", "PK", "BD", "LK", "NP", "BT", "MV"}),
    "OCEANIA": frozenset({"AU", "NZ", "PG", "FJ"}),
    "AFRICA": frozenset({"ZA", "NG", "KE", "EG", "MA", "DZ", "TN", "GH", "ET", "TZ", "UG", "CI", "SN", "AO"}),
}
"""Region code to member countries (ISO 3166 alpha-2)."""

SOURCING_GROUPS: dict[str, frozenset[str]] = {
    "ASIA": REGIONS["EAST_ASIA"] | REGIONS["ASEAN"] | REGIONS["SOUTH_ASIA"],
    **REGIONS,
}
"""Names a buyer may give as 'sourcing regions', to the countries they cover (a country code covers itself)."""

REGION_NAMES_KO: dict[str, str] = {
    "NORTH_AMERICA": "북미", "LATIN_AMERICA": "중남미", "EU": "유럽연합", "EUROPE_OTHER": "기타 유럽", "CIS": "CIS",
    "MIDDLE_EAST": "중동", "ASEAN": "아세안", "EAST_ASIA": "동아시아", "SOUTH_ASIA": "남아시아", "OCEANIA": "오세아니아",
    "AFRICA": "아프리카", "ASIA": "아시아",
}


@cache
def regions_of(country: str) -> tuple[str, ...]:
    """Regions a country belongs to, sorted."""
    return tuple(sorted(name for name, members in REGIONS.items() if country in members))


def sources_from(sourcing: list[str], country: str) -> bool:
    """True when a buyer's sourcing regions (codes or region names) cover the country."""
    for item in sourcing:
        key = item.strip().upper().replace(" ", "_")
        if key == country or country in SOURCING_GROUPS.get(key, frozenset()):
            return True
    return False
