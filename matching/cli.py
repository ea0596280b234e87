"""The ``matching`` command: thin faces over the Python API.

Exit codes: 0 done; 1 internal error (a bug: please report it); 2 the user's input is wrong or
the request cannot be met, with a message saying why and what to change.
"""

from __future__ import annotations

import csv
import json
import sys
import threading
import time
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from matching.domain import Firm, Plan, Scenario
from matching.errors import Problem, ScenarioError, Severity, of_severity
from matching.export.formats import FORMATS, chosen_formats
from matching.export.pdf import KOREAN_FONT_HELP, korean_font_installed
from matching.export.safe import neutralise
from matching.io import scenario_json_schema
from matching.io.atomic import write_atomic
from matching.io.outcomes import check_outcomes
from matching.io.overlay import check_whatif
from matching.kpis import KPI_LABELS, firm_target, meetings_per_firm
from matching.summary import ScenarioSummary, summarise
from matching.validate import check_plan
from matching.whatif.overlay import WhatIf, localize

# The scorer (scikit-learn), the solver (OR-Tools) and the exporters take 1-3 seconds to import
# (3 from a cold disk): the commands that use them import them when they run, so that --help,
# validate and check answer at once.

EXIT_INPUT = 2
EXIT_BUG = 1
BUNDLED_SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"
DEMO_SCENARIO = "jinju-us-midwest-2024"

SCENARIO_HELP = "Scenario folder (or its scenario.yaml), or a what-if file (base: and changes:)."
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


def _checked(path: str) -> WhatIf:
    """The scenario folder or what-if overlay, read; exits 2 listing every problem when it has errors."""
    result = check_whatif(path)
    if result.whatif is None:
        raise _fail(result.problems)
    _print_problems(of_severity(result.problems, Severity.warning))
    return result.whatif


def _load(path: str) -> Scenario:
    """The scenario (an overlay applied to its base), its warnings printed."""
    return _checked(path).scenario


def _validate(path: str, as_json: bool) -> WhatIf:
    """The scenario, after printing its summary and then its warnings."""
    whatif = _checked(path)
    summary = summarise(whatif.scenario)
    if as_json:
        out.print_json(summary.model_dump_json())
    else:
        _render_summary(path, summary)
        for note in whatif.notes:
            out.print(f"changed: {escape(note)}", highlight=False)
    return whatif


@app.command()
def validate(
    scenario: Annotated[str, typer.Argument(help=SCENARIO_HELP)],
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
    scenario: Annotated[str, typer.Argument(help=SCENARIO_HELP)],
    top: Annotated[int | None, typer.Option(min=1, help="Buyers kept per firm (default: rules.candidates_per_firm).")] = None,
    top_per_buyer: Annotated[int | None, typer.Option(min=1, help="Firms kept per buyer (default: scaled from --top).")] = None,
    output: Annotated[OutputFormat, typer.Option("--format", help="table, csv or json.")] = OutputFormat.table,
) -> None:
    """Candidate buyers for every firm, with scores per block and the reasons, Korean and English."""
    from matching.candidates import find_candidates
    from matching.vectorize import BLOCKS

    result = _checked(scenario)
    found = find_candidates(result.scenario, top=top, top_per_buyer=top_per_buyer)
    if output is OutputFormat.json:
        print(json.dumps([c.model_dump(mode="json") for c in found], ensure_ascii=False, indent=1))
    elif output is OutputFormat.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["firm_id", "buyer_id", "score", *BLOCKS, "must_meet", "reasons_en", "reasons_ko"])
        for c in found:
            writer.writerow([neutralise(c.firm_id), neutralise(c.buyer_id), f"{c.score:.2f}",
                             *(f"{c.blocks[b]:.4f}" for b in BLOCKS), "yes" if c.must_meet else "",
                             neutralise(" / ".join(r.text_en for r in c.reasons)),
                             neutralise(" / ".join(r.text_ko for r in c.reasons))])
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


