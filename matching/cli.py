"""The ``matching`` command: thin faces over the Python API.

Exit codes: 0 done; 1 internal error (a bug: please report it); 2 the user's input is wrong or
the request cannot be met, with a message saying why and what to change.
"""

from __future__ import annotations

import csv
import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from matching.candidates import find_candidates
from matching.errors import Problem, ScenarioError, Severity, of_severity
from matching.io import check_scenario, scenario_json_schema
from matching.summary import ScenarioSummary, summarise
from matching.vectorize import BLOCKS

EXIT_INPUT = 2
BUNDLED_SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"
DEMO_SCENARIO = "jinju-us-midwest-2024"

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Trade-mission buyer matching: check scenarios, match firms with buyers, plan meetings.",
)
out = Console()
err = Console(stderr=True)


def _print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        style = "red" if problem.severity is Severity.error else "yellow"
        err.print(f"[{style}]{'error' if problem.severity is Severity.error else 'warning'}[/{style}] ",
                  str(problem), sep="", highlight=False, markup=True, soft_wrap=True)


def _fail(problems: list[Problem]) -> typer.Exit:
    _print_problems(problems)
    found = of_severity(problems)
    errors, files = len(found), len({p.file for p in found})
    err.print(f"[red]{errors} error{'s' * (errors != 1)} in {files} file{'s' * (files != 1)}; "
              "nothing was written.[/red]", highlight=False)
    return typer.Exit(EXIT_INPUT)


def _render_summary(path: str, summary: ScenarioSummary) -> None:
    label = "  [bold yellow]SYNTHETIC DATA: fictional companies[/bold yellow]" if summary.synthetic else ""
    out.print(f"[green]valid[/green] {path}{label}", highlight=False)
    out.print(f"{summary.name} [dim]({summary.format}, {summary.mission_id})[/dim]"
              + (f" — {summary.organiser}" if summary.organiser else ""), highlight=False)
    places = ", ".join(f"{n} {p}" for p, n in summary.buyers_by_place.items() if n)
    countries = f"{summary.buyer_countries} countr{'ies' if summary.buyer_countries != 1 else 'y'}"
    out.print(f"firms {summary.firms} · buyers {summary.buyers} from {countries} ({places}) · "
              f"interpreters {summary.interpreters} · sites {summary.sites} · "
              f"legs {len(summary.legs)} · slots {summary.slots}", highlight=False)
    table = Table("leg", "city", "time zone", "dates", "slots", "units", "capacity", "buyers")
    for leg in summary.legs:
        first, last = leg.dates[0], leg.dates[-1]
        dates = f"{first:%d %b %Y}" if first == last else f"{first:%d %b}–{last:%d %b %Y} ({len(leg.dates)} d)"
        table.add_row(leg.id, f"{leg.city}, {leg.country}", leg.timezone, dates,
                      str(leg.slots), str(leg.units), str(leg.capacity), str(leg.buyers))
    out.print(table)


def _validate(path: str, as_json: bool) -> ScenarioSummary:
    result = check_scenario(path)
    if result.scenario is None:
        raise _fail(result.problems)
    summary = summarise(result.scenario)
    if as_json:
        out.print_json(summary.model_dump_json())
    else:
        _render_summary(path, summary)
    _print_problems(result.warnings)
    return summary


@app.command()
def validate(
    scenario: Annotated[str, typer.Argument(help="Scenario folder (or its scenario.yaml).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Check a scenario's files and print a short summary; every problem is named by file, row, column."""
    _validate(scenario, as_json)


class OutputFormat(str, Enum):
    """How ``matching match`` prints candidates."""

    table = "table"
    csv = "csv"
    json = "json"


@app.command()
def match(
    scenario: Annotated[str, typer.Argument(help="Scenario folder (or its scenario.yaml).")],
    top: Annotated[int | None, typer.Option(min=1, help="Buyers kept per firm (default: rules.candidates_per_firm).")] = None,
    top_per_buyer: Annotated[int | None, typer.Option(min=1, help="Firms kept per buyer (default: scaled from --top).")] = None,
    output: Annotated[OutputFormat, typer.Option("--format", help="table, csv or json.")] = OutputFormat.table,
) -> None:
    """Candidate buyers for every firm, with scores per block and the reasons, Korean and English."""
    result = check_scenario(scenario)
    if result.scenario is None:
        raise _fail(result.problems)
    found = find_candidates(result.scenario, top=top, top_per_buyer=top_per_buyer)
    if output is OutputFormat.json:
        print(json.dumps([c.model_dump(mode="json") for c in found], ensure_ascii=False, indent=1))
    elif output is OutputFormat.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["firm_id", "buyer_id", "score", *BLOCKS, "must_meet", "reasons_en", "reasons_ko"])
        for c in found:
            writer.writerow([c.firm_id, c.buyer_id, f"{c.score:.2f}", *(f"{c.blocks[b]:.4f}" for b in BLOCKS),
                             "yes" if c.must_meet else "", " / ".join(r.text_en for r in c.reasons),
                             " / ".join(r.text_ko for r in c.reasons)])
    else:
        names = {b.id: b.company for b in result.scenario.buyers}
        table = Table("firm", "buyer", "score", *BLOCKS, "top reasons")
        for c in found:
            table.add_row(c.firm_id, f"{c.buyer_id} {names[c.buyer_id]}", f"{c.score:.1f}" + (" *" if c.must_meet else ""),
                          *(f"{c.blocks[b]:.2f}" for b in BLOCKS), "; ".join(r.text_en for r in c.reasons[:2]))
        out.print(table)
        out.print(f"{len(found)} candidates for {len(result.scenario.firms)} firms (* must meet)", highlight=False)


@app.command()
def schema() -> None:
    """Print the JSON Schema of scenario.yaml."""
    print(json.dumps(scenario_json_schema(), indent=2, ensure_ascii=False))


@app.command()
def demo(
    scenario: Annotated[str | None, typer.Option(help="Scenario folder to use instead of the bundled Jinju mission.")] = None,
) -> None:
    """Run the main job on the bundled Jinju mission (today: check it and summarise it)."""
    path = scenario or str(BUNDLED_SCENARIOS / DEMO_SCENARIO)
    if scenario is None and not Path(path).is_dir():
        err.print(f"the bundled scenarios are not here ({BUNDLED_SCENARIOS}): install from a clone "
                  "with 'pip install -e .' or pass --scenario FOLDER", highlight=False)
        raise typer.Exit(EXIT_INPUT)
    _validate(path, as_json=False)
    out.print("Next steps land with the matching and scheduling work: candidates, timetable, agendas.",
              style="dim", highlight=False)


def main() -> None:
    """Entry point of the ``matching`` command."""
    try:
        app()
    except ScenarioError as exc:
        _fail(exc.problems)
        sys.exit(EXIT_INPUT)
    except KeyboardInterrupt:
        err.print("stopped; nothing was written.")
        sys.exit(130)
