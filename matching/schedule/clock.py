"""The run's clock: the time limit shared among searches by what each did, not how long it took.

A deterministic run (see :mod:`.solver`) gives each search a share of the time left, as a limit in
CP-SAT's *deterministic time*, which counts work and so ends the search at the same point whatever
the machine's load. If the time left were read from the wall clock, a search that runs to its limit
would get a slightly different one whenever the work before it ran faster or slower, and a plan
that is not proved could differ between two runs (the medium fair once ended 173 and 175 breaks).

So a deterministic run *charges* its clock for each piece of work, from what the work did: a search
its deterministic time, converted at the rate measured for its kind of search on a model of its
size; building a model, completing a plan and placing meetings slot by slot a time per model
element or per meeting considered. The charges are calibrated on the reference machine (2 cores,
24 GiB) to be at least the wall time, so a run ends within its time limit; on a slower machine, or
under load, the wall clock still stops a search at the run's limit, and the plan says it may not
repeat. A parallel run, and a deterministic one once the wall clock stopped one of its searches,
read the wall clock.

Figures: wall seconds, from the searches and steps of the bundled Incheon fair and the generated
small, medium (150 x 120 x 2) and large (600 x 400 x 3) fairs; ``elements`` are a model's variables
plus constraints.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from enum import Enum


class Search(Enum):
    """How a search runs, which sets how its deterministic time converts to seconds."""

    SEQUENTIAL = "sequential"
    """One worker: a fixed completion, a single named worker, or the whole portfolio interleaved on
    one worker (``--workers 1``)."""
    INTERLEAVED = "interleaved"
    """CP-SAT's interleaved portfolio on 2 workers: full-problem workers with the LP and LNS."""
    HOLDING = "holding"
    """The interleaved portfolio with LP-free full-problem workers (the held-meetings breaks search)."""
    HOLDING_ALONE = "holding, one worker"
    """The same on one worker (``--workers 1``)."""
    PROVING = "proving"
    """The LP worker with no neighbourhoods beside it: a selection stage's proof."""


SECONDS_PER_DETERMINISTIC = {Search.SEQUENTIAL: (3.4, 0.0), Search.INTERLEAVED: (2.0, 1e-6),
                             Search.HOLDING: (1.8, 1.1e-5), Search.HOLDING_ALONE: (2.9, 3e-5),
                             Search.PROVING: (4.5, 0.0)}
