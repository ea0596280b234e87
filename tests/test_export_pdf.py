"""The PDF extra: made from the HTML, or a clear message saying what to install."""

from __future__ import annotations

import builtins

import pytest

from matching.export.pdf import PDF_HELP, PdfUnavailable, html_to_pdf


def test_html_becomes_a_pdf() -> None:
    pytest.importorskip("weasyprint")
    assert html_to_pdf("<html><body><h1>Agenda</h1></body></html>").startswith(b"%PDF")


@pytest.mark.parametrize("error", [ImportError("No module named 'weasyprint'"),
                                   OSError("cannot load library 'libpango-1.0-0'")])
def test_a_missing_extra_or_library_says_what_to_install(monkeypatch, error: Exception) -> None:
    real_import = builtins.__import__

    def fake_import(name, *args, **kwargs):
        if name == "weasyprint":
            raise error
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    with pytest.raises(PdfUnavailable) as caught:
        html_to_pdf("<p>x</p>")
    assert "pip install 'matching[pdf]'" in str(caught.value) and str(caught.value).startswith(PDF_HELP)
