"""From a raw table to validated models, every problem located by row and column.

:class:`TableReader` checks the header (missing, unknown with 'did you mean', duplicate columns);
:class:`RowCells` reads one row's cells with the parsers of :mod:`matching.io.cells` and builds the
pydantic model, translating its validation errors back to the column the user wrote.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from matching.errors import Problem
from matching.io.columns import Column, TableSpec
from matching.io.files import RawTable

M = TypeVar("M", bound=BaseModel)

_FRIENDLY = {
    "too_short": "needs at least one entry",
    "missing": "is required",
    "string_too_short": "must not be empty",
}


def friendly_message(error: Any) -> str:
    """A pydantic error message in the user's terms."""
    if error["type"] in _FRIENDLY:
        return _FRIENDLY[error["type"]]
    message = str(error["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    if error["type"] not in ("value_error", "assertion_error") and "input" in error:
        shown = error["input"]
        if isinstance(shown, (str, int, float)):
            message = f"{shown!r}: {message}"
    return message


@dataclass
class Location:
    """Where a record came from: its file, row, and the header each field was read from."""

    file: str
    row: int
    headers: dict[str, str]

    def problem(self, field_name: str | None, message: str) -> Problem:
        column = self.headers.get(field_name, field_name) if field_name else None
        return Problem(file=self.file, row=self.row, column=column, message=message)


@dataclass
class RowCells:
    """The cells of one data row, keyed by field, with the problems found reading them."""

    location: Location
    values: dict[str, Any]
    problems: list[Problem] = field(default_factory=list)
    reported: set[str] = field(default_factory=set)

    def has(self, name: str) -> bool:
        value = self.values.get(name)
        return value is not None and not (isinstance(value, str) and not value.strip())

    def report(self, name: str, message: str) -> None:
        """Record a problem with one field of this row."""
        self.problems.append(self.location.problem(name, message))
        self.reported.add(name)

    def read(self, name: str, parser: Callable[..., Any], *args: Any) -> Any:
        """The parsed cell, or None when it is empty or wrong (the problem is recorded)."""
        if not self.has(name):
            return None
        try:
            return parser(self.values[name], *args)
        except ValueError as exc:
            self.report(name, str(exc))
            return None

    def build(self, model: type[M], data: dict[str, Any]) -> M | None:
        """The model from the fields read (None values left to defaults), or None with problems."""
        clean = {k: v for k, v in data.items() if v is not None}
        try:
            return model.model_validate(clean)
        except ValidationError as exc:
            for error in exc.errors():
                loc = error["loc"]
                name = str(loc[0]) if loc else None
                if error["type"] == "missing" and name in self.reported:
                    continue  # the cell's own problem says it already
                message = friendly_message(error)
                if len(loc) > 1 and isinstance(loc[1], int):
                    message = f"entry {loc[1] + 1}: {message}"
                self.problems.append(self.location.problem(name, message))
            return None


@dataclass
class TableReader:
    """The header of a raw table checked against a spec, and its data rows."""

    raw: RawTable
    spec: TableSpec
    problems: list[Problem] = field(default_factory=list)
    _columns: dict[int, Column] = field(default_factory=dict)

    def __post_init__(self) -> None:
        raw, spec = self.raw, self.spec
        self.problems.extend(raw.problems)
        seen: dict[str, str] = {}
        for index, header in enumerate(raw.headers):
            if not header or header.startswith("#"):
                continue
            column = spec.column(header)
            if column is None:
                hint = spec.suggest(header)
                hint_text = f"; did you mean '{hint}'?" if hint else ""
                self.problems.append(Problem(
                    file=raw.file, row=raw.header_row, column=header,
                    message=f"unknown column for a {spec.name} table{hint_text} "
                            "(start a header with # to keep a column the engine should ignore)"))
                continue
            if column.field in seen:
                self.problems.append(Problem(
                    file=raw.file, row=raw.header_row, column=header,
                    message=f"column '{header}' repeats '{seen[column.field]}' (both mean {column.label})"))
                continue
            seen[column.field] = header
            self._columns[index] = column
        for column in spec.columns:
            if column.required and column.field not in seen:
                self.problems.append(Problem(
                    file=raw.file, row=raw.header_row, column=column.label,
                    message=f"missing required column '{column.label}' (Korean: '{column.label_ko}')"))
        if spec.min_rows and len(raw.rows) < spec.min_rows:
            self.problems.append(Problem(file=raw.file, row=raw.header_row + 1, message=(
                f"no {spec.name} listed under the header (expected one row per record)")))

    @property
    def headers(self) -> dict[str, str]:
        """Field to header as written; the English label for columns the table does not have."""
        names = {col.field: col.label for col in self.spec.columns}
        names.update({col.field: self.raw.headers[i] for i, col in self._columns.items()})
        return names

    @property
    def usable(self) -> bool:
        """False when a required column is missing, so rows cannot be read meaningfully."""
        present = {col.field for col in self._columns.values()}
        return all(col.field in present for col in self.spec.columns if col.required)

    def rows(self) -> Iterator[RowCells]:
        """One RowCells per data row; their problems are the caller's to collect."""
        headers = self.headers
        width = len(self.raw.headers)
        for number, cells in self.raw.rows:
            values = {col.field: cells[i] if i < len(cells) else None for i, col in self._columns.items()}
            row = RowCells(Location(self.raw.file, number, headers), values)
            stray = [i for i in range(width, len(cells)) if cells[i] is not None and str(cells[i]).strip()]
            if stray:
                row.problems.append(Problem(file=self.raw.file, row=number, column=f"column {stray[0] + 1}",
                                            message=f"value {str(cells[stray[0]])[:40]!r} in a column with no header"))
            yield row