"""Wall seconds per deterministic second: on an empty model, and added per element of the model
(each LNS neighbourhood copies it).

- Sequential: 0.32 deterministic seconds per second on a forum's core-based search, 0.48 on a
  buyer fair's breaks; 3.4 s per deterministic second for an agenda move on Incheon's held
  meetings (49,000 elements) that ran to its limit, set to that. The portfolio interleaved on
  one worker: 2.4-2.8 wall seconds per deterministic second on Yongin, the pavilion, Incheon's
  held meetings and the small and medium fairs (15,000-110,000 elements), where the two-worker
  rate stopped every fair's held search by the wall clock.
- Interleaved: about 2 on every size. The whole model, after its presolve: 1.9 on Incheon (71,000
  elements), 1.9 on the medium fair (108,000), 2.0 on the large (607,000); the pavilion's 1.6.
- Holding: 2.2 on Incheon's held meetings (72,000 elements), 2.6 on the medium fair's (110,000),
  6.3-7.8 on the large fair's (615,000); 2.3 on the model of Incheon's held meetings alone
  (49,000). Set above them: a run that outlasts its charges meets the wall clock at its time
  limit, and the large fair's held search is the last long search of a run.
- Holding on one worker: 2.6 on the small fair's held meetings (16,000 elements), 2.9-3.4 on
  the pavilion's (22,000), 4.4-5.0 on Incheon's (73,000), 3.7-5.1 on the medium fair's (110,000):
  one thread does both workers' work, and each neighbourhood copies the model. The large fair's
  (615,000): 3.7 while it was still following the hint, which it had not finished when its
  charged limit (21.4 per second) stopped it, so a one-worker run of the large fair ends at 130
  s of 300 with its start's breaks. Set above the smaller fairs' rates; the large fair's is left
  to a measurement past the hint.
- Proving: 0.7-1.8 on Incheon's three selection stages (3,500-3,800 elements), 1.6-3.5 on the
  medium fair's (4,600-4,900), 1.4-4.0 on the large fair's (13,800-15,000), the size no guide; the
  LP's simplex is counted coarsely. Set above them all.
"""
SOLVE_SECONDS = 0.1
"""Every solve: setting up the solver, the presolve of a small model."""
LOAD_SECONDS_PER_ELEMENT = 6e-6
"""Every solve, per element: copying, hinting and loading the model (a fixed completion of the
medium fair's 134,000 elements took 0.44 s, Incheon's 51,000-71,000 0.22-0.42 s)."""
BUILD_SECONDS_PER_ELEMENT = 2e-5
"""Building the timetable model and the greedy plan, per element of the model: 7.1-11.4 s on the
large fair (448,000 elements), 1.1-1.8 s on the medium (79,000)."""
PLACE_SECONDS_PER_OPTION = 2.2e-4
"""Placing meetings slot by slot, per (meeting, slot) pair a slot's model considers: 80-180 us
measured (the large fair's 86,000 pairs: 12-19 s)."""
DETERMINISTIC_GRAIN = 0.01
"""Deterministic time is charged in whole grains, rounded up. A search that proves stops every
worker of its batch at once, wherever each is, so the deterministic time it reports varies in the
last digits between runs (2.2378899 against 2.2378904 on a small fair; summed in another order on
Jinju); unrounded, every later share and limit would differ as slightly, and a search run to its
limit might end elsewhere."""
GUARD_SECONDS = 2.0
"""Added to a search's wall-clock guard: the interleaved search checks its deterministic limit only
between batches, and overran it by up to two thirds on Incheon (14.0 against 8.3)."""


def elements(proto) -> int:
    """A model's size as the charges count it: variables plus constraints."""
    return len(proto.variables) + len(proto.constraints)


def seconds_per_deterministic(search: Search, size: int) -> float:
    """Wall seconds a search of this kind advances one deterministic second on a model of ``size``."""
    base, per_element = SECONDS_PER_DETERMINISTIC[search]
    return base + per_element * size


def overhead(size: int) -> float:
    """Seconds a solve of a model of ``size`` takes besides its search."""
    return SOLVE_SECONDS + LOAD_SECONDS_PER_ELEMENT * size


def deterministic_limit(search: Search, size: int, seconds: float) -> float:
    """The deterministic time a search of this kind can do on a model of ``size`` in ``seconds``."""
    return max(seconds - overhead(size), 0.0) / seconds_per_deterministic(search, size)


def search_charge(search: Search, size: int, deterministic_time: float) -> float:
    """Seconds charged for a search that did ``deterministic_time`` on a model of ``size`` (in whole
    :data:`DETERMINISTIC_GRAIN` s)."""
    grains = math.ceil(deterministic_time / DETERMINISTIC_GRAIN)
    return overhead(size) + grains * DETERMINISTIC_GRAIN * seconds_per_deterministic(search, size)


@dataclass
class Clock:
    """Seconds of a run's time limit used: charged while the run is deterministic, wall-clock after."""

    limit: float
    deterministic: bool = True
    started: float = field(default_factory=time.monotonic)
    charged: float = 0.0

    def now(self) -> float:
        """Seconds used so far."""
        return self.charged if self.deterministic else time.monotonic() - self.started

    def left(self) -> float:
        """Seconds of the limit left (negative when overrun)."""
        return self.limit - self.now()

    def wall_left(self) -> float:
        """Wall-clock seconds until the limit: no search runs past it, however charged."""
        return self.started + self.limit - time.monotonic() if math.isfinite(self.limit) else math.inf

    def charge(self, seconds: float) -> None:
        """Count ``seconds`` of work (nothing changes once the run reads the wall clock)."""
        self.charged += seconds

    def wall(self) -> None:
        """Read the wall clock from now on: a search was stopped by it, so the run cannot repeat."""
        self.deterministic = False
