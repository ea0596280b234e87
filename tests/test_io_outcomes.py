"""Reading the outcomes sheet: Korean and English spellings, CP949, every error located."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matching import load_scenario
from matching.domain import OutcomeStatus, Plan
from matching.io.outcomes import check_outcomes, load_outcomes
from matching.errors import ScenarioError
from matching.planner import plan_scenario


@pytest.fixture
def planned_mini(mini):
    scenario = load_scenario(mini.path)
    return mini, scenario, plan_scenario(scenario, time_limit=5)


def test_korean_headers_and_spellings_in_cp949_load(planned_mini) -> None:
    mini, scenario, plan = planned_mini
    first, second = plan.meetings[:2]
    path = mini.path / "outcomes.csv"
    path.write_bytes("\n".join([
        "기업코드,바이어코드,상담결과,관심도,상담액,계약체결,계약액,후속상담",
        f"{first.firm_id},{first.buyer_id},상담완료,5,\"USD 1.2M\",O,300K,예",
        f"{second.firm_id},{second.buyer_id},불참,,,,,",
    ]).encode("cp949"))
    read = load_outcomes(path, scenario, plan)
    held, absent = read.outcomes
    assert held.status is OutcomeStatus.held and held.consultation_usd == 1_200_000 and held.contract_usd == 300_000
    assert held.contract_signed and held.follow_up and held.interest == 5 and held.meeting_id == first.id
    assert absent.status is OutcomeStatus.no_show


def test_missing_status_column_and_empty_file_are_named(planned_mini) -> None:
    mini, scenario, plan = planned_mini
    path = mini.path / "outcomes.csv"
    path.write_text("firm id,buyer id,interest\nK01,B01,3\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_outcomes(path, scenario, plan)
    assert "missing required column 'status'" in str(caught.value.problems[0])
    path.write_text("", encoding="utf-8")
    assert check_outcomes(path, scenario, plan).problems[0].file == str(path)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(amount=st.integers(min_value=0, max_value=10**9), interest=st.integers(min_value=1, max_value=5))
def test_amounts_and_interest_read_back_exactly(planned_mini, amount: int, interest: int) -> None:
    mini, scenario, plan = planned_mini
    meeting = plan.meetings[0]
    path = mini.path / "outcomes.csv"
    path.write_text(f'firm id,buyer id,status,interest 1-5,consultation USD\n'
                    f'{meeting.firm_id},{meeting.buyer_id},held,{interest},"${amount:,}"\n', encoding="utf-8")
    (outcome,) = load_outcomes(path, scenario, plan).outcomes
    assert outcome.consultation_usd == amount and outcome.interest == interest


def test_an_unplanned_pair_is_a_warning_not_an_error(planned_mini) -> None:
    mini, scenario, _ = planned_mini
    path = mini.path / "outcomes.csv"
    path.write_text("firm id,buyer id,status\nK03,B02,held\n", encoding="utf-8")
    read = check_outcomes(path, scenario, Plan(mission_id="mini"))
    assert len(read.outcomes) == 1 and read.problems[0].severity == "warning"
