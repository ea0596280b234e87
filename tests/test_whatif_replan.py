"""Re-planning: the past and locked meetings stay, only what the change forces moves, every change is listed."""

from __future__ import annotations

import random
from collections import Counter
from datetime import datetime

import pytest

from matching.domain import Plan, Scenario
from matching.planner import PlanningError, plan_scenario
from matching.synthetic import make_fair
from matching.validate import check_plan
from matching.whatif.overlay import Change, apply_changes, localize
from matching.whatif.replan import replan

from conftest import planned

JINJU = "jinju-us-midwest-2024"


def changed(scenario: Scenario, *changes: dict):
    result = apply_changes(scenario, [Change.model_validate(c) for c in changes])
    assert result.scenario is not None, result.problems
    return result


def at(scenario: Scenario, text: str) -> datetime:
    return localize(datetime.fromisoformat(text), scenario.mission)


def same(a, b) -> bool:
    """Two meetings alike in everything a participant is told (time, place, table, interpreter); the
    score is not told and is re-scored when the change alters the population of profiles."""
    return a.model_dump(exclude={"locked", "score"}) == b.model_dump(exclude={"locked", "score"})


def assert_sound(new_scenario: Scenario, published: Plan, result, now: datetime) -> None:
    """Valid, the past untouched, nothing new in the past, and every difference in the diff."""
    assert check_plan(new_scenario, result.plan) == []
    before = {m.id: m for m in published.meetings}
    after = {m.id: m for m in result.plan.meetings}
    for meeting in published.meetings:
        if meeting.start < now:
            assert same(after[meeting.id], meeting)
            assert after[meeting.id].locked
    assert all(m.start >= now for m in result.plan.meetings if m.id not in before or
               before[m.id].start != m.start)
    listed = {c.meeting_id for c in result.diff.changes}
    differing = {i for i in before.keys() | after.keys()
                 if i not in before or i not in after or not same(before[i], after[i])}
    assert listed == differing
    assert result.diff.kept + result.diff.count("moved") + result.diff.count("cancelled") == len(published.meetings)


def test_a_buyer_cancelling_changes_only_its_own_meetings() -> None:
    scenario, published = planned(JINJU)
    now = at(scenario, "2024-06-25 08:00")
    busiest = Counter(m.buyer_id for m in published.meetings if m.start >= now and m.leg_id == "chicago")
    buyer = busiest.most_common(1)[0][0]
    applied = changed(scenario, {"cancel": {"buyer": buyer, "from": "2024-06-25 08:00"}})
    result = replan(applied.scenario, published, now, causes=applied.causes, time_limit=10)
    assert_sound(applied.scenario, published, result, now)
    lost = [m for m in published.meetings if m.buyer_id == buyer and m.start >= now]
    assert lost and result.forced == len(lost) == result.diff.disturbed  # no more than the change forces
    assert {c.meeting_id for c in result.diff.changes if c.kind == "cancelled"} == {m.id for m in lost}
    for change in result.diff.changes:
        if change.kind == "cancelled":
            assert change.reason.startswith(f"buyer {buyer} cancels from 2024-06-25 08:00")
            assert {change.firm_id, buyer} <= set(change.tell)
    assert not result.resolved


def test_an_interpreter_dropping_out_is_re_solved_with_stability_first() -> None:
    scenario, published = planned(JINJU)
    applied = changed(scenario, {"cancel": {"interpreter": "I02", "from": "2024-06-27 08:00"}})
    now = at(scenario, "2024-06-27 08:00")
    result = replan(applied.scenario, published, now, causes=applied.causes, time_limit=20)
    assert_sound(applied.scenario, published, result, now)
    assert result.forced >= 1 and result.diff.disturbed >= result.forced
    by_i02 = {m.id for m in published.meetings if m.interpreter_id == "I02" and m.start >= now}
    assert by_i02 <= {c.meeting_id for c in result.diff.changes}
    assert all("I02" in c.tell for c in result.diff.changes if c.meeting_id in by_i02)
    # Stability came before score: no meeting without I02 was disturbed beyond what freeing I02's slots needs.
    assert result.diff.disturbed <= 2 * len(by_i02)


def test_without_a_change_nothing_changes() -> None:
    scenario, published = planned(JINJU)
    now = at(scenario, "2024-06-25 12:00")
    result = replan(scenario, published, now, time_limit=10)
    assert result.diff.changes == [] and result.forced == 0 and result.diff.kept == len(published.meetings)


def test_no_new_meetings_when_asked() -> None:
    scenario, published = planned(JINJU)
    applied = changed(scenario, {"cancel": {"buyer": "DT15", "from": "2024-06-27 08:00"}},
                      {"update_venue": {"id": "dtw-hotel", "capacity": 8}})
    now = at(scenario, "2024-06-27 08:00")
    result = replan(applied.scenario, published, now, allow_new=False, time_limit=10)
    assert_sound(applied.scenario, published, result, now)
    assert result.diff.count("added") == 0


def test_the_past_cannot_be_removed() -> None:
    scenario, published = planned(JINJU)
    met_early = next(m for m in published.meetings if m.start.date().isoformat() == "2024-06-24")
    applied = changed(scenario, {"remove_buyer": met_early.buyer_id})
    with pytest.raises(PlanningError, match=f"cancel: {{buyer: {met_early.buyer_id}"):
        replan(applied.scenario, published, at(scenario, "2024-06-25 08:00"), time_limit=5)


def test_locked_meetings_stay_even_after_now() -> None:
    scenario, published = planned(JINJU)
    late = [m for m in published.meetings if m.start.date().isoformat() == "2024-06-28"][:3]
    applied = changed(scenario, {"update_venue": {"id": "dtw-hotel", "capacity": 3}})
    now = at(scenario, "2024-06-25 08:00")
    result = replan(applied.scenario, published, now, locked=[m.model_copy(update={"locked": True}) for m in late],
                    time_limit=20)
    assert check_plan(applied.scenario, result.plan) == []
    after = {m.id: m for m in result.plan.meetings}
    assert all(after[m.id].start == m.start and after[m.id].unit == m.unit for m in late)


@pytest.fixture(scope="module")
def small_fair() -> tuple[Scenario, Plan]:
    scenario = make_fair(40, 30, days=1)
    return scenario, plan_scenario(scenario, time_limit=10, workers=2)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_cancellation_in_a_full_fair_changes_only_what_it_forces(small_fair, seed: int) -> None:
    """Tables and interpreters are nearly full: new meetings go only into freed time and never take
    a kept meeting's interpreter, so every change is one the cancellation forces."""
    scenario, published = small_fair
    rng = random.Random(seed)
    starts = sorted({m.start for m in published.meetings})
    now = rng.choice(starts[len(starts) // 3: 2 * len(starts) // 3])
    buyer = rng.choice(sorted({m.buyer_id for m in published.meetings if m.start >= now}))
    applied = changed(scenario, {"cancel": {"buyer": buyer, "from": now.isoformat()}})
    result = replan(applied.scenario, published, now, causes=applied.causes, time_limit=10)
    assert_sound(applied.scenario, published, result, now)
    lost = {m.id for m in published.meetings if m.buyer_id == buyer and m.start >= now}
    assert not result.resolved
    assert result.diff.disturbed == result.forced == len(lost)
    assert {c.meeting_id for c in result.diff.changes if c.kind != "added"} == lost
