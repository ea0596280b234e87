"""Which files an export writes, rendered in memory first, then each written atomically.

Nothing is written until every requested format has rendered, so a failure (a missing PDF extra,
a bad plan) leaves the folder as it was; each file then replaces its old self in one rename, so
Ctrl-C never leaves a half-written file. Every path is checked to stay inside the output folder.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path

from matching.domain import Plan, Scenario
from matching.export.formats import chosen_formats
from matching.export.html import agendas_html
from matching.export.ics import calendars
from matching.export.outcomes_form import outcomes_form
from matching.export.pdf import html_to_pdf
from matching.export.plan_json import plan_json, plan_schema
from matching.export.table import meetings_csv
from matching.export.views import Agendas, build_agendas
from matching.export.xlsx import agendas_workbook
from matching.io.atomic import write_atomic

_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]")


class OutsideFolder(ValueError):
    """A file would land outside the output folder."""


def file_stem(kind: str, ident: str) -> str:
    """A portable file name for a participant: unsafe characters replaced, a short hash keeping it unique."""
    clean = _UNSAFE.sub("_", ident).lstrip(".") or "_"
    if clean != ident:
        clean += "-" + hashlib.sha1(ident.encode("utf-8")).hexdigest()[:8]
    return f"{kind}-{clean}"


def calendar_files(agendas: Agendas) -> dict[str, str]:
    """Each agenda's calendar file (relative to the output folder), keyed 'kind:id', and the master."""
    files = {"master": "ics/master.ics"}
    files.update({f"{a.kind}:{a.id}": f"ics/{file_stem(a.kind, a.id)}.ics" for a in agendas.every_agenda()})
    return files


def render_exports(scenario: Scenario, plan: Plan, formats: Iterable[str],
                   previous: Callable[[str], bytes | None] = lambda _name: None,
                   stamp: datetime | None = None) -> dict[str, bytes]:
    """Every file of the requested formats, by path relative to the output folder.

    ``previous(name)`` gives a file as an earlier export wrote it (used by calendars, so re-planned
    entries update in place); ``stamp`` is the calendars' DTSTAMP (default now).
    """
    wanted = set(chosen_formats(formats))
    agendas = build_agendas(scenario, plan)
    files: dict[str, bytes] = {}
    if "xlsx" in wanted:
        files["agendas.xlsx"] = agendas_workbook(agendas)
    if "csv" in wanted:
        files["meetings.csv"] = meetings_csv(agendas)
    if "ics" in wanted:
        names = calendar_files(agendas)
        files.update(calendars(agendas, names, {n: data for n in names.values() if (data := previous(n))}, stamp))
    if wanted & {"html", "pdf"}:
        html = agendas_html(agendas)
        if "html" in wanted:
            files["agendas.html"] = html.encode("utf-8")
        if "pdf" in wanted:
            files["agendas.pdf"] = html_to_pdf(html)
    if "json" in wanted:
        files["plan.json"] = plan_json(plan).encode("utf-8")
        files["plan.schema.json"] = plan_schema().encode("utf-8")
    if "outcomes" in wanted:
        files["outcomes.xlsx"] = outcomes_form(agendas)
    return files


def inside(out_dir: Path, name: str) -> Path:
    """The path of ``name`` under ``out_dir``; :class:`OutsideFolder` when it would escape it."""
    root = out_dir.resolve()
    path = (root / name).resolve()
    if path != root and root not in path.parents:
        raise OutsideFolder(f"{name!r} is outside {out_dir}")
    return path


def read_previous(out_dir: Path) -> Callable[[str], bytes | None]:
    """Reads files an earlier export left in the folder (None when absent)."""
    def read(name: str) -> bytes | None:
        path = inside(out_dir, name)
        return path.read_bytes() if path.is_file() else None
    return read


def write_files(out_dir: Path, files: dict[str, bytes]) -> list[Path]:
    """Write each file atomically under ``out_dir``; all paths are checked before the first write."""
    paths = {name: inside(out_dir, name) for name in files}
    for name, data in files.items():
        write_atomic(paths[name], data)
    return [out_dir / name for name in files]
