"""Which columns each agenda shows, in which language: one layout for XLSX, HTML and CSV.

A firm's agenda is in Korean with the buyers' English names; a buyer's and an interpreter's are in
English. The flat meetings table (CSV, the workbook's first sheet) has every field, English headers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from matching.export.views import MeetingView

WEEKDAYS_KO = "월화수목금토일"


@dataclass(frozen=True)
class Column:
    """One column of an agenda: its header, width in characters, and how a meeting fills it."""

    header: str
    width: int
    value: Callable[[MeetingView], str | float | None]


def date_en(view: MeetingView) -> str:
    return f"{view.day:%a %d %b %Y}"


def date_ko(view: MeetingView) -> str:
    return f"{view.day:%Y-%m-%d} ({WEEKDAYS_KO[view.day.weekday()]})"


def _time(view: MeetingView) -> str:
    return f"{view.start}–{view.end}"


def _interpreter(view: MeetingView) -> str:
    return f"{view.interpreter_name} ({view.language_name})" if view.interpreter_name else ""


def _place(view: MeetingView) -> str:
    return f"{view.where}, {view.address}" if view.address else view.where


FIRM_COLUMNS: tuple[Column, ...] = (
    Column("날짜 Date", 17, date_ko),
    Column("시간 Time", 13, _time),
    Column("시간대 Time zone", 30, lambda v: v.zone),
    Column("도시 City", 12, lambda v: v.city),
    Column("장소 Place", 45, _place),
    Column("바이어 Buyer", 34, lambda v: f"{v.buyer_company} ({v.meeting.buyer_id})"),
    Column("국가 Country", 9, lambda v: v.buyer_country),
    Column("통역 Interpreter", 22, _interpreter),
    Column("매칭 사유 Why this buyer", 60, lambda v: "; ".join(v.reasons_ko)),
)

_WHEN_AND_WHERE_EN: tuple[Column, ...] = (
    Column("Date", 17, date_en),
    Column("Time", 13, _time),
    Column("Time zone", 30, lambda v: v.zone),
    Column("Place", 45, _place),
)

BUYER_COLUMNS: tuple[Column, ...] = (
    *_WHEN_AND_WHERE_EN,
    Column("Korean firm", 34, lambda v: f"{v.firm_name} ({v.meeting.firm_id})"),
    Column("Name in Korean", 22, lambda v: v.firm_name_ko),
    Column("Interpreter", 22, _interpreter),
    Column("Why this firm", 60, lambda v: "; ".join(v.reasons_en)),
)

INTERPRETER_COLUMNS: tuple[Column, ...] = (
    *_WHEN_AND_WHERE_EN,
    Column("Firm", 34, lambda v: f"{v.firm_name} ({v.meeting.firm_id})"),
    Column("Buyer", 34, lambda v: f"{v.buyer_company} ({v.meeting.buyer_id})"),
    Column("Language", 12, lambda v: v.language_name),
)

COLUMNS_BY_KIND = {"firm": FIRM_COLUMNS, "buyer": BUYER_COLUMNS, "interpreter": INTERPRETER_COLUMNS}

MEETING_COLUMNS: tuple[Column, ...] = (
    Column("meeting_id", 36, lambda v: v.meeting.id),
    Column("date", 11, lambda v: v.day.isoformat()),
    Column("start", 7, lambda v: v.start),
    Column("end", 7, lambda v: v.end),
    Column("timezone", 18, lambda v: v.meeting.timezone),
    Column("zone", 30, lambda v: v.zone),
    Column("city", 12, lambda v: v.city),
    Column("leg_id", 10, lambda v: v.meeting.leg_id),
    Column("place", 8, lambda v: v.meeting.place.value),
    Column("where", 45, lambda v: v.where),
    Column("address", 36, lambda v: v.address),
    Column("unit", 6, lambda v: v.meeting.unit or ""),
    Column("firm_id", 9, lambda v: v.meeting.firm_id),
    Column("firm_name_ko", 22, lambda v: v.firm_name_ko),
    Column("firm_name_en", 30, lambda v: v.firm_name_en),
    Column("buyer_id", 9, lambda v: v.meeting.buyer_id),
    Column("buyer_company", 30, lambda v: v.buyer_company),
    Column("buyer_country", 8, lambda v: v.buyer_country),
    Column("interpreter_id", 9, lambda v: v.meeting.interpreter_id or ""),
    Column("interpreter", 16, lambda v: v.interpreter_name),
    Column("language", 10, lambda v: v.meeting.language or ""),
    Column("score", 7, lambda v: round(v.meeting.score, 2)),
    Column("start_iso", 26, lambda v: v.meeting.start.isoformat()),
    Column("end_iso", 26, lambda v: v.meeting.end.isoformat()),
)

HEADINGS = {
    "firm": ("기업 상담 일정", "Firm agenda"),
    "buyer": ("Buyer agenda", "바이어 상담 일정"),
    "interpreter": ("Interpreter agenda", "통역 일정"),
    "grid": ("Master timetable", "전체 상담표"),
    "meetings": ("Meetings", "상담 목록"),
}
SYNTHETIC_NOTE = "SYNTHETIC DATA: fictional companies / 가상 데이터: 실제 기업이 아닙니다"
NO_MEETINGS = {"ko": "배정된 상담이 없습니다 (no meetings)", "en": "No meetings scheduled"}
