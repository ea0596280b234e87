"""What-if files: read with their base, problems located by line and key path, locks read from plans."""

from __future__ import annotations

from pathlib import Path

import pytest

from matching.io.overlay import check_whatif, is_overlay

from conftest import BUNDLED, Mini, planned

WHAT_IFS = sorted(BUNDLED.glob("*/what-ifs/*.yaml"))


def write(folder: Path, text: str, name: str = "what-if.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("path", WHAT_IFS, ids=[f"{p.parent.parent.name}/{p.name}" for p in WHAT_IFS])
def test_every_bundled_what_if_loads_and_says_what_it_changes(path: Path) -> None:
    read = check_whatif(path)
    assert read.whatif is not None, [str(p) for p in read.problems]
    assert read.whatif.notes and read.whatif.name and read.whatif.scenario.synthetic
    assert "SYNTHETIC" in path.read_text(encoding="utf-8").splitlines()[0]


def test_the_bundled_what_ifs_are_the_ones_asked_for() -> None:
    names = {f"{p.parent.parent.name}/{p.stem}" for p in WHAT_IFS}
    assert {"jinju-us-midwest-2024/detroit-first", "jinju-us-midwest-2024/buyer-cancels",
            "jinju-us-midwest-2024/two-interpreters", "jinju-us-midwest-2024/third-chicago-day",
            "incheon-buyer-fair/more-tables", "incheon-buyer-fair/twenty-minute-slots"} <= names


def test_a_scenario_folder_is_a_what_if_of_itself(mini: Mini) -> None:
    read = check_whatif(mini.path)
    assert read.whatif is not None and read.whatif.name == "mini" and not read.whatif.notes
    assert not is_overlay(mini.path) and not is_overlay(mini.path / "scenario.yaml")


def test_an_unknown_id_is_located_at_its_line(mini: Mini, tmp_path: Path) -> None:
    path = write(tmp_path, "base: mini\nchanges:\n  - slot_minutes: 30\n  - remove_buyer: B09\n")
    assert is_overlay(path)
    read = check_whatif(path)
    assert read.whatif is None
    [problem] = read.problems
    assert (problem.file, problem.row, problem.column) == (str(path), 4, "changes[1].remove_buyer")
    assert "change 2 (remove_buyer): unknown buyer id 'B09'" in problem.message


def test_shape_errors_are_located_like_a_scenario_file(mini: Mini, tmp_path: Path) -> None:
    path = write(tmp_path, "base: mini\nchanges:\n  - remove_buyer: B01\n    slot_minutes: 30\n  - add_dya: {}\n")
    problems = check_whatif(path).problems
    assert [p.row for p in problems] == [3, 5]
    assert "exactly one key" in problems[0].message and "did you mean 'add_day'" in problems[1].message


def test_a_broken_base_reports_the_base_files_own_problems(mini: Mini, tmp_path: Path) -> None:
    mini.edit("firms", 1, "HS codes", "9999.99")
    path = write(tmp_path, "base: mini\nchanges: []\n")
    problems = check_whatif(path).problems
    assert problems and all("firms.csv" in p.file for p in problems)


def test_a_missing_base_and_a_missing_lock_plan_are_named(tmp_path: Path, mini: Mini) -> None:
    assert "no such scenario" in check_whatif(write(tmp_path, "base: nowhere\n")).problems[0].message
    path = write(tmp_path, "base: mini\nchanges:\n  - lock: {plan: gone.json}\n")
    [problem] = check_whatif(path).problems
    assert problem.row == 3 and problem.column == "changes[0].lock.plan" and "no plan file" in problem.message


def test_a_lock_keeps_the_published_meetings_before_a_time(tmp_path: Path) -> None:
    scenario, plan = planned("jinju-us-midwest-2024")
    (tmp_path / "plan.json").write_text(plan.model_dump_json(), encoding="utf-8")
    path = write(tmp_path, f"base: {BUNDLED / 'jinju-us-midwest-2024'}\nchanges:\n"
                           "  - lock: {plan: plan.json, before: '2024-06-25 00:00'}\n")
    read = check_whatif(path)
    assert read.whatif is not None
    expected = [m.id for m in plan.meetings if m.start.date().isoformat() == "2024-06-24"]
    assert [m.id for m in read.whatif.locked] == expected and all(m.locked for m in read.whatif.locked)
