"""Loading a scenario folder: scenario.yaml plus the firms, buyers, interpreters, sites and
travel-times tables, into one cross-checked :class:`~matching.domain.Scenario`.

Every problem in every file is collected before giving up, each named by file, row and column;
the load either returns a valid scenario (with warnings) or raises :class:`ScenarioError`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from matching.domain import (
    Buyer,
    Firm,
    Interpreter,
    MeetingPlace,
    Mission,
    ReferenceProblem,
    Scenario,
    Site,
    TravelTime,
    buyer_leg,
    reference_problems,
)
from matching.errors import Problem, ScenarioError, Severity, of_severity
from matching.io import cells
from matching.io.columns import BUYERS, FIRMS, INTERPRETERS, SITES, TRAVEL_TIMES, TableSpec
from matching.io.files import TableReadError, read_raw_table
from matching.io.rows import Location, RowCells, TableReader
from matching.io.scenario_file import Path_, ScenarioFile, key_path, read_scenario_file
from matching.io.vocabulary import BUYER_TYPES, EXPORT_STAGES, INTERPRETER_SIDES, MEETING_PLACES
from matching.taxonomy import country_code, country_timezones, guess_timezone, is_known_certification

SCENARIO_FILE_NAMES = ("scenario.yaml", "scenario.yml")
TABLE_SUFFIXES = (".csv", ".xlsx")


@dataclass
class LoadResult:
    """A scenario (None when errors were found) and every problem found, warnings included."""

    scenario: Scenario | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return of_severity(self.problems)

    @property
    def warnings(self) -> list[Problem]:
        return of_severity(self.problems, Severity.warning)


def leg_zone_for(mission: Mission) -> Callable[[date], str]:
    """Zone to read a firm's or interpreter's local times in: the leg holding that date."""
    return mission.zone_on


# ---------------------------------------------------------------- one builder per table


def _firm(row: RowCells, mission: Mission) -> Firm | None:
    r = row.read
    return row.build(Firm, {
        "id": r("id", cells.text), "name_ko": r("name_ko", cells.text), "name_en": r("name_en", cells.text),
        "city": r("city", cells.text), "hs_codes": r("hs_codes", cells.items),
        "products_ko": r("products_ko", cells.text), "products_en": r("products_en", cells.text),
        "target_markets": r("target_markets", cells.items),
        "export_stage": r("export_stage", cells.choice, EXPORT_STAGES, "export stage"),
        "annual_exports_usd": r("annual_exports_usd", cells.amount), "employees": r("employees", cells.count),
        "certifications": r("certifications", cells.items), "languages": r("languages", cells.items),
        "needs_interpreter": r("needs_interpreter", cells.boolean),
        "representatives": r("representatives", cells.count),
        "unavailable": r("unavailable", cells.windows, leg_zone_for(mission)),
        "must_meet": r("must_meet", cells.items), "never_meet": r("never_meet", cells.items),
        "met_before": r("met_before", cells.items), "booth": r("booth", cells.text), "notes": r("notes", cells.text),
    })


def _buyer_zone(row: RowCells, mission: Mission, meets_at: str, country: str | None, city: str) -> str | None:
    """The buyer's zone: as written, else its leg's (in person), else the one zone of its city."""
    written = row.read("timezone", cells.text)
    if written:
        return written
    if meets_at != MeetingPlace.online.value and not mission.online:
        leg = mission.leg_for(city, row.read("leg_id", cells.text) or None)
        if leg is not None:
            return leg.timezone
    if country is None:
        return None
    guessed = guess_timezone(country, city)
    if guessed is None:
        zones = country_timezones(country)
        listed = ", ".join(zones[:4]) + (", ..." if len(zones) > 4 else "")
        row.report("timezone", f"time zone needed: {country} has several ({listed}) and {city or 'no city'!r} "
                               "does not tell which; write it in a 'time zone' column"
                               + ("" if mission.online else " or name the buyer's leg"))
    return guessed


def _buyer(row: RowCells, mission: Mission) -> Buyer | None:
    r = row.read
    default_place = MeetingPlace.online.value if mission.online else MeetingPlace.venue.value
    meets_at = r("meets_at", cells.choice, MEETING_PLACES, "meeting place") or default_place
    country = r("country", _country)
    city = r("city", cells.text) or ""
    zone = _buyer_zone(row, mission, meets_at, country, city)
    availability = None
    if zone is not None and row.has("availability"):
        availability = r("availability", cells.windows, lambda _day: zone)
    return row.build(Buyer, {
        "id": r("id", cells.text), "company": r("company", cells.text), "country": country, "city": city,
        "timezone": zone, "buyer_type": r("buyer_type", cells.choice, BUYER_TYPES, "buyer type"),
        "hs_codes": r("hs_codes", cells.items), "products": r("products", cells.text),
        "products_ko": r("products_ko", cells.text), "sourcing_regions": r("sourcing_regions", cells.items),
        "certifications_required": r("certifications_required", cells.items),
        "languages": r("languages", cells.items), "meets_at": meets_at,
        "site_id": r("site_id", cells.text) or None, "leg_id": r("leg_id", cells.text) or None,
        "availability": availability, "business_hours": r("business_hours", cells.daily_hours),
        "max_meetings": r("max_meetings", cells.count),
        "preferred_stages": r("preferred_stages", _stages),
        "notes": r("notes", cells.text),
    })


def _country(value: Any) -> str:
    return country_code(cells.text(value))


def _stages(value: Any) -> list[str]:
    return [cells.choice(item, EXPORT_STAGES, "export stage") for item in cells.items(value)]


def _interpreter(row: RowCells, mission: Mission) -> Interpreter | None:
    r = row.read
    return row.build(Interpreter, {
        "id": r("id", cells.text), "name": r("name", cells.text),
        "language_pairs": r("language_pairs", cells.items),
        "side": r("side", cells.choice, INTERPRETER_SIDES, "interpreter side"),
        "legs": r("legs", cells.items), "availability": r("availability", cells.windows, leg_zone_for(mission)),
        "notes": r("notes", cells.text),
    })


def _site(row: RowCells, mission: Mission) -> Site | None:
    r = row.read
    return row.build(Site, {"id": r("id", cells.text), "buyer_id": r("buyer_id", cells.text),
                            "name": r("name", cells.text), "address": r("address", cells.text),
                            "city": r("city", cells.text)})


def _travel_time(row: RowCells, mission: Mission) -> TravelTime | None:
    r = row.read
    return row.build(TravelTime, {"origin": r("origin", cells.text), "destination": r("destination", cells.text),
                                  "minutes": r("minutes", cells.count), "symmetric": r("symmetric", cells.boolean)})


_BUILDERS: dict[str, tuple[TableSpec, Callable[[RowCells, Mission], Any]]] = {
    "firms": (FIRMS, _firm),
    "buyers": (BUYERS, _buyer),
    "interpreters": (INTERPRETERS, _interpreter),
    "sites": (SITES, _site),
    "travel_times": (TRAVEL_TIMES, _travel_time),
}
REQUIRED_TABLES = ("firms", "buyers")


# ---------------------------------------------------------------- the folder


@dataclass
class _Loaded:
    """Records of one table with where each came from."""

    records: list[Any] = field(default_factory=list)
    locations: list[Location] = field(default_factory=list)
    failed_ids: set[str] = field(default_factory=set)


def _read_table(path: Path, file: str, name: str, mission: Mission, problems: list[Problem]) -> _Loaded:
    spec, build = _BUILDERS[name]
    loaded = _Loaded()
    try:
        raw = read_raw_table(path, file, spec.recognises)
    except TableReadError as exc:
        problems.append(exc.problem)
        return loaded
    reader = TableReader(raw, spec)
    problems.extend(reader.problems)
    if not reader.usable:
        return loaded
    for row in reader.rows():
        record = build(row, mission)
        problems.extend(row.problems)
        if record is not None:
            loaded.records.append(record)
            loaded.locations.append(row.location)
        elif row.has("id"):
            loaded.failed_ids.add(cells.text(row.values["id"]))
    return loaded


def _find_tables(folder: Path, shown: Path, spec: ScenarioFile, lines: dict[Path_, int],
                 yaml_file: str) -> tuple[dict[str, tuple[Path, str]], list[Problem]]:
    """Path and display name of each table, from the tables: section or by name in the folder."""
    found: dict[str, tuple[Path, str]] = {}
    problems: list[Problem] = []
    for name in _BUILDERS:
        given = getattr(spec.tables, name)
        if given is not None:
            path = folder / given
            if not path.is_file():
                problems.append(Problem(file=yaml_file, row=lines.get(("tables", name)), column=f"tables.{name}",
                                        message=f"file {given!r} not found in {shown}"))
                continue
            found[name] = (path, str(shown / given))
            continue
        matches = [folder / f"{name}{suffix}" for suffix in TABLE_SUFFIXES if (folder / f"{name}{suffix}").is_file()]
        if len(matches) > 1:
            problems.append(Problem(file=yaml_file, column=f"tables.{name}", message=(
                f"both {name}.csv and {name}.xlsx are in {shown}: name the one to use under tables:")))
        elif matches:
            found[name] = (matches[0], str(shown / matches[0].name))
        elif name in REQUIRED_TABLES:
            problems.append(Problem(file=yaml_file, column=f"tables.{name}", message=(
                f"no {name} table: put {name}.csv or {name}.xlsx in {shown} or name it under tables:")))
    return found, problems


def _place_legs(mission: Mission, sites: list[Site], buyers: list[Buyer]) -> dict[str, int]:
    """Leg index of each place id (venues by their leg, sites by their city or buyer's leg)."""
    legs = {v.id: i for i, leg in enumerate(mission.legs) for v in leg.venues}
    by_buyer = {b.id: b for b in buyers}
    for site in sites:
        leg = next((i for i, leg in enumerate(mission.legs) if leg.city.casefold() == site.city.casefold()), None)
        if leg is None and site.buyer_id in by_buyer:
            found = buyer_leg(by_buyer[site.buyer_id], mission)
            leg = mission.legs.index(found) if found is not None else None
        if leg is not None:
            legs[site.id] = leg
    return legs


def _attach_travel_times(mission: Mission, travel: _Loaded, place_legs: dict[str, int],
                         known_places: set[str], problems: list[Problem]) -> Mission:
    """The mission with each table travel time added to the leg its places are in."""
    extra: dict[int, list[TravelTime]] = {}
    for record, loc in zip(travel.records, travel.locations):
        legs = []
        for name in ("origin", "destination"):
            ident = getattr(record, name)
            if ident in place_legs:
                legs.append(place_legs[ident])
            elif ident not in known_places:
                problems.append(loc.problem(name, f"unknown place {ident!r} (expected a venue id from "
                                                  "scenario.yaml or a site id from the sites table)"))
            # A known site with no leg: its buyer's own row already says why.
        if len(legs) == 2 and legs[0] != legs[1]:
            problems.append(loc.problem("destination", f"{record.origin!r} and {record.destination!r} are in "
                                                       "different legs (travel between legs is a travel day)"))
        elif len(legs) == 2:
            extra.setdefault(legs[0], []).append(record)
    if not extra:
        return mission
    legs = [leg.model_copy(update={"travel_times": [*leg.travel_times, *extra.get(i, [])]})
            for i, leg in enumerate(mission.legs)]
    return mission.model_copy(update={"legs": legs})


def _locate(problem: ReferenceProblem, tables: dict[str, _Loaded], yaml_file: str,
            lines: dict[Path_, int]) -> Problem:
    """A cross-record problem placed in the file, row and column it comes from."""
    table = {"firm": "firms", "buyer": "buyers", "interpreter": "interpreters", "site": "sites"}.get(problem.kind)
    if table is not None:
        return tables[table].locations[problem.index].problem(problem.field, problem.message)
    if problem.kind == "rules":
        name, _, sub = problem.field.partition(".")
        loc: Path_ = ("rules", name, problem.index, *([sub] if sub else []))
    else:
        loc = ("mission", "legs", problem.index)
        column = f"{key_path(loc)}.{problem.field}"
        return Problem(file=yaml_file, row=lines.get(loc), column=column, message=problem.message)
    return Problem(file=yaml_file, row=lines.get(loc) or lines.get(loc[:3]), column=key_path(loc),
                   message=problem.message)


def _warnings(firms: _Loaded, buyers: _Loaded) -> list[Problem]:
    """Things worth a look that do not stop the load."""
    out = []
    for table, attr in ((firms, "certifications"), (buyers, "certifications_required")):
        for record, loc in zip(table.records, table.locations):
            for cert in getattr(record, attr):
                if not is_known_certification(cert):
                    out.append(loc.problem(attr, f"certification {cert!r} is not one the engine knows; "
                                                 "it will only match the same spelling").model_copy(
                        update={"severity": Severity.warning}))
    return out


def _in_reading_order(problems: list[Problem]) -> list[Problem]:
    """Problems grouped by file (in the order files were read), then by row."""
    files = {p.file: i for i, p in reversed(list(enumerate(problems)))}
    return sorted(problems, key=lambda p: (files[p.file], p.row or 0))


def _resolve(path: Path) -> tuple[Path | None, Problem | None]:
    if path.is_dir():
        for name in SCENARIO_FILE_NAMES:
            if (path / name).is_file():
                return path / name, None
        return None, Problem(file=str(path / SCENARIO_FILE_NAMES[0]), message=(
            "file not found (a scenario folder needs a scenario.yaml)"))
    if path.is_file():
        return path, None
    return None, Problem(file=str(path), message="no such scenario folder or file")


def check_scenario(path: str | Path) -> LoadResult:
    """Load and check a scenario folder (or its scenario.yaml), collecting every problem."""
    yaml_path, missing = _resolve(Path(path))
    if yaml_path is None:
        return LoadResult(None, [missing] if missing else [])
    shown = Path(path) if Path(path).is_dir() else Path(path).parent
    yaml_file = str(shown / yaml_path.name)
    spec, problems, lines = read_scenario_file(yaml_path, yaml_file)
    if spec is None:
        return LoadResult(None, problems)
    paths, found_problems = _find_tables(yaml_path.parent, shown, spec, lines, yaml_file)
    problems += found_problems
    mission = spec.mission
    tables = {name: _read_table(*paths[name], name, mission, problems) if name in paths else _Loaded()
              for name in _BUILDERS}
    firms, buyers, interpreters, sites = (tables[n].records for n in ("firms", "buyers", "interpreters", "sites"))
    place_legs = _place_legs(mission, sites, buyers)
    known_places = set(place_legs) | {s.id for s in sites} | tables["sites"].failed_ids
    mission = _attach_travel_times(mission, tables["travel_times"], place_legs, known_places, problems)
    # Ids of rows that failed are known to the user; reporting them as unknown elsewhere is noise.
    failed = set().union(*(t.failed_ids for t in tables.values()))
    problems += [_locate(p, tables, yaml_file, lines)
                 for p in reference_problems(mission, spec.rules, firms, buyers, interpreters, sites)
                 if p.ref is None or p.ref not in failed]
    problems += _warnings(tables["firms"], tables["buyers"])
    problems = _in_reading_order(problems)
    if of_severity(problems) or not firms or not buyers:
        return LoadResult(None, problems)
    scenario = Scenario(mission=mission, rules=spec.rules, weights=spec.weights, firms=firms, buyers=buyers,
                        interpreters=interpreters, sites=sites, synthetic=spec.synthetic)
    return LoadResult(scenario, problems)


def load_scenario(path: str | Path) -> Scenario:
    """The scenario in a folder; raises ScenarioError naming every problem found."""
    result = check_scenario(path)
    if result.scenario is None:
        raise ScenarioError(result.problems)
    return result.scenario


def scenario_json_schema() -> dict[str, Any]:
    """JSON Schema of scenario.yaml."""
    return ScenarioFile.model_json_schema()

