"""Tables for notebooks and terminals: every column, aligned text, escaped HTML."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from matching.tables import Table


def test_columns_are_the_union_of_keys_in_first_seen_order() -> None:
    table = Table([{"firm": "JJ01", "meetings": 6}, {"firm": "JJ02", "score": 1234.5}], title="per firm")
    assert table.columns == ["firm", "meetings", "score"]
    lines = str(table).splitlines()
    assert lines[0] == "per firm"
    assert lines[1].split() == ["firm", "meetings", "score"]
    assert lines[3].split() == ["JJ01", "6"] and lines[4].split() == ["JJ02", "1,234"]
    assert len({len(line) for line in lines[1:]}) == 1  # aligned


@given(st.lists(st.dictionaries(st.sampled_from(["a", "b", "<c>"]), st.text(max_size=8)), max_size=5))
def test_html_is_escaped_and_has_one_row_per_record(rows) -> None:
    rendered = Table(rows, title="<t>")._repr_html_()
    assert rendered.count("<tr>") == len(rows) + 1
    assert "<c>" not in rendered and "<t>" not in rendered.replace("<table>", "").replace("<thead>", "")
