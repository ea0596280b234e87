"""scenario.yaml: read as text so YAML 1.1 surprises cannot happen, located errors, the JSON Schema."""

from __future__ import annotations

from conftest import SCENARIO_YAML

from matching.io.scenario_file import ScenarioFile, key_path, read_scenario_file


def _read(tmp_path, text: str):
    path = tmp_path / "scenario.yaml"
    path.write_text(text, encoding="utf-8")
    return read_scenario_file(path, "scenario.yaml")


def test_norway_and_sexagesimal_times_survive(tmp_path) -> None:
    text = SCENARIO_YAML.replace("country: US\n      timezone: America/Chicago", "country: NO\n      timezone: Europe/Oslo")
    text = text.replace('{start: "13:30", end: "17:30"}', "{start: 13:30, end: 17:30}")
    spec, problems, _ = _read(tmp_path, text)
    assert problems == []
    leg = spec.mission.legs[0]
    assert leg.country == "NO"
    assert leg.sessions[1].start.isoformat() == "13:30:00"


def test_null_and_empty_values_mean_default(tmp_path) -> None:
    spec, problems, _ = _read(tmp_path, SCENARIO_YAML.replace("  max_meetings_per_firm: 6", "  max_meetings_per_firm: ~"))
    assert problems == [] and spec.rules.max_meetings_per_firm is None


def test_errors_carry_line_and_key_path(tmp_path) -> None:
    spec, problems, _ = _read(tmp_path, SCENARIO_YAML.replace("slot_minutes: 40", "slot_minutes: forty")
                              .replace("format: trade_mission", "format: roadshow"))
    assert spec is None
    located = {(p.row, p.column) for p in problems}
    assert located == {(4, "mission.format"), (5, "mission.slot_minutes")}
    assert any("trade_mission" in p.message for p in problems)  # the choices are listed


def test_empty_and_non_mapping_files(tmp_path) -> None:
    assert "empty" in _read(tmp_path, "")[1][0].message
    assert "expected keys" in _read(tmp_path, "- a\n- b\n")[1][0].message


def test_key_path() -> None:
    assert key_path(("mission", "legs", 0, "timezone")) == "mission.legs[0].timezone"


def test_json_schema_describes_the_file() -> None:
    schema = ScenarioFile.model_json_schema()
    assert schema["title"] == "matching scenario.yaml"
    assert schema["$defs"]["Mission"]["properties"]["slot_minutes"]["description"]
    assert "trade_mission" in schema["$defs"]["MissionFormat"]["enum"]
