"""KPIs of a hand-made plan on the mini scenario: each figure counted as an officer would."""

from __future__ import annotations

from conftest import Mini

from matching import load_scenario
from matching.domain import Meeting, MeetingPlace, Plan
from matching.kpis import breaks, meetings_per_firm, place_changes, plan_kpis
from matching.schedule.grid import build_slots


def meeting(slot, firm: str, buyer: str, *, site: str | None = None, interpreter: str | None = None,
            score: float = 50.0) -> Meeting:
    return Meeting(id=f"m-{firm}-{buyer}", firm_id=firm, buyer_id=buyer, leg_id=slot.leg_id, start=slot.start,
                   end=slot.end, timezone=str(slot.start.tzinfo), place=MeetingPlace.site if site else MeetingPlace.venue,
                   venue_id=None if site else ("chi-hotel" if slot.leg_id == "chicago" else "dtw-hotel"), site_id=site,
                   unit=None if site else "1", interpreter_id=interpreter, language="en" if interpreter else None,
                   score=score)


def test_kpis_of_a_hand_made_plan(mini: Mini) -> None:
    scenario = load_scenario(mini.path)
    slots = build_slots(scenario.mission)
    chicago = [s for s in slots if s.leg_id == "chicago"]
    detroit = [s for s in slots if s.leg_id == "detroit"]
    # K01: Chicago slots 0 and 2 of day one (one break); K02: slot 1; K03 none. In Detroit, K01 goes to
    # B02's site after a venue meeting: one place change.
    meetings = [meeting(chicago[0], "K01", "B01", interpreter="I01", score=80), meeting(chicago[2], "K01", "B03", score=60),
                meeting(chicago[1], "K02", "B01", score=40), meeting(detroit[0], "K01", "B03", score=70),
                meeting(detroit[2], "K01", "B02", site="S1", score=50)]
    plan = Plan(mission_id=scenario.mission.id, meetings=meetings)
    assert meetings_per_firm(scenario, plan) == {"K01": 4, "K02": 1, "K03": 0}
    assert breaks(slots, meetings, lambda m: m.firm_id) == {"K01": 2, "K02": 0}
    assert breaks(slots, meetings, lambda m: m.buyer_id) == {"B01": 0, "B03": 0, "B02": 0}
    assert place_changes(meetings) == 1
    kpis = plan_kpis(scenario, plan)
    assert kpis["meetings"] == 5 and kpis["firms_with_meetings"] == 2 and kpis["worst_off_firm"] == 0
    assert kpis["score_total"] == 300 and kpis["score_mean"] == 60
    assert kpis["breaks"] == 2 and kpis["firm_breaks"] == 2 and kpis["interpreted_meetings"] == 1
    # Tables: 16 Chicago slots x 4 + 3 Detroit slots x 3 = 73 table-slots; 4 meetings at venues.
    assert kpis["table_utilisation"] == round(4 / 73, 4)
    assert kpis["firms_below_target"] == 0  # the mini scenario sets no minimum or target
    with_target = scenario.model_copy(update={"rules": scenario.rules.model_copy(update={"target_meetings_per_firm": 2})})
    assert plan_kpis(with_target, plan)["firms_below_target"] == 2
