"""Diagnosis on the core: counting bounds, pinned overloads and assumption cores, each kind proved."""

from __future__ import annotations

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st
from test_schedule_solver import everyone, request, slots

from matching.schedule.diagnose import conflicting_demands, pinned_overloads, reachable
from matching.schedule.problem import Instance, Option, Participant, Request


def test_reachable_counts_slots_a_participant_can_fill_on_its_own() -> None:
    # F1 has three buyers who can all only come in slot 0 or 1: two meetings at most.
    instance = Instance(slots=slots(4), participants=[*everyone("F1", "F2"), *everyone("B1", "B2", "B3")],
                        requests=[request("F1", b, 2) for b in ("B1", "B2", "B3")] + [request("F2", "B1", 4)],
                        capacities={"table": [9] * 4})
    most = reachable(instance)
    assert most["F1"] == 2 and most["F2"] == 1 and most["B1"] == 2 and most["B3"] == 1


def test_reachable_respects_representatives() -> None:
    instance = Instance(slots=slots(1), participants=[*everyone("F1", capacity=2), *everyone("B1", "B2", "B3")],
                        requests=[request("F1", b, 1) for b in ("B1", "B2", "B3")], capacities={"table": [9]})
    assert reachable(instance)["F1"] == 2


@st.composite
def lone_participants(draw) -> Instance:
    """F1 (one to three representatives) with requests to buyers, each allowed in some of 5 slots
    (an option per place, so a slot may repeat)."""
    buyers = draw(st.integers(0, 8))
    requests = [Request(id=f"F1|B{i}", a="F1", b=f"B{i}",
                        options=[Option(slot=s, place=place) for s, place in
                                 draw(st.lists(st.tuples(st.integers(0, 4), st.sampled_from("xy")), min_size=1,
                                               max_size=6))])
                for i in range(buyers)]
    participants = [Participant(id="F1", capacity=draw(st.integers(1, 3))), *everyone(*(f"B{i}" for i in range(buyers)))]
    return Instance(slots=slots(5), participants=participants, requests=requests)


@settings(max_examples=60, deadline=None)
@given(lone_participants())
def test_reachable_equals_a_maximum_flow(instance: Instance) -> None:
    # The reference: requests -> slots -> sink, each slot taking as many meetings as F1 holds at once.
    graph = nx.DiGraph()
    graph.add_node("source")
    graph.add_node("sink")
    for request_ in instance.requests:
        graph.add_edge("source", request_.id, capacity=1)
        for option in request_.options:
            graph.add_edge(request_.id, option.slot, capacity=1)
            graph.add_edge(option.slot, "sink", capacity=instance.participants[0].capacity)
    assert reachable(instance)["F1"] == nx.maximum_flow_value(graph, "source", "sink")


def interpreted(a: str, b: str, slot: int, **kw) -> Request:
    return Request(id=f"{a}|{b}", a=a, b=b, options=[Option(slot=slot, any_of=("ru#0", "ru+uz#1"))], **kw)


def test_pinned_meetings_over_the_interpreters_of_their_slot() -> None:
    requests = [interpreted(f"F{i}", f"B{i}", 1, locked=1) for i in range(3)] + [interpreted("F9", "B9", 0, locked=0)]
    instance = Instance(slots=slots(2), participants=everyone(*(f"F{i}" for i in (0, 1, 2, 9)), *(f"B{i}" for i in (0, 1, 2, 9))),
                        requests=requests, capacities={"ru#0": [1, 1], "ru+uz#1": [0, 1]})
    overloads = pinned_overloads(instance)
    assert len(overloads) == 1
    assert overloads[0].slot == 1 and overloads[0].units == 2 and len(overloads[0].requests) == 3


def test_no_overload_when_the_pinned_meetings_fit() -> None:
    requests = [interpreted(f"F{i}", f"B{i}", 1, locked=1) for i in range(2)]
    instance = Instance(slots=slots(2), participants=everyone("F0", "F1", "B0", "B1"), requests=requests,
                        capacities={"ru#0": [1, 1], "ru+uz#1": [0, 1]})
    assert pinned_overloads(instance) == []


def test_assumption_core_names_the_demands_in_conflict() -> None:
    # B1 takes at most one meeting, yet F1 and F2 must each meet it (their only buyer): a three-way conflict.
    participants = [*everyone("F1", "F2", min_meetings=1), *everyone("B1", max_meetings=1), *everyone("B2", "F3")]
    instance = Instance(slots=slots(3), participants=participants,
                        requests=[request("F1", "B1", 3), request("F2", "B1", 3), request("F3", "B2", 3)],
                        capacities={"table": [5] * 3})
    core = conflicting_demands(instance)
    assert core is not None
    assert set(core) == {"too few meetings: F1", "too few meetings: F2", "too many meetings: B1"}


def test_core_of_a_lock_and_a_must_meet() -> None:
    # Both are pinned to B1's only slot.
    instance = Instance(slots=slots(1), participants=everyone("F1", "F2", "B1"),
                        requests=[request("F1", "B1", 1, locked=0), request("F2", "B1", 1, required=True)],
                        capacities={"table": [5]})
    assert set(conflicting_demands(instance, required_hard=True)) == {
        "locked meeting moved: F1|B1", "must-meet not placed: F2|B1"}
    assert conflicting_demands(instance) is None  # must-meet soft: the lock alone holds


def test_compatible_demands_have_no_core() -> None:
    instance = Instance(slots=slots(2), participants=[*everyone("F1", min_meetings=2), *everyone("B1", "B2")],
                        requests=[request("F1", "B1", 2), request("F1", "B2", 2)], capacities={"table": [5, 5]})
    assert conflicting_demands(instance) is None
