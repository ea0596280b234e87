"""The planner: every bundled scenario plans and passes the validator; a rejected plan never leaves."""

from __future__ import annotations

import json

import pytest
from conftest import BUNDLED_NAMES, Mini, planned
from typer.testing import CliRunner

import matching.planner as planner
from matching import load_scenario
from matching.cli import app
from matching.planner import PlanBroken, plan_scenario, relative_gap
from matching.validate import Violation, check_plan


@pytest.mark.parametrize("name", BUNDLED_NAMES)
def test_every_bundled_scenario_plans_and_passes_the_validator(name: str) -> None:
    scenario, plan = planned(name)
    assert plan.meetings and check_plan(scenario, plan) == []
    assert plan.kpis["meetings"] == len(plan.meetings)
    assert 0 <= plan.kpis["gap"] <= 1
    for stage, value in plan.objective.items():  # each stage's value lies on the right side of its bound
        bound = plan.bounds[stage]
        assert value <= bound + 1e-6 if stage in ("required", "worst_off", "score") else value >= bound - 1e-6


def test_a_plan_the_validator_rejects_never_leaves(monkeypatch, mini: Mini, tmp_path) -> None:
    broken = [Violation(rule="firm double-booked", meetings=["x"], message="K01 has two meetings at 09:00")]
    monkeypatch.setattr(planner, "check_plan", lambda scenario, plan: broken)
    with pytest.raises(PlanBroken):
        plan_scenario(load_scenario(mini.path), time_limit=5)
    result = CliRunner().invoke(app, ["plan", str(mini.path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "firm double-booked" in result.stderr and "internal error" in result.stderr
    assert not (tmp_path / "out" / "plan.json").exists()


def test_an_existing_plan_survives_a_failed_run(monkeypatch, mini: Mini, tmp_path) -> None:
    out = tmp_path / "out"
    assert CliRunner().invoke(app, ["plan", str(mini.path), "--out", str(out), "--time-limit", "5"]).exit_code == 0
    before = (out / "plan.json").read_text()
    monkeypatch.setattr(planner, "check_plan", lambda scenario, plan: [
        Violation(rule="venue over capacity", meetings=[], message="too many")])
    assert CliRunner().invoke(app, ["plan", str(mini.path), "--out", str(out)]).exit_code == 1
    assert (out / "plan.json").read_text() == before and json.loads(before)["meetings"]
    assert [p.name for p in out.iterdir()] == ["plan.json"]  # no temporary file left behind


def test_relative_gap() -> None:
    assert relative_gap(100, 100) == 0
    assert relative_gap(99, 100) == pytest.approx(0.01)
    assert relative_gap(0, 0) == 0 and relative_gap(3, 0) == 3
