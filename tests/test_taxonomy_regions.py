"""Regions for partial market credit, and buyers' sourcing regions."""

from matching.taxonomy import REGION_NAMES_KO, REGIONS, regions_of, sources_from


def test_regions_cover_the_mission_markets() -> None:
    assert regions_of("MX") == ("LATIN_AMERICA", "NORTH_AMERICA")
    assert "ASEAN" in regions_of("VN") and "CIS" in regions_of("UZ") and "EU" in regions_of("DE")
    assert set(REGION_NAMES_KO) >= set(REGIONS)


def test_sourcing_regions_by_code_or_group() -> None:
    assert sources_from(["KR"], "KR") and sources_from(["asia"], "KR") and sources_from(["East Asia"], "KR")
    assert not sources_from(["JP", "CN"], "KR") and not sources_from([], "KR")
