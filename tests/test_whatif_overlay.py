"""Overlays: every change applies as it says, refuses unknown ids by name, and leaves the base alone."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching import load_scenario
from matching.domain import Scenario
from matching.whatif.overlay import Change, apply_changes

from conftest import BUNDLED

CHI = ZoneInfo("America/Chicago")


@pytest.fixture(scope="module")
def jinju() -> Scenario:
    return load_scenario(BUNDLED / "jinju-us-midwest-2024")


def applied(scenario: Scenario, *changes: dict):
    return apply_changes(scenario, [Change.model_validate(c) for c in changes])


def changed(scenario: Scenario, *changes: dict) -> Scenario:
    result = applied(scenario, *changes)
    assert not result.problems, result.problems
    return result.scenario


def test_add_update_and_remove_participants(jinju: Scenario) -> None:
    new_buyer = {"id": "CH99", "company": "Synthetic Late Buyer LLC", "country": "US", "city": "Chicago",
                 "hs_codes": ["8708"]}
    after = changed(jinju, {"add_buyer": new_buyer},
                    {"add_firm": {"id": "JJ99", "name_en": "Synthetic Firm", "hs_codes": ["8708"]}},
                    {"add_interpreter": {"id": "I09", "name": "Synthetic", "language_pairs": ["ko-en"]}},
                    {"update_buyer": {"id": "CH01", "max_meetings": 2}},
                    {"update_firm": {"id": "JJ01", "representatives": 2}},
                    {"remove_firm": "JJ11"}, {"remove_interpreter": "I03"})
    assert after.buyer("CH99").timezone == "America/Chicago"  # its leg's zone, not given
    assert after.buyer("CH01").max_meetings == 2 and after.firm("JJ01").representatives == 2
    assert "JJ99" in {f.id for f in after.firms} and "JJ11" not in {f.id for f in after.firms}
    assert {i.id for i in after.interpreters} == {"I01", "I02", "I09"}
    assert jinju.buyer("CH01").max_meetings == 4  # the base is untouched


def test_removing_a_buyer_removes_every_reference_to_it(jinju: Scenario) -> None:
    after = changed(jinju, {"remove_buyer": "DT04"}, {"remove_buyer": "CH01"})
    assert not [p for p in after.rules.must_meet if p.buyer == "DT04"]
    assert "S-CH01" not in {s.id for s in after.sites}


def test_cancel_cuts_availability_from_the_time_given(jinju: Scenario) -> None:
    after = changed(jinju, {"cancel": {"buyer": "CH14", "from": "2024-06-25 08:00"}},
                    {"cancel": {"firm": "JJ02", "from": "2024-06-27T12:00-04:00"}},
                    {"cancel": {"interpreter": "I02", "from": "2024-06-28 09:00"}})
    cut = datetime(2024, 6, 25, 8, 0, tzinfo=CHI)
    kept = after.buyer("CH14").availability
    assert kept and all(w.end <= cut for w in kept) and max(w.end for w in jinju.buyer("CH14").availability) > cut
    assert after.firm("JJ02").unavailable[-1].start == datetime.fromisoformat("2024-06-27T12:00-04:00")
    interpreter = next(i for i in after.interpreters if i.id == "I02")
    assert max(w.end for w in interpreter.availability).isoformat() == "2024-06-28T09:00:00-04:00"  # Detroit time


def test_a_cancel_before_the_mission_removes_the_participant(jinju: Scenario) -> None:
    result = applied(jinju, {"cancel": {"buyer": "DT04", "from": "2024-06-01 09:00"}})
    assert "DT04" not in {b.id for b in result.scenario.buyers} and "removed" in result.notes[0]
    assert result.causes == {"buyer:DT04": result.notes[0]}


def test_timetable_changes(jinju: Scenario) -> None:
    after = changed(jinju, {"slot_minutes": 30}, {"buffer_minutes": 0},
                    {"sessions": {"leg": "detroit", "sessions": [{"start": "10:00", "end": "16:00"}]}},
                    {"add_day": {"leg": "chicago", "date": "2024-06-26"}},
                    {"drop_day": {"leg": "detroit", "date": "2024-06-28"}})
    assert (after.mission.slot_minutes, after.mission.buffer_minutes) == (30, 0)
    assert after.leg("chicago").dates == [date(2024, 6, 24), date(2024, 6, 25), date(2024, 6, 26)]
    assert after.leg("detroit").dates == [date(2024, 6, 27)] and len(after.leg("detroit").sessions) == 1


def test_leg_order_moves_dates_and_availability_with_the_leg(jinju: Scenario) -> None:
    after = changed(jinju, {"leg_order": ["detroit", "chicago"]})
    assert [leg.id for leg in after.mission.legs] == ["detroit", "chicago"]
    assert after.leg("detroit").dates == [date(2024, 6, 24), date(2024, 6, 25)]
    assert after.leg("chicago").dates == [date(2024, 6, 27), date(2024, 6, 28)]  # the travel day stays
    before, now = jinju.buyer("CH02").availability[0], after.buyer("CH02").availability[0]
    assert (now.start.date() - before.start.date()).days == 3 and now.start.time() == before.start.time()


def test_rules_weights_and_venues(jinju: Scenario) -> None:
    after = changed(jinju, {"rules": {"min_meetings_per_firm": 3}}, {"weights": {"market": 0.3}},
                    {"update_venue": {"id": "chi-hotel", "capacity": 8}})
    assert after.rules.min_meetings_per_firm == 3 and after.rules.target_meetings_per_firm == 6
    assert after.weights.market == 0.3 and after.leg("chicago").venues[0].capacity == 8


@pytest.mark.parametrize(("change", "path", "expected"), [
    ({"remove_buyer": "CH41"}, ("remove_buyer",), "unknown buyer id 'CH41'; did you mean"),
    ({"update_firm": {"id": "JJ1", "employees": 3}}, ("update_firm", "id"), "unknown firm id 'JJ1'"),
    ({"update_firm": {"id": "JJ01", "employees": -3}}, ("update_firm", "employees"), "greater than or equal to 0"),
    ({"add_firm": {"id": "JJ01"}}, ("add_firm", "id"), "already used"),
    ({"cancel": {"buyer": "XX", "from": "2024-06-25 08:00"}}, ("cancel", "buyer"), "unknown buyer id 'XX'"),
    ({"add_day": {"leg": "chicago", "date": "2024-06-24"}}, ("add_day", "date"), "already a day"),
    ({"drop_day": {"leg": "detroitt", "date": "2024-06-27"}}, ("drop_day", "leg"), "did you mean detroit?"),
    ({"leg_order": ["detroit"]}, ("leg_order",), "name every leg once"),
    ({"update_venue": {"id": "hall"}}, ("update_venue", "id"), "unknown venue id 'hall'"),
    ({"rules": {"min_score": 300}}, ("rules", "min_score"), "less than or equal to 100"),
    ({"sessions": {"sessions": [{"start": "09:00", "end": "12:00"}, {"start": "11:00", "end": "13:00"}]}},
     ("sessions",), "overlap"),
])
def test_each_refusal_names_the_change_and_field(jinju: Scenario, change: dict, path: tuple, expected: str) -> None:
    result = applied(jinju, {"slot_minutes": 30}, change)
    assert result.scenario is None
    [problem] = result.problems
    assert problem.change == 1 and problem.path[: len(path)] == path and expected in problem.message


def test_a_change_has_exactly_one_key() -> None:
    with pytest.raises(ValueError, match="exactly one key"):
        Change.model_validate({"remove_buyer": "CH01", "remove_firm": "JJ01"})


def test_every_failing_change_is_reported_at_once(jinju: Scenario) -> None:
    result = applied(jinju, {"remove_buyer": "NOPE"}, {"remove_firm": "NOPE"})
    assert [p.change for p in result.problems] == [0, 1]


@settings(max_examples=25, deadline=None)
@given(capacity=st.integers(min_value=-3, max_value=500), slot=st.integers(min_value=0, max_value=300))
def test_numbers_either_apply_or_are_refused_with_a_located_problem(jinju: Scenario, capacity: int, slot: int) -> None:
    result = applied(jinju, {"update_venue": {"id": "dtw-hotel", "capacity": capacity}}, {"slot_minutes": 30})
    if capacity >= 1:
        assert result.scenario is not None and result.scenario.leg("detroit").venues[0].capacity == capacity
    else:
        assert result.scenario is None and result.problems[0].path[:2] == ("update_venue", "capacity")
    with pytest.raises(ValueError) if not 5 <= slot <= 240 else _nothing():
        Change.model_validate({"slot_minutes": slot})


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> bool:
        return False
