"""Column vocabularies: every alias is unambiguous, Korean headers are known, suggestions help."""

from __future__ import annotations

import pytest

from matching.io.columns import TABLES, fold_header


@pytest.mark.parametrize("spec", TABLES.values(), ids=list(TABLES))
def test_no_alias_means_two_columns(spec) -> None:
    seen: dict[str, str] = {}
    for column in spec.columns:
        for alias in {fold_header(a) for a in (column.field, *column.aliases)}:
            assert seen.setdefault(alias, column.field) == column.field, f"{alias!r} is ambiguous in {spec.name}"


@pytest.mark.parametrize("spec", TABLES.values(), ids=list(TABLES))
def test_every_column_has_an_english_and_a_korean_name(spec) -> None:
    for column in spec.columns:
        assert column.label.isascii()
        assert any("\uac00" <= ch <= "\ud7a3" for ch in column.label_ko), column.field


@pytest.mark.parametrize(("table", "header", "field"), [
    ("firms", "HS Code", "hs_codes"), ("firms", "hs_codes", "hs_codes"), ("firms", "HS코드", "hs_codes"),
    ("firms", "기업명", "name_ko"), ("firms", "품목", "products_ko"), ("firms", "수출희망국", "target_markets"),
    ("firms", "인증", "certifications"), ("firms", "통역필요", "needs_interpreter"), ("firms", " Firm ID ", "id"),
    ("buyers", "바이어명", "company"), ("buyers", "Time-Zone", "timezone"), ("travel_times", "이동시간(분)", "minutes"),
])
def test_headers_fold(table, header, field) -> None:
    assert TABLES[table].column(header).field == field


def test_suggestions() -> None:
    assert TABLES["firms"].suggest("HS cdoes") == "HS codes"
    assert TABLES["buyers"].suggest("countyr") == "country"
    assert TABLES["firms"].suggest("zzzzzz") is None