def _solve_with_progress(whatif: WhatIf, path: str, time_limit: float, seed: int, workers: int,
                         parallel: bool) -> Plan:
    """Plan with a progress bar over the time limit; the bar names the stage and its best value."""
    from matching.whatif.compare import plan_whatif

    columns = (TextColumn("[bold]planning[/bold] {task.description}"), BarColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task("", total=time_limit)
        started = time.monotonic()
        done = threading.Event()

        def tick() -> None:
            while not done.wait(0.25):
                bar.update(task, completed=min(time.monotonic() - started, time_limit))

        def report(stage: str, seconds: float, objective: float, bound: float) -> None:
            bar.update(task, description=f"{stage}: {objective:,.0f} (bound {bound:,.0f})")

        ticker = threading.Thread(target=tick, daemon=True)
        ticker.start()
        try:
            return plan_whatif(whatif, time_limit=time_limit, seed=seed, workers=workers, parallel=parallel,
                               progress=report).model_copy(update={"scenario": path})
        finally:
            done.set()
            ticker.join()


def _render_plan(scenario: Scenario, plan: Plan) -> None:
    from matching.planner import relative_gap

    kpis = Table("KPI", "value", title=f"{scenario.mission.name}: {plan.status.lower()} in {plan.seconds:.1f} s "
                 f"(seed {plan.seed})")
    for key, label in KPI_LABELS.items():
        value = plan.kpis.get(key)
        if value is not None:
            kpis.add_row(label, f"{value:.0%}" if key.endswith("utilisation") else f"{value:,.2f}".rstrip("0").rstrip("."))
    out.print(kpis)
    stages = Table("objective", "value", "bound", "gap", title="solver, stage by stage")
    for stage, value in plan.objective.items():
        bound = plan.bounds.get(stage, value)
        stages.add_row(stage, f"{value:,.0f}", f"{bound:,.0f}", f"{relative_gap(value, bound):.2%}")
    out.print(stages)
    counts = meetings_per_firm(scenario, plan)
    target = firm_target(scenario)
    shown = _firms_shown(scenario, counts)
    title = "meetings per firm" if len(shown) == len(scenario.firms) else (
        f"meetings per firm: the {len(shown)} of {len(scenario.firms)} with the fewest")
    firms = Table("firm", "company", "meetings", "target", "mean score", title=title)
    for firm in shown:
        scores = [m.score for m in plan.meetings if m.firm_id == firm.id]
        mark = "[yellow]" if counts[firm.id] < target else ""
        firms.add_row(firm.id, firm.name_en or firm.name_ko, f"{mark}{counts[firm.id]}", str(target or "-"),
                      f"{sum(scores) / len(scores):.1f}" if scores else "-")
    out.print(firms)
    if len(shown) < len(scenario.firms):
        below = sum(n < target for n in counts.values())
        out.print((f"{below} of {len(scenario.firms)} firms are below the target of {target}; " if target else "")
                  + "every firm's meetings are in plan.json and in its agenda ('matching export').", highlight=False)
    for note in plan.notes:
        out.print(f"[yellow]note[/yellow] {note}", highlight=False)


FIRM_ROWS = 30
"""Firms listed after planning: a fair's hundreds would bury the KPIs, so past this many only those
furthest below target are listed."""


def _firms_shown(scenario: Scenario, counts: dict[str, int]) -> list[Firm]:
    """Every firm in scenario order, or past :data:`FIRM_ROWS` those with the fewest meetings (ties
    in scenario order): the target is the same for every firm."""
    if len(scenario.firms) <= FIRM_ROWS:
        return list(scenario.firms)
    return sorted(scenario.firms, key=lambda firm: counts[firm.id])[:FIRM_ROWS]


def _plan_to(whatif: WhatIf, path: str, out_dir: Path, time_limit: float, seed: int, workers: int,
             parallel: bool = False) -> Plan:
    from matching.planner import PlanBroken, PlanningError

    scenario = whatif.scenario
    try:
        plan = _solve_with_progress(whatif, path, time_limit, seed, workers, parallel)
    except PlanningError as exc:
        for reason in exc.reasons:
            err.print(f"[red]cannot plan[/red] {reason}", highlight=False)
        err.print("nothing was written.", highlight=False)
        raise typer.Exit(EXIT_INPUT) from None
    except PlanBroken as exc:
        for violation in exc.violations:
            err.print(f"[red]{violation.rule}[/red] {violation.message}", highlight=False)
        err.print("internal error: the engine's plan breaks the rules above; nothing was written. "
                  "Please report this with the scenario.", highlight=False)
        raise typer.Exit(EXIT_BUG) from None
    write_atomic(out_dir / "plan.json", plan.model_dump_json(indent=1))
    _render_plan(scenario, plan)
    out.print(f"wrote {out_dir / 'plan.json'}", highlight=False)
    return plan


TimeLimit = Annotated[float, typer.Option("--time-limit", min=0.1, help="Seconds of search.")]
Seed = Annotated[int, typer.Option(help="Random seed: the same scenario, seed and workers give the same plan "
                                        "once it is proved best, and without --parallel before, too.")]
Workers = Annotated[int, typer.Option(min=1, help="Search threads.")]
Parallel = Annotated[bool, typer.Option("--parallel", help="Let the search threads share plans as they find them: "
                                        "proves some plans sooner, but two runs "
                                        "may differ unless the plan is proved best. Without it the search runs in "
                                        "CP-SAT's deterministic time and a plan proved best always repeats; an "
                                        "unproved one does too (its searches share the time limit by the work they did, "
                                        "not by the seconds they took), and "
                                        "should this machine be too slow for the time limit, the notes say so).")]


@app.command()
def plan(
    scenario: Annotated[str, typer.Argument(help=SCENARIO_HELP)],
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for plan.json (created if missing).")],
    time_limit: TimeLimit = 60.0,
    seed: Seed = 0,
    workers: Workers = 2,
    parallel: Parallel = False,
) -> None:
    """Build the meeting timetable: writes OUT/plan.json and prints KPIs; Ctrl-C keeps the best plan so far."""
    _plan_to(_checked(scenario), scenario, out_dir, time_limit, seed, workers, parallel)


def _read_plan(plan_file: Path) -> Plan:
    """The plan in a plan.json; exits 2 naming the file and field when it cannot be read."""
    try:
        return Plan.model_validate_json(plan_file.read_bytes())
    except (FileNotFoundError, IsADirectoryError):
        raise _fail([Problem(file=str(plan_file), message="no such plan file")]) from None
    except ValidationError as exc:
        raise _fail([Problem(file=str(plan_file), column=".".join(str(part) for part in error["loc"]) or None,
                             message=error["msg"]) for error in exc.errors()]) from None


def _require_valid(scenario: Scenario, plan: Plan, plan_file: Path) -> None:
    """Exit 2 listing every broken rule when the independent validator rejects the plan."""
    violations = check_plan(scenario, plan)
    for violation in violations:
        err.print(f"[red]{violation.rule}[/red] {violation.message}", highlight=False)
    if violations:
        err.print(f"{len(violations)} broken rule{'s' * (len(violations) != 1)} in {plan_file}", highlight=False)
        raise typer.Exit(EXIT_INPUT)


@app.command()
def check(
    scenario: Annotated[str, typer.Argument(help=SCENARIO_HELP)],
    plan_file: Annotated[Path, typer.Argument(help="plan.json written by 'matching plan'.")],
) -> None:
    """Check a plan against every hard rule with the independent validator; exit 2 when one is broken."""
    loaded = _load(scenario)
    checked = _read_plan(plan_file)
    _require_valid(loaded, checked, plan_file)
    out.print(f"[green]valid[/green] {plan_file}: {len(checked.meetings)} meetings break no rule", highlight=False)


def _scenario_of(plan: Plan, plan_file: Path, given: str | None) -> str:
    """The scenario to export with: as given, else the one the plan names (as written, or beside the plan)."""
    if given:
        return given
    if plan.scenario:
        for candidate in (Path(plan.scenario), plan_file.parent / plan.scenario):
            if candidate.exists():
                return str(candidate)
    raise _fail([Problem(file=str(plan_file), column="scenario", message=(
        f"the plan names scenario {plan.scenario!r}, which is not here; pass --scenario FOLDER"
        if plan.scenario else "the plan does not name its scenario; pass --scenario FOLDER"))])


def _formats(text: str) -> list[str]:
    try:
        return chosen_formats(text.split(","))
    except ValueError as exc:
        err.print(f"[red]cannot export[/red] {exc}; nothing was written.", highlight=False)
        raise typer.Exit(EXIT_INPUT) from None


def _export(scenario: Scenario, plan: Plan, formats: list[str], out_dir: Path) -> list[Path]:
    """Render every format, then write the files; exit 2 naming what is missing, writing nothing."""
    from matching.export.files import OutsideFolder, read_previous, render_exports, write_files
    from matching.export.pdf import PdfUnavailable

    try:
        with err.status(f"rendering {', '.join(formats)} ..."):
            files = render_exports(scenario, plan, formats, previous=read_previous(out_dir))
        written = write_files(out_dir, files)
    except (PdfUnavailable, OutsideFolder) as exc:
        err.print(f"[red]cannot export[/red] {escape(str(exc))}", highlight=False)
        err.print("nothing was written.", highlight=False)
        raise typer.Exit(EXIT_INPUT) from None
    if "pdf" in formats and korean_font_installed() is False:
        err.print(f"[yellow]warning[/yellow] {KOREAN_FONT_HELP}", highlight=False)
    return written


def _report_written(out_dir: Path, paths: list[Path]) -> None:
    calendars = [p for p in paths if p.suffix == ".ics"]
    others = [p for p in paths if p.suffix != ".ics"]
    for path in others:
        out.print(f"wrote {path}", highlight=False)
    if calendars:
        out.print(f"wrote {len(calendars)} calendars in {out_dir / 'ics'} (master.ics and one per participant)",
                  highlight=False)


@app.command()
def export(
    plan_file: Annotated[Path, typer.Argument(help="plan.json written by 'matching plan'.")],
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the agendas (created if missing).")],
    formats: Annotated[str, typer.Option("--format", help=f"Comma-separated: {', '.join(FORMATS)} or all.")] = "xlsx,csv,ics,html,json",
    scenario: Annotated[str | None, typer.Option(help="Scenario folder (default: the one the plan was made from).")] = None,
) -> None:
    """Agendas per firm (Korean), per buyer and interpreter (English) and master grids, as XLSX, CSV, ICS,
    HTML, PDF and JSON. Re-exporting a re-planned agenda into the same folder updates calendar entries."""
    wanted = _formats(formats)
    plan_data = _read_plan(plan_file)
    loaded = _load(_scenario_of(plan_data, plan_file, scenario))
    _require_valid(loaded, plan_data, plan_file)
    _report_written(out_dir, _export(loaded, plan_data, wanted, out_dir))


@app.command()
def compare(
    scenarios: Annotated[list[str], typer.Argument(help="Scenario folders or what-if files; the first is the one "
                                                        "the others are compared against.")],
    output: Annotated[OutputFormat, typer.Option("--format", help="table, csv or json.")] = OutputFormat.table,
    out_dir: Annotated[Path | None, typer.Option("--out", help="Also write each plan to OUT/<name>/plan.json.")] = None,
    time_limit: TimeLimit = 60.0,
    seed: Seed = 0,
    workers: Workers = 2,
    parallel: Parallel = False,
) -> None:
    """Plan each what-if and print their KPIs side by side, with meetings kept, moved, dropped and added
    against the first."""
    from matching.export.files import file_stem
    from matching.planner import PlanningError
    from matching.whatif.compare import compare as compare_whatifs, plan_whatif

    whatifs = [_checked(path) for path in scenarios]
    plans = []
    for path, whatif in zip(scenarios, whatifs):
        try:
            with err.status(f"planning {escape(whatif.name)} ..."):
                plans.append(plan_whatif(whatif, time_limit=time_limit, seed=seed, workers=workers, parallel=parallel)
                             .model_copy(update={"scenario": path}))
        except PlanningError as exc:
            for reason in exc.reasons:
                err.print(f"[red]cannot plan {escape(whatif.name)}[/red] {escape(reason)}", highlight=False)
            raise typer.Exit(EXIT_INPUT) from None
    compared = compare_whatifs(whatifs, plans=plans)
    if out_dir is not None:
        for name, made in zip(compared.names, compared.plans):
            write_atomic(out_dir / file_stem("what-if", name) / "plan.json", made.model_dump_json(indent=1))
    rows = compared.rows()
    if output is OutputFormat.json:
        print(json.dumps({"names": compared.names, "rows": rows}, ensure_ascii=False, indent=1))
        return
    if output is OutputFormat.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["figure", "label", *(neutralise(n) for n in compared.names)])
        writer.writerows([row["figure"], row["label"], *(row[n] for n in compared.names)] for row in rows)
        return
    table = Table("figure", *compared.names, title="what-ifs side by side (kept/moved/dropped/added: against "
                  f"{compared.names[0]})")
    for row in rows:
        table.add_row(str(row["label"]), *(_figure(str(row["figure"]), row[n]) for n in compared.names))
    out.print(table)
    for whatif in whatifs:
        for note in whatif.notes:
            out.print(f"[dim]{escape(whatif.name)}: {escape(note)}[/dim]", highlight=False)


