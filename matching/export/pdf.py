"""PDF agendas from the printable HTML, with WeasyPrint (the optional ``pdf`` extra)."""

from __future__ import annotations

PDF_HELP = ("PDF agendas need the pdf extra: python3 -m pip install 'matching[pdf]' "
            "(WeasyPrint; on Linux it also needs Pango, e.g. apt install libpango-1.0-0 libpangoft2-1.0-0; "
            "see https://doc.courtbouillon.org/weasyprint/stable/first_steps.html). "
            "The HTML agendas print to PDF from any browser meanwhile.")


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
