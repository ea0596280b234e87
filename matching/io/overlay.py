"""What-if files: read an overlay, its base scenario and the plans it locks, and apply it.

Problems are located like a scenario's: the overlay file, the line of the change and the key path
of the field at fault (``changes[2].update_buyer.max_meetings``); problems of the base scenario keep
their own file, row and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from matching.domain import Plan
from matching.errors import Problem, ScenarioError, of_severity
from matching.io.scenario import SCENARIO_FILE_NAMES, check_scenario
from matching.io.scenario_file import key_path, line_of, read_yaml_model
from matching.whatif.overlay import Overlay, WhatIf, apply_changes

_BASE_KEY = re.compile(r"^base\s*:", re.MULTILINE)


def is_overlay(path: str | Path) -> bool:
    """A YAML file with a top-level ``base:`` key (a scenario is a folder or its scenario.yaml)."""
    path = Path(path)
    if not path.is_file() or path.suffix.lower() not in (".yaml", ".yml") or path.name in SCENARIO_FILE_NAMES:
        return False
    try:
        return bool(_BASE_KEY.search(path.read_text(encoding="utf-8-sig")))
    except (OSError, UnicodeDecodeError):
        return False


@dataclass
class WhatIfRead:
    """What reading a scenario or an overlay gave: the what-if (None on errors) and every problem."""

    whatif: WhatIf | None
    problems: list[Problem]


def check_whatif(path: str | Path, base: str | Path | None = None) -> WhatIfRead:
    """A scenario folder or an overlay file, read and checked, collecting every problem.

    ``base`` applies an overlay to that scenario folder instead of the one it names.
    """
    if not is_overlay(path):
        loaded = check_scenario(path)
        if loaded.scenario is None:
            return WhatIfRead(None, loaded.problems)
        name = Path(path).name if Path(path).is_dir() else Path(path).parent.name
        return WhatIfRead(WhatIf(name=name, scenario=loaded.scenario, source=str(path)), loaded.problems)
    return _check_overlay(Path(path), base)


def load_whatif(path: str | Path, base: str | Path | None = None) -> WhatIf:
    """A scenario folder or an overlay file as a what-if (for notebooks and scripts); raises
    :class:`~matching.errors.ScenarioError` naming every problem, like ``load_scenario``."""
    result = check_whatif(path, base)
    if result.whatif is None:
        raise ScenarioError(result.problems)
    return result.whatif


def _check_overlay(path: Path, base_path: str | Path | None) -> WhatIfRead:
    file = str(path)
    overlay, problems, lines = read_yaml_model(path, file, Overlay, missing="no such what-if file",
                                               keys="base:, changes:")
    if overlay is None:
        return WhatIfRead(None, problems)

    base = check_scenario(path.parent / overlay.base if base_path is None else base_path)
    problems += base.problems
    if base.scenario is None:
        return WhatIfRead(None, problems)
    plans: dict[str, Plan] = {}
    for index, change in enumerate(overlay.changes):
        if change.lock is not None and change.lock.plan not in plans:
            at = ("changes", index, "lock", "plan")
            plan, problem = _read_plan(path.parent / change.lock.plan, file, line_of(lines, at), key_path(at))
            if problem is not None:
                problems.append(problem)
            else:
                plans[change.lock.plan] = plan
    if of_severity(problems):
        return WhatIfRead(None, problems)
    applied = apply_changes(base.scenario, overlay.changes, plans)
    for problem in applied.problems:
        loc = ("changes", problem.change, *problem.path) if problem.change is not None else ()
        shown = f"change {problem.change + 1} ({problem.path[0]}): " if problem.change is not None else ""
        problems.append(Problem(file=file, row=line_of(lines, loc) if loc else None, column=key_path(loc) or None,
                                message=shown + problem.message))
    if applied.scenario is None:
        return WhatIfRead(None, problems)
    return WhatIfRead(WhatIf(name=overlay.name or path.stem, scenario=applied.scenario, source=file,
                             locked=applied.locked, notes=applied.notes, causes=applied.causes, description=overlay.description), problems)


def _read_plan(path: Path, file: str, row: int | None, column: str) -> tuple[Plan | None, Problem | None]:
    """A plan a lock names, or the problem reading it, located at the lock."""
    try:
        return Plan.model_validate_json(path.read_bytes()), None
    except FileNotFoundError:
        return None, Problem(file=file, row=row, column=column, message=f"no plan file at {path}")
    except ValidationError as exc:
        first = exc.errors()[0]
        return None, Problem(file=file, row=row, column=column,
                             message=f"{path} is not a plan.json ({key_path(tuple(first['loc']))}: {first['msg']})")
