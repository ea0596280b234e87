"""The README's promises: its two commands match CI, its format examples load, every column is listed."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import REPO

from matching import load_scenario
from matching.io.columns import OUTCOMES, TABLES

README = (REPO / "README.md").read_text(encoding="utf-8")


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.S)


def test_ci_runs_exactly_the_readme_test_command() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    command = next(line for line in ci.splitlines() if "pytest" in line)
    assert command in README
    assert 'python3 -m pip install -e . && matching demo' in README


def test_the_format_examples_form_a_valid_scenario(tmp_path: Path) -> None:
    [yaml_text] = _blocks("yaml")
    (tmp_path / "scenario.yaml").write_text(yaml_text, encoding="utf-8")
    for name, text in zip(("firms", "buyers", "interpreters", "sites", "travel_times"), _blocks("csv"), strict=True):
        (tmp_path / f"{name}.csv").write_text(text, encoding="utf-8")
    scenario = load_scenario(tmp_path)
    assert scenario.firm("JJ01").must_meet == ["DT04"]
    assert scenario.leg("detroit").travel_times[0].minutes == 35


def test_every_column_is_documented_in_english_and_korean() -> None:
    for spec in (*TABLES.values(), OUTCOMES):
        for column in spec.columns:
            assert f"| {column.label} | {column.label_ko} |" in README, (spec.name, column.field)
