"""The meetings as one flat CSV table: UTF-8 with a byte-order mark, so Excel opens Korean right."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from matching.export.layout import MEETING_COLUMNS
from matching.export.safe import neutralise
from matching.export.views import Agendas


def csv_bytes(header: Sequence[str], rows: Iterable[Iterable[object]]) -> bytes:
    """A CSV file as Excel reads it: UTF-8 with BOM, CRLF, formula-like text neutralised."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for values in rows:
        writer.writerow([neutralise(v) if isinstance(v, str) else v for v in values])
    return buffer.getvalue().encode("utf-8-sig")


def meetings_csv(agendas: Agendas) -> bytes:
    """Every meeting, one row each, the columns of :data:`MEETING_COLUMNS`."""
    return csv_bytes([column.header for column in MEETING_COLUMNS],
                     ([column.value(view) for column in MEETING_COLUMNS] for view in agendas.meetings))
