"""Problems render as 'file, row N, column 'X': message'; ScenarioError carries them all."""

from __future__ import annotations

from matching.errors import Problem, ScenarioError, Severity


def test_problem_text() -> None:
    assert str(Problem(file="firms.csv", row=7, column="HS코드", message="bad")) == "firms.csv, row 7, column 'HS코드': bad"
    assert str(Problem(file="firms.csv", message="empty")) == "firms.csv: empty"
    warning = Problem(file="f", row=2, message="odd", severity=Severity.warning)
    assert str(warning) == "f, row 2: warning: odd"


def test_scenario_error_lists_errors_only() -> None:
    error = ScenarioError([Problem(file="a", message="one"), Problem(file="b", message="w", severity=Severity.warning)])
    assert str(error) == "a: one"
    assert len(error.errors) == 1 and len(error.problems) == 2
