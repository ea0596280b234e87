"""Reading raw tables: encodings, delimiters, file-type sniffing, header detection, XLSX cells."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from matching.io.columns import FIRMS
from matching.io.files import TableReadError, decode_text, read_raw_table

TEXT = "기업코드,기업명\nK01,진주정밀\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp949", "utf-16"])
def test_decode_every_encoding_offices_produce(encoding) -> None:
    assert decode_text(TEXT.encode(encoding), "f.csv") == TEXT


def test_undecodable_text_says_how_to_save() -> None:
    with pytest.raises(TableReadError, match="neither UTF-8 nor CP949"):
        decode_text(b"\x81\x20\xff\xfe\xfa abc" * 3 + b"\x80", "f.csv")


def _read(tmp_path: Path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return read_raw_table(path, name, FIRMS.recognises)


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_delimiters(tmp_path, delimiter) -> None:
    raw = _read(tmp_path, "firms.csv", TEXT.replace(",", delimiter).encode())
    assert raw.headers == ["기업코드", "기업명"] and raw.rows == [(2, ["K01", "진주정밀"])]


@pytest.mark.parametrize(("name", "data", "says"), [
    ("firms.csv", b"", "empty"),
    ("firms.csv", b"  \r\n \n", "empty"),
    ("firms.csv", b"PK\x03\x04rest", "Excel workbook, not CSV"),
    ("firms.csv", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 20, "97-2003"),
    ("firms.csv", b"id,name\x00\x00", "binary file"),
    ("firms.xlsx", b"id,name\nK01,x\n", "not an Excel workbook"),
    ("firms.xlsx", b"PK\x03\x04broken zip", "not a readable .xlsx"),
    ("firms.xls", b"\xd0\xcf\x11\xe0", "97-2003"),
    ("firms.numbers", b"data", "unsupported file type"),
    ("firms.csv", b",,,\n,,\n", "no rows"),
])
def test_files_that_are_not_tables(tmp_path, name, data, says) -> None:
    with pytest.raises(TableReadError, match=says) as raised:
        _read(tmp_path, name, data)
    assert raised.value.problem.file == name


def test_a_stray_nul_in_a_text_file_names_its_row(tmp_path) -> None:
    data = b"firm id,name\nK01,Jinju Precision\nK02,Nam\x00gang Machinery\n" + b"K03,Bibong Soft\n" * 10
    with pytest.raises(TableReadError, match="NUL character") as raised:
        _read(tmp_path, "firms.csv", data)
    assert raised.value.problem.row == 3


def test_missing_file(tmp_path) -> None:
    with pytest.raises(TableReadError, match="not found"):
        read_raw_table(tmp_path / "nope.csv", "nope.csv", FIRMS.recognises)


def test_header_is_found_below_title_rows_and_blank_rows_are_dropped(tmp_path) -> None:
    raw = _read(tmp_path, "firms.csv", "참가기업 명단,,\n,,\nfirm id,기업명,HS코드\nK01,a,8708\n,,\nK02,b,8457\n".encode())
    assert raw.header_row == 3
    assert [n for n, _ in raw.rows] == [4, 6]


def test_xlsx_formula_and_error_cells_are_problems_named_by_header(tmp_path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Title with =formula? no"])
    sheet.append(["firm id", "기업명", "종업원수"])
    sheet.append(["K01", "a", "=SUM(1,2)"])
    sheet.append(["K02", "b", 12])
    buffer = io.BytesIO()
    workbook.save(buffer)
    raw = _read(tmp_path, "firms.xlsx", buffer.getvalue())
    assert raw.header_row == 2
    assert [(p.row, p.column) for p in raw.problems] == [(3, "종업원수")]
    assert "Paste Special" in raw.problems[0].message
    assert raw.rows[1] == (4, ["K02", "b", 12])
