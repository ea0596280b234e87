"""Rows of figures shown as a table in a notebook (HTML) or a terminal (text), without pandas.

Notebooks show what the engine returns — candidates, KPIs, a comparison, a re-plan's changes — as
lists of dicts; :class:`Table` gives them a readable face in both places, escaped for HTML.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.4g}"
    if isinstance(value, (list, tuple)):
        return "; ".join(_cell(v) for v in value)
    return "" if value is None else str(value)


@dataclass
class Table:
    """Rows (dicts) under the union of their keys, in first-seen order, with an optional title."""

    rows: Sequence[Mapping[str, object]]
    title: str = ""
    columns: list[str] = field(init=False)

    def __post_init__(self) -> None:
        self.columns = list(dict.fromkeys(key for row in self.rows for key in row))

    def _text_cells(self) -> list[list[str]]:
        return [[_cell(row.get(column)) for column in self.columns] for row in self.rows]

    def __str__(self) -> str:
        cells = self._text_cells()
        widths = [max([len(c)] + [len(line[n]) for line in cells]) for n, c in enumerate(self.columns)]
        lines = ["  ".join(c.ljust(w) for c, w in zip(self.columns, widths)),
                 "  ".join("-" * w for w in widths)]
        lines += ["  ".join(c.ljust(w) for c, w in zip(line, widths)) for line in cells]
        return "\n".join(([self.title] if self.title else []) + lines)

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{html.escape(c)}</th>" for c in self.columns)
        body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in line) + "</tr>"
                       for line in self._text_cells())
        caption = f"<caption style='text-align:left'>{html.escape(self.title)}</caption>" if self.title else ""
        return f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
