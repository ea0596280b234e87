"""Plan diffs: every kind of change, what changed in words, and who must be told."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from matching.domain import Meeting, MeetingPlace, Plan
from matching.whatif.diff import diff_plans

CHI = ZoneInfo("America/Chicago")


def meeting(firm: str, buyer: str, hour: int, unit: str = "1", interpreter: str | None = None) -> Meeting:
    start = datetime(2024, 6, 25, hour, 0, tzinfo=CHI)
    return Meeting(id=f"m-{firm}-{buyer}", firm_id=firm, buyer_id=buyer, leg_id="chicago", start=start,
                   end=start.replace(minute=40), timezone="America/Chicago", place=MeetingPlace.venue,
                   venue_id="hotel", unit=unit, interpreter_id=interpreter, language="en" if interpreter else None)


def plan(*meetings: Meeting) -> Plan:
    return Plan(mission_id="m", meetings=list(meetings))


def test_each_kind_of_change_is_listed_with_what_and_who() -> None:
    before = plan(meeting("K1", "B1", 9), meeting("K2", "B2", 10, interpreter="I1"), meeting("K3", "B3", 11),
                  meeting("K4", "B4", 13, unit="2"), meeting("K5", "B5", 14, interpreter="I1"))
    after = plan(meeting("K1", "B1", 9), meeting("K2", "B2", 15, interpreter="I2"), meeting("K4", "B4", 13, unit="3"),
                 meeting("K5", "B5", 14, interpreter="I2"), meeting("K6", "B6", 16))
    diff = diff_plans(before, after, {("K3", "B3"): "buyer B3 cancels from 25 Jun 08:00"})
    assert diff.kept == 1
    kinds = {(c.firm_id, c.kind) for c in diff.changes}
    assert kinds == {("K2", "moved"), ("K3", "cancelled"), ("K4", "moved"), ("K5", "moved"), ("K6", "added")}
    by_firm = {c.firm_id: c for c in diff.changes}
    assert by_firm["K2"].what == ["time Tue 25 Jun 10:00 CDT -> Tue 25 Jun 15:00 CDT", "interpreter I1 -> I2"]
    assert by_firm["K2"].tell == ["K2", "B2", "I1", "I2"]
    assert by_firm["K4"].what == ["place hotel table 2 -> hotel table 3"]
    assert by_firm["K3"].reason == "buyer B3 cancels from 25 Jun 08:00" and by_firm["K6"].before is None
    assert (diff.count("moved"), diff.count("cancelled"), diff.count("added"), diff.disturbed) == (3, 1, 1, 4)
    assert [c.firm_id for c in diff.changes] == ["K3", "K4", "K5", "K2", "K6"]  # by time, as they are now
    assert set(diff.to_tell()) == {"K2", "B2", "I1", "I2", "K3", "B3", "K4", "B4", "K5", "B5", "K6", "B6"}


def test_identical_plans_have_no_changes() -> None:
    same = plan(meeting("K1", "B1", 9), meeting("K2", "B2", 10))
    diff = diff_plans(same, same)
    assert diff.kept == 2 and diff.changes == [] and diff.disturbed == 0