def _figure(key: str, value: object) -> str:
    """A compared figure as printed: shares (utilisation) as percentages, counts whole, scores to 0.01."""
    number = float(value)  # type: ignore[arg-type]
    if key.endswith("utilisation"):
        return f"{number:.1%}"
    return f"{number:,.0f}" if number == int(number) else f"{number:,.2f}"


def _instant(text: str, scenario: Scenario, option: str) -> datetime:
    """A time given on the command line: ISO 8601 with an offset, or local time of the leg holding that date."""
    try:
        return localize(datetime.fromisoformat(text), scenario.mission)
    except ValueError:
        raise _fail([Problem(file=option, message=f"{text!r} is not a time (expected 2024-06-25 08:00, local time of "
                                                  "the leg on that date, or ISO 8601 with an offset)")]) from None


@app.command()
def replan(
    scenario: Annotated[str, typer.Argument(help="The scenario the published plan was made from.")],
    plan_file: Annotated[Path, typer.Argument(help="The published plan.json.")],
    now: Annotated[str, typer.Option("--now", help="Meetings starting before this stay as they are "
                                                   "(2024-06-25 08:00 in the leg's local time, or ISO 8601).")],
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the new plan.json and changes.csv/json.")],
    change: Annotated[Path | None, typer.Option("--change", help="What-if file with the change (cancel:, "
                                                                 "remove_buyer: ...), applied to SCENARIO.")] = None,
    no_new: Annotated[bool, typer.Option("--no-new", help="Only keep, move or cancel published meetings; "
                                                          "add none.")] = False,
    time_limit: TimeLimit = 30.0,
    seed: Seed = 0,
    workers: Workers = 2,
    parallel: Parallel = False,
) -> None:
    """Re-plan after a change with the fewest changes: meetings before --now and locked ones stay; the rest move
    only as the change forces. Writes the new plan and every change with its reason and who must be told."""
    from matching.export.table import changes_csv
    from matching.planner import PlanningError
    from matching.whatif.replan import replan as replan_plan

    published = _read_plan(plan_file)
    base = _checked(scenario)
    _require_valid(base.scenario, published, plan_file)
    changed = base
    if change is not None:
        read = check_whatif(change, base=scenario)
        if read.whatif is None:
            raise _fail(read.problems)
        _print_problems(of_severity(read.problems, Severity.warning))
        changed = read.whatif
    moment = _instant(now, changed.scenario, "--now")
    try:
        with err.status("re-planning ..."):
            result = replan_plan(changed.scenario, published, moment, locked=changed.locked, causes=changed.causes,
                                 allow_new=not no_new,
                                 time_limit=time_limit, seed=seed, workers=workers, parallel=parallel)
    except PlanningError as exc:
        for reason in exc.reasons:
            err.print(f"[red]cannot re-plan[/red] {escape(reason)}", highlight=False)
        err.print("nothing was written.", highlight=False)
        raise typer.Exit(EXIT_INPUT) from None
    new_plan = result.plan.model_copy(update={"scenario": str(change) if change is not None else scenario})
    write_atomic(out_dir / "plan.json", new_plan.model_dump_json(indent=1))
    write_atomic(out_dir / "changes.json", json.dumps({"figures": result.figures, **result.diff.model_dump(mode="json")},
                                                      ensure_ascii=False, indent=1))
    write_atomic(out_dir / "changes.csv", changes_csv(result.diff))
    for note in changed.notes:
        out.print(f"changed: {escape(note)}", highlight=False)
    figures = result.figures
    out.print(f"{figures['held']} meetings held (before {moment:%d %b %H:%M %Z} or locked), {figures['kept']} kept in "
              f"all, {figures['moved']} moved, {figures['cancelled']} cancelled, {figures['added']} added; "
              f"{figures['disturbed']} published meetings disturbed, {figures['forced']} forced by the change",
              highlight=False)
    table = Table("change", "firm", "buyer", "what", "why", "tell", title="who must be told")
    for item in result.diff.changes:
        table.add_row(item.kind, item.firm_id, item.buyer_id, escape("; ".join(item.what)), escape(item.reason),
                      ", ".join(item.tell))
    out.print(table)
    for path in ("plan.json", "changes.json", "changes.csv"):
        out.print(f"wrote {out_dir / path}", highlight=False)
    out.print(f"Next: matching export {out_dir / 'plan.json'} --out AGENDAS (the folder of the published agendas: "
              "calendar entries update in place)", style="dim", highlight=False)


