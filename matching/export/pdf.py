"""PDF agendas from the printable HTML, with WeasyPrint (the optional ``pdf`` extra)."""

from __future__ import annotations

import shutil
import subprocess

PDF_HELP = ("PDF agendas need the pdf extra: python3 -m pip install 'matching[pdf]' "
            "(WeasyPrint; on Linux it also needs Pango, e.g. apt install libpango-1.0-0 libpangoft2-1.0-0; "
            "see https://doc.courtbouillon.org/weasyprint/stable/first_steps.html). "
            "The HTML agendas print to PDF from any browser meanwhile.")


KOREAN_FONT_HELP = ("no Korean font is installed, so Korean text in the PDF prints as empty boxes; "
                    "install one and export again, e.g. apt install fonts-noto-cjk (or fonts-nanum), "
                    "dnf install google-noto-sans-cjk-fonts, or brew install --cask font-noto-sans-cjk-kr")


def korean_font_installed() -> bool | None:
    """Whether fontconfig, which WeasyPrint draws with, knows a font covering Korean; None when it cannot tell.

    Asked with ``fc-list :lang=ko`` because a missing font makes no error: Hangul silently prints as boxes.
    """
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        found = subprocess.run([fc_list, ":lang=ko", "family"], capture_output=True, text=True, timeout=20,
                               check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return bool(found.stdout.strip()) if found.returncode == 0 else None


class PdfUnavailable(Exception):
    """WeasyPrint or the system libraries it needs are not installed."""


def html_to_pdf(html: str) -> bytes:
    """The HTML document as PDF bytes; :class:`PdfUnavailable` says what to install when it cannot."""
    try:
        from weasyprint import HTML
    except ImportError:
        raise PdfUnavailable(PDF_HELP) from None
    except OSError as exc:  # WeasyPrint is there but Pango or its fonts are not
        raise PdfUnavailable(f"{PDF_HELP} (loading it said: {exc})") from None
    return HTML(string=html).write_pdf()
