"""The agendas as one Excel workbook: all meetings, master grids, a sheet per participant.

Every sheet has a title, frozen headers, column widths and print setup (A4, fit to width, header
rows repeated on each page). Text is stored as text: a name such as ``=HYPERLINK(...)`` never runs.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from matching.export.layout import (
    COLUMNS_BY_KIND,
    HEADINGS,
    MEETING_COLUMNS,
    NO_MEETINGS,
    SYNTHETIC_NOTE,
    Column,
)
from matching.export.safe import is_formula_like
from matching.export.views import Agenda, Agendas, Grid

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\']")
HEADER_FILL = PatternFill("solid", fgColor="DDE5F0")
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)


def put(sheet: Worksheet, row: int, column: int, value: str | float | int | None) -> None:
    """Write one cell; text is stored as text, with the quote prefix when it looks like a formula."""
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
        if is_formula_like(value):
            cell.quotePrefix = True


def sheet_title(used: set[str], *parts: str) -> str:
    """A unique sheet name of at most 31 characters without the characters Excel forbids."""
    base = _SHEET_FORBIDDEN.sub(" ", " ".join(p for p in parts if p)).strip()[:31] or "sheet"
    title, n = base, 2
    while title.casefold() in used:
        suffix = f" ({n})"
        title, n = base[:31 - len(suffix)] + suffix, n + 1
    used.add(title.casefold())
    return title


def print_setup(sheet: Worksheet, header_rows: int, landscape: bool) -> None:
    """A4, fit to one page wide, the title and header rows repeated on every printed page."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"1:{header_rows}"
    sheet.print_options.gridLines = True


def write_table(sheet: Worksheet, titles: Sequence[str], headers: Sequence[str], widths: Sequence[int],
                rows: Iterable[Sequence[str | float | int | None]], landscape: bool = True) -> None:
    """Title lines, a header row, the rows; frozen below the header, widths set, ready to print."""
    for n, title in enumerate(titles, start=1):
        put(sheet, n, 1, title)
        sheet.cell(row=n, column=1).font = TITLE if n == 1 else Font(italic=True)
    header_row = len(titles) + 1
    for column, (header, width) in enumerate(zip(headers, widths), start=1):
        put(sheet, header_row, column, header)
        cell = sheet.cell(row=header_row, column=column)
        cell.font, cell.fill = BOLD, HEADER_FILL
        sheet.column_dimensions[get_column_letter(column)].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    for r, values in enumerate(rows, start=header_row + 1):
        for column, value in enumerate(values, start=1):
            put(sheet, r, column, value)
            sheet.cell(row=r, column=column).alignment = wrap
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    print_setup(sheet, header_row, landscape)


def _values(columns: Sequence[Column], agenda_meetings) -> list[list[str | float | None]]:
    return [[column.value(view) for column in columns] for view in agenda_meetings]


def _agenda_sheet(book: Workbook, used: set[str], agendas: Agendas, agenda: Agenda) -> None:
    columns = COLUMNS_BY_KIND[agenda.kind]
    heading = HEADINGS[agenda.kind]
    mission = agendas.title_ko if agenda.language == "ko" else agendas.title
    titles = [f"{agenda.name} ({agenda.id})", f"{heading[0]} · {heading[1]} — {mission}"
              + (f" — {agenda.subtitle}" if agenda.subtitle else "")
              + ("" if agenda.meetings else f" — {NO_MEETINGS[agenda.language]}")]
    if agendas.synthetic:
        titles.append(SYNTHETIC_NOTE)
    sheet = book.create_sheet(sheet_title(used, agenda.id, agenda.name))
    write_table(sheet, titles, [c.header for c in columns], [c.width for c in columns],
                _values(columns, agenda.meetings))


def _grid_sheet(book: Workbook, used: set[str], agendas: Agendas, grid: Grid) -> None:
    sheet = book.create_sheet(sheet_title(used, "grid", grid.leg_id, f"{grid.day:%m-%d}"))
    heading = HEADINGS["grid"]
    titles = [f"{heading[0]} · {heading[1]}: {grid.city}, {grid.day:%a %d %b %Y}",
              f"{agendas.title} — local time {grid.zone}"]
    headers = ["time"] + [f"{en} / {ko}" for en, ko in zip(grid.columns, grid.columns_ko)]
    write_table(sheet, titles, headers, [13] + [24] * len(grid.columns),
                ([f"{row.start}–{row.end}", *row.cells] for row in grid.rows))


def agendas_workbook(agendas: Agendas) -> bytes:
    """The workbook: the meetings table, a grid per leg and day, then firms, buyers and interpreters."""
    book = Workbook()
    used: set[str] = set()
    first = book.active
    first.title = sheet_title(used, "meetings")
    heading = HEADINGS["meetings"]
    titles = [f"{agendas.title} · {agendas.title_ko}", f"{heading[0]} · {heading[1]}: {len(agendas.meetings)}; "
              "local times, each meeting's zone in its own column"]
    if agendas.synthetic:
        titles.append(SYNTHETIC_NOTE)
    write_table(first, titles, [c.header for c in MEETING_COLUMNS], [c.width for c in MEETING_COLUMNS],
                _values(MEETING_COLUMNS, agendas.meetings))
    first.auto_filter.ref = f"A{len(titles) + 1}:{get_column_letter(len(MEETING_COLUMNS))}{len(titles) + 1 + len(agendas.meetings)}"
    for grid in agendas.grids:
        _grid_sheet(book, used, agendas, grid)
    for agenda in agendas.every_agenda():
        _agenda_sheet(book, used, agendas, agenda)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
