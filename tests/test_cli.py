"""The command line: validate, schema, match, plan, check, export and demo; exit codes; no traceback on bad input."""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BUNDLED, BUNDLED_NAMES, Mini
from typer.testing import CliRunner

import matching.cli as cli_module
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


def test_demo_validates_and_plans_the_jinju_mission(tmp_path) -> None:
    result = runner.invoke(app, ["demo", "--out", str(tmp_path / "demo")], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    assert "Jinju" in result.stdout and "America/Detroit" in result.stdout and "America/Chicago" in result.stdout
    plan = json.loads((tmp_path / "demo" / "plan.json").read_text())
    assert len(plan["meetings"]) >= 11 * 6 and plan["status"] == "OPTIMAL"
    assert "meetings per firm" in result.stdout and "matching check" in result.stdout
    agendas = tmp_path / "demo" / "agendas"
    assert {"agendas.xlsx", "agendas.html", "meetings.csv", "ics"} <= {p.name for p in agendas.iterdir()}
    assert "agendas.html" in result.stdout


def test_plan_writes_plan_json_and_check_accepts_it(mini: Mini, tmp_path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["plan", str(mini.path), "--out", str(out), "--time-limit", "10"], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    plan = json.loads((out / "plan.json").read_text())
    assert plan["meetings"] and plan["scenario"] == str(mini.path)
    for meeting in plan["meetings"]:
        assert {"firm_id", "buyer_id", "start", "end", "timezone", "place", "interpreter_id", "score"} <= set(meeting)
        assert meeting["start"][-6] in "+-" and meeting["timezone"].startswith("America/")
    assert {"meetings", "worst_off_firm", "score_total", "breaks", "place_changes", "gap"} <= set(plan["kpis"])
    assert plan["status"] in ("OPTIMAL", "FEASIBLE") and plan["objective"] and plan["bounds"]
    assert "meetings per firm" in result.stdout and "K01" in result.stdout
    checked = runner.invoke(app, ["check", str(mini.path), str(out / "plan.json")])
    assert checked.exit_code == 0, checked.output
    assert "break no rule" in checked.stdout


def test_plan_lists_only_the_firms_with_fewest_meetings_past_a_screenful(monkeypatch, mini: Mini, tmp_path) -> None:
    monkeypatch.setattr(cli_module, "FIRM_ROWS", 2)
    out = tmp_path / "out"
    result = runner.invoke(app, ["plan", str(mini.path), "--out", str(out), "--time-limit", "10"], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    counts = Counter(m["firm_id"] for m in json.loads((out / "plan.json").read_text())["meetings"])
    listed = [firm for firm in ("K01", "K02", "K03") if f"│ {firm} " in result.stdout]
    assert len(listed) == 2 and "the 2 of 3 with the fewest" in result.stdout
    unlisted = ({"K01", "K02", "K03"} - set(listed)).pop()
    assert all(counts[firm] <= counts[unlisted] for firm in listed)
    assert "every firm's meetings are in plan.json" in result.stdout


def test_check_names_each_broken_rule_and_exits_2(mini: Mini, tmp_path) -> None:
    out = tmp_path / "out"
    assert runner.invoke(app, ["plan", str(mini.path), "--out", str(out), "--time-limit", "10"]).exit_code == 0
    plan = json.loads((out / "plan.json").read_text())
    plan["meetings"].append(dict(plan["meetings"][0], id="again"))
    (out / "tampered.json").write_text(json.dumps(plan))
    result = runner.invoke(app, ["check", str(mini.path), str(out / "tampered.json")])
    assert result.exit_code == 2
    assert "pair met more than once" in result.stderr and "Traceback" not in result.output


def test_check_of_a_malformed_plan_names_the_file_and_field(mini: Mini, tmp_path) -> None:
    (tmp_path / "plan.json").write_text(json.dumps({"mission_id": "x", "meetings": [{"firm_id": "K01"}]}))
    result = runner.invoke(app, ["check", str(mini.path), str(tmp_path / "plan.json")])
    assert result.exit_code == 2
    assert "plan.json" in result.stderr and "meetings.0.buyer_id" in result.stderr
    missing = runner.invoke(app, ["check", str(mini.path), str(tmp_path / "none.json")])
    assert missing.exit_code == 2 and "no such plan file" in missing.stderr


def test_an_impossible_minimum_exits_2_with_the_reason_and_writes_nothing(mini: Mini, tmp_path) -> None:
    mini.yaml(mini.path.joinpath("scenario.yaml").read_text().replace(
        "max_meetings_per_firm: 6", "min_meetings_per_firm: 3\n  max_meetings_per_firm: 6"))
    out = tmp_path / "out"
    result = runner.invoke(app, ["plan", str(mini.path), "--out", str(out), "--time-limit", "5"], env={"COLUMNS": "200"})
    assert result.exit_code == 2, result.output
    assert "cannot plan" in result.stderr and "must have at least 3 meetings" in result.stderr
    assert "nothing was written" in result.stderr and not (out / "plan.json").exists()


def test_same_scenario_and_seed_give_the_same_plan(tmp_path) -> None:
    # The delegation has choices of equal score; the parallel search returned either from run to run.
    plans = []
    for run in ("a", "b"):
        result = runner.invoke(app, ["plan", str(BUNDLED / "cheongju-delegation"), "--out", str(tmp_path / run),
                                     "--seed", "3", "--time-limit", "30"])
        assert result.exit_code == 0, result.output
        plans.append(json.loads((tmp_path / run / "plan.json").read_text()))
    assert plans[0]["meetings"] == plans[1]["meetings"] and plans[0]["kpis"] == plans[1]["kpis"]


def test_plan_and_agendas_repeat_across_processes(tmp_path) -> None:
    # In one process string hashing is fixed; in another it is not. Named interpreters and the HS code
    # a reason names once followed it, so two runs of one Jinju plan differed in both.
    outputs = []
    for seed in ("1", "2"):
        out, agendas = tmp_path / seed / "plan", tmp_path / seed / "agendas"
        environment = {**os.environ, "PYTHONHASHSEED": seed}
        for arguments in (["plan", str(BUNDLED / "jinju-us-midwest-2024"), "--out", str(out)],
                          ["export", str(out / "plan.json"), "--out", str(agendas), "--format", "csv,ics,html,json"]):
            subprocess.run([sys.executable, "-m", "matching", *arguments], capture_output=True, env=environment,
                           check=True)
        files = {path.relative_to(agendas).as_posix(): path.read_text(encoding="utf-8")
                 for path in sorted(agendas.rglob("*")) if path.is_file()}
        # Only when things were done may differ: a calendar's DTSTAMP, the plan's solver seconds.
        outputs.append({name: "\n".join(line for line in text.splitlines()
                                        if not line.startswith("DTSTAMP") and '"seconds"' not in line)
                        for name, text in files.items()})
        outputs[-1]["meetings"] = json.dumps(json.loads((out / "plan.json").read_text())["meetings"])
    assert outputs[0].keys() == outputs[1].keys() and len(outputs[0]) > 10
    assert [name for name in outputs[0] if outputs[0][name] != outputs[1][name]] == []


def test_the_command_line_starts_without_the_scorer_solver_or_exporters() -> None:
    """--help, validate and check need none of them; importing them took over half of each of those
    commands' time (benchmarks/startup.py measures it)."""
    code = ("import sys, matching, matching.cli; "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'sklearn', 'ortools', 'jinja2', 'icalendar'}))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"


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


def _planned_mini(mini: Mini, tmp_path) -> Path:
    out = tmp_path / "out"
    assert runner.invoke(app, ["plan", str(mini.path), "--out", str(out), "--time-limit", "10"]).exit_code == 0
    return out / "plan.json"


def test_export_finds_the_scenario_from_the_plan_and_writes_every_format(mini: Mini, tmp_path) -> None:
    plan_file = _planned_mini(mini, tmp_path)
    result = runner.invoke(app, ["export", str(plan_file), "--out", str(tmp_path / "agendas"), "--format", "all"])
    assert result.exit_code == 0, result.output
    written = {p.relative_to(tmp_path / "agendas").as_posix() for p in (tmp_path / "agendas").rglob("*")}
    assert {"agendas.xlsx", "meetings.csv", "agendas.html", "agendas.pdf", "plan.json", "plan.schema.json",
            "ics/master.ics", "ics/firm-K01.ics", "ics/buyer-B02.ics", "ics/interpreter-I01.ics"} <= written
    assert not [name for name in written if name.endswith(".part")]


def test_export_warns_when_the_pdf_has_no_korean_font(monkeypatch, mini: Mini, tmp_path) -> None:
    import matching.export.files as files_module

    plan_file = _planned_mini(mini, tmp_path)
    monkeypatch.setattr(files_module, "html_to_pdf", lambda _html: b"%PDF-1.7 stand-in")
    for installed, warned in ((False, True), (True, False), (None, False)):
        monkeypatch.setattr(cli_module, "korean_font_installed", lambda installed=installed: installed)
        result = runner.invoke(app, ["export", str(plan_file), "--out", str(tmp_path / "pdf"), "--format", "pdf"],
                               env={"COLUMNS": "300"})
        assert result.exit_code == 0, result.output
        assert ("fonts-noto-cjk" in result.stderr) is warned


def test_export_refuses_unknown_formats_broken_plans_and_missing_extras(monkeypatch, mini: Mini, tmp_path) -> None:
    plan_file = _planned_mini(mini, tmp_path)
    out = tmp_path / "agendas"
    unknown = runner.invoke(app, ["export", str(plan_file), "--out", str(out), "--format", "xlsx,docx"])
    assert unknown.exit_code == 2 and "docx" in unknown.stderr

    plan = json.loads(plan_file.read_text())
    plan["meetings"].append(dict(plan["meetings"][0], id="again"))
    (tmp_path / "tampered.json").write_text(json.dumps(plan))
    broken = runner.invoke(app, ["export", str(tmp_path / "tampered.json"), "--out", str(out)])
    assert broken.exit_code == 2 and "pair met more than once" in broken.stderr

    import matching.export.files as files_module
    from matching.export.pdf import PDF_HELP, PdfUnavailable

    def missing(_html: str) -> bytes:
        raise PdfUnavailable(PDF_HELP)

    monkeypatch.setattr(files_module, "html_to_pdf", missing)
    no_pdf = runner.invoke(app, ["export", str(plan_file), "--out", str(out), "--format", "xlsx,pdf"],
                           env={"COLUMNS": "300"})
    assert no_pdf.exit_code == 2 and "matching[pdf]" in no_pdf.stderr and "nothing was written" in no_pdf.stderr
    assert not out.exists()

    plan.pop("scenario")
    plan["meetings"].pop()
    (tmp_path / "anonymous.json").write_text(json.dumps(plan))
    anonymous = runner.invoke(app, ["export", str(tmp_path / "anonymous.json"), "--out", str(out)])
    assert anonymous.exit_code == 2 and "--scenario" in anonymous.stderr
    named = runner.invoke(app, ["export", str(tmp_path / "anonymous.json"), "--out", str(out),
                                "--scenario", str(mini.path), "--format", "csv"])
    assert named.exit_code == 0 and (out / "meetings.csv").exists()


def _what_if(mini: Mini, tmp_path, text: str, name: str = "what-if.yaml") -> Path:
    path = tmp_path / name
    path.write_text(f"base: {mini.path}\n{text}", encoding="utf-8")
    return path


def test_compare_prints_kpis_that_agree_with_planning_each_alone(mini: Mini, tmp_path) -> None:
    more = _what_if(mini, tmp_path, "name: more tables\nchanges:\n  - update_venue: {id: chi-hotel, capacity: 6}\n")
    result = runner.invoke(app, ["compare", str(mini.path), str(more), "--format", "json", "--time-limit", "10",
                                 "--workers", "1", "--out", str(tmp_path / "compared")])
    assert result.exit_code == 0, result.output
    table = json.loads(result.stdout)
    assert table["names"] == ["mini", "more tables"]
    rows = {row["figure"]: row for row in table["rows"]}
    assert {"meetings", "firms_below_target", "worst_off_firm", "score_total", "breaks", "place_changes",
            "interpreter_utilisation", "table_utilisation", "kept", "moved", "dropped", "added"} <= set(rows)
    alone = tmp_path / "alone"
    assert runner.invoke(app, ["plan", str(more), "--out", str(alone), "--time-limit", "10", "--workers", "1"]).exit_code == 0
    planned_alone = json.loads((alone / "plan.json").read_text())
    for figure in ("meetings", "score_total", "worst_off_firm", "breaks"):
        assert rows[figure]["more tables"] == planned_alone["kpis"][figure]
    assert rows["kept"]["mini"] == rows["meetings"]["mini"] and rows["moved"]["mini"] == 0
    assert len(list((tmp_path / "compared").glob("*/plan.json"))) == 2
    csv_out = runner.invoke(app, ["compare", str(mini.path), "--format", "csv", "--time-limit", "5"])
    assert csv_out.exit_code == 0 and csv_out.stdout.splitlines()[0] == "figure,label,mini"


def test_compare_names_the_bad_change(mini: Mini, tmp_path) -> None:
    bad = _what_if(mini, tmp_path, "changes:\n  - remove_firm: K99\n")
    result = runner.invoke(app, ["compare", str(mini.path), str(bad)], env={"COLUMNS": "300"})
    assert result.exit_code == 2 and "unknown firm id 'K99'" in result.stderr and "row 3" in result.stderr
    assert "Traceback" not in result.output


def test_replan_keeps_the_past_writes_the_changes_and_passes_check(mini: Mini, tmp_path) -> None:
    plan_file = _planned_mini(mini, tmp_path)
    published = json.loads(plan_file.read_text())
    last = max(published["meetings"], key=lambda m: datetime.fromisoformat(m["start"]))
    cancelled, now = last["buyer_id"], last["start"]
    cancel = _what_if(mini, tmp_path, f"changes:\n  - cancel: {{buyer: {cancelled}, from: '{now}'}}\n")
    out = tmp_path / "replanned"
    result = runner.invoke(app, ["replan", str(mini.path), str(plan_file), "--change", str(cancel),
                                 "--now", now, "--out", str(out), "--time-limit", "10"], env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    new = json.loads((out / "plan.json").read_text())
    changes = json.loads((out / "changes.json").read_text())
    at = datetime.fromisoformat(now)
    lost = {m["id"] for m in published["meetings"] if m["buyer_id"] == cancelled and datetime.fromisoformat(m["start"]) >= at}
    assert {c["meeting_id"] for c in changes["changes"] if c["kind"] == "cancelled"} == lost
    assert changes["figures"]["disturbed"] == changes["figures"]["forced"] == len(lost)
    early = {m["id"] for m in published["meetings"] if datetime.fromisoformat(m["start"]) < at}
    assert early <= {m["id"] for m in new["meetings"] if m["locked"]}
    assert "cancels from" in (out / "changes.csv").read_text(encoding="utf-8-sig")
    check = runner.invoke(app, ["check", str(cancel), str(out / "plan.json")])
    assert check.exit_code == 0, check.output
    exported = runner.invoke(app, ["export", str(plan_file), "--out", str(tmp_path / "agendas"), "--format", "ics"])
    again = runner.invoke(app, ["export", str(out / "plan.json"), "--out", str(tmp_path / "agendas"), "--format", "ics"])
    assert exported.exit_code == 0 and again.exit_code == 0, again.output
    master = (tmp_path / "agendas" / "ics" / "master.ics").read_text()
    assert master.count("STATUS:CANCELLED") == len(lost)


def test_replan_refuses_a_bad_time_and_a_removed_past(mini: Mini, tmp_path) -> None:
    plan_file = _planned_mini(mini, tmp_path)
    bad_time = runner.invoke(app, ["replan", str(mini.path), str(plan_file), "--now", "tomorrow", "--out",
                                   str(tmp_path / "x")], env={"COLUMNS": "300"})
    assert bad_time.exit_code == 2 and "is not a time" in bad_time.stderr
    published = json.loads(plan_file.read_text())
    first = min(published["meetings"], key=lambda m: m["start"])
    gone = _what_if(mini, tmp_path, f"changes:\n  - remove_firm: {first['firm_id']}\n")
    removed = runner.invoke(app, ["replan", str(mini.path), str(plan_file), "--change", str(gone), "--now",
                                  "2024-06-28 08:00", "--out", str(tmp_path / "y")], env={"COLUMNS": "300"})
    assert removed.exit_code == 2 and "cancel:" in removed.stderr and not (tmp_path / "y").exists()


def test_compared_figures_print_shares_as_percentages_even_when_full() -> None:
    from matching.cli import _figure

    assert _figure("interpreter_utilisation", 1.0) == "100.0%"
    assert _figure("table_utilisation", 0.4167) == "41.7%"
    assert _figure("meetings", 88.0) == "88"
    assert _figure("score_total", 4421.756) == "4,421.76"
