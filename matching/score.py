"""Match scores of firm-buyer pairs: a weighted sum of block similarities on 0-100, with reasons.

:class:`PairScorer` fits the vectorizer on a scenario once and scores any list of pairs. A pair's
score is computed by the same row-wise arithmetic whether it is scored alone or among thousands,
so single and bulk scores are identical. Reasons are plain Korean and English sentences, strongest
first, each with the points of the score it accounts for.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from matching.domain import Buyer, BuyerType, Candidate, ExportStage, Firm, Reason, Weights
from matching.taxonomy import (
    REGION_NAMES_KO,
    country_name,
    country_name_ko,
    hs_entry,
    hs_lineage,
    hs_sections,
    regions_of,
    sources_from,
)
from matching.vectorize import BLOCKS, HOME_COUNTRY, STOP_WORDS, ProfileVectorizer

MAX_REASONS = 5
GOOD_FIT = 0.6
"""Fit similarity from which a buyer type is said to suit an export stage."""

SECTION_KO = {
    "I": "동물성 생산품", "II": "식물성 생산품", "III": "동식물성 유지", "IV": "조제 식료품·음료", "V": "광물성 생산품",
    "VI": "화학공업 생산품", "VII": "플라스틱·고무", "VIII": "가죽·모피", "IX": "목재", "X": "펄프·종이", "XI": "섬유",
    "XII": "신발·모자", "XIII": "석제품·도자기·유리", "XIV": "귀금속", "XV": "금속", "XVI": "기계·전기기기",
    "XVII": "차량·항공기·선박", "XVIII": "광학·의료·정밀기기", "XIX": "무기", "XX": "잡품", "XXI": "예술품",
}
"""Korean names of the 21 HS sections, for reasons in Korean."""

TYPE_KO = {BuyerType.oem: "완성품 제조사(OEM)", BuyerType.tier1: "1차 벤더", BuyerType.tier2: "2차 벤더",
           BuyerType.distributor: "유통사", BuyerType.importer: "수입상", BuyerType.retailer: "소매업체",
           BuyerType.ecommerce: "이커머스"}
STAGE_KO = {ExportStage.beginner: "수출초보기업", ExportStage.growing: "수출유망기업", ExportStage.established: "수출강소기업"}


TYPE_EN = {BuyerType.oem: "an OEM", BuyerType.tier1: "a tier-1", BuyerType.tier2: "a tier-2",
           BuyerType.distributor: "a distributor", BuyerType.importer: "an importer", BuyerType.retailer: "a retailer",
           BuyerType.ecommerce: "an e-commerce"}


def _hs_label(code: str) -> str:
    """8708 -> '8708', 870830 -> '8708.30'."""
    return code if len(code) <= 4 else f"{code[:4]}.{code[4:]}"


def _short(description: str, level: int, limit: int = 70) -> str:
    """An HS description cut short: its category, and a subheading's specifics after a colon."""
    parts = [p.strip() for p in description.split(";") if p.strip()]
    text = f"{parts[0]}: {parts[-1]}" if level == 6 and len(parts) > 1 else parts[0]
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",") + "…"


