"""matching: a trade-mission buyer matching engine.

Load a scenario (firms, buyers, interpreters, legs), check it, score firm-buyer pairs, plan the
meetings and export the agendas. Everything here is importable from ``matching`` directly.

The names load on first use (lazy_loader): scikit-learn, OR-Tools and the exporters take 1-3
seconds to import, which ``matching --help`` and ``matching check`` need not wait for.
"""

import lazy_loader

__version__ = "0.1.0"

__getattr__, __dir__, __all__ = lazy_loader.attach(__name__, submod_attrs={
    "domain": ("Buyer", "BuyerType", "Candidate", "DailyHours", "DayPart", "ExportStage",
        "Firm", "Interpreter", "InterpreterSide", "Leg", "Meeting", "MeetingPlace",
        "MetBeforePolicy", "Mission", "MissionFormat", "MustMeet", "Outcome", "OutcomeStatus",
        "Pair", "Plan", "Precedence", "Reason", "ResourceKind", "Rules", "Scenario", "Session",
        "Site", "TimeWindow", "TravelTime", "Venue", "Weights", "reference_problems"),
    "candidates": ("find_candidates",),
    "errors": ("Problem", "ScenarioError", "Severity"),
    "export": ("build_agendas", "render_exports", "write_files"),
    "io": ("LoadResult", "check_scenario", "load_scenario", "scenario_json_schema"),
    "io.outcomes": ("load_outcomes",),
    "io.overlay": ("load_whatif",),
    "planner": ("PlanningError", "plan_scenario"),
    "report": ("ResultsReport", "follow_up_scenario", "results_report"),
    "schedule": ("Slot", "build_slots"),
    "score": ("PairScorer",),
    "summary": ("ScenarioSummary", "summarise"),
    "validate": ("check_plan",),
    "vectorize": ("ProfileVectorizer",),
    "whatif.compare": ("compare",),
    "whatif.replan": ("replan",),
})
