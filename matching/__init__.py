"""matching: a trade-mission buyer matching engine.

Load a scenario (firms, buyers, interpreters, legs), check it, and — as the engine grows — score
firm-buyer pairs, plan the meetings and export the agendas. Everything here is importable from
``matching`` directly.
"""

from matching.domain import (
    Buyer,
    BuyerType,
    Candidate,
    DailyHours,
    DayPart,
    ExportStage,
    Firm,
    Interpreter,
    InterpreterSide,
    Leg,
    Meeting,
    MeetingPlace,
    MetBeforePolicy,
    Mission,
    MissionFormat,
    MustMeet,
    Outcome,
    OutcomeStatus,
    Pair,
    Plan,
    Precedence,
    Reason,
    ResourceKind,
    Rules,
    Scenario,
    Session,
    Site,
    TimeWindow,
    TravelTime,
    Venue,
    Weights,
    reference_problems,
)
from matching.candidates import find_candidates
from matching.errors import Problem, ScenarioError, Severity
from matching.export import build_agendas, render_exports, write_files
from matching.io import LoadResult, check_scenario, load_scenario, scenario_json_schema
from matching.io.outcomes import load_outcomes
from matching.io.overlay import load_whatif
from matching.planner import PlanningError, plan_scenario
from matching.report import ResultsReport, follow_up_scenario, results_report
from matching.schedule import Slot, build_slots
from matching.score import PairScorer
from matching.summary import ScenarioSummary, summarise
from matching.validate import check_plan
from matching.vectorize import ProfileVectorizer
from matching.whatif.compare import compare
from matching.whatif.replan import replan

__version__ = "0.1.0"

__all__ = [
    "Buyer",
    "BuyerType",
    "Candidate",
    "DailyHours",
    "DayPart",
    "ExportStage",
    "Firm",
    "Interpreter",
    "InterpreterSide",
    "Leg",
    "LoadResult",
    "Meeting",
    "MeetingPlace",
    "MetBeforePolicy",
    "Mission",
    "MissionFormat",
    "MustMeet",
    "Outcome",
    "OutcomeStatus",
    "Pair",
    "PairScorer",
    "Plan",
    "PlanningError",
    "Precedence",
    "Problem",
    "ProfileVectorizer",
    "Reason",
    "ResourceKind",
    "ResultsReport",
    "Rules",
    "Scenario",
    "ScenarioError",
    "ScenarioSummary",
    "Session",
    "Severity",
    "Site",
    "Slot",
    "TimeWindow",
    "TravelTime",
    "Venue",
    "Weights",
    "build_agendas",
    "build_slots",
    "check_plan",
    "check_scenario",
    "compare",
    "find_candidates",
    "follow_up_scenario",
    "load_outcomes",
    "load_scenario",
    "load_whatif",
    "plan_scenario",
    "reference_problems",
    "render_exports",
    "replan",
    "results_report",
    "scenario_json_schema",
    "summarise",
    "write_files",
]
