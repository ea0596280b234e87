"""The columns of each scenario table, with the English and Korean headers officers use.

Headers match after folding case, spaces, underscores, hyphens, dots and brackets, so
``HS code``, ``hs_codes`` and ``HS코드`` all land on ``hs_codes``. A header starting with ``#`` is a
comment column and is ignored. The first alias of each column is its English name in messages
and the README, the second its Korean name.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cached_property

_FOLD = re.compile(r"[\s_\-.()\[\]/:·]")


def fold_header(text: str) -> str:
    """The form headers are compared in."""
    return _FOLD.sub("", text).casefold()


@dataclass(frozen=True)
class Column:
    """One column a table may have."""

    field: str
    aliases: tuple[str, ...]
    required: bool = False

    @property
    def label(self) -> str:
        return self.aliases[0]

    @property
    def label_ko(self) -> str:
        return self.aliases[1] if len(self.aliases) > 1 else self.aliases[0]


@dataclass(frozen=True)
class TableSpec:
    """The columns of one table kind."""

    name: str
    columns: tuple[Column, ...]
    min_rows: int = 0

    @cached_property
    def by_alias(self) -> dict[str, Column]:
        """Folded header to column."""
        return {fold_header(alias): col for col in self.columns for alias in (col.field, *col.aliases)}

    def column(self, header: str) -> Column | None:
        return self.by_alias.get(fold_header(header))

    def recognises(self, header: str) -> bool:
        return self.column(header) is not None

    def suggest(self, header: str) -> str | None:
        """The closest known header, for 'did you mean'."""
        aliases = {fold_header(a): a for col in self.columns for a in col.aliases}
        close = difflib.get_close_matches(fold_header(header), list(aliases), n=1, cutoff=0.6)
        return aliases[close[0]] if close else None


def _c(field: str, *aliases: str, required: bool = False) -> Column:
    return Column(field, aliases, required)


FIRMS = TableSpec("firms", (
    _c("id", "firm id", "기업코드", "기업id", "업체코드", "업체id", "id", required=True),
    _c("name_ko", "name (Korean)", "기업명", "업체명", "회사명", "국문기업명", "korean name"),
    _c("name_en", "name (English)", "영문기업명", "영문업체명", "영문명", "english name", "company"),
    _c("city", "city", "소재지", "지역", "시군"),
    _c("hs_codes", "HS codes", "HS코드", "hs code", "hs", "hs부호", "품목코드"),
    _c("products_ko", "products (Korean)", "품목", "주요품목", "주력제품", "제품", "국문품목"),
    _c("products_en", "products (English)", "영문품목", "영문제품설명", "products", "product summary"),
    _c("target_markets", "target markets", "수출희망국", "희망국가", "진출희망국", "target countries"),
    _c("export_stage", "export stage", "수출단계", "수출역량"),
    _c("annual_exports_usd", "annual exports (USD)", "연간수출액", "수출액", "수출실적", "exports usd"),
    _c("employees", "employees", "종업원수", "직원수", "임직원수"),
    _c("certifications", "certifications", "인증", "보유인증", "인증현황"),
    _c("languages", "languages", "사용언어", "가능언어", "구사언어"),
    _c("needs_interpreter", "needs interpreter", "통역필요", "통역필요여부", "interpreter"),
    _c("representatives", "representatives", "참가인원", "참가자수", "상담인원"),
    _c("unavailable", "unavailable", "참석불가시간", "불가시간", "상담불가"),
    _c("must_meet", "must meet", "필수상담바이어", "희망바이어", "must-meet buyers"),
    _c("never_meet", "never meet", "상담제외바이어", "제외바이어", "never-meet buyers"),
    _c("met_before", "met before", "기상담바이어", "이전상담바이어", "met-before buyers"),
    _c("booth", "booth", "부스", "부스번호"),
    _c("notes", "notes", "비고", "메모"),
), min_rows=1)

BUYERS = TableSpec("buyers", (
    _c("id", "buyer id", "바이어코드", "바이어id", "id", required=True),
    _c("company", "company", "바이어명", "바이어사명", "회사명", "기업명", required=True),
    _c("country", "country", "국가", "국가코드", required=True),
    _c("city", "city", "도시", "소재도시"),
    _c("timezone", "time zone", "시간대", "타임존", "tz"),
    _c("buyer_type", "buyer type", "바이어유형", "유형", "type"),
    _c("hs_codes", "HS codes", "HS코드", "hs code", "hs", "관심hs코드"),
    _c("products", "products sought", "관심품목", "구매희망품목", "products", "sourcing products"),
    _c("products_ko", "products sought (Korean)", "국문관심품목", "관심품목국문"),
    _c("sourcing_regions", "sourcing regions", "소싱지역", "관심지역", "sourcing from"),
    _c("certifications_required", "certifications required", "요구인증", "필요인증", "required certifications"),
    _c("languages", "languages", "사용언어", "언어"),
    _c("meets_at", "meets at", "상담장소", "상담방식", "meeting place"),
    _c("site_id", "site id", "방문지", "방문지코드", "site"),
    _c("leg_id", "leg", "일정", "구간", "leg id"),
    _c("availability", "availability", "상담가능시간", "가능시간", "available"),
    _c("business_hours", "business hours", "업무시간", "근무시간"),
    _c("max_meetings", "max meetings", "최대상담수", "최대상담건수"),
    _c("preferred_stages", "preferred export stages", "선호수출단계", "preferred stages"),
    _c("notes", "notes", "비고", "메모"),
), min_rows=1)

INTERPRETERS = TableSpec("interpreters", (
    _c("id", "interpreter id", "통역사코드", "통역사id", "id", required=True),
    _c("name", "name", "이름", "통역사명", "성명", required=True),
    _c("language_pairs", "language pairs", "통역언어", "언어쌍", "languages", required=True),
    _c("side", "side", "담당", "소속"),
    _c("legs", "legs", "담당일정", "구간"),
    _c("availability", "availability", "가능시간", "근무가능시간"),
    _c("notes", "notes", "비고", "메모"),
))

SITES = TableSpec("sites", (
    _c("id", "site id", "방문지코드", "id", required=True),
    _c("buyer_id", "buyer id", "바이어코드", "바이어id", "buyer", required=True),
    _c("name", "name", "방문지명", "명칭"),
    _c("address", "address", "주소", required=True),
    _c("city", "city", "도시", required=True),
))

TRAVEL_TIMES = TableSpec("travel_times", (
    _c("origin", "from", "출발지", "출발", "origin", required=True),
    _c("destination", "to", "도착지", "도착", "destination", required=True),
    _c("minutes", "minutes", "이동시간", "소요시간", "이동시간분", "travel minutes", required=True),
    _c("symmetric", "both ways", "왕복동일", "symmetric"),
))

OUTCOMES = TableSpec("outcomes", (
    _c("meeting_id", "meeting id", "상담ID", "상담코드", "meeting"),
    _c("firm_id", "firm id", "기업코드", "기업id", "업체코드", required=True),
    _c("firm", "firm", "기업명", "업체명"),
    _c("buyer_id", "buyer id", "바이어코드", "바이어id", required=True),
    _c("buyer", "buyer", "바이어명", "바이어"),
    _c("when", "when", "일시", "상담일시"),
    _c("status", "status", "상담결과", "결과", "진행여부", required=True),
    _c("interest", "interest 1-5", "관심도", "interest", "바이어관심도"),
    _c("consultation_usd", "consultation USD", "상담액", "상담금액", "상담액USD", "consultation amount"),
    _c("expected_contract_usd", "expected contract USD", "계약추진액", "예상계약액", "expected contract"),
    _c("contract_signed", "contract signed", "계약체결", "계약여부", "계약"),
    _c("contract_usd", "contract USD", "계약액", "계약금액", "계약액USD", "contract amount"),
    _c("follow_up", "follow-up wanted", "후속상담", "후속상담희망", "follow up"),
    _c("notes", "notes", "비고", "메모"),
))

TABLES: dict[str, TableSpec] = {spec.name: spec for spec in (FIRMS, BUYERS, INTERPRETERS, SITES, TRAVEL_TIMES)}
