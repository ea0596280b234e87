"""Reference vocabularies: the HS 2022 nomenclature, countries, languages, certifications."""

from matching.taxonomy.certifications import canonical_certification, is_known_certification
from matching.taxonomy.regions import REGION_NAMES_KO, REGIONS, regions_of, sources_from
from matching.taxonomy.hs import HsEntry, hs_entry, hs_lineage, hs_sections, hs_table, normalize_hs
from matching.taxonomy.places import (
    country_code,
    country_name,
    country_name_ko,
    country_timezones,
    guess_timezone,
    language_code,
)

__all__ = [
    "REGIONS",
    "REGION_NAMES_KO",
    "HsEntry",
    "canonical_certification",
    "country_code",
    "country_name",
    "country_name_ko",
    "country_timezones",
    "guess_timezone",
    "hs_entry",
    "hs_lineage",
    "hs_sections",
    "hs_table",
    "is_known_certification",
    "language_code",
    "normalize_hs",
    "regions_of",
    "sources_from",
]
