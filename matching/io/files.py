"""Reading a table file into header and rows, whatever Korean Excel saved it as.

CSV may be UTF-8, UTF-8 with BOM, CP949 (Korean Excel's "CSV") or UTF-16 (Excel's "Unicode
text"), separated by commas, semicolons or tabs. XLSX is read for values only: a formula cell is an
error, because what Excel showed may not be what the file holds. A file whose content is not what
its extension says is named as such rather than read as garbage.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from matching.errors import Problem

HEADER_SEARCH_ROWS = 10
"""Title rows above the header are common in officers' sheets; the header is looked for this deep."""

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class TableReadError(Exception):
    """The file cannot be read as a table at all; carries the problem to report."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


@dataclass
class RawTable:
    """Cells as read, before any meaning is given to them."""

    file: str
    header_row: int
    headers: list[str]
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _fail(file: str, message: str, row: int | None = None, column: str | None = None) -> TableReadError:
    return TableReadError(Problem(file=file, row=row, column=column, message=message))


def decode_text(data: bytes, file: str) -> str:
    """Text of a CSV file in the encodings Korean offices produce."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data:
        if data.count(b"\x00") * 100 < len(data):  # text with a stray NUL: say where it is
            row = data[:data.index(b"\x00")].count(b"\n") + 1
            raise _fail(file, "a NUL character (byte 0) in this row is not text: delete it", row=row)
        raise _fail(file, "this is a binary file, not CSV text (expected a .csv saved from Excel or a text editor)")
    for encoding in ("utf-8", "cp949"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _fail(file, "the text is neither UTF-8 nor CP949 (save it from Excel as 'CSV UTF-8' or plain 'CSV')")


def _check_kind(data: bytes, path: Path, file: str) -> str:
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx", ".txt", ".tsv"):
        if suffix == ".xls" or data.startswith(_OLE):
            raise _fail(file, "old Excel 97-2003 workbook (.xls): save it as .xlsx or CSV")
        raise _fail(file, f"unsupported file type {suffix or '(none)'!r} (expected .csv or .xlsx)")
    if not data.strip():
        raise _fail(file, "the file is empty (expected a header row and one row per record)")
    if suffix == ".xlsx":
        if data.startswith(_OLE):
            raise _fail(file, "this is an old Excel 97-2003 (.xls) workbook renamed to .xlsx: save it as .xlsx")
        if not data.startswith(_ZIP):
            raise _fail(file, "this is not an Excel workbook (it looks like text): name it .csv or save as .xlsx")
        return "xlsx"
    if data.startswith(_ZIP):
        raise _fail(file, "this is an Excel workbook, not CSV text: name it .xlsx or save it as CSV")
    if data.startswith(_OLE):
        raise _fail(file, "this is an old Excel 97-2003 (.xls) workbook, not CSV text: save it as CSV")
    return "csv"


def _csv_rows(data: bytes, file: str) -> list[tuple[int, list[Any]]]:
    text = decode_text(data, file)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(",;\t", key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return [(reader.line_num, row) for row in reader]
    except csv.Error as exc:
        raise _fail(file, f"unreadable CSV ({exc})", row=reader.line_num) from None


CellNote = tuple[int, int, str]
"""A problem with one XLSX cell: row number, column number (1-based), message."""


def _xlsx_rows(data: bytes, file: str) -> tuple[list[tuple[int, list[Any]]], list[CellNote]]:
    import openpyxl  # imported here: CSV-only loads never pay for the workbook reader

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise _fail(file, f"not a readable .xlsx workbook ({exc.__class__.__name__}): open it in Excel and save again") from None
    sheet = workbook.worksheets[0]
    rows: list[tuple[int, list[Any]]] = []
    notes: list[CellNote] = []
    for number, cells in enumerate(sheet.iter_rows(), start=1):
        values = []
        for col, cell in enumerate(cells, start=1):
            kind = getattr(cell, "data_type", "n")
            if kind == "f":
                notes.append((number, col, f"formula cell {str(cell.value)[:40]!r}: the engine reads values, "
                                           "not formulas (copy the column and Paste Special > Values)"))
                values.append(None)
            elif kind == "e":
                notes.append((number, col, f"Excel error value {cell.value!r} in the cell"))
                values.append(None)
            else:
                values.append(cell.value)
        rows.append((number, values))
    workbook.close()
    return rows, notes


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_raw_table(path: Path, file: str, recognise: Callable[[str], bool]) -> RawTable:
    """Header and data rows of a CSV or XLSX file.

    ``recognise`` says whether a header cell is a known column; the header row is the first of
    the top rows with two or more known columns (title rows above it are skipped), else the first
    non-empty row. Entirely blank rows are dropped. Raises TableReadError when the file is not a
    table at all.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise _fail(file, "file not found") from None
    except OSError as exc:
        raise _fail(file, f"cannot read the file ({exc.strerror})") from None
    kind = _check_kind(data, path, file)
    notes: list[CellNote] = []
    if kind == "xlsx":
        rows, notes = _xlsx_rows(data, file)
    else:
        rows = _csv_rows(data, file)
    rows = [(n, r) for n, r in rows if not all(_blank(v) for v in r)]
    if not rows:
        raise _fail(file, "the file has no rows (expected a header row and one row per record)")
    header_at = 0
    for i, (_, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if sum(1 for v in cells if isinstance(v, str) and recognise(v)) >= 2:
            header_at = i
            break
    header_number, header_cells = rows[header_at]
    headers = ["" if v is None else str(v).strip() for v in header_cells]
    while headers and not headers[-1]:
        headers.pop()
    # Notes on title rows above the header (a formula in a title) do not concern the data.
    problems = [
        Problem(file=file, row=row, column=headers[col - 1] if col <= len(headers) else get_column_letter(col),
                message=message)
        for row, col, message in notes
        if row >= header_number
    ]
    return RawTable(file=file, header_row=header_number, headers=headers, rows=rows[header_at + 1:], problems=problems)
