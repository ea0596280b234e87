"""Reference vocabularies: HS 2022 codes, countries, languages, zones, certifications."""

from __future__ import annotations

import pytest

from matching.taxonomy import (
    canonical_certification,
    country_code,
    country_name_ko,
    guess_timezone,
    hs_entry,
    hs_lineage,
    hs_sections,
    hs_table,
    language_code,
    normalize_hs,
)


def test_hs_table_has_the_2022_nomenclature() -> None:
    table = hs_table()
    levels = [e.level for e in table.values()]
    assert levels.count(2) >= 96 and levels.count(4) >= 1200 and levels.count(6) >= 5600
    assert table["870830"].section == "XVII" and "brakes" in table["870830"].description.lower()
    assert len(hs_sections()) == 21


@pytest.mark.parametrize(("written", "code"), [
    ("8708.30", "870830"), ("8708-30", "870830"), ("8708.30-1000", "870830"), ("870830", "870830"),
    ("901", "0901"), (901, "0901"), ("30490", "030490"), ("84", "84"), (" 8483 ", "8483"), ("7", "07"),
])
def test_hs_codes_are_normalised_as_officers_write_them(written, code) -> None:
    assert normalize_hs(written) == code


@pytest.mark.parametrize("bad", ["abc", "87A8", "", "8708.3O"])
def test_non_codes_are_refused(bad) -> None:
    with pytest.raises(ValueError):
        normalize_hs(bad)


def test_unknown_code_says_what_its_parent_holds() -> None:
    with pytest.raises(ValueError, match="8708 has 870810-870899"):
        hs_entry("870877")


def test_lineage_climbs_subheading_heading_chapter() -> None:
    assert [e.code for e in hs_lineage("870830")] == ["870830", "8708", "87"]


@pytest.mark.parametrize(("written", "code"), [("US", "US"), ("us", "US"), ("USA", "US"), ("미국", "US"),
                                               ("Viet Nam", "VN"), ("베트남", "VN"), ("Uzbekistan", "UZ"), ("KOR", "KR")])
def test_countries_by_code_name_or_korean_name(written, code) -> None:
    assert country_code(written) == code


def test_unknown_country_suggests() -> None:
    with pytest.raises(ValueError, match="did you mean DE"):
        country_code("Germny")
    assert country_name_ko("UZ") == "우즈베키스탄"


@pytest.mark.parametrize(("written", "code"), [("en", "en"), ("EN", "en"), ("영어", "en"), ("Vietnamese", "vi"),
                                               ("러시아어", "ru"), ("한국어", "ko")])
def test_languages(written, code) -> None:
    assert language_code(written) == code


def test_zone_guessing_only_when_unambiguous() -> None:
    assert guess_timezone("DE", "Hamburg") == "Europe/Berlin"
    assert guess_timezone("UZ", "Tashkent") == "Asia/Tashkent"
    assert guess_timezone("US", "Detroit") == "America/Detroit"
    assert guess_timezone("US", "Dallas") is None
    assert guess_timezone("ID", "Surabaya") is None


def test_certification_spellings_fold() -> None:
    assert canonical_certification("iatf16949") == "IATF 16949"
    assert canonical_certification("ISO-9001") == "ISO 9001"
    assert canonical_certification("할랄") == "Halal"
    assert canonical_certification("Jinju Quality Mark") == "Jinju Quality Mark"
