"""The outcomes sheet the officer fills after the mission: one row per meeting, choices as drop-downs.

Its headers are the outcomes table's own column names, so ``matching report --outcomes`` reads the
filled sheet back with the same checks (and the same clear errors) as any scenario table.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

from matching.export.layout import SYNTHETIC_NOTE
from matching.export.views import Agendas
from matching.export.xlsx import write_table
from matching.io.columns import OUTCOMES

_WIDTHS = {"meeting_id": 34, "firm": 28, "buyer": 28, "when": 30, "status": 11, "notes": 30}
_CHOICES = {"status": '"held,no_show,cancelled"', "contract_signed": '"yes,no"', "follow_up": '"yes,no"'}


def outcomes_form(agendas: Agendas) -> bytes:
    """An XLSX form listing every meeting, with blank outcome columns and validated choices."""
    book = Workbook()
    sheet = book.active
    sheet.title = "outcomes"
    columns = OUTCOMES.columns
    titles = [f"{agendas.title}: outcomes · 상담 결과 기록",
              "status: held / no_show / cancelled (상담완료·불참·취소); interest 1-5 (관심도); amounts in USD; "
              "contract signed and follow-up wanted: yes/no. Leave status blank for meetings not yet recorded."]
    if agendas.synthetic:
        titles.append(SYNTHETIC_NOTE)
    rows = [[v.meeting.id, v.meeting.firm_id, f"{v.firm_name} {v.firm_name_ko}".strip(), v.meeting.buyer_id,
             v.buyer_company, f"{v.day:%Y-%m-%d} {v.start} {v.zone.split(',')[0]} {v.city}"] + [None] * (len(columns) - 6)
            for v in agendas.meetings]
    write_table(sheet, titles, [c.label for c in columns], [_WIDTHS.get(c.field, 16) for c in columns], rows)
    first, last = len(titles) + 2, len(titles) + 1 + max(len(rows), 1)
    for index, column in enumerate(columns, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        if column.field in _CHOICES:
            rule = DataValidation(type="list", formula1=_CHOICES[column.field], allow_blank=True)
        elif column.field == "interest":
            rule = DataValidation(type="whole", operator="between", formula1="1", formula2="5", allow_blank=True)
        elif column.field.endswith("_usd"):
            rule = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
        else:
            continue
        rule.error, rule.errorTitle, rule.showErrorMessage = "See the instructions in row 2.", column.label, True
        sheet.add_data_validation(rule)
        rule.add(f"{letter}{first}:{letter}{last}")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
