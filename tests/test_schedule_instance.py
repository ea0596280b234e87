"""The mission instance: candidates become requests with their options (slots, places, pools)."""

from __future__ import annotations

import pytest
from conftest import BUNDLED

from matching import Scenario, load_scenario
from matching.candidates import find_candidates
from matching.schedule.grid import build_slots
from matching.schedule.instance import build_instance, request_id


@pytest.fixture(scope="module")
def jinju() -> Scenario:
    return load_scenario(BUNDLED / "jinju-us-midwest-2024")


def test_a_locked_meeting_offers_only_its_slot(jinju) -> None:
    candidates = find_candidates(jinju)
    pair = next(c for c in candidates if jinju.buyer(c.buyer_id).city == "Chicago"
                and jinju.buyer(c.buyer_id).meets_at.value == "venue")
    slot = build_slots(jinju.mission)[3]
    rid = request_id(pair.firm_id, pair.buyer_id)
    free = {r.id: r for r in build_instance(jinju, candidates).instance.requests}[rid]
    locked = {r.id: r for r in build_instance(jinju, candidates, locked={rid: slot.id}).instance.requests}[rid]
    assert len({o.slot for o in free.options}) > 1
    assert locked.locked == 3 and {o.slot for o in locked.options} == {3}
    assert locked.options == [o for o in free.options if o.slot == 3]


def test_a_lock_in_a_blocked_slot_keeps_every_slot_so_the_rule_can_be_named(jinju) -> None:
    candidates = find_candidates(jinju)
    detroit = next(c for c in candidates if jinju.buyer(c.buyer_id).city == "Detroit")
    rid = request_id(detroit.firm_id, detroit.buyer_id)
    built = build_instance(jinju, candidates, locked={rid: build_slots(jinju.mission)[0].id})
    request = {r.id: r for r in built.instance.requests}[rid]
    assert request.locked == 0 and request.options and all(o.slot != 0 for o in request.options)


def test_travel_times_reach_the_core_one_direction_at_a_time_as_the_validator_reads_them(jinju) -> None:
    # A one-way time leaves the way back free (the core would otherwise read the reverse's time
    # there); a time given for the way back holds there, whichever comes first in the table.
    leg = jinju.mission.legs[0]
    one_way, both_ways = leg.travel_times[0], leg.travel_times[1]
    times = [one_way.model_copy(update={"symmetric": False}),
             both_ways.model_copy(update={"origin": both_ways.destination, "destination": both_ways.origin, "minutes": 50}),
             both_ways, *leg.travel_times[2:]]
    legs = [leg.model_copy(update={"travel_times": times}), *jinju.mission.legs[1:]]
    scenario = jinju.model_copy(update={"mission": jinju.mission.model_copy(update={"legs": legs})})
    minutes = {(t.origin, t.destination): t.minutes for t in build_instance(scenario, find_candidates(scenario)).instance.travel}
    venue, site = f"venue:{one_way.origin}", f"site:{one_way.destination}"
    assert (minutes[venue, site], minutes[site, venue]) == (one_way.minutes, 0)
    venue, site = f"venue:{both_ways.origin}", f"site:{both_ways.destination}"
    assert (minutes[venue, site], minutes[site, venue]) == (both_ways.minutes, 50)
