"""Loading scenario folders: every bad-input case is named by file, row and column, and all are found."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from conftest import BUYERS, FIRMS, SCENARIO_YAML, Mini

from matching import ScenarioError, check_scenario, load_scenario
from matching.domain import MeetingPlace


@dataclass
class Case:
    """One corruption of the mini scenario and where its error must point."""

    name: str
    corrupt: Callable[[Mini], None]
    file: str
    row: int | None
    column: str | None
    says: str


def _xlsx_with_formula(m: Mini) -> None:
    (m.path / "firms.csv").unlink()
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in FIRMS:
        sheet.append(row)
    sheet["G3"] = "=10+2"
    workbook.save(m.path / "firms.xlsx")


CASES = [
    Case("missing required column", lambda m: m.table("buyers", [[c for c in r if c != "Chicago" and c != "country"]
                                                                    for r in [BUYERS[0]]] + [r[:2] + r[3:] for r in BUYERS[1:]]),
         "buyers.csv", 1, "country", "missing required column 'country'"),
    Case("unknown column with did you mean", lambda m: m.table("firms", [["HS cdoes" if c == "HS codes" else c for c in FIRMS[0]], *FIRMS[1:]]),
         "firms.csv", 1, "HS cdoes", "did you mean 'HS codes'"),
    Case("empty file", lambda m: (m.path / "firms.csv").write_bytes(b""), "firms.csv", None, None, "empty"),
    Case("header only", lambda m: m.table("buyers", BUYERS[:1]), "buyers.csv", 2, None, "no buyers listed"),
    Case("duplicate id", lambda m: m.edit("firms", 2, "firm id", "K01"), "firms.csv", 3, "firm id", "duplicate id 'K01'"),
    Case("unknown id in must-meet", lambda m: m.edit("firms", 1, "must meet", "B22"), "firms.csv", 2, "must meet",
         "unknown buyer id 'B22'"),
    Case("unknown id in YAML must_meet", lambda m: m.yaml(SCENARIO_YAML.replace("buyer: B01", "buyer: B99")),
         "scenario.yaml", 30, "rules.must_meet[0].buyer", "unknown buyer id 'B99'"),
    Case("precedence of a pair not requested", lambda m: m.yaml(SCENARIO_YAML.replace(
        "    - {firm: K01, buyer: B01}\n", "    - {firm: K01, buyer: B01, when: morning}\n  precedences:\n"
        "    - {before: {firm: K01, buyer: B01}, after: {firm: K02, buyer: B01}}\n")),
         "scenario.yaml", 32, "rules.precedences[0].after", "K02-B01 is not a must-meet pair"),
    Case("unknown part of the day", lambda m: m.yaml(SCENARIO_YAML.replace("buyer: B01}", "buyer: B01, when: noon}")),
         "scenario.yaml", 30, "rules.must_meet[0].when", "morning"),
    Case("bad date", lambda m: m.edit("firms", 2, "unavailable", "2024-06-31"), "firms.csv", 3, "unavailable",
         "not a real date"),
    Case("bad time", lambda m: m.edit("buyers", 2, "availability", "2024-06-27 25:00-26:00"), "buyers.csv", 3,
         "availability", "not a time of day"),
    Case("bad date in YAML", lambda m: m.yaml(SCENARIO_YAML.replace("2024-06-27]", "2024-06-32]")), "scenario.yaml",
         22, "mission.legs[1].dates[0]", "valid date"),
    Case("bad time in YAML", lambda m: m.yaml(SCENARIO_YAML.replace('end: "12:00"}\n      venues:\n        - {id: dtw', 'end: "noon"}\n      venues:\n        - {id: dtw')),
         "scenario.yaml", 24, "mission.legs[1].sessions[0].end", "noon"),
    Case("unknown time zone", lambda m: m.yaml(SCENARIO_YAML.replace("America/Detroit", "America/Detriot")),
         "scenario.yaml", 21, "mission.legs[1].timezone", "did you mean America/Detroit"),
    Case("unknown time zone in a cell", lambda m: m.edit("buyers", 2, "availability", "2024-06-27 09:00-12:00 Mars/Olympus"),
         "buyers.csv", 3, "availability", "unknown time zone 'Mars/Olympus'"),
    Case("end before start in a cell", lambda m: m.edit("firms", 2, "unavailable", "2024-06-24 11:00-10:00"),
         "firms.csv", 3, "unavailable", "ends before it starts"),
    Case("end before start in a session", lambda m: m.yaml(SCENARIO_YAML.replace('{start: "13:30", end: "17:30"}', '{start: "13:30", end: "12:30"}')),
         "scenario.yaml", 15, "mission.legs[0].sessions[1]", "not after start"),
    Case("HS code not in HS 2022", lambda m: m.edit("firms", 1, "HS codes", "8708.30; 8799"), "firms.csv", 2, "HS codes",
         "'8799' is not in the HS 2022 table"),
    Case("unknown country code", lambda m: m.edit("buyers", 3, "country", "XX"), "buyers.csv", 4, "country",
         "unknown country 'XX'"),
    Case("unknown country in a list", lambda m: m.edit("firms", 1, "target markets", "US; Atlantis"), "firms.csv", 2,
         "target markets", "unknown country 'Atlantis'"),
    Case("negative count", lambda m: m.edit("firms", 1, "employees", "-3"), "firms.csv", 2, "employees", "negative"),
    Case("non-numeric count", lambda m: m.edit("firms", 1, "employees", "many"), "firms.csv", 2, "employees",
         "not a number"),
    Case("negative capacity in YAML", lambda m: m.yaml(SCENARIO_YAML.replace("capacity: 3", "capacity: -3")),
         "scenario.yaml", 26, "mission.legs[1].venues[0].capacity", "greater than 0"),
    Case("leg with no sessions", lambda m: m.yaml(SCENARIO_YAML.replace('      sessions:\n        - {start: "09:00", end: "12:00"}\n      venues:\n        - {id: dtw',
                                                                         '      sessions: []\n      venues:\n        - {id: dtw')),
         "scenario.yaml", 23, "mission.legs[1].sessions", "needs at least one entry"),
    Case("formula cell in XLSX", _xlsx_with_formula, "firms.xlsx", 3, "employees", "formula cell '=10+2'"),
    Case("XLSX that is CSV text", lambda m: (m.path / "firms.csv").rename(m.path / "firms.xlsx"), "firms.xlsx", None, None,
         "not an Excel workbook"),
    Case("CSV that is a workbook", lambda m: (m.path / "firms.csv").write_bytes(_workbook_bytes()), "firms.csv", None, None,
         "this is an Excel workbook, not CSV text"),
    Case("old .xls renamed to .xlsx", lambda m: _old_xls(m), "firms.xlsx", None, None, "old Excel 97-2003"),
    Case("unknown key in YAML", lambda m: m.yaml(SCENARIO_YAML.replace("slot_minutes", "slot_minute")), "scenario.yaml", 5,
         "mission.slot_minute", "did you mean 'slot_minutes'"),
    Case("duplicate key in YAML", lambda m: m.yaml(SCENARIO_YAML.replace("  slot_minutes: 40\n", "  slot_minutes: 40\n  slot_minutes: 30\n")),
         "scenario.yaml", 6, "mission.slot_minutes", "given twice"),
    Case("broken YAML", lambda m: m.yaml(SCENARIO_YAML.replace("  name: Mini mission", "  name: [Mini")), "scenario.yaml",
         4, None, "not valid YAML"),
    Case("buyer in no leg's city", lambda m: m.edit("buyers", 2, "leg", ""), "buyers.csv", 3, "time zone",
         "or name the buyer's leg"),
    Case("buyer site owned by another", lambda m: m.edit("sites", 1, "buyer id", "B01"), "buyers.csv", 3, "site id",
         "belongs to buyer 'B01'"),
    Case("travel time to an unknown place", lambda m: m.edit("travel_times", 1, "to", "S9"), "travel_times.csv", 2, "to",
         "unknown place 'S9'"),
    Case("unknown leg for an interpreter", lambda m: m.edit("interpreters", 1, "legs", "chicago; dallas"),
         "interpreters.csv", 2, "legs", "unknown leg id 'dallas'"),
    Case("bad language pair", lambda m: m.edit("interpreters", 1, "language pairs", "ko"), "interpreters.csv", 2,
         "language pairs", "not a language pair"),
    Case("unknown buyer type", lambda m: m.edit("buyers", 1, "buyer type", "wholesaler"), "buyers.csv", 2, "buyer type",
         "expected one of"),
    Case("must and never the same buyer", lambda m: m.table("firms", [FIRMS[0] + ["never meet"], FIRMS[1] + ["B02"],
                                                                      *[r + [""] for r in FIRMS[2:]]]),
         "firms.csv", 2, "never meet", "both must-meet and never-meet"),
]


def _workbook_bytes() -> bytes:
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    return buffer.getvalue()


def _old_xls(m: Mini) -> None:
    (m.path / "firms.csv").unlink()
    (m.path / "firms.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500)


def test_the_mini_scenario_is_valid(mini: Mini) -> None:
    result = check_scenario(mini.path)
    assert result.errors == []
    assert result.scenario is not None
    assert [f.id for f in result.scenario.firms] == ["K01", "K02", "K03"]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_is_located(mini: Mini, case: Case) -> None:
    case.corrupt(mini)
    result = check_scenario(mini.path)
    assert result.scenario is None
    matching = [p for p in result.errors if case.says in p.message]
    assert matching, f"no error says {case.says!r}: {[str(p) for p in result.errors]}"
    problem = matching[0]
    assert Path(problem.file).name == case.file
    assert Path(problem.file).parent == mini.path
    assert problem.row == case.row
    if case.column is None:
        assert problem.column is None
    else:
        assert problem.column is not None and case.column in problem.column
    with pytest.raises(ScenarioError) as raised:
        load_scenario(mini.path)
    assert case.says in str(raised.value)


def test_several_errors_in_one_file_are_all_reported(mini: Mini) -> None:
    rows = [list(r) for r in FIRMS]
    rows[1][3] = "9999"  # HS code
    rows[2][6] = "-1"  # employees
    rows[3][4] = "Atlantis"  # target market
    rows[3][5] = "giant"  # export stage
    mini.table("firms", rows)
    mini.edit("buyers", 1, "country", "Narnia")
    result = check_scenario(mini.path)
    located = {(Path(p.file).name, p.row, p.column) for p in result.errors}
    assert located >= {("firms.csv", 2, "HS codes"), ("firms.csv", 3, "employees"), ("firms.csv", 4, "target markets"),
                       ("firms.csv", 4, "export stage"), ("buyers.csv", 2, "country")}


def test_cp949_with_korean_headers_loads(mini: Mini) -> None:
    korean = ["기업코드", "기업명", "영문기업명", "HS코드", "수출희망국", "수출단계", "종업원수", "인증", "참석불가시간", "필수상담바이어"]
    rows = [korean, *FIRMS[1:]]
    rows[2][5] = "수출초보"
    path = mini.table("firms", rows, encoding="cp949")
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    scenario = load_scenario(mini.path)
    assert scenario.firms[0].name_ko == "진주정밀"
    assert scenario.firms[1].export_stage.value == "beginner"
    assert scenario.firms[2].target_markets == ["US"]  # 미국


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp949", "utf-16"])
def test_every_encoding_korean_offices_use_loads_the_same(mini: Mini, encoding: str) -> None:
    reference = load_scenario(mini.path)
    mini.table("firms", FIRMS, encoding=encoding)
    assert load_scenario(mini.path) == reference


def test_semicolon_separated_csv_and_full_width_separators(mini: Mini) -> None:
    rows = [[cell.replace("; ", ", ") for cell in row] for row in FIRMS]
    rows[1][3] = "8708.30，8483"
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(rows)
    (mini.path / "firms.csv").write_text(buffer.getvalue(), encoding="utf-8")
    scenario = load_scenario(mini.path)
    assert scenario.firms[0].hs_codes == ["870830", "8483"]
    assert scenario.firms[0].target_markets == ["US", "CA"]


def test_xlsx_with_a_title_row_and_excel_types_loads(mini: Mini) -> None:
    (mini.path / "firms.csv").unlink()
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["2024 진주시 무역사절단 참가기업 명단"])
    sheet.append([])
    sheet.append(FIRMS[0])
    for row in FIRMS[1:]:
        sheet.append([int(v) if v.isdigit() else v for v in row])
    sheet["D4"] = 8708  # a numeric HS cell
    sheet["D5"] = 901  # Excel dropped the leading zero of 0901
    workbook.save(mini.path / "firms.xlsx")
    scenario = load_scenario(mini.path)
    assert scenario.firms[0].hs_codes == ["8708"]
    assert scenario.firms[1].hs_codes == ["0901"]
    assert scenario.firms[0].employees == 45


def test_comment_columns_are_ignored(mini: Mini) -> None:
    mini.table("firms", [FIRMS[0] + ["# 담당자 연락처"], *[r + ["010-0000-0000"] for r in FIRMS[1:]]])
    assert check_scenario(mini.path).errors == []


def test_a_value_under_no_header_is_reported(mini: Mini) -> None:
    mini.table("firms", [FIRMS[0], FIRMS[1] + ["stray"], *FIRMS[2:]])
    errors = check_scenario(mini.path).errors
    assert any(p.row == 2 and "no header" in p.message for p in errors)


def test_failed_rows_do_not_cascade_into_unknown_id_errors(mini: Mini) -> None:
    mini.edit("buyers", 2, "country", "Narnia")  # B02 fails; firms and sites refer to it
    errors = check_scenario(mini.path).errors
    assert len(errors) == 1 and errors[0].column == "country"


def test_times_are_read_in_the_right_zone(mini: Mini) -> None:
    scenario = load_scenario(mini.path)
    k02 = scenario.firm("K02")
    assert str(k02.unavailable[0].start.tzinfo) == "America/Chicago"
    b02 = scenario.buyer("B02")
    assert b02.timezone == "America/Detroit"
    assert b02.availability[0].start.utcoffset().total_seconds() == -4 * 3600
    k03 = scenario.firm("K03")  # a whole day in Detroit
    assert k03.unavailable[0].end - k03.unavailable[0].start == (k03.unavailable[0].end - k03.unavailable[0].start)
    assert k03.unavailable[0].start.isoformat() == "2024-06-27T00:00:00-04:00"


def test_travel_times_land_in_their_leg_and_sites_link_buyers(mini: Mini) -> None:
    scenario = load_scenario(mini.path)
    assert scenario.leg("detroit").travel_times[0].minutes == 35
    assert scenario.leg("chicago").travel_times == []
    assert scenario.buyer("B02").meets_at is MeetingPlace.site


def test_online_buyer_zone_is_found_from_its_city(mini: Mini) -> None:
    mini.yaml(SCENARIO_YAML.replace("format: trade_mission", "format: online_rooms"))
    mini.table("buyers", [["buyer id", "company", "country", "city"], ["B01", "A", "DE", "Frankfurt"],
                          ["B02", "B", "US", "Chicago"], ["B03", "C", "VN", "Hanoi"]])
    (mini.path / "sites.csv").unlink()
    (mini.path / "travel_times.csv").unlink()
    mini.table("firms", [FIRMS[0], *[r[:-1] + [""] for r in FIRMS[1:]]])
    scenario = load_scenario(mini.path)
    assert [b.timezone for b in scenario.buyers] == ["Europe/Berlin", "America/Chicago", "Asia/Ho_Chi_Minh"]
    assert {b.meets_at for b in scenario.buyers} == {MeetingPlace.online}


def test_missing_folder_and_missing_tables(tmp_path: Path) -> None:
    assert "no such scenario" in check_scenario(tmp_path / "nope").problems[0].message
    (tmp_path / "scenario.yaml").write_text(SCENARIO_YAML, encoding="utf-8")
    messages = [p.message for p in check_scenario(tmp_path).errors]
    assert any("no firms table" in m for m in messages) and any("no buyers table" in m for m in messages)


def test_a_table_named_in_yaml_must_exist(mini: Mini) -> None:
    mini.yaml(SCENARIO_YAML + "tables:\n  firms: participants.xlsx\n")
    [problem] = [p for p in check_scenario(mini.path).errors if p.column == "tables.firms"]
    assert problem.row == 32 and "'participants.xlsx' not found" in problem.message


def test_both_csv_and_xlsx_is_ambiguous(mini: Mini) -> None:
    (mini.path / "firms.xlsx").write_bytes(_workbook_bytes())
    assert any("both firms.csv and firms.xlsx" in p.message for p in check_scenario(mini.path).errors)


def test_unknown_certification_is_a_warning_not_an_error(mini: Mini) -> None:
    mini.edit("firms", 1, "certifications", "IATF16949; Jinju Quality Mark")
    result = check_scenario(mini.path)
    assert result.scenario is not None
    assert result.scenario.firm("K01").certifications == ["IATF 16949", "Jinju Quality Mark"]
    assert any("Jinju Quality Mark" in w.message for w in result.warnings)


TABLE_ROWS = {"firms": FIRMS, "buyers": BUYERS}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(table=st.sampled_from(sorted(TABLE_ROWS)), data=st.data(),
       garbage=st.one_of(st.text(max_size=30), st.sampled_from(["=1+1", "-5", "2024-02-30", "NaN", "；", "\"", "8708.3O"])),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp949"]))
def test_any_cell_value_gives_a_scenario_or_located_problems(tmp_path_factory, table, data, garbage, encoding) -> None:
    mini = Mini(tmp_path_factory.mktemp("prop"))
    rows = [list(r) for r in TABLE_ROWS[table]]
    row = data.draw(st.integers(1, len(rows) - 1))
    col = data.draw(st.integers(0, len(rows[0]) - 1))
    rows[row][col] = garbage
    try:
        mini.table(table, rows, encoding=encoding)
    except UnicodeEncodeError:
        return  # text CP949 cannot hold is not a case an office can produce
    result = check_scenario(mini.path)
    assert (result.scenario is None) == bool(result.errors)
    for problem in result.errors:
        assert problem.file and problem.message
        assert problem.file.endswith(".yaml") or problem.row is not None


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp949", "utf-16"]), delimiter=st.sampled_from([",", ";", "\t"]),
       order=st.permutations(range(len(FIRMS[0]))))
def test_column_order_encoding_and_delimiter_do_not_change_the_scenario(tmp_path_factory, encoding, delimiter, order) -> None:
    mini = Mini(tmp_path_factory.mktemp("perm"))
    reference = load_scenario(mini.path)
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows([[r[i] for i in order] for r in FIRMS])
    (mini.path / "firms.csv").write_bytes(buffer.getvalue().encode(encoding))
    assert load_scenario(mini.path) == reference
