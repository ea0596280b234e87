"""``scenario.yaml``: its model (whose JSON Schema ``matching schema`` prints) and its reader.

The reader keeps every scalar as text and lets pydantic convert it, so YAML 1.1 surprises cannot
happen (Norway's ``NO`` read as false, ``13:30`` read as the number 810); it records the line of
every key so that a validation error names the line and the key path, and it refuses duplicate
keys, which plain YAML would silently overwrite.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from matching.domain import Mission, Rules, Weights
from matching.errors import Problem
from matching.io.rows import friendly_message


class TableFiles(BaseModel):
    """Table files of the scenario, relative to its folder; empty: found by name (firms.csv ...)."""

    model_config = ConfigDict(extra="forbid")

    firms: str | None = Field(None, description="Firms table (.csv or .xlsx).")
    buyers: str | None = Field(None, description="Buyers table (.csv or .xlsx).")
    interpreters: str | None = Field(None, description="Interpreters table (optional).")
    sites: str | None = Field(None, description="Buyer sites table (optional).")
    travel_times: str | None = Field(None, description="Travel times between places (optional).")


class ScenarioFile(BaseModel):
    """The contents of scenario.yaml."""

    model_config = ConfigDict(extra="forbid", title="matching scenario.yaml")

    synthetic: bool = Field(False, description="True when the participants are fictional (bundled demos).")
    description: str = Field("", description="What this scenario is, for people reading it.")
    mission: Mission
    rules: Rules = Field(default_factory=Rules)
    weights: Weights = Field(default_factory=Weights)
    tables: TableFiles = Field(default_factory=TableFiles)


Path_ = tuple[str | int, ...]


def key_path(loc: Path_) -> str:
    """A YAML location as a key path: mission.legs[0].timezone."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _model_at(root: type[BaseModel], loc: Path_) -> type[BaseModel] | None:
    """The model class found at a key path of a YAML file read as ``root``, for 'did you mean'."""
    model: Any = root
    for part in loc:
        if isinstance(part, int):
            continue
        info = model.model_fields.get(part) if isinstance(model, type) and issubclass(model, BaseModel) else None
        if info is None:
            return None
        annotation = info.annotation
        for arg in (annotation, *getattr(annotation, "__args__", ())):
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                model = arg
                break
        else:
            return None
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _yaml_message(root: type[BaseModel], error: Any) -> str:
    if error["type"] != "extra_forbidden":
        return friendly_message(error)
    loc = tuple(error["loc"])
    model = _model_at(root, loc[:-1])
    known = sorted(model.model_fields) if model else []
    close = difflib.get_close_matches(str(loc[-1]), known, n=1)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return f"unknown key '{loc[-1]}'{hint} (allowed here: {', '.join(known)})"


class _Reader:
    """Turns a composed YAML node tree into plain data plus the line of each key path."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.lines: dict[Path_, int] = {}
        self.problems: list[Problem] = []

    def value(self, node: yaml.Node, path: Path_) -> Any:
        self.lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.ScalarNode):
            if node.style is None and node.value in ("", "~", "null", "Null", "NULL"):
                return None
            return node.value
        if isinstance(node, yaml.SequenceNode):
            return [self.value(child, (*path, i)) for i, child in enumerate(node.value)]
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in out:
                self.problems.append(Problem(file=self.file, row=key_node.start_mark.line + 1,
                                             column=key_path((*path, key)), message=f"key '{key}' is given twice"))
                continue
            out[key] = self.value(value_node, (*path, key))
            self.lines[(*path, key)] = key_node.start_mark.line + 1
        return out

    def line(self, loc: Path_) -> int | None:
        return line_of(self.lines, loc)


def line_of(lines: dict[Path_, int], loc: Path_) -> int | None:
    """The line of a key path, or of its nearest enclosing key that has one."""
    for end in range(len(loc), -1, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return None


M = TypeVar("M", bound=BaseModel)


def read_yaml_model(path: Path, file: str, root: type[M], *, missing: str, keys: str
                    ) -> tuple[M | None, list[Problem], dict[Path_, int]]:
    """A YAML file read as ``root``: the model, the problems found in it, and the line of each key path.

    ``missing`` says what to do when the file is not there; ``keys`` names the top-level keys expected.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return None, [Problem(file=file, message=f"file not found ({missing})")], {}
    except UnicodeDecodeError:
        return None, [Problem(file=file, message=f"not UTF-8 text (save {path.name} as UTF-8)")], {}
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        what = getattr(exc, "problem", None) or str(exc)
        return None, [Problem(file=file, row=mark.line + 1 if mark else None, message=f"not valid YAML: {what}")], {}
    if node is None:
        return None, [Problem(file=file, message=f"the file is empty (expected {keys})")], {}
    reader = _Reader(file)
    data = reader.value(node, ())
    if not isinstance(data, dict):
        return None, [Problem(file=file, row=1, message=f"expected keys ({keys}) at the top")], {}
    try:
        model = root.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            loc = tuple(error["loc"])
            reader.problems.append(Problem(file=file, row=reader.line(loc), column=key_path(loc) or None,
                                           message=_yaml_message(root, error)))
        return None, reader.problems, reader.lines
    return (None if reader.problems else model), reader.problems, reader.lines


def read_scenario_file(path: Path, file: str) -> tuple[ScenarioFile | None, list[Problem], dict[Path_, int]]:
    """The scenario file, the problems found in it, and the line of each key path."""
    return read_yaml_model(path, file, ScenarioFile, missing="a scenario folder needs a scenario.yaml",
                           keys="mission:, rules:, tables: ...")