@app.command()
def report(
    scenario: Annotated[str, typer.Argument(help=SCENARIO_HELP)],
    plan_file: Annotated[Path, typer.Argument(help="plan.json the outcomes are about.")],
    outcomes: Annotated[Path, typer.Option("--outcomes", help="The filled outcomes sheet (XLSX or CSV; "
                                           "'matching export --format outcomes' writes the blank one).")],
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the report (created if missing).")],
) -> None:
    """The results report: consultations held, amounts, contracts and their value, by firm, buyer country and
    industry, with charts (XLSX and HTML), and the pairs worth a follow-up round."""
    from matching.export.files import write_files
    from matching.export.report_files import follow_up_csv, headline, report_html, report_workbook
    from matching.report import results_report

    loaded = _load(scenario)
    plan_data = _read_plan(plan_file)
    _require_valid(loaded, plan_data, plan_file)
    read = check_outcomes(outcomes, loaded, plan_data)
    if of_severity(read.problems):
        raise _fail(read.problems)
    _print_problems(read.problems)
    results = results_report(loaded, plan_data, read.outcomes, read.unrecorded)
    files = {"report.xlsx": report_workbook(results), "report.html": report_html(results).encode("utf-8"),
             "follow-up-pairs.csv": follow_up_csv(loaded, read.outcomes)}
    _report_written(out_dir, write_files(out_dir, files))
    out.print(headline(results), highlight=False)


