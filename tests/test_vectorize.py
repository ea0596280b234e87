"""ProfileVectorizer: the scikit-learn contract, and each block on hand-made pairs."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.base import clone

from matching.domain import Buyer, Firm, Weights
from matching.vectorize import BLOCKS, FIT, ProfileVectorizer


def firm(fid="K1", **kw) -> Firm:
    return Firm(**{"id": fid, "name_en": fid, **kw})


def buyer(bid="B1", **kw) -> Buyer:
    return Buyer(**{"id": bid, "company": bid, "country": "US", "timezone": "America/Chicago", **kw})


def block_sim(firms, buyers, block, **params) -> np.ndarray:
    v = ProfileVectorizer(**params).fit(firms, buyers)
    return (v.transform_blocks(firms)[block] @ v.transform_blocks(buyers)[block].T).toarray()


def test_keyword_only_init_and_clone() -> None:
    with pytest.raises(TypeError):
        ProfileVectorizer(Weights())  # type: ignore[misc]
    v = ProfileVectorizer(region_credit=0.3)
    assert clone(v).get_params()["region_credit"] == 0.3


def test_fit_returns_self_and_learns_trailing_underscore_attributes() -> None:
    v = ProfileVectorizer()
    with pytest.raises(AttributeError, match="not fitted"):
        v.transform([firm()])
    assert v.fit([firm(hs_codes=["8708"])], [buyer(hs_codes=["870830"])]) is v
    assert v.industry_vocabulary_ and v.block_slices_


def test_feature_names_are_block_prefixed_sorted_and_deterministic() -> None:
    firms = [firm(hs_codes=["8708"], products_en="brake pads", products_ko="브레이크 패드", certifications=["CE"])]
    buyers = [buyer(hs_codes=["8457"], products="CNC lathes", certifications_required=["UL"])]
    a = ProfileVectorizer().fit(firms, buyers)
    b = ProfileVectorizer().fit(list(reversed(firms)), buyers)
    names = a.get_feature_names_out()
    assert list(names) == list(b.get_feature_names_out())
    assert len(names) == a.transform(firms).shape[1] == a.n_features_out_
    assert {n.split("__")[0] for n in names} == set(BLOCKS)
    industry = [n for n in names if n.startswith("industry__")]
    assert industry == sorted(industry)


def test_transform_refuses_mixed_profiles() -> None:
    v = ProfileVectorizer().fit([firm()], [buyer()])
    with pytest.raises(TypeError, match="mix"):
        v.transform([firm(), buyer()])


def test_industry_hierarchy() -> None:
    firms = [firm("brakes", hs_codes=["870830"]), firm("parts", hs_codes=["870899"]), firm("lathe", hs_codes=["8458"]),
             firm("food", hs_codes=["1902"])]
    sim = block_sim(firms, [buyer(hs_codes=["870830"]), buyer("B2", hs_codes=["8457"])], "industry")
    assert sim[0, 0] == pytest.approx(1.0, abs=1e-5)
    assert 0 < sim[1, 0] < sim[0, 0]  # same heading 8708
    assert 0 < sim[2, 1] < sim[1, 0]  # same chapter 84 only
    assert sim[3, 0] == 0 and sim[3, 1] == 0


def test_rare_codes_count_more_than_common_ones() -> None:
    common = [buyer(f"C{i}", hs_codes=["870830"]) for i in range(8)]
    target = buyer("T", hs_codes=["870830", "848210"])
    firms = [firm("common", hs_codes=["870830"]), firm("rare", hs_codes=["848210"])]
    sim = block_sim(firms, [*common, target], "industry")
    assert sim[1, -1] > sim[0, -1]


def test_market_country_region_and_sourcing() -> None:
    firms = [firm(target_markets=["US"])]
    buyers = [buyer("us", country="US", sourcing_regions=["KR"]), buyer("mx", country="MX", sourcing_regions=["KR"],
              timezone="America/Mexico_City"), buyer("de", country="DE", sourcing_regions=["KR"], timezone="Europe/Berlin"),
              buyer("us-no-kr", country="US", sourcing_regions=["CN"])]
    sim = block_sim(firms, buyers, "market")[0]
    assert sim[0] > sim[1] > sim[2] > 0
    assert sim[0] > sim[3]


def test_products_compare_within_a_language() -> None:
    firms = [firm("a", products_en="brake pads and discs", products_ko="브레이크 패드"),
             firm("b", products_en="skincare creams", products_ko="브레이크 패드")]
    buyers = [buyer("en-only", products="brake pads"), buyer("both", products="brake pads", products_ko="브레이크 패드")]
    sim = block_sim(firms, buyers, "products")
    assert sim[0, 0] > 0.3 and sim[1, 0] == pytest.approx(0)  # Korean text of b plays no part for an English buyer
    assert sim[1, 1] == pytest.approx(0.5, abs=0.02)  # Korean matches fully, English not at all: half
    assert sim.max() <= 1 + 1e-6


def test_sales_boilerplate_matches_nothing() -> None:
    firms = [firm("a", products_en="High quality, competitive price, OEM/ODM supplier"), firm("b", products_en="gear pumps")]
    buyers = [buyer(products="reliable supplier of high quality products at a competitive price")]
    assert block_sim(firms, buyers, "products")[0, 0] == pytest.approx(0)


def test_requirements_share_held() -> None:
    firms = [firm("all", certifications=["IATF 16949", "ISO 9001"]), firm("half", certifications=["ISO 9001"]),
             firm("none")]
    buyers = [buyer("needs", certifications_required=["IATF16949", "ISO 9001"]), buyer("free")]
    sim = block_sim(firms, buyers, "requirements")
    assert sim[:, 0] == pytest.approx([1.0, 0.5, 0.0])
    assert sim[:, 1] == pytest.approx([1.0, 1.0, 1.0])


def test_fit_table_and_preferred_stages() -> None:
    firms = [firm("new", export_stage="beginner"), firm("big", export_stage="established")]
    buyers = [buyer("oem", buyer_type="oem"), buyer("dist", buyer_type="distributor"),
              buyer("picky", buyer_type="distributor", preferred_stages=["established"])]
    sim = block_sim(firms, buyers, "fit")
    assert sim[0, 0] == pytest.approx(FIT["beginner"]["oem"]) and sim[1, 0] == pytest.approx(1.0)
    assert sim[0, 1] > sim[1, 1]
    assert sim[0, 2] == pytest.approx(FIT["beginner"]["distributor"] * 0.5)


def test_weighted_vector_dot_is_the_weighted_sum_of_blocks() -> None:
    firms = [firm("a", hs_codes=["8708"], target_markets=["US"], products_en="brake pads", certifications=["CE"]),
             firm("b", hs_codes=["8457"], export_stage="beginner")]
    buyers = [buyer(hs_codes=["870830"], products="brake discs", certifications_required=["CE", "UL"]),
              buyer("B2", buyer_type="oem", sourcing_regions=["ASIA"])]
    weights = Weights(industry=3, market=1, products=2, requirements=1, fit=1)
    v = ProfileVectorizer(weights=weights).fit(firms, buyers)
    total = (v.transform(firms) @ v.transform(buyers).T).toarray()
    fb, bb, w = v.transform_blocks(firms), v.transform_blocks(buyers), v.block_weights()
    expected = sum(w[b] * (fb[b] @ bb[b].T).toarray() for b in BLOCKS)
    assert total == pytest.approx(expected, abs=1e-5)
    assert 0 <= total.min() and total.max() <= 1 + 1e-6
