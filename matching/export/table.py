"""The meetings as one flat CSV table: UTF-8 with a byte-order mark, so Excel opens Korean right."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from matching.export.layout import MEETING_COLUMNS
from matching.export.safe import neutralise
from matching.export.views import Agendas
from matching.whatif.diff import PlanDiff


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


CHANGE_COLUMNS = ("change", "meeting", "firm", "buyer", "what", "why", "tell", "start before", "start after")


def changes_csv(diff: PlanDiff) -> bytes:
    """Every change of a re-plan, one row each: what, why and who must be told (for the phone calls)."""
    return csv_bytes(CHANGE_COLUMNS, ([c.kind, c.meeting_id, c.firm_id, c.buyer_id, "; ".join(c.what), c.reason,
                                       " ".join(c.tell), c.before.start.isoformat() if c.before else "",
                                       c.after.start.isoformat() if c.after else ""] for c in diff.changes))
