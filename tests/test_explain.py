"""Plain reasons when the Jinju mission cannot be planned, or only thinly: one test per kind."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from conftest import BUNDLED

from matching import find_candidates, load_scenario
from matching.domain import Plan, Scenario, TimeWindow
import matching.explain as explain_module
from matching.explain import explain_infeasible, thin_notes, unplaceable_note, unplaceable_notes
from matching.kpis import firm_target
from matching.planner import PlanningError, plan_scenario
from matching.schedule.diagnose import reachable
from matching.schedule.grid import build_slots
from matching.schedule.instance import build_instance


@pytest.fixture(scope="module")
def jinju() -> Scenario:
    return load_scenario(BUNDLED / "jinju-us-midwest-2024")


def busy_but_first(scenario: Scenario, firm_id: str, keep: int) -> Scenario:
    """The firm is unavailable after its first ``keep`` slots of the mission."""
    slots = build_slots(scenario.mission)
    window = TimeWindow(start=slots[keep].start, end=slots[-1].end + timedelta(hours=1))
    firms = [f.model_copy(update={"unavailable": [window]}) if f.id == firm_id else f for f in scenario.firms]
    return scenario.model_copy(update={"firms": firms})


def with_rules(scenario: Scenario, **rules) -> Scenario:
    return scenario.model_copy(update={"rules": scenario.rules.model_copy(update=rules)})


def test_a_firm_minimum_beyond_its_reachable_meetings_is_named(jinju) -> None:
    scenario = with_rules(busy_but_first(jinju, "JJ03", 3), min_meetings_per_firm=5)
    reasons = explain_infeasible(build_instance(scenario, find_candidates(scenario)))
    assert any(r.startswith("firm JJ03 must have at least 5 meetings; at most 3 fit") for r in reasons), reasons
    assert any("the firm is unavailable" in r for r in reasons)
    with pytest.raises(PlanningError) as raised:
        plan_scenario(scenario, time_limit=10)
    assert "firm JJ03 must have at least 5 meetings" in str(raised.value)


def interpreted_pairs(scenario: Scenario, slot: int, n: int) -> list[tuple[str, str]]:
    """n candidate pairs with distinct firms and buyers, all needing an interpreter, able to meet in a slot."""
    built = build_instance(scenario, find_candidates(scenario))
    pairs, firms, buyers = [], set(), set()
    for request in built.instance.requests:
        firm_id, buyer_id = built.firm_buyer(request.id)
        if built.languages[request.id] and firm_id not in firms and buyer_id not in buyers \
                and any(option.slot == slot for option in request.options):
            pairs.append((firm_id, buyer_id))
            firms.add(firm_id)
            buyers.add(buyer_id)
    return pairs[:n]


def test_pinned_meetings_beyond_the_interpreters_of_a_slot(jinju) -> None:
    pairs = interpreted_pairs(jinju, 2, 4)
    assert len(pairs) == 4
    slot = build_slots(jinju.mission)[2]
    built = build_instance(jinju, find_candidates(jinju), locked={f"{f}|{b}": slot.id for f, b in pairs})
    reasons = explain_infeasible(built)
    assert reasons == ["4 meetings need an English interpreter at 10:40 on 24 June 2024 in Chicago; there are 3"]


def test_two_locks_of_one_firm_in_one_slot_are_named_together(jinju) -> None:
    candidates = find_candidates(jinju)
    first, second = [c for c in candidates if c.firm_id == "JJ01" and jinju.buyer(c.buyer_id).city == "Chicago"
                     and jinju.buyer(c.buyer_id).meets_at.value == "venue"][:2]
    slot = build_slots(jinju.mission)[0]
    built = build_instance(jinju, candidates, locked={f"JJ01|{first.buyer_id}": slot.id, f"JJ01|{second.buyer_id}": slot.id})
    reasons = explain_infeasible(built)
    assert len(reasons) == 1 and reasons[0].startswith("these cannot all hold together")
    assert "at 09:00 on 24 June 2024 in Chicago" in reasons[0]
    assert f"the locked meeting of firm JJ01 and buyer {first.buyer_id}" in reasons[0]
    assert f"the locked meeting of firm JJ01 and buyer {second.buyer_id}" in reasons[0]


def test_a_thin_plan_says_which_firm_is_short_and_why(jinju) -> None:
    scenario = with_rules(busy_but_first(jinju, "JJ05", 2), min_meetings_per_firm=0)
    plan = plan_scenario(scenario, time_limit=15)
    assert plan.kpis["worst_off_firm"] <= 2
    assert any(n.startswith("firm JJ05 wants 6 meetings; at most 2 fit") for n in plan.notes), plan.notes
    built = build_instance(scenario, find_candidates(scenario))
    assert thin_notes(built, plan) == [n for n in plan.notes if n.startswith("firm ") and "wants" in n]


def keep_first(plan: Plan, kept: dict[str, int]) -> Plan:
    """The plan with only the first ``kept[firm]`` meetings of the firms named."""
    seen: Counter[str] = Counter()
    meetings = []
    for meeting in plan.meetings:
        seen[meeting.firm_id] += 1
        if seen[meeting.firm_id] <= kept.get(meeting.firm_id, len(plan.meetings)):
            meetings.append(meeting)
    return plan.model_copy(update={"meetings": meetings})


def test_firms_short_only_of_what_others_took_share_one_note_grouped_by_meetings(jinju, monkeypatch) -> None:
    plan = plan_scenario(jinju, time_limit=15)
    built = build_instance(jinju, find_candidates(jinju))
    target, most = firm_target(jinju), reachable(built.instance)
    assert all(most[f"F:{firm}"] >= target for firm in ("JJ01", "JJ02", "JJ03"))  # each reaches it on its own
    def short(kept: dict[str, int]) -> list[str]:  # (dropping meetings may leave must-meet pairs out too)
        return [n for n in thin_notes(built, keep_first(plan, kept)) if not n.startswith("must-meet")]

    [note] = short({"JJ01": 1, "JJ02": 2, "JJ03": 1})
    assert note.startswith(f"3 firms got fewer than their {target} meetings, though "), note
    assert note.endswith("were taken by other firms' meetings (1 meeting: JJ01, JJ03; 2 meetings: JJ02)"), note
    monkeypatch.setattr(explain_module, "NAMED_FIRMS", 1)  # past it, the rest of a group are counted
    [counted] = short({"JJ01": 1, "JJ02": 2, "JJ03": 1})
    assert counted.endswith("(1 meeting: JJ01 and 1 more; 2 meetings: JJ02)"), counted
    [alone] = short({"JJ01": 1})
    assert alone == (f"firm JJ01 got 1 of its {target} meetings: up to {most['F:JJ01']} would fit on its own, but its "
                     "candidate buyers, tables or interpreters were taken by other firms' meetings")
    bounded = plan.model_copy(update={"bounds": {**plan.bounds, "worst_off": 2.0}})  # as if proved: 2 for everyone
    [proved] = [n for n in thin_notes(built, keep_first(bounded, {"JJ01": 1})) if not n.startswith("must-meet")]
    assert proved == alone + "; no timetable gives every firm more than 2 (proved)"


def test_a_lock_where_the_pair_cannot_meet_says_why(jinju) -> None:
    candidates = find_candidates(jinju)
    detroit = next(c for c in candidates if jinju.buyer(c.buyer_id).city == "Detroit")
    first_chicago_slot = build_slots(jinju.mission)[0]
    built = build_instance(jinju, candidates, locked={f"{detroit.firm_id}|{detroit.buyer_id}": first_chicago_slot.id})
    [reason] = explain_infeasible(built)
    assert "(it cannot be held then: the buyer is only met in Detroit)" in reason


def test_pairs_a_buyer_cannot_meet_for_the_same_reasons_share_one_note() -> None:
    yongin = load_scenario(BUNDLED / "yongin-online-rooms")
    built = build_instance(yongin, find_candidates(yongin))
    stuck = [c for c in built.unplaceable if c.buyer_id == "YB06"]
    assert len(stuck) > 1
    [note] = unplaceable_notes(built, stuck)
    firms = ", ".join(c.firm_id for c in stuck)
    assert note.startswith(f"buyer YB06 cannot meet firms {firms}: no slot works for it and any of them ("), note
    assert "the buyer is unavailable" in note
    assert unplaceable_notes(built, stuck[:1]) == [unplaceable_note(built, stuck[0])]
    assert unplaceable_note(built, stuck[0]).startswith(f"firm {stuck[0].firm_id} and buyer YB06 cannot meet: no slot")
