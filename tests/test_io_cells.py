"""Cell readers: examples and properties (any text either reads or says why; never anything else)."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.io import cells
from matching.io.vocabulary import BUYER_TYPES, EXPORT_STAGES

SEOUL = "Asia/Seoul"


def test_text_drops_excel_float_tails() -> None:
    assert cells.text(1001.0) == "1001" and cells.text(None) == "" and cells.text("  a ") == "a"


@pytest.mark.parametrize(("raw", "parts"), [("US; CA", ["US", "CA"]), ("US,CA", ["US", "CA"]), ("미국、베트남", ["미국", "베트남"]),
                                            ("a\nb", ["a", "b"]), ("", []), (" ; ", [])])
def test_items(raw, parts) -> None:
    assert cells.items(raw) == parts


@given(st.lists(st.text(alphabet=st.characters(blacklist_characters=";,\n、，；\r", blacklist_categories=["Zs", "Cc"]),
                        min_size=1, max_size=8), max_size=6), st.sampled_from(["; ", ",", " ， ", "\n"]))
def test_items_round_trip(parts, separator) -> None:
    assert cells.items(separator.join(parts)) == [p.strip() for p in parts if p.strip()]


@given(st.integers(min_value=0, max_value=10**9))
def test_count_reads_every_way_excel_writes_a_number(n) -> None:
    assert cells.count(str(n)) == cells.count(f"{n:,}") == cells.count(float(n)) == cells.count(n) == n


@given(st.integers(max_value=-1))
def test_count_refuses_negatives(n) -> None:
    with pytest.raises(ValueError, match="negative"):
        cells.count(str(n))


@pytest.mark.parametrize(("raw", "value"), [("1,200,000", 1_200_000), ("$1.2M", 1_200_000), ("USD 300K", 300_000),
                                            (0, 0), ("15000", 15000)])
def test_amount(raw, value) -> None:
    assert cells.amount(raw) == pytest.approx(value)


@pytest.mark.parametrize(("raw", "value"), [("yes", True), ("예", True), ("O", True), ("필요", True), ("X", False),
                                            ("아니오", False), ("false", False), (True, True)])
def test_boolean(raw, value) -> None:
    assert cells.boolean(raw) is value


def test_choice_accepts_korean_and_lists_choices() -> None:
    assert cells.choice("수출강소", EXPORT_STAGES, "export stage") == "established"
    assert cells.choice("Tier-1", BUYER_TYPES, "buyer type") == "tier1"
    with pytest.raises(ValueError, match="expected one of: beginner, established, growing"):
        cells.choice("huge", EXPORT_STAGES, "export stage")


@pytest.mark.parametrize("raw", ["2024-06-25", "2024/6/25", "2024.06.25", "2024. 6. 25.", "2024년 6월 25일",
                                 datetime(2024, 6, 25, 0, 0), date(2024, 6, 25)])
def test_dates_in_korean_and_excel_forms(raw) -> None:
    assert cells.calendar_date(raw) == date(2024, 6, 25)


def test_windows_read_in_the_zone_of_their_date() -> None:
    zones = {date(2024, 6, 24): "America/Chicago", date(2024, 6, 27): "America/Detroit"}
    got = cells.windows("2024-06-24 09:00-10:00; 2024-06-27 13:00~15:30; 2024-06-28 09:00-10:00 Asia/Seoul",
                        lambda d: zones.get(d, SEOUL))
    assert [str(w["start"].tzinfo) for w in got] == ["America/Chicago", "America/Detroit", "Asia/Seoul"]
    assert got[1]["end"] - got[1]["start"] == (datetime(2024, 1, 1, 15, 30) - datetime(2024, 1, 1, 13, 0))
    whole = cells.windows("2024-06-25", lambda d: SEOUL)[0]
    assert (whole["end"] - whole["start"]).days == 1
    late = cells.windows("2024-06-25 22:00-24:00", lambda d: SEOUL)[0]
    assert late["end"] == datetime(2024, 6, 26, 0, 0, tzinfo=ZoneInfo(SEOUL))


def test_every_bad_window_is_reported_in_one_message() -> None:
    with pytest.raises(ValueError) as raised:
        cells.windows("2024-06-31; tomorrow; 2024-06-24 11:00-10:00", lambda d: SEOUL)
    message = str(raised.value)
    assert "not a real date" in message and "'tomorrow' is not a time window" in message and "ends before" in message


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
       st.times(), st.times(), st.sampled_from(["America/Chicago", "Europe/Berlin", SEOUL]))
def test_windows_round_trip(day, a, b, zone) -> None:
    a, b = sorted([time(a.hour, a.minute), time(b.hour, b.minute)])
    text = f"{day.isoformat()} {a:%H:%M}-{b:%H:%M}"
    if a == b:
        with pytest.raises(ValueError):
            cells.windows(text, lambda d: zone)
        return
    [window] = cells.windows(text, lambda d: zone)
    assert window["start"].replace(tzinfo=None) == datetime.combine(day, a)
    assert str(window["start"].tzinfo) == zone


@settings(max_examples=300)
@given(st.one_of(st.text(max_size=40), st.integers(), st.floats(allow_nan=True), st.dates(), st.none()))
def test_any_cell_either_reads_or_raises_value_error(value) -> None:
    for reader in (cells.count, cells.amount, cells.boolean, cells.calendar_date, cells.clock, cells.daily_hours):
        try:
            reader(value)
        except ValueError:
            pass
    try:
        cells.windows(value, lambda d: SEOUL)
    except ValueError:
        pass
