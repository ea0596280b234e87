"""Reading the outcomes sheet an officer filled after the mission, with the scenario tables' errors.

Each row is one meeting: held, no-show or cancelled, interest 1-5, amounts in USD, contract and
follow-up. Rows whose status is still blank are not counted (the officer has not recorded them).
Ids are checked against the scenario; a pair twice, or a pair the plan never scheduled, is named.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from matching.domain import Outcome, Plan, Scenario
from matching.errors import Problem, ScenarioError, Severity, of_severity
from matching.io import cells
from matching.io.columns import OUTCOMES
from matching.io.files import TableReadError, read_raw_table
from matching.io.rows import RowCells, TableReader
from matching.io.vocabulary import OUTCOME_STATUSES


@dataclass
class OutcomesRead:
    """The outcomes read, the rows left blank, and every problem found."""

    outcomes: list[Outcome] = field(default_factory=list)
    unrecorded: int = 0
    problems: list[Problem] = field(default_factory=list)


def _outcome(row: RowCells) -> Outcome | None:
    r = row.read
    return row.build(Outcome, {
        "firm_id": r("firm_id", cells.text), "buyer_id": r("buyer_id", cells.text),
        "meeting_id": r("meeting_id", cells.text) or None,
        "status": r("status", cells.choice, OUTCOME_STATUSES, "outcome status"),
        "interest": r("interest", cells.count), "consultation_usd": r("consultation_usd", cells.amount),
        "expected_contract_usd": r("expected_contract_usd", cells.amount),
        "contract_signed": r("contract_signed", cells.boolean), "contract_usd": r("contract_usd", cells.amount),
        "follow_up": r("follow_up", cells.boolean),
    })


def check_outcomes(path: str | Path, scenario: Scenario, plan: Plan) -> OutcomesRead:
    """Every outcome row of a CSV or XLSX sheet, checked against the scenario and the plan."""
    shown = str(path)
    read = OutcomesRead()
    try:
        raw = read_raw_table(Path(path), shown, OUTCOMES.recognises)
    except TableReadError as exc:
        read.problems.append(exc.problem)
        return read
    reader = TableReader(raw, OUTCOMES)
    read.problems.extend(reader.problems)
    if not reader.usable:
        return read
    firms, buyers = {f.id for f in scenario.firms}, {b.id for b in scenario.buyers}
    planned = {(m.firm_id, m.buyer_id): m.id for m in plan.meetings}
    seen: dict[tuple[str, str], int] = {}
    for row in reader.rows():
        if not row.has("status"):
            read.unrecorded += 1
            continue
        outcome = _outcome(row)
        read.problems.extend(row.problems)
        if outcome is None:
            continue
        where = row.location
        pair = (outcome.firm_id, outcome.buyer_id)
        if outcome.firm_id not in firms:
            read.problems.append(where.problem("firm_id", f"unknown firm {outcome.firm_id!r} (not in the scenario)"))
            continue
        if outcome.buyer_id not in buyers:
            read.problems.append(where.problem("buyer_id", f"unknown buyer {outcome.buyer_id!r} (not in the scenario)"))
            continue
        if pair in seen:
            read.problems.append(where.problem("buyer_id", f"{pair[0]} and {pair[1]} are already recorded "
                                                           f"in row {seen[pair]}"))
            continue
        seen[pair] = where.row
        if outcome.meeting_id and outcome.meeting_id != planned.get(pair, outcome.meeting_id):
            read.problems.append(where.problem("meeting_id", f"meeting {outcome.meeting_id!r} is not the plan's "
                                                             f"meeting of {pair[0]} and {pair[1]} ({planned[pair]})"))
            continue
        if pair not in planned:
            read.problems.append(Problem(file=shown, row=where.row, column=where.headers.get("buyer_id"),
                                         severity=Severity.warning,
                                         message=f"{pair[0]} and {pair[1]} had no meeting in the plan; counted as recorded"))
        if outcome.contract_usd > 0 and not outcome.contract_signed:
            read.problems.append(where.problem("contract_signed", "a contract amount is given but 'contract signed' "
                                                                  "is not yes"))
            continue
        read.outcomes.append(outcome.model_copy(update={"meeting_id": outcome.meeting_id or planned.get(pair)}))
    return read


def load_outcomes(path: str | Path, scenario: Scenario, plan: Plan) -> OutcomesRead:
    """The outcomes; raises :class:`ScenarioError` naming every error (warnings are kept on the result)."""
    read = check_outcomes(path, scenario, plan)
    if of_severity(read.problems):
        raise ScenarioError(read.problems)
    return read
