"""Synthetic worlds: fictional firms and buyers with planted true pairs, for benchmarks and quality checks.

Every buyer is drawn from one *planted* firm: its real need is one of that firm's product lines, but
the profile hides it the way real buyer sheets do. Codes are partial (a heading or a chapter instead
of the subheading, sometimes none, sometimes a stray code); the product text drops most words, adds
sales filler and is English, Korean or both; the country is one of the firm's target markets only
some of the time; required certifications are mostly ones the firm holds; the buyer type suits the
firm's export stage only some of the time. Each block therefore carries part of the signal and
none carries all of it, which is what lets the quality benchmark show what every block adds.

All companies are fictional and named ``Synthetic ...``; nothing here describes a real firm.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, time, timedelta
from functools import cache

from matching.domain import (
    Buyer,
    BuyerType,
    ExportStage,
    Firm,
    Interpreter,
    Leg,
    Mission,
    MissionFormat,
    Rules,
    Scenario,
    Session,
    Venue,
)
from matching.taxonomy import country_timezones, hs_table
from matching.vectorize import FIT

CHAPTERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "84": ("machinery", ("기계", "산업용 기계", "공작기계", "펌프", "밸브", "베어링")),
    "85": ("electronics", ("전자부품", "전기기기", "배터리", "센서", "모터", "케이블")),
    "87": ("auto parts", ("자동차 부품", "차량 부품", "브레이크", "변속기", "차체 부품")),
    "90": ("instruments", ("의료기기", "측정기기", "광학기기", "진단기기")),
    "39": ("plastics", ("플라스틱", "필름", "용기", "포장재")),
    "33": ("cosmetics", ("화장품", "스킨케어", "마스크팩", "향수", "색조화장품")),
    "30": ("pharmaceuticals", ("의약품", "건강기능식품", "연고", "백신")),
    "21": ("food", ("가공식품", "소스", "조미료", "간편식")),
    "73": ("steel products", ("철강 제품", "볼트", "너트", "강관", "구조물")),
    "94": ("furniture", ("가구", "조명", "사무용 가구", "침구")),
    "40": ("rubber", ("고무 제품", "타이어", "호스", "가스켓")),
    "61": ("apparel", ("의류", "니트", "스포츠웨어", "속옷")),
}
"""Chapters Korean SME exporters often trade in, with Korean product words for each."""

CERTIFICATIONS: dict[str, tuple[str, ...]] = {
    "84": ("CE", "ISO 9001", "UL"), "85": ("CE", "UL", "FCC", "RoHS", "KC"), "87": ("IATF 16949", "ISO 9001"),
    "90": ("ISO 13485", "FDA", "CE"), "39": ("ISO 9001", "REACH"), "33": ("CPNP", "FDA", "Halal", "Vegan"),
    "30": ("GMP", "FDA", "Halal"), "21": ("HACCP", "FDA", "Halal", "ISO 22000"), "73": ("ISO 9001", "CE"),
    "94": ("ISO 9001", "CE"), "40": ("ISO 9001", "IATF 16949"), "61": ("ISO 9001",),
}
"""Certifications that matter per chapter."""

MARKETS = ("US", "CA", "MX", "DE", "FR", "NL", "PL", "GB", "VN", "TH", "ID", "MY", "PH", "SG", "JP", "CN", "IN",
           "AE", "SA", "TR", "UZ", "KZ", "RU", "AU", "BR", "CL", "ZA", "EG")
"""Buyer countries and target markets the world is drawn from."""

FILLER_EN = ("high quality", "competitive price", "reliable supplier", "long term partner", "oem odm",
             "fast delivery", "custom solutions", "wholesale", "private label", "sample order", "new products")
FILLER_KO = ("고품질", "합리적 가격", "장기 거래", "맞춤 제작", "신속 납품", "샘플 주문", "신제품")
SOURCING = ("Korea", "Asia", "ASEAN", "EU", "China")


@dataclass(frozen=True)
class World:
    """Profiles and the pairs that truly belong together (firm id, buyer id)."""

    firms: list[Firm]
    buyers: list[Buyer]
    planted: frozenset[tuple[str, str]]
    seed: int


@cache
def _lines() -> dict[str, list[tuple[str, str]]]:
    """(subheading, English description) of every HS 2022 subheading in the chapters above."""
    lines: dict[str, list[tuple[str, str]]] = {c: [] for c in CHAPTERS}
    for code, entry in sorted(hs_table().items()):
        if entry.level == 6 and code[:2] in lines and "other" not in entry.description.lower()[:6]:
            lines[code[:2]].append((code, entry.description))
    return lines


def _words(text: str) -> list[str]:
    return [w for w in text.replace(";", " ").replace(",", " ").replace("(", " ").replace(")", " ").split()
            if len(w) > 2]


def _firm(rng: random.Random, index: int) -> Firm:
    chapter = rng.choice(list(CHAPTERS))
    lines = rng.sample(_lines()[chapter], k=min(rng.randint(1, 3), len(_lines()[chapter])))
    english, korean = CHAPTERS[chapter]
    text_en = "; ".join(d for _, d in lines) + f"; {english}; " + ", ".join(rng.sample(FILLER_EN, 2))
    text_ko = " ".join(rng.sample(korean, min(2, len(korean))) + rng.sample(FILLER_KO, 2))
    return Firm(id=f"F{index:06d}", name_en=f"Synthetic Firm {index}", name_ko=f"합성기업 {index}",
                hs_codes=[c for c, _ in lines], products_en=text_en, products_ko=text_ko if rng.random() < 0.8 else "",
                target_markets=rng.sample(MARKETS, rng.randint(2, 5)),
                export_stage=rng.choice(list(ExportStage)),
                certifications=rng.sample(CERTIFICATIONS[chapter], rng.randint(0, len(CERTIFICATIONS[chapter]))),
                languages=["ko", "en"] if rng.random() < 0.4 else ["ko"])


def _buyer_codes(rng: random.Random, code: str) -> list[str]:
    draw = rng.random()
    codes = [code] if draw < 0.35 else [code[:4]] if draw < 0.65 else [code[:2]] if draw < 0.8 else []
    if rng.random() < 0.25:
        codes.append(rng.choice(_lines()[rng.choice(list(CHAPTERS))])[0])
    return codes


def _buyer_text(rng: random.Random, description: str, chapter: str) -> tuple[str, str]:
    words = _words(description)
    kept = [w for w in words if rng.random() < 0.4] or [rng.choice(words)] if words else []
    english = " ".join(kept + rng.sample(FILLER_EN, 3))
    korean = " ".join([rng.choice(CHAPTERS[chapter][1])] + rng.sample(FILLER_KO, 2))
    draw = rng.random()
    return (english, "") if draw < 0.6 else ("", korean) if draw < 0.8 else (english, korean)


def _buyer(rng: random.Random, index: int, firm: Firm) -> Buyer:
    code = rng.choice(firm.hs_codes)
    chapter = code[:2]
    description = dict(_lines()[chapter])[code]
    country = rng.choice(firm.target_markets) if rng.random() < 0.5 else rng.choice(MARKETS)
    required = [c for c in firm.certifications if rng.random() < 0.5]
    if rng.random() < 0.15:
        required.append(rng.choice(CERTIFICATIONS[chapter]))
    suited = [t for t in BuyerType if _suits(firm.export_stage, t)]
    buyer_type = rng.choice(suited) if rng.random() < 0.6 else rng.choice(list(BuyerType))
    english, korean = _buyer_text(rng, description, chapter)
    return Buyer(id=f"B{index:07d}", company=f"Synthetic Buyer {index}", country=country,
                 timezone=country_timezones(country)[0], buyer_type=buyer_type,
                 hs_codes=_buyer_codes(rng, code), products=english, products_ko=korean,
                 sourcing_regions=rng.sample(SOURCING, rng.randint(0, 2)),
                 certifications_required=sorted(set(required)), languages=["en"])


def _suits(stage: ExportStage, kind: BuyerType) -> bool:
    return FIT[stage][kind] >= 0.8


def make_world(n_firms: int, n_buyers: int, *, seed: int = 7) -> World:
    """A seeded world of ``n_firms`` firms and ``n_buyers`` buyers, each buyer planted on one firm."""
    rng = random.Random(seed)
    firms = [_firm(rng, i) for i in range(n_firms)]
    buyers, planted = [], set()
    for j in range(n_buyers):
        firm = firms[rng.randrange(n_firms)]
        buyer = _buyer(rng, j, firm)
        buyers.append(buyer)
        planted.add((firm.id, buyer.id))
    return World(firms=firms, buyers=buyers, planted=frozenset(planted), seed=seed)


FAIR_LANGUAGES = {"CN": "zh", "JP": "ja", "VN": "vi", "MX": "es", "DE": "de", "FR": "fr", "TH": "th", "ID": "id"}
"""Buyers from these markets speak their own language (and English 40 % of the time)."""


def make_fair(n_firms: int, n_buyers: int, *, days: int = 2, tables: int | None = None, seed: int = 7,
              name: str = "") -> Scenario:
    """A synthetic buyer fair: one hall, 30-minute slots, morning and afternoon sessions, interpreters
    by language, targets and limits like the bundled Incheon fair. Every company is ``Synthetic ...``."""
    world = make_world(n_firms, n_buyers, seed=seed)
    rng = random.Random(seed)
    buyers = []
    for buyer in world.buyers:
        own = FAIR_LANGUAGES.get(buyer.country)
        languages = [own, "en"] if own and rng.random() < 0.4 else [own or "en"]
        buyers.append(buyer.model_copy(update={"city": "Incheon", "leg_id": "fair", "languages": languages}))
    spoken = Counter(lang for b in buyers for lang in b.languages[:1] if lang != "ko")
    tables = tables or max(4, n_buyers // 3)
    interpreters = []
    for language, count in spoken.most_common():
        for k in range(max(1, round(count / n_buyers * tables * 0.6))):
            interpreters.append(Interpreter(id=f"I-{language}-{k + 1}", name=f"Synthetic Interpreter {language} {k + 1}",
                                            language_pairs=[f"ko-{language}"]))
    first = date(2025, 5, 20)
    leg = Leg(id="fair", city="Incheon", country="KR", timezone="Asia/Seoul",
              dates=[first + timedelta(days=d) for d in range(days)],
              sessions=[Session(start=time(10), end=time(12, 30), label="morning"),
                        Session(start=time(13, 30), end=time(17), label="afternoon")],
              venues=[Venue(id="hall", name="Synthetic Convention Hall", capacity=tables)])
    mission = Mission(id=name or f"synthetic-fair-{n_firms}x{n_buyers}", name=f"Synthetic buyer fair {n_firms} x {n_buyers}",
                      format=MissionFormat.buyer_fair, slot_minutes=30, legs=[leg])
    rules = Rules(min_meetings_per_firm=1, target_meetings_per_firm=min(5, 4 * days), max_meetings_per_firm=4 * days,
                  max_meetings_per_buyer=6 * days, candidates_per_firm=12)
    return Scenario(mission=mission, rules=rules, firms=world.firms, buyers=buyers, interpreters=interpreters,
                    synthetic=True)
