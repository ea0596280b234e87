"""Agendas and the plan as files: XLSX, CSV, ICS, printable HTML and PDF, JSON."""

from matching.export.files import (
    FORMATS,
    OutsideFolder,
    chosen_formats,
    read_previous,
    render_exports,
    write_files,
)
from matching.export.pdf import PdfUnavailable
from matching.export.views import Agenda, Agendas, Grid, MeetingView, build_agendas

__all__ = ["FORMATS", "Agenda", "Agendas", "Grid", "MeetingView", "OutsideFolder", "PdfUnavailable",
           "build_agendas", "chosen_formats", "read_previous", "render_exports", "write_files"]
