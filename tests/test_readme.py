"""The README's promises: its two commands match CI, its format examples load, every column is listed."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import REPO

import yaml

from matching import DayPart, Rules, load_scenario
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
    yaml_text = _blocks("yaml")[0]
    (tmp_path / "scenario.yaml").write_text(yaml_text, encoding="utf-8")
    for name, text in zip(("firms", "buyers", "interpreters", "sites", "travel_times"), _blocks("csv"), strict=True):
        (tmp_path / f"{name}.csv").write_text(text, encoding="utf-8")
    scenario = load_scenario(tmp_path)
    assert scenario.firm("JJ01").must_meet == ["DT04"]
    assert scenario.leg("detroit").travel_times[0].minutes == 35


def test_the_requested_meetings_example_is_valid_rules() -> None:
    [snippet] = [block for block in _blocks("yaml") if "only_requested" in block]
    rules = Rules.model_validate(yaml.safe_load(snippet)["rules"])
    assert rules.only_requested and rules.must_meet[0].when is DayPart.morning
    assert (rules.precedences[0].before.buyer, rules.precedences[0].after.buyer) == ("DT04", "DT07")


def test_every_column_is_documented_in_english_and_korean() -> None:
    for spec in (*TABLES.values(), OUTCOMES):
        for column in spec.columns:
            assert f"| {column.label} | {column.label_ko} |" in README, (spec.name, column.field)


def _tour() -> list[str]:
    """The tour's commands as a shell runs them (continued lines joined, comments and installs dropped)."""
    block = README.split("## A five-minute tour", 1)[1]
    [text] = re.findall(r"```bash\n(.*?)```", block, flags=re.S)[:1]
    commands = []
    for line in text.replace("\\\n", " ").splitlines():
        command = line.split("  #", 1)[0].strip()
        if command and not command.startswith("#") and "pip install" not in command:
            commands.append(command)
    return commands


def test_the_tour_runs_as_written_from_nothing_to_printed_agendas(tmp_path: Path) -> None:
    """A new user's path: every tour command succeeds in a fresh folder and leaves what it promises."""
    (tmp_path / "scenarios").symlink_to(REPO / "scenarios", target_is_directory=True)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    commands = _tour()
    assert [c.split()[1] for c in commands if c.startswith("matching ")] == [
        "validate", "validate", "schema", "match", "match", "plan", "check", "export", "export", "report",
        "compare", "replan", "export"]
    for command in commands:
        done = subprocess.run(["bash", "-c", command], cwd=tmp_path, env=env, capture_output=True, text=True,
                              timeout=600)
        assert done.returncode == 0, (command, done.stdout[-2000:], done.stderr[-2000:])
    agendas = tmp_path / "out" / "jinju" / "agendas"
    for name in ("agendas.html", "agendas.xlsx", "agendas.pdf", "meetings.csv", "outcomes.xlsx", "ics/master.ics"):
        assert (agendas / name).stat().st_size > 0, name
    assert (tmp_path / "out" / "jinju" / "replan" / "changes.csv").is_file()
    assert (tmp_path / "out" / "jinju" / "report" / "report.xlsx").is_file()