class PairScorer:
    """Scores firm-buyer pairs of one set of firms and buyers, with per-block parts and reasons."""

    def __init__(self, firms: Sequence[Firm], buyers: Sequence[Buyer], weights: Weights | None = None,
                 vectorizer: ProfileVectorizer | None = None) -> None:
        self.firms = list(firms)
        self.buyers = list(buyers)
        self.vectorizer = vectorizer or ProfileVectorizer(weights=weights).fit(self.firms, self.buyers)
        self.weights = self.vectorizer.block_weights()
        self.firm_blocks = self.vectorizer.transform_blocks(self.firms)
        self.buyer_blocks = self.vectorizer.transform_blocks(self.buyers)
        self.firm_index = {f.id: i for i, f in enumerate(self.firms)}
        self.buyer_index = {b.id: i for i, b in enumerate(self.buyers)}

    def weighted(self) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        """Weighted firm and buyer vectors whose product ranks pairs (for retrieval)."""
        return self.vectorizer.combine(self.firm_blocks), self.vectorizer.combine(self.buyer_blocks)

    def block_similarities(self, firm_rows: np.ndarray, buyer_rows: np.ndarray) -> dict[str, np.ndarray]:
        """Each block's similarity for the pairs (firm_rows[i], buyer_rows[i]), row by row."""
        out = {}
        for block in BLOCKS:
            products = self.firm_blocks[block][firm_rows].multiply(self.buyer_blocks[block][buyer_rows])
            out[block] = np.clip(np.asarray(products.sum(axis=1), dtype=np.float64).ravel(), 0.0, 1.0)
        return out

    def scores(self, firm_rows: np.ndarray, buyer_rows: np.ndarray) -> np.ndarray:
        """Scores 0-100 of the pairs, rounded to 0.01."""
        return self._totals(self.block_similarities(firm_rows, buyer_rows))

    def matrix(self) -> np.ndarray:
        """Scores 0-100 of every firm (rows) with every buyer (columns), in the order given: the
        whole picture a heatmap shows (candidates keep only each firm's best)."""
        firm_rows, buyer_rows = np.divmod(np.arange(len(self.firms) * len(self.buyers)), len(self.buyers))
        return self.scores(firm_rows, buyer_rows).reshape(len(self.firms), len(self.buyers))

    def _totals(self, sims: dict[str, np.ndarray]) -> np.ndarray:
        """Weighted sum of block similarities on 0-100, rounded to 0.01."""
        return np.round(100.0 * sum(self.weights[b] * sims[b] for b in BLOCKS), 2)

    def candidates(self, firm_rows: np.ndarray, buyer_rows: np.ndarray,
                   must_meet: set[tuple[int, int]] | None = None) -> list[Candidate]:
        """Candidates with blocks and reasons for the pairs."""
        firm_rows = np.asarray(firm_rows, dtype=np.int64)
        buyer_rows = np.asarray(buyer_rows, dtype=np.int64)
        sims = self.block_similarities(firm_rows, buyer_rows)
        totals = self._totals(sims)
        must_meet = must_meet or set()
        out = []
        for n, (i, j) in enumerate(zip(firm_rows.tolist(), buyer_rows.tolist())):
            blocks = {b: round(float(sims[b][n]), 4) for b in BLOCKS}
            firm, buyer = self.firms[i], self.buyers[j]
            out.append(Candidate(firm_id=firm.id, buyer_id=buyer.id, score=float(totals[n]), blocks=blocks,
                                 reasons=self.reasons(firm, buyer, blocks), must_meet=(i, j) in must_meet))
        return out

    def pair(self, firm_id: str, buyer_id: str) -> Candidate:
        """One pair, scored alone."""
        return self.candidates(np.array([self.firm_index[firm_id]]), np.array([self.buyer_index[buyer_id]]))[0]

    # ------------------------------------------------------------ reasons

    def reasons(self, firm: Firm, buyer: Buyer, blocks: dict[str, float]) -> list[Reason]:
        """The strongest reasons behind a pair's score, Korean and English."""
        points = {b: 100.0 * self.weights[b] * blocks[b] for b in BLOCKS}
        found = [*self._industry(firm, buyer, points["industry"]), *self._market(firm, buyer, points["market"]),
                 *self._products(blocks["products"], points["products"], firm, buyer),
                 *self._requirements(firm, buyer), *self._fit(firm, buyer, points["fit"], blocks["fit"])]
        found.sort(key=lambda r: -abs(r.contribution))
        return found[:MAX_REASONS]

    @staticmethod
    def _industry(firm: Firm, buyer: Buyer, points: float) -> list[Reason]:
        if points <= 0:
            return []
        firm_codes = {e.code for code in firm.hs_codes for e in hs_lineage(code)}
        shared = sorted({e.code for code in buyer.hs_codes for e in hs_lineage(code)} & firm_codes,
                        key=lambda c: (-len(c), c))  # the most specific shared code; of equals, the first
        if shared:
            entry = hs_entry(shared[0])
            label = _hs_label(entry.code)
            what = _short(entry.description, entry.level)
            section_ko = SECTION_KO.get(entry.section, "")
            return [Reason(block="industry", contribution=round(points, 2),
                           text_en=f"shares HS {label} {what}",
                           text_ko=f"HS {label} 일치 ({section_ko}: {what})")]
        firm_sections = {hs_lineage(c)[-1].section for c in firm.hs_codes}
        section = next((hs_lineage(c)[-1].section for c in buyer.hs_codes
                        if hs_lineage(c)[-1].section in firm_sections), None)
        if section is None:
            return []
        return [Reason(block="industry", contribution=round(points, 2),
                       text_en=f"same HS section {section} ({hs_sections().get(section, '')})",
                       text_ko=f"같은 HS 부({section}: {SECTION_KO.get(section, '')})")]

    @staticmethod
    def _market(firm: Firm, buyer: Buyer, points: float) -> list[Reason]:
        out = []
        name, name_ko = country_name(buyer.country), country_name_ko(buyer.country)
        if buyer.country in firm.target_markets:
            out.append(Reason(block="market", contribution=round(points * 0.6, 2),
                              text_en=f"{name} is one of the firm's target markets",
                              text_ko=f"바이어 국가({name_ko})가 수출희망국"))
        else:
            targets = {r for c in firm.target_markets for r in regions_of(c)}
            shared = sorted(set(regions_of(buyer.country)) & targets)
            if shared:
                region = shared[0]
                out.append(Reason(block="market", contribution=round(points * 0.4, 2),
                                  text_en=f"{name} is in a target region ({region.replace('_', ' ').title()})",
                                  text_ko=f"바이어 국가({name_ko})가 희망 권역({REGION_NAMES_KO.get(region, region)})"))
        if sources_from(buyer.sourcing_regions, HOME_COUNTRY):
            out.append(Reason(block="market", contribution=round(points * 0.4, 2),
                              text_en="buyer sources from Korea", text_ko="바이어가 한국산 소싱 희망"))
        return out

    def _products(self, similarity: float, points: float, firm: Firm, buyer: Buyer) -> list[Reason]:
        if similarity <= 0.05:
            return []
        shared = self._shared_terms(firm.products_en, buyer.products) or self._shared_terms(firm.products_ko,
                                                                                              buyer.products_ko)
        terms = ", ".join(shared[:3]) if shared else ""
        return [Reason(block="products", contribution=round(points, 2),
                       text_en=f"products match ({similarity:.0%})" + (f": {terms}" if terms else ""),
                       text_ko=f"품목 유사 ({similarity:.0%})" + (f": {terms}" if terms else ""))]

    @staticmethod
    def _shared_terms(a: str, b: str) -> list[str]:
        words_b = {w.strip(".,;()").casefold() for w in b.split()}
        seen: list[str] = []
        for word in a.split():
            key = word.strip(".,;()").casefold()
            if len(key) > 2 and key in words_b and key not in seen and key not in STOP_WORDS:
                seen.append(key)
        return seen

    def _requirements(self, firm: Firm, buyer: Buyer) -> list[Reason]:
        required = sorted(set(buyer.certifications_required))
        if not required:
            return []
        each = 100.0 * self.weights["requirements"] / len(required)
        held = set(firm.certifications)
        return [Reason(block="requirements", contribution=round(each if c in held else -each, 2),
                       text_en=f"buyer requires {c}: {'held' if c in held else 'NOT held'}",
                       text_ko=f"요구 인증 {c}: {'보유' if c in held else '미보유'}") for c in required]

    @staticmethod
    def _fit(firm: Firm, buyer: Buyer, points: float, similarity: float) -> list[Reason]:
        kind, stage = buyer.buyer_type, firm.export_stage
        good = similarity >= GOOD_FIT
        verdict_en, verdict_ko = ("suits", "적합") if good else ("is a weak fit for", "적합도 낮음")
        return [Reason(block="fit", contribution=round(points, 2),
                       text_en=f"{TYPE_EN[kind]} buyer {verdict_en} a {stage.value} exporter",
                       text_ko=f"{TYPE_KO[kind]} – {STAGE_KO[stage]} {verdict_ko}")]
