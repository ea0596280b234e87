"""Reading scenario files: scenario.yaml and its CSV/XLSX tables, Korean or English."""

from matching.io.scenario import LoadResult, check_scenario, load_scenario, scenario_json_schema

__all__ = ["LoadResult", "check_scenario", "load_scenario", "scenario_json_schema"]
