"""The results report of the Jinju mission from a synthetic filled outcomes sheet, end to end."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest
from conftest import BUNDLED, planned
from openpyxl import load_workbook
from typer.testing import CliRunner

from matching.cli import app
from matching.domain import Outcome, OutcomeStatus
from matching.export import render_exports
from matching.export.report_files import follow_up_csv, report_html, report_workbook
from matching.io.outcomes import check_outcomes
from matching.planner import plan_scenario
from matching.report import follow_up_scenario, is_positive, results_report
from matching.validate import check_plan

JINJU = "jinju-us-midwest-2024"


def fill_outcomes(form: bytes, path: Path, seed: int = 7) -> list[dict]:
    """A synthetic filled outcomes sheet: random but reproducible statuses, amounts and contracts."""
    book = load_workbook(io.BytesIO(form))
    sheet = book.active
    header = next(r for r in range(1, 6) if sheet.cell(r, 1).value == "meeting id")
    columns = {sheet.cell(header, c).value: c for c in range(1, sheet.max_column + 1)}
    rng = random.Random(seed)
    written = []
    for r in range(header + 1, sheet.max_row + 1):
        status = rng.choices(["held", "불참", "취소", None], [0.8, 0.08, 0.04, 0.08])[0]
        row = {"firm": sheet.cell(r, columns["firm id"]).value, "buyer": sheet.cell(r, columns["buyer id"]).value,
               "status": status}
        sheet.cell(r, columns["status"], status)
        if status == "held":
            row["usd"] = rng.choice([0, 20000, 150000])
            row["signed"] = rng.random() < 0.2
            row["contract"] = rng.choice([40000, 90000]) if row["signed"] else 0
            sheet.cell(r, columns["interest 1-5"], rng.randint(1, 5))
            sheet.cell(r, columns["consultation USD"], f"${row['usd']:,}")
            sheet.cell(r, columns["contract signed"], "예" if row["signed"] else "아니오")
            if row["signed"]:
                sheet.cell(r, columns["contract USD"], row["contract"])
        written.append(row)
    book.save(path)
    return written


@pytest.fixture(scope="module")
def jinju(tmp_path_factory):
    scenario, plan = planned(JINJU)
    folder = tmp_path_factory.mktemp("jinju")
    form = render_exports(scenario, plan, ["outcomes"])["outcomes.xlsx"]
    rows = fill_outcomes(form, folder / "outcomes.xlsx")
    return scenario, plan, folder, rows


def test_the_report_adds_up_to_the_recorded_outcomes(jinju) -> None:
    scenario, plan, folder, rows = jinju
    read = check_outcomes(folder / "outcomes.xlsx", scenario, plan)
    assert not [p for p in read.problems if p.severity == "error"]
    recorded = [r for r in rows if r["status"]]
    assert len(read.outcomes) == len(recorded) and read.unrecorded == len(rows) - len(recorded)
    report = results_report(scenario, plan, read.outcomes, read.unrecorded)
    held = [r for r in recorded if r["status"] == "held"]
    assert report.total.planned == len(plan.meetings)
    assert report.total.held == len(held)
    assert report.total.no_show == sum(r["status"] == "불참" for r in recorded)
    assert report.total.consultation_usd == sum(r["usd"] for r in held)
    assert report.total.contracts == sum(r["signed"] for r in held)
    assert report.total.contract_usd == sum(r["contract"] for r in held)
    for breakdown in (report.by_firm, report.by_country, report.by_industry):
        assert sum(t.held for t in breakdown) == report.total.held
        assert sum(t.contract_usd for t in breakdown) == report.total.contract_usd
        assert sum(t.planned for t in breakdown) == report.total.planned
    assert {t.key for t in report.by_country} == {"US"}
    assert {t.key for t in report.by_industry} <= {"84", "85", "87", "40", "90", "73"}


def test_the_report_files_and_the_command(jinju) -> None:
    scenario, plan, folder, _ = jinju
    plan_file = folder / "plan.json"
    plan_file.write_text(plan.model_dump_json())
    result = CliRunner().invoke(app, ["report", str(BUNDLED / JINJU), str(plan_file), "--outcomes",
                                      str(folder / "outcomes.xlsx"), "--out", str(folder / "report")])
    assert result.exit_code == 0, result.output
    assert "consultations held" in result.stdout and "contracts signed worth USD" in result.stdout
    book = load_workbook(folder / "report" / "report.xlsx")
    assert book.sheetnames == ["summary", "by firm", "by country", "by industry"]
    assert all(book[name]._charts for name in book.sheetnames[1:])  # a native chart per breakdown
    html = (folder / "report" / "report.html").read_text(encoding="utf-8")
    assert html.count("<svg") == 3 and "By buyer country" in html
    pairs = (folder / "report" / "follow-up-pairs.csv").read_bytes()
    assert pairs.startswith(b"\xef\xbb\xbf") and b"firm id,firm,buyer id,buyer,why" in pairs


def test_an_outcomes_sheet_with_errors_names_row_and_column(jinju, tmp_path) -> None:
    scenario, plan, folder, _ = jinju
    first, second = plan.meetings[0], plan.meetings[1]
    bad = tmp_path / "outcomes.csv"
    bad.write_text("\n".join([
        "기업코드,바이어코드,상담결과,관심도,상담액,계약체결,계약액",
        f"{first.firm_id},{first.buyer_id},maybe,3,100,no,",
        f"{first.firm_id},{second.buyer_id},held,9,100,no,",
        f"ZZ99,{first.buyer_id},held,3,100,no,",
        f"{second.firm_id},{second.buyer_id},held,3,100,아니오,5000",
        f"{second.firm_id},{second.buyer_id},held,3,lots,no,",
    ]), encoding="cp949")
    result = CliRunner().invoke(app, ["report", str(BUNDLED / JINJU), str(folder / "plan.json"),
                                      "--outcomes", str(bad), "--out", str(tmp_path / "report")],
                                env={"COLUMNS": "300"})
    assert result.exit_code == 2 and "Traceback" not in result.output
    errors = result.stderr
    assert "row 2" in errors and "상담결과" in errors and "'maybe' is not a known outcome status" in errors
    assert "row 3" in errors and "관심도" in errors
    assert "row 4" in errors and "unknown firm 'ZZ99'" in errors
    assert "row 5" in errors and "contract amount is given" in errors
    assert "row 6" in errors and "'lots' is not an amount" in errors
    assert not (tmp_path / "report").exists()


def test_positive_outcomes_seed_a_follow_up_round(jinju) -> None:
    scenario, plan, folder, _ = jinju
    outcomes = check_outcomes(folder / "outcomes.xlsx", scenario, plan).outcomes
    positive = {(o.firm_id, o.buyer_id) for o in outcomes if is_positive(o)}
    follow = follow_up_scenario(scenario, outcomes)
    assert {f.id for f in follow.firms} == {f for f, _ in positive}
    follow_plan = plan_scenario(follow, time_limit=10)
    assert check_plan(follow, follow_plan) == []
    assert {(m.firm_id, m.buyer_id) for m in follow_plan.meetings} <= positive
    assert b"why" in follow_up_csv(scenario, outcomes)
    with pytest.raises(ValueError, match="no positive outcome"):
        follow_up_scenario(scenario, [Outcome(firm_id="JJ01", buyer_id="CH01", status=OutcomeStatus.no_show)])


def test_without_matplotlib_the_report_says_how_to_get_charts(monkeypatch, jinju) -> None:
    import matching.export.report_files as report_files
    from matching.plots import PLOTS_HELP, PlotsUnavailable

    scenario, plan, folder, _ = jinju
    report = results_report(scenario, plan, check_outcomes(folder / "outcomes.xlsx", scenario, plan).outcomes)

    def missing(_report):
        raise PlotsUnavailable(PLOTS_HELP)

    monkeypatch.setattr(report_files, "report_charts", missing)
    html = report_html(report)
    assert "<svg" not in html and "matching[plots]" in html
    assert report_workbook(report).startswith(b"PK")
