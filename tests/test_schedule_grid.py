"""The time grid: slots per session, local wall-clock time in each zone, across daylight-saving changes."""

from __future__ import annotations

from datetime import timedelta

from matching.domain import Leg, Mission
from matching.schedule import build_slots, leg_slots


def _leg(**kw) -> Leg:
    base = dict(id="chicago", city="Chicago", country="US", timezone="America/Chicago", dates=["2024-06-24"],
                sessions=[{"start": "09:00", "end": "12:00"}, {"start": "13:30", "end": "17:30"}],
                venues=[{"id": "hotel", "name": "H", "capacity": 4}])
    return Leg(**{**base, **kw})


def test_whole_slots_fit_each_session_with_buffers() -> None:
    slots = leg_slots(_leg(), 40, 10)
    assert [s.start.strftime("%H:%M") for s in slots] == ["09:00", "09:50", "10:40", "13:30", "14:20", "15:10",
                                                           "16:00", "16:50"]
    assert all(s.end - s.start == timedelta(minutes=40) for s in slots)
    assert all(a.end <= b.start for a, b in zip(slots, slots[1:]))
    assert len({s.id for s in slots}) == len(slots)


def test_slots_are_aware_in_the_legs_zone() -> None:
    mission = Mission(id="m", name="M", format="trade_mission", slot_minutes=60, legs=[
        _leg(sessions=[{"start": "09:00", "end": "10:00"}]),
        _leg(id="detroit", city="Detroit", timezone="America/Detroit", dates=["2024-06-27"],
             sessions=[{"start": "09:00", "end": "10:00"}], venues=[{"id": "h2", "name": "H2", "capacity": 2}])])
    chicago, detroit = build_slots(mission)
    assert chicago.start.isoformat() == "2024-06-24T09:00:00-05:00"
    assert detroit.start.isoformat() == "2024-06-27T09:00:00-04:00"


def test_daylight_saving_change_keeps_local_times() -> None:
    # The US leaves daylight saving on 3 Nov 2024; Korea never switches.
    leg = _leg(dates=["2024-11-01", "2024-11-04"], sessions=[{"start": "09:00", "end": "10:00"}])
    before, after = leg_slots(leg, 60, 0)
    assert before.start.strftime("%H:%M") == after.start.strftime("%H:%M") == "09:00"
    assert before.start.utcoffset() == timedelta(hours=-5) and after.start.utcoffset() == timedelta(hours=-6)
    seoul = _leg(timezone="Asia/Seoul", dates=["2024-11-01", "2024-11-04"], sessions=[{"start": "07:00", "end": "08:00"}])
    a, b = leg_slots(seoul, 60, 0)
    # 07:00 in Seoul is 17:00 in Chicago before the change and 16:00 after it.
    assert (before.start.tzinfo and a.start.astimezone(before.start.tzinfo).hour) == 17
    assert b.start.astimezone(after.start.tzinfo).hour == 16


def test_a_session_shorter_than_a_slot_has_none() -> None:
    assert leg_slots(_leg(sessions=[{"start": "09:00", "end": "09:30"}]), 40, 0) == []
