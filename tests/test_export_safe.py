"""Hostile names export safely in every format: no formula runs, no script runs, ICS stays valid."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar
from openpyxl import load_workbook

from matching import load_scenario
from matching.export import render_exports
from matching.export.files import file_stem
from matching.export.safe import FORMULA_STARTS, is_formula_like, neutralise
from matching.planner import plan_scenario

FORMULA = '=HYPERLINK("http://x","y")'
SCRIPT = "<script>alert(1)</script>"


@given(st.text(max_size=30))
def test_neutralised_text_never_starts_a_formula(text: str) -> None:
    safe = neutralise(text)
    assert not is_formula_like(safe)
    assert safe == text or safe == "'" + text


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_each_formula_start_is_neutralised(start: str) -> None:
    assert neutralise(f"{start}1+1") == f"'{start}1+1"
    assert neutralise("Jinju Precision") == "Jinju Precision"


@pytest.fixture
def hostile(mini):
    mini.edit("firms", 1, "name (English)", FORMULA)
    mini.edit("firms", 1, "name (Korean)", "")
    mini.edit("buyers", 1, "company", SCRIPT)
    scenario = load_scenario(mini.path)
    plan = plan_scenario(scenario, time_limit=5)
    assert any(m.firm_id == "K01" and m.buyer_id == "B01" for m in plan.meetings)  # must-meet pair
    return scenario, plan


def test_hostile_names_export_safely_in_every_format(hostile) -> None:
    scenario, plan = hostile
    files = render_exports(scenario, plan, ["xlsx", "csv", "ics", "html", "json", "pdf"])

    rows = list(csv.DictReader(io.StringIO(files["meetings.csv"].decode("utf-8-sig"))))
    k01 = [r for r in rows if r["firm_id"] == "K01"]
    assert k01 and all(r["firm_name_en"] == "'" + FORMULA for r in k01)
    assert all(r["buyer_company"] == SCRIPT for r in rows if r["buyer_id"] == "B01")

    book = load_workbook(io.BytesIO(files["agendas.xlsx"]))
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row
             if isinstance(c.value, str) and c.value.startswith("=")]
    assert cells, "the formula-like name is in the workbook"
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)  # stored as text, never a formula

    html = files["agendas.html"].decode("utf-8")
    assert SCRIPT not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script" not in html.lower()

    text = files["ics/master.ics"]
    assert all(len(line) <= 75 for line in text.split(b"\r\n"))  # folded
    events = Calendar.from_ical(text).walk("VEVENT")
    summaries = [str(e["SUMMARY"]) for e in events if "K01" in str(e["SUMMARY"])]
    assert any(FORMULA in s and SCRIPT in s for s in summaries)  # escaped in transit, exact when read
    buyer_calendar = Calendar.from_ical(files[f"ics/{file_stem('buyer', 'B01')}.ics"])
    assert all(SCRIPT not in str(e["SUMMARY"]) for e in buyer_calendar.walk("VEVENT"))

    assert files["agendas.pdf"].startswith(b"%PDF")
