"""The core model and its lexicographic solver: each hard rule holds, and the objective meets its bounds."""

from __future__ import annotations

from collections import Counter

import pytest

from matching.schedule.greedy import greedy
from matching.schedule.problem import CoreSlot, Instance, Option, Participant, Precedence, Request, Travel
from matching.schedule.solver import solve


def slots(n: int, day_length: int | None = None) -> list[CoreSlot]:
    day_length = day_length or n
    return [CoreSlot(day=i // day_length, start=i * 40, end=i * 40 + 30) for i in range(n)]


def request(a: str, b: str, n_slots: int, weight: int = 50, place: str = "hall", **kw) -> Request:
    return Request(id=f"{a}|{b}", a=a, b=b, weight=weight,
                   options=[Option(slot=s, place=place, resources=("table",)) for s in range(n_slots)], **kw)


def everyone(*ids: str, **kw) -> list[Participant]:
    return [Participant(id=i, fair=i.startswith("F"), **kw) for i in ids]


def placed(solution) -> dict[str, int]:
    return {p.request: p.slot for p in solution.placements}


def people_per_slot(instance: Instance, solution) -> Counter:
    by_id = {r.id: r for r in instance.requests}
    return Counter((who, p.slot) for p in solution.placements for who in (by_id[p.request].a, by_id[p.request].b))


def test_nobody_is_double_booked_and_tables_are_respected() -> None:
    firms, buyers = ["F1", "F2", "F3"], ["B1", "B2", "B3"]
    instance = Instance(slots=slots(3), participants=everyone(*firms, *buyers),
                        requests=[request(f, b, 3) for f in firms for b in buyers], capacities={"table": [2, 2, 2]})
    solution = solve(instance, time_limit=10)
    assert solution.status == "OPTIMAL"
    assert max(people_per_slot(instance, solution).values()) == 1
    assert max(Counter(placed(solution).values()).values()) <= 2
    assert len(solution.placements) == 6  # 3 slots x 2 tables: the bound, reached


def test_worst_off_firm_is_raised_before_score() -> None:
    instance = Instance(slots=slots(2), participants=[*everyone("F1", "F2", target=2), *everyone("B1", "B2")],
                        requests=[request("F1", "B1", 2, weight=90), request("F1", "B2", 2, weight=90),
                                  request("F2", "B1", 2, weight=10)], capacities={"table": [2, 2]})
    solution = solve(instance, time_limit=10)
    assert solution.objectives["worst_off"] == 1
    assert "F2|B1" in placed(solution)


def test_travel_time_separates_places() -> None:
    instance = Instance(slots=slots(3), participants=everyone("F1", "B1", "B2"),
                        requests=[request("F1", "B1", 3, place="hall"), request("F1", "B2", 3, place="plant")],
                        capacities={"table": [1, 1, 1]}, travel=[Travel(origin="hall", destination="plant", minutes=45)])
    got = placed(solve(instance, time_limit=10))
    assert len(got) == 2 and abs(got["F1|B1"] - got["F1|B2"]) >= 2  # slots are 10 minutes apart


def test_locked_meeting_stays_and_precedence_holds() -> None:
    instance = Instance(slots=slots(3), participants=everyone("F1", "F2", "B1"),
                        requests=[request("F1", "B1", 3, locked=2), request("F2", "B1", 3)],
                        capacities={"table": [1, 1, 1]}, precedences=[Precedence(before="F1|B1", after="F2|B1")])
    got = placed(solve(instance, time_limit=10))
    assert got == {"F1|B1": 2}


def test_impossible_minimum_is_reported_infeasible() -> None:
    instance = Instance(slots=slots(1), participants=[*everyone("F1", min_meetings=2), *everyone("B1", "B2")],
                        requests=[request("F1", "B1", 1), request("F1", "B2", 1)], capacities={"table": [5]})
    assert solve(instance, time_limit=5).status == "INFEASIBLE"


def test_breaks_are_counted_and_minimised() -> None:
    # F1 must meet B1 in slot 0 and B2 in slot 3 (locked): one break; B3 can fill it.
    instance = Instance(slots=slots(4), participants=everyone("F1", "B1", "B2", "B3"),
                        requests=[request("F1", "B1", 4, locked=0), request("F1", "B2", 4, locked=3),
                                  request("F1", "B3", 4, weight=1)],
                        capacities={"table": [1, 1, 1, 1]})
    solution = solve(instance, time_limit=10, stages=("breaks",))
    assert solution.objectives["breaks"] == 1  # one gap remains however B3 is placed


@pytest.mark.parametrize("tables", [1, 2, 3])
def test_greedy_is_feasible_and_below_the_solver(tables: int) -> None:
    firms, buyers = ["F1", "F2", "F3", "F4"], ["B1", "B2", "B3"]
    instance = Instance(slots=slots(3), participants=everyone(*firms, *buyers),
                        requests=[request(f, b, 3, weight=10 * i + j) for i, f in enumerate(firms)
                                  for j, b in enumerate(buyers)], capacities={"table": [tables] * 3})
    chosen = greedy(instance)
    busy = Counter((who, instance.requests[r].options[o].slot) for r, o in chosen.items()
                   for who in (instance.requests[r].a, instance.requests[r].b))
    assert max(busy.values()) == 1
    assert max(Counter(instance.requests[r].options[o].slot for r, o in chosen.items()).values()) <= tables
    assert len(solve(instance, time_limit=10).placements) >= len(chosen)
