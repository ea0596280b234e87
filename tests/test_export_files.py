"""Exports of every bundled scenario, re-read with openpyxl, icalendar, csv and html.parser and
checked against the plan; files are written whole, inside the output folder, or not at all."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from conftest import BUNDLED_NAMES, planned
from icalendar import Calendar
from openpyxl import load_workbook

import matching.export.files as files_module
from matching.domain import Plan
from matching.export import OutsideFolder, PdfUnavailable, read_previous, render_exports, write_files
from matching.export.files import file_stem, inside
from matching.export.ics import uid
from matching.schedule.grid import build_slots

EVERY_BUT_PDF = ["xlsx", "csv", "ics", "html", "json"]


class _Pages(HTMLParser):
    """Counts printed pages and table body rows, and collects the text."""

    def __init__(self) -> None:
        super().__init__()
        self.pages = 0
        self.rows = 0
        self.text: list[str] = []
        self._in_body = False

    def handle_starttag(self, tag, attrs):
        classes = dict(attrs).get("class") or ""
        if tag == "section" and "page" in classes.split() and "cover" not in classes.split():
            self.pages += 1
        if tag == "tbody":
            self._in_body = True
        if tag == "tr" and self._in_body:
            self.rows += 1

    def handle_endtag(self, tag):
        if tag == "tbody":
            self._in_body = False

    def handle_data(self, data):
        self.text.append(data)


@pytest.mark.parametrize("name", BUNDLED_NAMES)
def test_every_format_rereads_to_the_plan(name: str) -> None:
    scenario, plan = planned(name)
    files = render_exports(scenario, plan, EVERY_BUT_PDF)
    by_id = {m.id: m for m in plan.meetings}

    rows = list(csv.DictReader(io.StringIO(files["meetings.csv"].decode("utf-8-sig"))))
    assert files["meetings.csv"].startswith(b"\xef\xbb\xbf")
    assert sorted(r["meeting_id"] for r in rows) == sorted(by_id)
    for row in rows:
        meeting = by_id[row["meeting_id"]]
        local = meeting.start.astimezone(ZoneInfo(row["timezone"]))
        assert row["timezone"] == meeting.timezone and row["date"] == local.date().isoformat()
        assert row["start"] == f"{local:%H:%M}" and datetime.fromisoformat(row["start_iso"]) == meeting.start
        assert (row["firm_id"], row["buyer_id"]) == (meeting.firm_id, meeting.buyer_id)

    master = Calendar.from_ical(files["ics/master.ics"])
    events = master.walk("VEVENT")
    assert len(events) == len(plan.meetings)
    for event in events:
        meeting = by_id[str(event["UID"]).removesuffix("@matching")]
        assert event.decoded("DTSTART") == meeting.start and event.decoded("DTEND") == meeting.end
        assert event["DTSTART"].params["TZID"] == meeting.timezone
    assert {str(tz["TZID"]) for tz in master.walk("VTIMEZONE")} == {m.timezone for m in plan.meetings}
    for firm in scenario.firms:
        personal = Calendar.from_ical(files[f"ics/{file_stem('firm', firm.id)}.ics"]).walk("VEVENT")
        assert len(personal) == sum(m.firm_id == firm.id for m in plan.meetings)

    book = load_workbook(io.BytesIO(files["agendas.xlsx"]))
    sheet = book["meetings"]
    header_row = next(r for r in range(1, 6) if sheet.cell(r, 1).value == "meeting_id")
    ids = [sheet.cell(r, 1).value for r in range(header_row + 1, sheet.max_row + 1)]
    assert sorted(ids) == sorted(by_id)
    people = len(scenario.firms) + len(scenario.buyers) + len(scenario.interpreters)
    grids = [title for title in book.sheetnames if title.startswith("grid")]
    assert len(book.sheetnames) == 1 + len(grids) + people and grids

    pages = _Pages()
    pages.feed(files["agendas.html"].decode("utf-8"))
    assert pages.pages == len(grids) + people
    interpreted = sum(m.interpreter_id is not None for m in plan.meetings)
    slots = len(build_slots(scenario.mission))  # a grid row per slot, a row per meeting in each agenda
    assert pages.rows == slots + 2 * len(plan.meetings) + interpreted

    assert Plan.model_validate_json(files["plan.json"]) == plan
    schema = json.loads(files["plan.schema.json"])
    assert schema["$schema"].endswith("2020-12/schema") and "meetings" in schema["properties"]


def test_a_detroit_meeting_is_in_detroit_time_at_the_right_instant(mini) -> None:
    from matching import load_scenario
    from matching.planner import plan_scenario

    scenario = load_scenario(mini.path)
    plan = plan_scenario(scenario, time_limit=5)
    detroit = next(m for m in plan.meetings if m.leg_id == "detroit")
    files = render_exports(scenario, plan, ["ics"])
    event = next(e for e in Calendar.from_ical(files["ics/master.ics"]).walk("VEVENT")
                 if str(e["UID"]) == f"{detroit.id}@matching")
    assert event["DTSTART"].params["TZID"] == "America/Detroit"
    assert event.decoded("DTSTART").utcoffset().total_seconds() == -4 * 3600  # EDT in June
    assert event.decoded("DTSTART") == detroit.start
    assert b"DTSTART;TZID=America/Detroit:20240627T" in files["ics/master.ics"]


def test_re_exporting_a_re_planned_agenda_updates_entries_in_place(mini, tmp_path) -> None:
    from matching import load_scenario
    from matching.planner import plan_scenario

    scenario = load_scenario(mini.path)
    plan = plan_scenario(scenario, time_limit=5)
    out = tmp_path / "agendas"
    write_files(out, render_exports(scenario, plan, ["ics"]))
    again = render_exports(scenario, plan, ["ics"], previous=read_previous(out))
    assert {int(e["SEQUENCE"]) for e in Calendar.from_ical(again["ics/master.ics"]).walk("VEVENT")} == {0}

    chicago = [m for m in plan.meetings if m.leg_id == "chicago"]
    moved, dropped = chicago[0], chicago[-1]
    hour = moved.start.replace(hour=16, minute=50) if moved.start.hour < 16 else moved.start.replace(hour=9, minute=0)
    replanned = plan.model_copy(update={"meetings": [
        m.model_copy(update={"start": hour, "end": hour + (m.end - m.start)}) if m.id == moved.id else m
        for m in plan.meetings if m.id != dropped.id]})
    files = render_exports(scenario, replanned, ["ics"], previous=read_previous(out))
    events = {str(e["UID"]): e for e in Calendar.from_ical(files["ics/master.ics"]).walk("VEVENT")}
    assert set(events) == {f"{m.id}@matching" for m in plan.meetings}  # same UIDs, none duplicated
    assert int(events[f"{moved.id}@matching"]["SEQUENCE"]) == 1
    assert events[f"{dropped.id}@matching"]["STATUS"] == "CANCELLED"
    assert int(events[f"{dropped.id}@matching"]["SEQUENCE"]) == 1
    kept = [m for m in plan.meetings if m.id not in (moved.id, dropped.id)]
    assert all(int(events[f"{m.id}@matching"]["SEQUENCE"]) == 0 for m in kept)
    firm_file = f"ics/{file_stem('firm', dropped.firm_id)}.ics"
    firm_events = {str(e["UID"]): e for e in Calendar.from_ical(files[firm_file]).walk("VEVENT")}
    assert firm_events[f"{dropped.id}@matching"]["STATUS"] == "CANCELLED"
    write_files(out, files)  # exported a third time: the cancellation stays, at the same sequence
    third = render_exports(scenario, replanned, ["ics"], previous=read_previous(out))
    events = {str(e["UID"]): e for e in Calendar.from_ical(third["ics/master.ics"]).walk("VEVENT")}
    assert events[f"{dropped.id}@matching"]["STATUS"] == "CANCELLED"
    assert int(events[f"{dropped.id}@matching"]["SEQUENCE"]) == 1
    assert int(events[f"{moved.id}@matching"]["SEQUENCE"]) == 1


def test_a_failed_export_writes_nothing(monkeypatch, mini, tmp_path) -> None:
    from matching import load_scenario
    from matching.planner import plan_scenario

    scenario = load_scenario(mini.path)
    plan = plan_scenario(scenario, time_limit=5)
    out = tmp_path / "out"
    write_files(out, {"agendas.xlsx": b"old"})

    def missing(_html: str) -> bytes:
        raise PdfUnavailable("no pdf")

    monkeypatch.setattr(files_module, "html_to_pdf", missing)
    with pytest.raises(PdfUnavailable):
        render_exports(scenario, plan, ["xlsx", "pdf"])
    assert (out / "agendas.xlsx").read_bytes() == b"old"
    assert [p.name for p in out.iterdir()] == ["agendas.xlsx"]


def test_files_stay_inside_the_output_folder(tmp_path) -> None:
    with pytest.raises(OutsideFolder):
        inside(tmp_path, "../escape.ics")
    with pytest.raises(OutsideFolder):
        write_files(tmp_path / "out", {"ok.txt": b"1", "/etc/passwd": b"x"})
    assert not (tmp_path / "out" / "ok.txt").exists()  # checked before the first write
    assert file_stem("firm", "JJ01") == "firm-JJ01"
    odd = file_stem("firm", "../K/01")
    assert "/" not in odd and not odd.removeprefix("firm-").startswith(".")
    assert file_stem("firm", "a/b") != file_stem("firm", "a_b")


def test_unknown_formats_are_refused(mini) -> None:
    from matching import load_scenario

    with pytest.raises(ValueError, match="unknown export format docx"):
        render_exports(load_scenario(mini.path), Plan(mission_id="mini"), ["docx"])


def test_uid_comes_from_the_mission_and_the_pair(mini) -> None:
    from matching import load_scenario
    from matching.export.views import meeting_views
    from matching.planner import plan_scenario

    scenario = load_scenario(mini.path)
    views = meeting_views(scenario, plan_scenario(scenario, time_limit=5))
    assert all(uid(v) == f"mini-{v.meeting.firm_id}-{v.meeting.buyer_id}@matching" for v in views)
