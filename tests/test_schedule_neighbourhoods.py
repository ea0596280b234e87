"""The agenda neighbourhoods: counted breaks, their models, moves that never worsen a plan, repeatable moves."""

from __future__ import annotations

from ortools.sat.python import cp_model

from matching.schedule.forum import check_forum, forum_breaks, random_forum, to_instance
from matching.schedule.model import ScheduleModel
from matching.schedule.neighbourhoods import (LARGEST, AgendaSearch, breaks_by_participant, in_neighbourhood,
                                              neighbourhood_instance)


def _ragged_start(seed: int = 3):
    """A 14-participant forum, its model minimising breaks, and a first timetable with its values."""
    forum = random_forum(14, 30, 10, 5, seed=seed, sessions=False)
    built = ScheduleModel(to_instance(forum, d=None))
    built.must_meet()  # every requested meeting held
    built.model.minimize(built.breaks()[0])
    first = cp_model.CpSolver()  # the first timetable found, before any improvement
    first.parameters.num_workers = 1
    first.parameters.stop_after_first_solution = True
    assert first.solve(built.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    values = list(first.response_proto.solution)
    chosen = built.placement(values)
    assert len(chosen) == len(forum.meetings)
    return forum, built, chosen, values, round(first.objective_value)


def _model_of(chosen: dict[int, int], free: set[int], built: ScheduleModel) -> ScheduleModel:
    """A neighbourhood's model: its meetings held, breaks minimised."""
    instance, settled = neighbourhood_instance(built, chosen, free)
    small = ScheduleModel(instance, settled=settled)
    small.must_meet()
    small.model.minimize(small.breaks()[0])
    return small


def _agenda(built: ScheduleModel, chosen: dict[int, int], seed: int) -> AgendaSearch:
    return AgendaSearch(built, chosen, seed, lambda plan, free: _model_of(plan, free, built))


def _slots(built: ScheduleModel, chosen: dict[int, int]) -> dict[int, int]:
    return {r: built.instance.requests[r].options[o].slot for r, o in chosen.items()}


def _search(model: cp_model.CpModel) -> tuple[list[int], float, bool] | None:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_deterministic_time = 0.5
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return list(solver.response_proto.solution), round(solver.objective_value), status == cp_model.OPTIMAL


def test_breaks_are_counted_per_participant_as_the_forum_counts_them() -> None:
    forum, built, chosen, _, breaks = _ragged_start()
    counts = breaks_by_participant(built, chosen)
    expected = forum_breaks(forum, _slots(built, chosen))
    assert {p: n for p, n in counts.items() if n} == {f"p{p + 1}": n for p, n in enumerate(expected) if n}
    assert sum(counts.values()) == breaks > 0


def test_a_neighbourhood_model_moves_only_its_free_meetings_and_counts_every_break() -> None:
    forum, built, chosen, values, breaks = _ragged_start()
    free = set(sorted(chosen)[:6])
    instance, settled = neighbourhood_instance(built, chosen, free)
    whole = built.instance.requests
    assert all(instance.requests[r].options == (whole[r].options if r in free else [whole[r].options[o]])
               for r, o in chosen.items())
    touched = {p for r in free for p in (instance.requests[r].a, instance.requests[r].b)}
    assert set(settled) == {p.id for p in instance.participants} - touched
    counts = breaks_by_participant(built, chosen)
    assert all(settled[p] == counts.get(p, 0) for p in settled)
    small = _model_of(chosen, free, built)
    per_person = small.breaks()[1]
    assert all(per_person[p] == settled[p] for p in settled if p in per_person)  # constants, no literals
    assert len(small.model.proto.variables) < len(built.model.proto.variables)
    small.hint(in_neighbourhood(chosen, free))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.fix_variables_to_their_hinted_value = True
    assert solver.solve(small.model) == cp_model.OPTIMAL
    assert round(solver.objective_value) == breaks  # the plan itself: the settled breaks counted too


def test_moves_never_worsen_the_plan_and_keep_every_rule() -> None:
    forum, built, chosen, values, breaks = _ragged_start()
    agenda = _agenda(built, chosen, seed=0)
    objectives = [breaks]
    for _ in range(25):
        agenda.step(_search)
        objectives.append(agenda.objective)
    assert objectives == sorted(objectives, reverse=True) and objectives[-1] < breaks
    slots = _slots(built, agenda.chosen)
    assert check_forum(forum, slots, None) == []
    assert sum(forum_breaks(forum, slots)) == agenda.objective


def test_the_same_seed_makes_the_same_moves() -> None:
    finals = []
    for _ in range(2):
        _, built, chosen, values, breaks = _ragged_start()
        agenda = _agenda(built, chosen, seed=7)
        for _ in range(10):
            agenda.step(_search)
        finals.append(agenda.chosen)
    assert finals[0] == finals[1]


def test_a_search_that_finds_nothing_keeps_the_plan() -> None:
    _, built, chosen, values, breaks = _ragged_start()
    agenda = _agenda(built, chosen, seed=0)
    assert not agenda.step(lambda model: None)
    assert agenda.chosen == chosen and agenda.objective == breaks and agenda.moves == 0


def test_neighbourhoods_grow_after_searches_that_finish_and_shrink_after_searches_that_do_not() -> None:
    _, built, chosen, _, breaks = _ragged_start()
    agenda = _agenda(built, chosen, seed=0)
    for _ in range(30):  # every search proves a plan, worse than the current one (so not kept)
        agenda.step(lambda model: ([], breaks + 1, True))
    assert agenda.size == LARGEST and agenda.chosen == chosen
    largest = sum(len(agenda.neighbourhood()[1]) for _ in range(20))
    for _ in range(30):  # every search runs out of time
        agenda.step(lambda model: None)
    assert agenda.size == {"partners": 1, "window": 1} and agenda.objective == breaks
    assert sum(len(agenda.neighbourhood()[1]) for _ in range(20)) < largest
