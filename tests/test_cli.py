"""The command line: validate, schema and demo, exit codes, and no traceback on bad input."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import BUNDLED, BUNDLED_NAMES, Mini
from typer.testing import CliRunner

from matching.cli import app

runner = CliRunner()


@pytest.mark.parametrize("name", BUNDLED_NAMES)
def test_validate_passes_on_every_bundled_scenario(name: str) -> None:
    result = runner.invoke(app, ["validate", str(BUNDLED / name)], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    assert "valid" in result.stdout and "SYNTHETIC" in result.stdout
    for word in ("firms", "buyers", "legs", "slots"):
        assert word in result.stdout


def test_validate_json_summary_counts(mini: Mini) -> None:
    result = runner.invoke(app, ["validate", str(mini.path), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert (summary["firms"], summary["buyers"], len(summary["legs"])) == (3, 3, 2)
    # Chicago: 2 days x (3 morning + 5 afternoon) 40-minute slots with 10-minute buffers; Detroit: 1 x 3.
    assert [leg["slots"] for leg in summary["legs"]] == [16, 3]
    assert summary["slots"] == 19


def test_bad_input_exits_2_and_names_file_row_column(mini: Mini) -> None:
    mini.edit("firms", 1, "HS codes", "8799")
    result = runner.invoke(app, ["validate", str(mini.path)])
    assert result.exit_code == 2
    assert "firms.csv, row 2, column 'HS codes'" in result.stderr
    assert "nothing was written" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("corrupt", ["hs", "empty", "yaml"])
def test_real_process_exits_2_without_traceback(mini: Mini, corrupt: str) -> None:
    if corrupt == "hs":
        mini.edit("firms", 1, "HS codes", "8799")
    elif corrupt == "empty":
        (mini.path / "buyers.csv").write_bytes(b"")
    else:
        (mini.path / "scenario.yaml").write_text("mission: [", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "matching", "validate", str(mini.path)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr + done.stdout
    assert "error" in done.stderr


def test_schema_prints_the_scenario_file_json_schema() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert set(schema["properties"]) >= {"mission", "rules", "weights", "tables", "synthetic"}
    assert schema["additionalProperties"] is False
    leg = schema["$defs"]["Leg"]
    assert "timezone" in leg["properties"] and leg["properties"]["timezone"]["description"]


def test_demo_validates_and_summarises_the_jinju_mission() -> None:
    result = runner.invoke(app, ["demo"], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    assert "Jinju" in result.stdout and "America/Detroit" in result.stdout and "America/Chicago" in result.stdout


def test_unknown_scenario_folder_exits_2(tmp_path) -> None:
    result = runner.invoke(app, ["validate", str(tmp_path / "missing")])
    assert result.exit_code == 2
    assert "no such scenario" in result.stderr


def test_match_json_gives_every_jinju_firm_8_candidates_with_blocks_and_reasons() -> None:
    result = runner.invoke(app, ["match", str(BUNDLED / "jinju-us-midwest-2024"), "--format", "json"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    per_firm: dict[str, int] = {}
    for c in found:
        assert set(c) >= {"firm_id", "buyer_id", "score", "blocks", "reasons"} and c["reasons"]
        per_firm[c["firm_id"]] = per_firm.get(c["firm_id"], 0) + 1
    assert len(per_firm) == 11 and min(per_firm.values()) >= 8


@pytest.mark.parametrize("fmt", ["table", "csv"])
def test_match_table_and_csv(fmt: str) -> None:
    result = runner.invoke(app, ["match", str(BUNDLED / "jinju-follow-up"), "--format", fmt, "--top", "3"],
                           env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "JJ01" in result.stdout


def test_match_on_bad_input_exits_2(mini: Mini) -> None:
    mini.edit("firms", 1, "HS codes", "8799")
    assert runner.invoke(app, ["match", str(mini.path)]).exit_code == 2
