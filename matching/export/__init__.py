"""Agendas and the plan as files: XLSX, CSV, ICS, printable HTML and PDF, JSON.

The names load on first use (lazy_loader), so a module that needs one exporter does not wait for
all of them and the scorer they share.
"""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach(__name__, submod_attrs={
    "files": ("OutsideFolder", "read_previous", "render_exports", "write_files"),
    "formats": ("FORMATS", "chosen_formats"),
    "pdf": ("PdfUnavailable",),
    "views": ("Agenda", "Agendas", "Grid", "MeetingView", "build_agendas"),
})
