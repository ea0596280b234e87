"""Timetabling: the time grid now; the CP-SAT model, objectives and diagnosis as they land."""

from matching.schedule.grid import Slot, build_slots, leg_slots

__all__ = ["Slot", "build_slots", "leg_slots"]
