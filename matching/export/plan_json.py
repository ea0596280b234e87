"""The plan as JSON (its pydantic model) and the published JSON Schema it follows."""

from __future__ import annotations

import json

from matching.domain import Plan

SCHEMA_ID = "https://matching.example/schemas/plan.schema.json"


def plan_json(plan: Plan) -> str:
    """The plan exactly as :class:`~matching.domain.Plan` serialises it (ISO 8601 times with offsets)."""
    return plan.model_dump_json(indent=1)


def plan_schema() -> str:
    """JSON Schema (draft 2020-12) of plan.json, generated from the model so the two never drift."""
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID,
              **Plan.model_json_schema()}
    return json.dumps(schema, indent=2, ensure_ascii=False)