@app.command()
def demo(
    scenario: Annotated[str | None, typer.Option(help="Scenario folder to use instead of the bundled Jinju mission.")] = None,
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the demo's plan.")] = Path("matching-demo"),
    time_limit: TimeLimit = 60.0,
) -> None:
    """The main job on the bundled Jinju mission: check the scenario, plan the meetings, write the plan and agendas."""
    path = scenario or str(BUNDLED_SCENARIOS / DEMO_SCENARIO)
    if scenario is None and not Path(path).is_dir():
        err.print(f"the bundled scenarios are not here ({BUNDLED_SCENARIOS}): install from a clone "
                  "with 'pip install -e .' or pass --scenario FOLDER", highlight=False)
        raise typer.Exit(EXIT_INPUT)
    loaded = _validate(path, as_json=False)
    planned = _plan_to(loaded, path, out_dir, time_limit, seed=0, workers=2)
    agendas = out_dir / "agendas"
    _report_written(agendas, _export(loaded.scenario, planned, ["xlsx", "csv", "ics", "html"], agendas))
    out.print(f"Agendas: open {agendas / 'agendas.html'} to print, {agendas / 'agendas.xlsx'} in Excel; "
              f"calendars in {agendas / 'ics'}.", highlight=False)
    out.print(f"Next: matching check {path} {out_dir / 'plan.json'}", style="dim", highlight=False)


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
