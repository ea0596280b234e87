"""Problems found in the user's input, each located by file, row and column.

Loaders collect every problem they find (not just the first) and raise one
:class:`ScenarioError` carrying them all; the CLI prints them and exits with code 2.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Severity(StrEnum):
    """An error stops the load; a warning is reported and the load goes on."""

    error = "error"
    warning = "warning"


class Problem(BaseModel):
    """One thing wrong with the input, in the user's terms."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    file: str = Field(description="The file as the user named it (scenario folder included).")
    row: int | None = Field(None, description="Spreadsheet row (header is row 1) or YAML line.")
    column: str | None = Field(None, description="Column header as written, or YAML key path.")
    message: str = Field(description="What is wrong and, where it helps, what was expected.")
    severity: Severity = Field(Severity.error, description="error or warning")

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        label = "" if self.severity is Severity.error else "warning: "
        return f"{', '.join(where)}: {label}{self.message}"


def of_severity(problems: list[Problem], severity: Severity = Severity.error) -> list[Problem]:
    """The problems of one severity, in their order."""
    return [p for p in problems if p.severity is severity]


class ScenarioError(Exception):
    """Raised with every error found in one load; warnings travel along for display."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors = of_severity(problems)
        super().__init__("\n".join(str(p) for p in errors) or "invalid input")

    @property
    def errors(self) -> list[Problem]:
        return of_severity(self.problems)
