"""Slot-by-slot placement of chosen meetings, and greedy completion of a partial timetable."""

from __future__ import annotations

from collections import Counter

from matching.schedule.greedy import greedy
from matching.schedule.problem import CoreSlot, Instance, Option, Participant, Request, Travel, idle_runs
from matching.schedule.placement import place_slot_by_slot


def slots(n: int) -> list[CoreSlot]:
    return [CoreSlot(day=0, start=i * 30, end=i * 30 + 30) for i in range(n)]


def complete_bipartite(n: int, tables: int, n_slots: int, any_of: tuple[str, ...] = (), **capacities) -> Instance:
    people = [Participant(id=f"F{i}") for i in range(n)] + [Participant(id=f"B{j}") for j in range(n)]
    requests = [Request(id=f"F{i}|B{j}", a=f"F{i}", b=f"B{j}", weight=1,
                        options=[Option(slot=s, resources=("table",), any_of=any_of) for s in range(n_slots)])
                for i in range(n) for j in range(n)]
    return Instance(slots=slots(n_slots), participants=people, requests=requests,
                    capacities={"table": [tables] * n_slots, **{k: [v] * n_slots for k, v in capacities.items()}})


def usage(instance: Instance, chosen: dict[int, int]) -> tuple[Counter, Counter]:
    people, tables = Counter(), Counter()
    for r, o in chosen.items():
        slot = instance.requests[r].options[o].slot
        people.update([(instance.requests[r].a, slot), (instance.requests[r].b, slot)])
        tables[slot] += 1
    return people, tables


def test_every_meeting_of_a_full_round_robin_is_placed() -> None:
    instance = complete_bipartite(4, tables=4, n_slots=4)  # 16 meetings, 16 tables: König says it fits
    chosen = place_slot_by_slot(instance, list(range(16)))
    people, tables = usage(instance, chosen)
    assert len(chosen) == 16
    assert max(people.values()) == 1 and max(tables.values()) == 4


def test_interpreters_per_slot_are_respected() -> None:
    instance = complete_bipartite(3, tables=3, n_slots=5, any_of=("en",), en=2)
    chosen = place_slot_by_slot(instance, list(range(9)))
    people, tables = usage(instance, chosen)
    assert len(chosen) == 9  # 9 meetings, 2 interpreters in each of 5 slots
    assert max(tables.values()) <= 2 and max(people.values()) == 1


def test_a_participant_continuing_from_the_slot_before_is_preferred() -> None:
    people = [Participant(id="F"), *(Participant(id=f"B{j}") for j in range(3))]
    requests = [Request(id=f"F|B{j}", a="F", b=f"B{j}", weight=1, options=[Option(slot=s) for s in range(6)])
                for j in range(3)]
    instance = Instance(slots=slots(6), participants=people, requests=requests)
    chosen = place_slot_by_slot(instance, [0, 1, 2])
    busy = [requests[r].options[o].slot for r, o in chosen.items()]
    assert len(busy) == 3 and idle_runs(busy) == 0


def test_the_travel_time_from_the_meeting_before_is_kept_by_both_placements() -> None:
    # F at the plant in slot 0; the hall is 20 minutes away, so F's next meeting there waits for
    # slot 2 (30 minutes later), though slot 1 would keep F's agenda compact. Two representatives
    # may split up: G's hall meeting follows at once.
    people = [Participant(id="F"), Participant(id="G", capacity=2), *(Participant(id=f"B{j}") for j in range(4))]
    requests = [Request(id=f"{who}|B{j}", a=who, b=f"B{j}", weight=1,
                        options=[Option(slot=s, place=place) for s in (range(1) if place == "plant" else range(1, 3))])
                for who, j, place in (("F", 0, "plant"), ("F", 1, "hall"), ("G", 2, "plant"), ("G", 3, "hall"))]
    instance = Instance(slots=slots(3), participants=people, requests=requests,
                        travel=[Travel(origin="plant", destination="hall", minutes=20)])
    for chosen in (place_slot_by_slot(instance, [0, 1, 2, 3]), greedy(instance)):
        assert {requests[r].id: requests[r].options[o].slot for r, o in chosen.items()} == {
            "F|B0": 0, "F|B1": 2, "G|B2": 0, "G|B3": 1}


def test_meetings_that_cannot_fit_are_left_out_not_forced() -> None:
    instance = complete_bipartite(3, tables=1, n_slots=2)
    chosen = place_slot_by_slot(instance, list(range(9)))
    assert len(chosen) == 2 and max(usage(instance, chosen)[1].values()) == 1


def test_greedy_keeps_a_start_and_completes_it() -> None:
    instance = complete_bipartite(2, tables=2, n_slots=2)
    start = {3: 0}  # F1|B1 in slot 0
    chosen = greedy(instance, start)
    assert chosen[3] == 0 and len(chosen) == 4
    assert max(usage(instance, chosen)[0].values()) == 1
