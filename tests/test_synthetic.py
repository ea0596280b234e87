"""Synthetic worlds are seeded, fictional and planted one firm per buyer."""

from __future__ import annotations

from matching.synthetic import make_world


def test_same_seed_same_world_other_seed_other_world():
    assert make_world(5, 20, seed=1) == make_world(5, 20, seed=1)
    assert make_world(5, 20, seed=1).buyers != make_world(5, 20, seed=2).buyers


def test_every_buyer_is_planted_on_one_firm_and_named_synthetic():
    world = make_world(8, 50)
    assert sorted(b for _, b in world.planted) == sorted(b.id for b in world.buyers)
    assert {f for f, _ in world.planted} <= {f.id for f in world.firms}
    assert all(b.company.startswith("Synthetic") for b in world.buyers)
    assert all(f.name_en.startswith("Synthetic") for f in world.firms)


def test_buyers_hide_their_need_behind_partial_codes_and_one_language():
    buyers = make_world(20, 400).buyers
    lengths = {len(c) for b in buyers for c in b.hs_codes}
    assert lengths == {2, 4, 6}
    assert any(not b.hs_codes for b in buyers)
    assert any(b.products and not b.products_ko for b in buyers)
    assert any(b.products_ko and not b.products for b in buyers)
