"""The PDF extra: made from the HTML, or a clear message saying what to install."""

from __future__ import annotations

import builtins

import pytest

from matching.export.pdf import KOREAN_FONT_HELP, PDF_HELP, PdfUnavailable, html_to_pdf, korean_font_installed


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


def _fake_fc_list(tmp_path, output: str, status: int = 0) -> str:
    """A stand-in ``fc-list`` on PATH that prints ``output`` and exits with ``status``."""
    script = tmp_path / "fc-list"
    script.write_text(f"#!/bin/sh\nprintf '%s' '{output}'\nexit {status}\n")
    script.chmod(0o755)
    return str(tmp_path)


@pytest.mark.parametrize(("output", "status", "expected"), [
    ("Noto Sans CJK KR,Noto Sans CJK JP\n", 0, True),
    ("", 0, False),
    ("", 1, None),
])
def test_the_korean_font_check_reads_fontconfig(monkeypatch, tmp_path, output: str, status: int,
                                                expected: bool | None) -> None:
    monkeypatch.setenv("PATH", _fake_fc_list(tmp_path, output, status))
    assert korean_font_installed() is expected


def test_without_fontconfig_the_korean_font_check_cannot_tell(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert korean_font_installed() is None
    assert "fonts-noto-cjk" in KOREAN_FONT_HELP
