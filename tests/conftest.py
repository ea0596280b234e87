"""Shared fixtures: a small valid two-leg scenario written to a temporary folder, to corrupt."""

from __future__ import annotations

import csv
import io
import os
import random
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BUNDLED = REPO / "scenarios"
BUNDLED_NAMES = sorted(p.parent.name for p in BUNDLED.glob("*/scenario.yaml"))


def printed_under_hash_seeds(code: str, seeds: tuple[str, ...] = ("1", "2", "3")) -> set[str]:
    """What a Python snippet prints in fresh processes, each with its own string hashing
    (``PYTHONHASHSEED``): one element when nothing it prints follows the order of a set of strings."""
    return {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in seeds}


def grown_at_random(rng: random.Random, requests: list, keeps: Callable[[dict[int, int]], bool]) -> dict[int, int]:
    """A placement (request index -> option index) grown a meeting at a time, the requests in random
    order, each at a random option, each kept when ``keeps`` accepts the placement with it."""
    chosen: dict[int, int] = {}
    for r in rng.sample(range(len(requests)), len(requests)):
        trial = {**chosen, r: rng.randrange(len(requests[r].options))}
        if keeps(trial):
            chosen = trial
    return chosen

SCENARIO_YAML = """\
mission:
  id: mini
  name: Mini mission
  format: trade_mission
  slot_minutes: 40
  buffer_minutes: 10
  legs:
    - id: chicago
      city: Chicago
      country: US
      timezone: America/Chicago
      dates: [2024-06-24, 2024-06-25]
      sessions:
        - {start: "09:00", end: "12:00"}
        - {start: "13:30", end: "17:30"}
      venues:
        - {id: chi-hotel, name: Hotel A, capacity: 4}
    - id: detroit
      city: Detroit
      country: US
      timezone: America/Detroit
      dates: [2024-06-27]
      sessions:
        - {start: "09:00", end: "12:00"}
      venues:
        - {id: dtw-hotel, name: Hotel B, capacity: 3}
rules:
  max_meetings_per_firm: 6
  must_meet:
    - {firm: K01, buyer: B01}
"""

FIRMS = [
    ["firm id", "name (Korean)", "name (English)", "HS codes", "target markets", "export stage", "employees",
     "certifications", "unavailable", "must meet"],
    ["K01", "진주정밀", "Jinju Precision", "8708.30; 8483", "US; CA", "growing", "45", "IATF16949", "", "B02"],
    ["K02", "남강기계", "Namgang Machinery", "8457", "US", "beginner", "12", "", "2024-06-24 09:00-10:00", ""],
    ["K03", "", "Bibong Soft", "8471", "미국", "established", "150", "ISO 9001", "2024-06-27", ""],
]
BUYERS = [
    ["buyer id", "company", "country", "city", "leg", "buyer type", "HS codes", "meets at", "site id", "availability"],
    ["B01", "Lakeport Brakes LLC", "US", "Chicago", "", "tier1", "870830", "venue", "", ""],
    ["B02", "Northvale Gears LLC", "US", "Troy", "detroit", "tier2", "8483", "site", "S1", "2024-06-27 09:00-12:00"],
    ["B03", "Redwing Supply LLC", "US", "Detroit", "", "distributor", "8457; 8466", "venue", "", ""],
]
INTERPRETERS = [["interpreter id", "name", "language pairs", "legs"], ["I01", "김하린", "ko-en", "chicago; detroit"]]
SITES = [["site id", "buyer id", "address", "city"], ["S1", "B02", "100 Example Dr, Troy, MI", "Troy"]]
TRAVEL = [["from", "to", "minutes"], ["dtw-hotel", "S1", "35"]]


_PLANNED: dict[str, tuple] = {}


def planned(name: str) -> tuple:
    """A bundled scenario and its plan (10 s, 2 workers), planned once per test session."""
    from matching import load_scenario
    from matching.planner import plan_scenario

    if name not in _PLANNED:
        scenario = load_scenario(BUNDLED / name)
        _PLANNED[name] = scenario, plan_scenario(scenario, time_limit=10, workers=2)
    return _PLANNED[name]


def csv_text(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


class Mini:
    """A scenario folder with helpers to rewrite one file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.yaml(SCENARIO_YAML)
        for name, rows in (("firms", FIRMS), ("buyers", BUYERS), ("interpreters", INTERPRETERS),
                           ("sites", SITES), ("travel_times", TRAVEL)):
            self.table(name, rows)

    def yaml(self, text: str) -> None:
        (self.path / "scenario.yaml").write_text(text, encoding="utf-8")

    def table(self, name: str, rows: list[list[str]], encoding: str = "utf-8", suffix: str = ".csv") -> Path:
        path = self.path / f"{name}{suffix}"
        path.write_bytes(csv_text(rows).encode(encoding))
        return path

    def edit(self, name: str, row: int, column: str, value: str) -> None:
        """Set one cell of a CSV table: row counts data rows from 1, column is the header."""
        path = self.path / f"{name}.csv"
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        rows[row][rows[0].index(column)] = value
        self.table(name, rows)


@pytest.fixture
def mini(tmp_path: Path) -> Mini:
    folder = tmp_path / "mini"
    folder.mkdir()
    return Mini(folder)
