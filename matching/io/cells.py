"""Reading one cell the way an officer wrote it: lists, counts, amounts, yes/no, dates, times.

Each reader takes the raw value (text from CSV; text, number, date or bool from XLSX) and returns
the value, or raises ValueError with a message saying what was expected. Korean spellings are
accepted alongside English ones (예/아니오, 2024.06.25, 09:00~12:00).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

ITEM_SEPARATORS = re.compile(r"[;,\n、，；]")
WINDOW_SEPARATORS = re.compile(r"[;,\n，；]")

_DATE = r"(?P<y>\d{4})\s*[-/.년]\s*(?P<m>\d{1,2})\s*[-/.월]\s*(?P<d>\d{1,2})\s*[.일]?"
_TIME = r"\d{1,2}:\d{2}"
_WINDOW = re.compile(
    rf"^{_DATE}(?:\s+(?P<start>{_TIME})\s*[-~–]\s*(?P<end>{_TIME}))?(?:\s+(?P<zone>[A-Za-z_]+(?:/[A-Za-z_+\-0-9]+)+|UTC))?$"
)
_HOURS = re.compile(rf"^(?P<start>{_TIME})\s*[-~–]\s*(?P<end>{_TIME})$")
_AMOUNT = re.compile(r"^(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>[kmb])?$", re.IGNORECASE)

_TRUE = {"yes", "y", "true", "t", "1", "o", "v", "예", "네", "필요", "있음", "유"}
_FALSE = {"no", "n", "false", "f", "0", "x", "-", "아니오", "아니요", "불필요", "없음", "무"}

WINDOW_FORMAT = "YYYY-MM-DD HH:MM-HH:MM, e.g. 2024-06-25 13:00-15:00 (a date alone means the whole day)"


def text(value: Any) -> str:
    """A cell as text; whole numbers from Excel lose their '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return str(value).strip()


def items(value: Any) -> list[str]:
    """A multi-valued cell split on ';' or ',' (and their full-width forms)."""
    return [part.strip() for part in ITEM_SEPARATORS.split(text(value)) if part.strip()]


def count(value: Any) -> int:
    """A whole number of 0 or more ('1,200' allowed)."""
    raw = text(value).replace(",", "").replace("_", "")
    try:
        number = float(raw)
    except ValueError:
        raise ValueError(f"{text(value)!r} is not a number (expected a whole number such as 3)") from None
    if not number.is_integer():
        raise ValueError(f"{text(value)!r} is not a whole number")
    if number < 0:
        raise ValueError(f"{text(value)!r} is negative (expected 0 or more)")
    return int(number)


def amount(value: Any) -> float:
    """A money amount of 0 or more: '1,200,000', '$1.2M', 'USD 300K'."""
    raw = text(value)
    cleaned = re.sub(r"(?i)usd|us\$|\$|,|\s", "", raw)
    match = _AMOUNT.match(cleaned)
    if cleaned.startswith("-"):
        raise ValueError(f"{raw!r} is negative (expected 0 or more)")
    if not match:
        raise ValueError(f"{raw!r} is not an amount (expected a number such as 1,200,000 or 1.2M)")
    scale = {"k": 1e3, "m": 1e6, "b": 1e9}.get((match["unit"] or "").lower(), 1.0)
    return float(match["num"]) * scale


def boolean(value: Any) -> bool:
    """Yes or no, in English or Korean (예/아니오, 필요/불필요, and the O/X of Korean forms)."""
    if isinstance(value, bool):
        return value
    raw = text(value).casefold()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ValueError(f"{text(value)!r} is not yes or no (expected yes/no, true/false, 예/아니오)")


def choice(value: Any, vocabulary: Mapping[str, str], what: str) -> str:
    """One of a vocabulary, matched on folded spelling; the error lists the choices."""
    raw = text(value)
    key = re.sub(r"[\s\-_.]", "", raw).casefold()
    if key in vocabulary:
        return vocabulary[key]
    choices = ", ".join(sorted(set(vocabulary.values())))
    raise ValueError(f"{raw!r} is not a known {what} (expected one of: {choices})")


def _date_from_match(m: re.Match[str], raw: str) -> date:
    try:
        return date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        raise ValueError(f"{raw!r} is not a real date") from None


def calendar_date(value: Any) -> date:
    """A date from an Excel date cell or text such as 2024-06-25, 2024/6/25, 2024.06.25."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raw = text(value)
    m = re.fullmatch(_DATE, raw)
    if not m:
        raise ValueError(f"{raw!r} is not a date (expected YYYY-MM-DD, e.g. 2024-06-25)")
    return _date_from_match(m, raw)


def clock(value: Any) -> time:
    """A wall-clock time from an Excel time cell or text HH:MM."""
    if isinstance(value, time):
        return value
    if isinstance(value, datetime):
        return value.time()
    raw = text(value)
    try:
        hours, minutes = (int(p) for p in raw.split(":"))
        return time(hours, minutes)
    except ValueError:
        raise ValueError(f"{raw!r} is not a time (expected HH:MM, e.g. 09:30)") from None


def _instant(day: date, hhmm: str, zone: ZoneInfo, raw: str) -> datetime:
    hours, minutes = (int(p) for p in hhmm.split(":"))
    if (hours, minutes) == (24, 0):
        return datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)
    try:
        return datetime.combine(day, time(hours, minutes), tzinfo=zone)
    except ValueError:
        raise ValueError(f"{hhmm!r} in {raw!r} is not a time of day (expected HH:MM)") from None


def daily_hours(value: Any) -> dict[str, time]:
    """Daily hours such as 09:00-18:00 (or 09:00~18:00)."""
    raw = text(value)
    m = _HOURS.match(raw)
    if not m:
        raise ValueError(f"{raw!r} is not a span of hours (expected HH:MM-HH:MM, e.g. 09:00-18:00)")
    start, end = clock(m["start"]), clock(m["end"])
    if end <= start:
        raise ValueError(f"{raw!r} ends before it starts")
    return {"start": start, "end": end}


def windows(value: Any, zone_for: Callable[[date], str]) -> list[dict[str, datetime]]:
    """Time windows, one per entry separated by ';', each 'DATE [HH:MM-HH:MM] [ZONE]'.

    Without a zone an entry is read in ``zone_for(date)`` (the leg's zone for a firm, the buyer's
    own zone for a buyer). Every bad entry is reported, in one message.
    """
    if isinstance(value, (date, datetime)):
        value = calendar_date(value).isoformat()
    out: list[dict[str, datetime]] = []
    bad: list[str] = []
    for entry in (e.strip() for e in WINDOW_SEPARATORS.split(text(value))):
        if not entry:
            continue
        m = _WINDOW.match(entry)
        if not m:
            bad.append(f"{entry!r} is not a time window (expected {WINDOW_FORMAT})")
            continue
        try:
            day = _date_from_match(m, entry)
            zone_name = m["zone"] or zone_for(day)
            try:
                zone = ZoneInfo(zone_name)
            except (KeyError, ValueError):
                raise ValueError(f"unknown time zone {zone_name!r} in {entry!r}") from None
            if m["start"]:
                start, end = _instant(day, m["start"], zone, entry), _instant(day, m["end"], zone, entry)
            else:
                start = datetime.combine(day, time(0), tzinfo=zone)
                end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)
            if end <= start:
                raise ValueError(f"{entry!r} ends before it starts (end {m['end']} is not after start {m['start']})")
        except ValueError as exc:
            bad.append(str(exc))
            continue
        out.append({"start": start, "end": end})
    if bad:
        raise ValueError("; ".join(bad))
    return out
