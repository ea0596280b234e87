"""Profile vectors: firms and buyers in one shared sparse space, block by block.

Each block is built so that the dot product of a firm row and a buyer row, restricted to the
block's columns, is the block's similarity in [0, 1]:

- **industry**: HS hierarchy features (subheading, heading, chapter, section), each weighted by its
  level and by an idf learned over all profiles, rows L2-normalised: a cosine in which 8708.30
  brakes and 8708.99 parts share a heading and a rare code counts more than a common one;
- **market**: the buyer's country and regions against the firm's target markets and theirs
  (regions get partial credit), plus "sources from Korea" on both sides; a cosine;
- **products**: TF-IDF within a language (English word n-grams, Korean character n-grams); the
  buyer side weights each language by the texts it has, so a buyer with only English text is
  compared on English alone and codes carry the cross-language match;
- **requirements**: the share of the buyer's required certifications the firm holds (1 when it
  requires none);
- **fit**: :data:`FIT` (buyer type against export stage), halved for stages a buyer does not prefer.

The full vector scales each block by the square root of its normalised weight, so one sparse dot
product gives the weighted score in [0, 1]: this is what makes candidate retrieval one matrix
product at national scale.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.preprocessing import normalize

from matching.domain import Buyer, BuyerType, ExportStage, Firm, Weights
from matching.taxonomy import hs_lineage, regions_of, sources_from

BLOCKS = ("industry", "market", "products", "requirements", "fit")
HOME_COUNTRY = "KR"

FIT: dict[ExportStage, dict[BuyerType, float]] = {
    ExportStage.beginner: {BuyerType.oem: 0.2, BuyerType.tier1: 0.3, BuyerType.tier2: 0.5, BuyerType.distributor: 0.9,
                           BuyerType.importer: 0.9, BuyerType.retailer: 0.7, BuyerType.ecommerce: 0.8},
    ExportStage.growing: {BuyerType.oem: 0.5, BuyerType.tier1: 0.6, BuyerType.tier2: 0.8, BuyerType.distributor: 0.8,
                          BuyerType.importer: 0.8, BuyerType.retailer: 0.7, BuyerType.ecommerce: 0.7},
    ExportStage.established: {BuyerType.oem: 1.0, BuyerType.tier1: 1.0, BuyerType.tier2: 0.9,
                              BuyerType.distributor: 0.6, BuyerType.importer: 0.7, BuyerType.retailer: 0.6,
                              BuyerType.ecommerce: 0.5},
}
"""How well a buyer type suits a firm's export stage: an OEM or tier-1 wants an established supplier
with a quality system; a distributor or importer suits a beginner that needs a channel."""

SALES_FILLER = frozenset({
    "best", "company", "competitive", "custom", "customized", "delivery", "export", "exporter", "fast", "good",
    "high", "long", "manufacturer", "new", "odm", "oem", "order", "partner", "price", "private", "products", "quality",
    "reliable", "sample", "solutions", "supplier", "term", "various", "wholesale", "label"})
"""Sales boilerplate of trade sheets ("high quality, competitive price, OEM/ODM"), dropped from the
English product text with the usual English stop words: it says nothing about what is traded."""

STOP_WORDS = ENGLISH_STOP_WORDS | SALES_FILLER

NOT_PREFERRED = 0.5
"""Factor on fit when a buyer names preferred export stages and the firm is not at one of them."""

Profiles = Sequence[Firm] | Sequence[Buyer]


def _side(profiles: Profiles) -> str:
    kinds = {type(p) for p in profiles}
    if kinds == {Firm}:
        return "firm"
    if kinds == {Buyer}:
        return "buyer"
    if not kinds:
        raise ValueError("no profiles to vectorize")
    raise TypeError("profiles must be all Firm or all Buyer, not a mix")


def _rows(rows: list[dict[str, float]], vocabulary: dict[str, int], dtype: Any) -> sp.csr_matrix:
    """A CSR matrix from per-row {feature: value}; features outside the vocabulary are dropped."""
    indptr, indices, data = [0], [], []
    for row in rows:
        for feature, value in row.items():
            column = vocabulary.get(feature)
            if column is not None and value:
                indices.append(column)
                data.append(value)
        indptr.append(len(indices))
    return sp.csr_matrix((np.asarray(data, dtype=dtype), np.asarray(indices, dtype=np.int32), indptr),
                         shape=(len(rows), len(vocabulary)))


def _l2(matrix: sp.csr_matrix) -> sp.csr_matrix:
    """Rows scaled to unit length (empty rows, and blocks with no features, stay as they are)."""
    return normalize(matrix) if matrix.shape[1] else matrix


def _vocabulary(rows: list[dict[str, float]]) -> dict[str, int]:
    return {feature: i for i, feature in enumerate(sorted({f for row in rows for f in row}))}


class ProfileVectorizer(TransformerMixin, BaseEstimator):
    """Turns firms and buyers into sparse vectors whose dot product is the match score in [0, 1].

    ``fit(firms, buyers)`` learns the vocabularies and the idf weights from both sides;
    ``transform(firms)`` or ``transform(buyers)`` gives the weighted vectors;
    ``transform_blocks`` gives each block unweighted, for explanations.
    """

    def __init__(self, *, weights: Weights | None = None, hs_level_weights: tuple[float, float, float, float] = (
            1.0, 0.7, 0.4, 0.15), region_credit: float = 0.5, dtype: Any = np.float32) -> None:
        self.weights = weights
        self.hs_level_weights = hs_level_weights
        self.region_credit = region_credit
        self.dtype = dtype

    # ------------------------------------------------------------ per-block features

    def _industry(self, codes: list[str]) -> dict[str, float]:
        level_weight = dict(zip((6, 4, 2, 0), self.hs_level_weights))
        features: dict[str, float] = {}
        for code in codes:
            lineage = hs_lineage(code)
            for entry in lineage:
                features[f"hs{entry.level}:{entry.code}"] = level_weight[entry.level]
            features[f"sec:{lineage[-1].section}"] = level_weight[0]
        return features

    def _market_firm(self, firm: Firm) -> dict[str, float]:
        features = {f"country:{c}": 1.0 for c in firm.target_markets}
        for country in firm.target_markets:
            for region in regions_of(country):
                features[f"region:{region}"] = self.region_credit
        features[f"origin:{HOME_COUNTRY}"] = 1.0
        return features

    def _market_buyer(self, buyer: Buyer) -> dict[str, float]:
        features = {f"country:{buyer.country}": 1.0}
        for region in regions_of(buyer.country):
            features[f"region:{region}"] = self.region_credit
        if sources_from(buyer.sourcing_regions, HOME_COUNTRY):
            features[f"origin:{HOME_COUNTRY}"] = 1.0
        return features

    @staticmethod
    def _requirements_firm(firm: Firm) -> dict[str, float]:
        return {"none": 1.0, **{f"cert:{c}": 1.0 for c in firm.certifications}}

    @staticmethod
    def _requirements_buyer(buyer: Buyer) -> dict[str, float]:
        required = sorted(set(buyer.certifications_required))
        if not required:
            return {"none": 1.0}
        return {f"cert:{c}": 1.0 / len(required) for c in required}

    @staticmethod
    def _fit_firm(firm: Firm) -> dict[str, float]:
        return {f"{kind.value}|{firm.export_stage.value}": FIT[firm.export_stage][kind] for kind in BuyerType}

    @staticmethod
    def _fit_buyer(buyer: Buyer) -> dict[str, float]:
        preferred = set(buyer.preferred_stages)
        return {f"{buyer.buyer_type.value}|{stage.value}": 1.0 if not preferred or stage in preferred else NOT_PREFERRED
                for stage in ExportStage}

    # ------------------------------------------------------------ fit / transform

    def fit(self, firms: Sequence[Firm], buyers: Sequence[Buyer] | None = None, y: None = None) -> ProfileVectorizer:
        """Learn vocabularies, idf weights and text models from firms and buyers together."""
        buyers = list(buyers or [])
        firms = list(firms)
        industry_rows = [self._industry(p.hs_codes) for p in [*firms, *buyers]]
        self.industry_vocabulary_ = _vocabulary(industry_rows)
        df = np.zeros(len(self.industry_vocabulary_))
        for row in industry_rows:
            for feature in row:
                df[self.industry_vocabulary_[feature]] += 1
        n = len(industry_rows)
        self.industry_idf_ = (np.log((1 + n) / (1 + df)) + 1).astype(self.dtype)
        self.market_vocabulary_ = _vocabulary([*map(self._market_firm, firms), *map(self._market_buyer, buyers)])
        self.market_vocabulary_.setdefault(f"origin:{HOME_COUNTRY}", len(self.market_vocabulary_))
        self.requirements_vocabulary_ = _vocabulary(
            [*map(self._requirements_firm, firms), *map(self._requirements_buyer, buyers), {"none": 1.0}])
        self.fit_vocabulary_ = {f"{k.value}|{s.value}": i for i, (k, s) in
                                enumerate((k, s) for k in BuyerType for s in ExportStage)}
        self.products_en_ = self._text_model([p.products_en for p in firms] + [b.products for b in buyers],
                                             analyzer="word", ngram_range=(1, 2),
                                             stop_words=sorted(STOP_WORDS))
        self.products_ko_ = self._text_model([p.products_ko for p in firms] + [b.products_ko for b in buyers],
                                             analyzer="char_wb", ngram_range=(2, 3))
        widths = {"industry": len(self.industry_vocabulary_), "market": len(self.market_vocabulary_),
                  "products": self._width(self.products_en_) + self._width(self.products_ko_),
                  "requirements": len(self.requirements_vocabulary_), "fit": len(self.fit_vocabulary_)}
        self.block_slices_: dict[str, slice] = {}
        start = 0
        for block in BLOCKS:
            self.block_slices_[block] = slice(start, start + widths[block])
            start += widths[block]
        self.n_features_out_ = start
        return self

    def _text_model(self, texts: list[str], **options: Any) -> TfidfVectorizer | None:
        if not any(t.strip() for t in texts):
            return None
        model = TfidfVectorizer(sublinear_tf=True, dtype=self.dtype, **options)
        try:
            return model.fit([t for t in texts if t.strip()])
        except ValueError:  # only stop words
            return None

    @staticmethod
    def _width(model: TfidfVectorizer | None) -> int:
        return 0 if model is None else len(model.vocabulary_)

    def _texts(self, model: TfidfVectorizer | None, texts: list[str]) -> sp.csr_matrix:
        if model is None:
            return sp.csr_matrix((len(texts), 0), dtype=self.dtype)
        return model.transform(texts).astype(self.dtype)

    def transform_blocks(self, profiles: Profiles) -> dict[str, sp.csr_matrix]:
        """Each block's matrix, unweighted: firm row . buyer row = the block's similarity."""
        if not hasattr(self, "block_slices_"):
            raise AttributeError("this ProfileVectorizer is not fitted yet: call fit(firms, buyers) first")
        side = _side(profiles)
        dtype = self.dtype
        industry = _rows([self._industry(p.hs_codes) for p in profiles], self.industry_vocabulary_, dtype)
        industry = _l2(industry.multiply(self.industry_idf_).tocsr())
        if side == "firm":
            market = _rows([self._market_firm(p) for p in profiles], self.market_vocabulary_, dtype)
            requirements = _rows([self._requirements_firm(p) for p in profiles], self.requirements_vocabulary_, dtype)
            fit = _rows([self._fit_firm(p) for p in profiles], self.fit_vocabulary_, dtype)
            en = self._texts(self.products_en_, [p.products_en for p in profiles])
            ko = self._texts(self.products_ko_, [p.products_ko for p in profiles])
        else:
            market = _rows([self._market_buyer(p) for p in profiles], self.market_vocabulary_, dtype)
            requirements = _rows([self._requirements_buyer(p) for p in profiles], self.requirements_vocabulary_, dtype)
            fit = _rows([self._fit_buyer(p) for p in profiles], self.fit_vocabulary_, dtype)
            en = self._texts(self.products_en_, [p.products for p in profiles])
            ko = self._texts(self.products_ko_, [p.products_ko for p in profiles])
            has_en = np.asarray(en.getnnz(axis=1) > 0, dtype=dtype)
            has_ko = np.asarray(ko.getnnz(axis=1) > 0, dtype=dtype)
            languages = np.maximum(has_en + has_ko, 1)
            en = sp.diags(has_en / languages).dot(en).tocsr()
            ko = sp.diags(has_ko / languages).dot(ko).tocsr()
        return {"industry": industry.astype(dtype), "market": _l2(market), "products": sp.hstack([en, ko], format="csr"),
                "requirements": requirements, "fit": fit}

    def block_weights(self) -> dict[str, float]:
        """Each block's weight, normalised to sum to 1."""
        weights = (self.weights or Weights()).model_dump()
        total = sum(weights[b] for b in BLOCKS)
        return {b: weights[b] / total for b in BLOCKS}

    def combine(self, blocks: dict[str, sp.csr_matrix]) -> sp.csr_matrix:
        """Block matrices joined, each scaled by the square root of its weight."""
        weights = self.block_weights()
        return sp.hstack([blocks[b] * math.sqrt(weights[b]) for b in BLOCKS], format="csr").astype(self.dtype)

    def transform(self, profiles: Profiles) -> sp.csr_matrix:
        """Weighted vectors: firm row . buyer row = the match score in [0, 1]."""
        return self.combine(self.transform_blocks(profiles))

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """``block__feature`` names in column order."""
        names: list[str] = []
        for block, vocabulary in (("industry", self.industry_vocabulary_), ("market", self.market_vocabulary_)):
            names += [f"{block}__{f}" for f in sorted(vocabulary, key=vocabulary.get)]
        for language, model in (("en", self.products_en_), ("ko", self.products_ko_)):
            if model is not None:
                names += [f"products__{language}:{f}" for f in model.get_feature_names_out()]
        for block, vocabulary in (("requirements", self.requirements_vocabulary_), ("fit", self.fit_vocabulary_)):
            names += [f"{block}__{f}" for f in sorted(vocabulary, key=vocabulary.get)]
        return np.asarray(names, dtype=object)
