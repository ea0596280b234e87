"""The results report as XLSX (with native Excel charts) and HTML (with matplotlib charts)."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference

from matching.domain import Outcome, Scenario
from matching.export.html import environment, stylesheet
from matching.export.layout import SYNTHETIC_NOTE
from matching.export.table import csv_bytes
from matching.export.xlsx import write_table
from matching.plots import PlotsUnavailable, bar_chart, to_svg
from matching.report import POSITIVE_INTEREST, ResultsReport, Tally, is_positive

HEADERS = ("", "planned 계획", "held 상담", "no-show 불참", "cancelled 취소", "consultation USD 상담액",
           "expected contract USD 계약추진액", "contracts 계약", "contract USD 계약액", "follow-up 후속")
BREAKDOWNS = (("by_firm", "By firm · 기업별"), ("by_country", "By buyer country · 바이어 국가별"),
              ("by_industry", "By industry (HS chapter) · 업종별"))


def _row(t: Tally) -> list[str | float | int]:
    return [t.label, t.planned, t.held, t.no_show, t.cancelled, round(t.consultation_usd, 2),
            round(t.expected_contract_usd, 2), t.contracts, round(t.contract_usd, 2), t.follow_ups]


def headline(report: ResultsReport) -> str:
    """The sentence the press release quotes."""
    t = report.total
    return (f"{t.held} consultations held of {t.planned} planned, consultation amount USD {t.consultation_usd:,.0f}; "
            f"{t.contracts} contracts signed worth USD {t.contract_usd:,.0f}; expected contracts USD "
            f"{t.expected_contract_usd:,.0f}; {t.follow_ups} pairs want a follow-up.")


def report_workbook(report: ResultsReport) -> bytes:
    """Summary sheet, then one sheet per breakdown with a bar chart of consultation amounts."""
    book = Workbook()
    summary = book.active
    summary.title = "summary"
    titles = [f"{report.title} · {report.title_ko}: results", headline(report)]
    if report.synthetic:
        titles.append(SYNTHETIC_NOTE)
    write_table(summary, titles, list(HEADERS), [34] + [14] * (len(HEADERS) - 1), [_row(report.total)])
    for field, title in BREAKDOWNS:
        tallies: list[Tally] = getattr(report, field)
        sheet = book.create_sheet(field.replace("_", " "))
        write_table(sheet, [title], list(HEADERS), [40] + [14] * (len(HEADERS) - 1), [_row(t) for t in tallies])
        if tallies:
            chart = BarChart()
            chart.type, chart.title, chart.y_axis.title = "bar", f"{title}: consultation USD", "USD"
            data = Reference(sheet, min_col=6, min_row=2, max_row=2 + len(tallies))
            chart.add_data(data, titles_from_data=True)
            chart.set_categories(Reference(sheet, min_col=1, min_row=3, max_row=2 + len(tallies)))
            chart.height, chart.width = max(7.5, 0.6 * len(tallies) + 3), 18
            sheet.add_chart(chart, f"A{len(tallies) + 5}")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def report_charts(report: ResultsReport) -> list[str]:
    """SVG bar charts: consultation amount by firm and by country, contracts by industry."""
    charts = []
    for field, label, value, money in (("by_firm", "Consultation amount by firm", "consultation_usd", True),
                                       ("by_country", "Consultation amount by buyer country", "consultation_usd", True),
                                       ("by_industry", "Contracts signed by industry", "contracts", False)):
        tallies = sorted(getattr(report, field), key=lambda t: -getattr(t, value))
        if tallies:
            labels = [t.key if field == "by_firm" else t.label[:40] for t in tallies]
            charts.append(to_svg(bar_chart(labels, [getattr(t, value) for t in tallies],
                                           title=label, xlabel="USD" if money else "contracts", money=money)))
    return charts


def report_html(report: ResultsReport) -> str:
    """The printable report: headline, the tables, and the charts (or how to get them)."""
    try:
        charts, note = report_charts(report), ""
    except PlotsUnavailable as exc:
        charts, note = [], str(exc)
    tables = [{"title": "Total · 합계", "rows": [_row(report.total)]}]
    tables += [{"title": title, "rows": [_row(t) for t in getattr(report, field)]} for field, title in BREAKDOWNS]
    for table in tables:
        table["rows"] = [[f"{v:,.0f}" if isinstance(v, float) else v for v in row] for row in table["rows"]]
    return environment().get_template("report.html").render(
        report=report, headline=headline(report), headers=HEADERS, tables=tables, charts=charts,
        charts_note=note, css=stylesheet(), synthetic_note=SYNTHETIC_NOTE)


def follow_up_csv(scenario: Scenario, outcomes: list[Outcome]) -> bytes:
    """The pairs worth a follow-up round (UTF-8 with BOM): the 'met before' buyers of each firm for the
    follow-up scenario's firms table, with why."""
    firms = {f.id: f for f in scenario.firms}
    buyers = {b.id: b for b in scenario.buyers}
    rows = []
    for o in sorted((o for o in outcomes if is_positive(o)), key=lambda o: (o.firm_id, o.buyer_id)):
        why = "; ".join(part for part, on in (("contract signed", o.contract_signed), ("follow-up wanted", o.follow_up),
                                              (f"interest {o.interest}", (o.interest or 0) >= POSITIVE_INTEREST)) if on)
        firm = firms[o.firm_id]
        rows.append([o.firm_id, firm.name_ko or firm.name_en, o.buyer_id, buyers[o.buyer_id].company, why])
    return csv_bytes(["firm id", "firm", "buyer id", "buyer", "why"], rows)
