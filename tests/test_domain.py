"""The domain model: value checks, named cross-record problems, and aware times."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from matching.domain import (
    Buyer,
    DailyHours,
    Firm,
    Interpreter,
    Leg,
    Meeting,
    Mission,
    Pair,
    Rules,
    Scenario,
    Site,
    TimeWindow,
    TravelTime,
    Venue,
    Weights,
    reference_problems,
)

CHI = ZoneInfo("America/Chicago")


def _leg(**kw) -> Leg:
    base = dict(id="chicago", city="Chicago", country="US", timezone="America/Chicago", dates=["2024-06-24"],
                sessions=[{"start": "09:00", "end": "12:00"}], venues=[{"id": "hotel", "name": "H", "capacity": 4}])
    return Leg(**{**base, **kw})


def _mission(**kw) -> Mission:
    return Mission(**{**dict(id="m", name="M", format="trade_mission", slot_minutes=40, legs=[_leg()]), **kw})


def _firm(fid="K01", **kw) -> Firm:
    return Firm(id=fid, name_ko="진주정밀", **kw)


def _buyer(bid="B01", **kw) -> Buyer:
    return Buyer(**{**dict(id=bid, company="Acme", country="US", city="Chicago", timezone="America/Chicago"), **kw})


def test_models_forbid_unknown_fields_and_are_frozen() -> None:
    with pytest.raises(ValidationError, match="Extra inputs"):
        Firm(id="K01", name_ko="x", colour="red")
    firm = _firm()
    with pytest.raises(ValidationError):
        firm.id = "K02"


def test_every_field_is_described() -> None:
    for model in (Firm, Buyer, Interpreter, Leg, Mission, Rules, Weights, Venue, Site, TravelTime, Meeting):
        for name, info in model.model_fields.items():
            assert info.description, f"{model.__name__}.{name} has no description"


def test_value_types_normalise_and_check() -> None:
    firm = _firm(hs_codes=["8708.30", "84"], target_markets=["미국", "vn"], languages=["Korean", "영어"],
                 certifications=["iso9001"])
    assert firm.hs_codes == ["870830", "84"]
    assert firm.target_markets == ["US", "VN"]
    assert firm.languages == ["ko", "en"]
    assert firm.certifications == ["ISO 9001"]
    with pytest.raises(ValidationError, match="not in the HS 2022 table"):
        _firm(hs_codes=["8799"])
    with pytest.raises(ValidationError, match="Korean or an English name"):
        Firm(id="K01")
    with pytest.raises(ValidationError, match="did you mean America/Chicago"):
        _buyer(timezone="America/Chicgo")


@pytest.mark.parametrize("ident", ["K 01", "K01;K02", "", "a,b"])
def test_ids_refuse_separators(ident: str) -> None:
    with pytest.raises(ValidationError):
        _firm(ident)


def test_time_windows_are_aware_and_ordered() -> None:
    with pytest.raises(ValidationError, match="timezone"):
        TimeWindow(start=datetime(2024, 6, 24, 9), end=datetime(2024, 6, 24, 10))
    with pytest.raises(ValidationError, match="not after start"):
        TimeWindow(start=datetime(2024, 6, 24, 10, tzinfo=CHI), end=datetime(2024, 6, 24, 9, tzinfo=CHI))
    window = TimeWindow(start=datetime(2024, 6, 24, 9, tzinfo=CHI), end=datetime(2024, 6, 24, 12, tzinfo=CHI))
    detroit = ZoneInfo("America/Detroit")
    assert window.contains(datetime(2024, 6, 24, 12, tzinfo=detroit), datetime(2024, 6, 24, 13, tzinfo=detroit))
    assert not window.overlaps(datetime(2024, 6, 24, 13, tzinfo=detroit), datetime(2024, 6, 24, 14, tzinfo=detroit))
    with pytest.raises(ValidationError):
        DailyHours(start=time(18), end=time(9))


def test_leg_rules() -> None:
    with pytest.raises(ValidationError, match="at least 1"):
        _leg(sessions=[])
    with pytest.raises(ValidationError, match="overlap"):
        _leg(sessions=[{"start": "09:00", "end": "12:00"}, {"start": "11:00", "end": "13:00"}])
    with pytest.raises(ValidationError, match="twice"):
        _leg(dates=["2024-06-24", "2024-06-24"])


def test_rules_and_weights_are_consistent() -> None:
    with pytest.raises(ValidationError, match="exceeds"):
        Rules(min_meetings_per_firm=5, max_meetings_per_firm=3)
    with pytest.raises(ValidationError, match="outside"):
        Rules(min_meetings_per_firm=2, target_meetings_per_firm=9, max_meetings_per_firm=6)
    with pytest.raises(ValidationError, match="positive"):
        Weights(industry=0, market=0, products=0, requirements=0, fit=0)


def test_reference_problems_name_record_and_field() -> None:
    mission = _mission()
    firms = [_firm(must_meet=["B09"]), _firm("K01")]
    buyers = [_buyer(), _buyer("B02", city="Milwaukee"), _buyer("B03", meets_at="site", site_id="S9")]
    rules = Rules(never_meet=[Pair(firm="K07", buyer="B01")])
    problems = reference_problems(mission, rules, firms, buyers, [Interpreter(id="I1", name="x",
                                  language_pairs=["ko-en"], legs=["dallas"])], [])
    found = {(p.kind, p.index, p.field) for p in problems}
    assert found == {("firm", 1, "id"), ("firm", 0, "must_meet"), ("rules", 0, "never_meet.firm"),
                     ("buyer", 1, "city"), ("buyer", 2, "site_id"), ("interpreter", 0, "legs")}
    assert {p.ref for p in problems if p.ref} == {"B09", "K07", "S9", "dallas"}


def test_buyer_leg_by_city_or_explicit_leg() -> None:
    mission = _mission(legs=[_leg(), _leg(id="detroit", city="Detroit", timezone="America/Detroit",
                                         venues=[{"id": "h2", "name": "H2", "capacity": 2}])])
    assert mission.leg_for("chicago").id == "chicago"
    assert mission.leg_for("Troy", "detroit").id == "detroit"
    assert mission.leg_for("Troy") is None


def test_online_programme_refuses_in_person_buyers() -> None:
    mission = _mission(format="online_rooms")
    problems = reference_problems(mission, Rules(), [_firm()], [_buyer(meets_at="venue")], [], [])
    assert [p.field for p in problems] == ["meets_at"]


def test_scenario_refuses_to_exist_with_reference_problems() -> None:
    with pytest.raises(ValidationError, match="unknown buyer id 'B09'"):
        Scenario(mission=_mission(), firms=[_firm(never_meet=["B09"])], buyers=[_buyer()])
    scenario = Scenario(mission=_mission(), firms=[_firm()], buyers=[_buyer()])
    assert scenario.leg("chicago").zone == CHI
    assert Scenario.model_validate_json(scenario.model_dump_json()) == scenario


def test_meeting_keeps_its_zone_through_json() -> None:
    meeting = Meeting(id="m-K01-B01", firm_id="K01", buyer_id="B01", leg_id="chicago",
                      start=datetime(2024, 6, 24, 9, tzinfo=CHI), end=datetime(2024, 6, 24, 9, 40, tzinfo=CHI),
                      timezone="America/Chicago", place="venue", venue_id="hotel")
    again = Meeting.model_validate_json(meeting.model_dump_json())
    assert again.start == meeting.start and again.start.utcoffset() == meeting.start.utcoffset()
