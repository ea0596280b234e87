"""Printable agendas as one HTML file: a page per grid and per participant, escaped, bilingual.

Jinja2 escapes every value (a buyer called ``<script>`` prints as text); print CSS puts each
participant on its own A4 page; the same file reads on a phone. The PDF is made from this HTML.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from matching.export.layout import (
    COLUMNS_BY_KIND,
    HEADINGS,
    NO_MEETINGS,
    SYNTHETIC_NOTE,
)
from matching.export.views import Agenda, Agendas, Grid

_KIND_GROUPS = {"firm": "기업 Firms", "buyer": "Buyers 바이어", "interpreter": "Interpreters 통역"}


def environment() -> Environment:
    """The package's templates, every value escaped."""
    return Environment(loader=PackageLoader("matching.export", "templates"),
                       autoescape=select_autoescape(default=True, default_for_string=True),
                       trim_blocks=True, lstrip_blocks=True)


def stylesheet() -> str:
    """The print and phone CSS shared by the agendas and the results report."""
    return resources.files("matching.export").joinpath("templates/agendas.css").read_text(encoding="utf-8")


def anchor(kind: str, ident: str) -> str:
    """An HTML id for a page: kind and id, characters outside [A-Za-z0-9_-] as their code points."""
    safe = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "_-") else f"_{ord(ch):x}" for ch in ident)
    return f"{kind}-{safe}"


def _count(n: int) -> str:
    return f"{n} meeting{'s' * (n != 1)} · 상담 {n}건"


def _agenda_page(agendas: Agendas, agenda: Agenda) -> dict[str, Any]:
    columns = COLUMNS_BY_KIND[agenda.kind]
    heading = HEADINGS[agenda.kind]
    mission = agendas.title_ko if agenda.language == "ko" else agendas.title
    return {"anchor": anchor(agenda.kind, agenda.id), "lang": agenda.language,
            "heading": f"{heading[0]} · {heading[1]}", "title": f"{agenda.name} ({agenda.id})",
            "subtitle": agenda.subtitle, "headers": [c.header for c in columns],
            "rows": [[str(c.value(view) or "") for c in columns] for view in agenda.meetings],
            "empty": NO_MEETINGS[agenda.language], "footer": f"{mission} · {_count(len(agenda.meetings))}"}


def _grid_page(grid: Grid) -> dict[str, Any]:
    heading = HEADINGS["grid"]
    ident = f"{grid.leg_id}-{grid.day:%Y%m%d}"
    return {"anchor": anchor("grid", ident), "lang": "en", "heading": f"{heading[0]} · {heading[1]}",
            "title": f"{grid.city}, {grid.day:%a %d %b %Y}", "subtitle": f"local time: {grid.zone}",
            "headers": ["time / 시간"] + [f"{en} / {ko}" for en, ko in zip(grid.columns, grid.columns_ko)],
            "rows": [[f"{row.start}–{row.end}", *row.cells] for row in grid.rows],
            "empty": "no slots", "footer": f"{grid.city} {grid.day:%Y-%m-%d}"}


def agendas_html(agendas: Agendas) -> str:
    """The whole printable document: a contents page, the grids, then every participant's agenda."""
    grids = [_grid_page(grid) for grid in agendas.grids]
    groups = [("grid", grids)] + [
        (kind, [_agenda_page(agendas, a) for a in agendas.every_agenda() if a.kind == kind]) for kind in _KIND_GROUPS]
    contents = [{"heading": _KIND_GROUPS.get(kind, f"{HEADINGS['grid'][0]} · {HEADINGS['grid'][1]}"),
                 "pages": pages} for kind, pages in groups if pages]
    return environment().get_template("agendas.html").render(
        title=agendas.title, title_ko=agendas.title_ko, organiser=agendas.organiser, synthetic=agendas.synthetic,
        synthetic_note=SYNTHETIC_NOTE, meetings=len(agendas.meetings), contents=contents,
        pages=[page for _, pages in groups for page in pages], css=stylesheet())
