"""The bundled scenarios: one per mission format, synthetic, reproducible from their seeded generator."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path

import pytest
from conftest import BUNDLED, BUNDLED_NAMES

from matching import MissionFormat, Scenario, load_scenario, summarise
from matching.domain import MeetingPlace, MetBeforePolicy


def _generator():
    spec = importlib.util.spec_from_file_location("generate", BUNDLED / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the file executes
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scenarios() -> dict[str, Scenario]:
    return {name: load_scenario(BUNDLED / name) for name in BUNDLED_NAMES}


def test_one_bundled_scenario_per_mission_format(scenarios: dict[str, Scenario]) -> None:
    assert {s.mission.format for s in scenarios.values()} == set(MissionFormat)
    assert all(s.synthetic for s in scenarios.values())


def test_jinju_mission_shape(scenarios: dict[str, Scenario]) -> None:
    jinju = scenarios["jinju-us-midwest-2024"]
    assert len(jinju.firms) == 11 and len(jinju.buyers) >= 40
    chicago, detroit = jinju.mission.legs
    assert (chicago.timezone, detroit.timezone) == ("America/Chicago", "America/Detroit")
    dates = sorted(d for leg in jinju.mission.legs for d in leg.dates)
    assert dates[0].isoformat() >= "2024-06-24" and dates[-1].isoformat() <= "2024-06-29"
    assert Counter(b.buyer_type.value for b in jinju.buyers).keys() >= {"oem", "tier1", "tier2", "distributor"}
    site_buyers = [b for b in jinju.buyers if b.meets_at is MeetingPlace.site]
    assert site_buyers and all(b.site_id for b in site_buyers)
    assert sum(len(leg.travel_times) for leg in jinju.mission.legs) == len(jinju.sites)
    assert all(not i.legs or set(i.legs) <= {"chicago", "detroit"} for i in jinju.interpreters)


def test_incheon_fair_shape(scenarios: dict[str, Scenario]) -> None:
    fair = scenarios["incheon-buyer-fair"]
    assert len(fair.firms) >= 100 and len(fair.buyers) >= 80
    assert len({b.country for b in fair.buyers}) >= 15
    assert fair.mission.slot_minutes == 30 and len(fair.mission.legs[0].dates) == 2
    assert all(i.side.value == "buyer" for i in fair.interpreters)


def test_online_rooms_shape(scenarios: dict[str, Scenario]) -> None:
    rooms = scenarios["yongin-online-rooms"]
    assert len(rooms.firms) == 10 and len(rooms.buyers) >= 30
    assert rooms.mission.legs[0].venues[0].capacity == 3
    assert {b.timezone.split("/")[0] for b in rooms.buyers} >= {"America", "Europe", "Asia"}
    assert all(b.meets_at is MeetingPlace.online for b in rooms.buyers)


def test_delegation_and_pavilion_and_follow_up(scenarios: dict[str, Scenario]) -> None:
    delegation = scenarios["cheongju-delegation"]
    assert [leg.country for leg in delegation.mission.legs] == ["VN", "VN", "UZ"]
    pairs = {p for i in delegation.interpreters for p in i.language_pairs}
    assert {"ko-vi", "ko-ru", "ko-uz"} <= pairs
    pavilion = scenarios["cheongju-exhibition-pavilion"]
    assert 12 <= pavilion.mission.legs[0].venues[0].capacity <= 15 and len(pavilion.mission.legs[0].dates) == 3
    assert all(f.booth for f in pavilion.firms)
    follow = scenarios["jinju-follow-up"]
    assert follow.rules.met_before_policy is MetBeforePolicy.only
    jinju_buyers = {b.id for b in scenarios["jinju-us-midwest-2024"].buyers}
    assert all(f.met_before and set(f.met_before) <= jinju_buyers for f in follow.firms)


def test_every_bundled_scenario_has_slots(scenarios: dict[str, Scenario]) -> None:
    for scenario in scenarios.values():
        assert all(leg.slots > 0 for leg in summarise(scenario).legs)


def test_generator_is_deterministic_and_matches_the_bundled_files(tmp_path: Path,
                                                                  scenarios: dict[str, Scenario]) -> None:
    generate = _generator()
    first = generate.generate(tmp_path / "a")
    second = generate.generate(tmp_path / "b")
    assert [p.name for p in first] == [p.name for p in second] == BUNDLED_NAMES
    for name in BUNDLED_NAMES:
        fresh = load_scenario(tmp_path / "a" / name)
        assert fresh == load_scenario(tmp_path / "b" / name)
        assert fresh == scenarios[name], f"scenarios/{name} is stale: run python scenarios/generate.py"
        for csv_file in (BUNDLED / name).glob("*.csv"):
            assert (tmp_path / "a" / name / csv_file.name).read_bytes() == csv_file.read_bytes()
