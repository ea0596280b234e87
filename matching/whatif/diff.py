"""Plan diffs: which meetings were kept, moved, cancelled or added, why, and who must be told.

A meeting is the same meeting when it joins the same firm and buyer. It is *kept* when its time,
place, table and interpreter are all unchanged; any other difference is a *move*, and says what
changed. Everyone a change touches is listed to be told: the firm, the buyer and every interpreter
who had or gets the meeting.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import Field

from matching.domain import Meeting, Model, Plan

ChangeKind = Literal["moved", "cancelled", "added"]


def _when(meeting: Meeting) -> str:
    local = meeting.start.astimezone(ZoneInfo(meeting.timezone))
    return f"{local:%a %d %b %H:%M} {local.tzname()}"


def _where(meeting: Meeting) -> str:
    place = meeting.site_id or meeting.venue_id or meeting.place.value
    return f"{place} table {meeting.unit}" if meeting.unit else place


class MeetingChange(Model):
    """One meeting that is not as it was."""

    kind: ChangeKind = Field(description="moved (time, place, table or interpreter), cancelled or added.")
    meeting_id: str
    firm_id: str
    buyer_id: str
    before: Meeting | None = Field(None, description="The meeting as it was (None when added).")
    after: Meeting | None = Field(None, description="The meeting as it is now (None when cancelled).")
    what: list[str] = Field(default_factory=list, description="What changed, e.g. 'time Tue 25 Jun 10:00 CDT -> "
                                                              "Tue 25 Jun 14:00 CDT'.")
    reason: str = Field(description="Why, in the user's words.")
    tell: list[str] = Field(description="Participants to tell: firm, buyer and interpreters concerned.")


class PlanDiff(Model):
    """Every difference between two plans of one mission."""

    kept: int = Field(description="Meetings unchanged in every detail.")
    changes: list[MeetingChange] = Field(default_factory=list, description="The rest, in time order.")

    def count(self, kind: ChangeKind) -> int:
        return sum(1 for change in self.changes if change.kind == kind)

    @property
    def disturbed(self) -> int:
        """Published meetings moved or cancelled: what a re-plan tries to keep small."""
        return self.count("moved") + self.count("cancelled")

    def to_tell(self) -> dict[str, list[MeetingChange]]:
        """Participant id -> the changes it must hear about."""
        told: dict[str, list[MeetingChange]] = {}
        for change in self.changes:
            for person in change.tell:
                told.setdefault(person, []).append(change)
        return dict(sorted(told.items()))


def differences(before: Meeting, after: Meeting) -> list[str]:
    """What a participant would be told changed: time, place (and table), interpreter; empty when none."""
    out = []
    if (before.start, before.leg_id) != (after.start, after.leg_id):
        out.append(f"time {_when(before)} -> {_when(after)}")
    if _where(before) != _where(after):
        out.append(f"place {_where(before)} -> {_where(after)}")
    if before.interpreter_id != after.interpreter_id:
        out.append(f"interpreter {before.interpreter_id or 'none'} -> {after.interpreter_id or 'none'}")
    return out


def diff_plans(before: Plan, after: Plan, reasons: Mapping[tuple[str, str], str] | None = None) -> PlanDiff:
    """What changed from ``before`` to ``after``; ``reasons`` (by firm and buyer) say why, where known."""
    reasons = reasons or {}
    old = {(m.firm_id, m.buyer_id): m for m in before.meetings}
    new = {(m.firm_id, m.buyer_id): m for m in after.meetings}
    kept = 0
    changes = []
    for pair in sorted(old.keys() | new.keys()):
        was, now = old.get(pair), new.get(pair)
        if was is not None and now is not None:
            what = differences(was, now)
            if not what:
                kept += 1
                continue
            kind: ChangeKind = "moved"
            default = "moved to fit the change"
        elif was is not None:
            kind, what, default = "cancelled", [f"was {_when(was)} at {_where(was)}"], "cancelled by the change"
        else:
            kind, what, default = "added", [f"new {_when(now)} at {_where(now)}"], "a new meeting in time freed by the change"
        interpreters = {m.interpreter_id for m in (was, now) if m is not None and m.interpreter_id}
        meeting = now or was
        changes.append(MeetingChange(kind=kind, meeting_id=meeting.id, firm_id=pair[0], buyer_id=pair[1], before=was,
                                     after=now, what=what, reason=reasons.get(pair, default),
                                     tell=[pair[0], pair[1], *sorted(interpreters)]))
    changes.sort(key=lambda c: ((c.after or c.before).start, c.firm_id, c.buyer_id))
    return PlanDiff(kept=kept, changes=changes)
