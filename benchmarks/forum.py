"""Business-forum timetables from MiniZinc ``.dzn`` instances: fewest breaks under the fairness bound d.

    python3 benchmarks/forum.py DIR [--d 2] [--time-limit 60] [--workers 2] [--deterministic]
    python3 benchmarks/forum.py DIR --generate 6 [--participants 60 --meetings 250 --slots 20 --tables 14]
    python3 benchmarks/forum.py DIR --like 8 [--like-from 0]

Solves every ``DIR/*.dzn`` (the literature's format; see :mod:`matching.schedule.forum`) and prints
one JSON object per instance on its own line: ``instance``, ``breaks`` (null when none found),
``optimal`` (proved), ``infeasible`` (proved), ``seconds``, and ``bound`` (the proved lower bound on
the breaks). Every timetable is re-checked against the
instance before it is reported. ``--generate N`` first writes N synthetic instances of one size with
uniformly drawn meetings and scattered forbidden slots (names start with ``synthetic-``); ``--like N``
writes N shaped like the literature's real forums, of varied sizes in their ranges, with skewed
demand and part-day participants (:func:`~matching.schedule.forum.forum_like`; names start with
``forum-like-``, then the seed: ``--like-from K`` starts at seed K, for another set of the same
shape). Both are built around a hidden feasible timetable.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from matching.schedule.forum import forum_like, random_forum, read_dzn, render_dzn, solve_forum


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--d", type=int, default=2, help="Fairness bound on break counts (max - min).")
    parser.add_argument("--time-limit", type=float, default=60.0, help="Seconds per instance.")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--deterministic", action="store_true",
                        help="Deterministic search (as matching plan's default) instead of the parallel one.")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--generate", type=int, default=0, help="Write this many synthetic instances first.")
    parser.add_argument("--like", type=int, default=0, help="Write this many forum-like instances first.")
    parser.add_argument("--like-from", type=int, default=0, help="Seed of the first forum-like instance.")
    parser.add_argument("--participants", type=int, default=60)
    parser.add_argument("--meetings", type=int, default=250)
    parser.add_argument("--slots", type=int, default=20)
    parser.add_argument("--tables", type=int, default=14)
    args = parser.parse_args()
    args.directory.mkdir(parents=True, exist_ok=True)
    for n in range(args.generate):
        name = f"synthetic-{args.participants}p-{args.meetings}m-{n:02d}"
        forum = random_forum(args.participants, args.meetings, args.slots, args.tables, seed=n, name=name)
        (args.directory / f"{name}.dzn").write_text(render_dzn(forum), encoding="utf-8")
    for n in range(args.like_from, args.like_from + args.like):
        name = f"forum-like-{n:02d}"
        (args.directory / f"{name}.dzn").write_text(render_dzn(forum_like(n, name=name)), encoding="utf-8")
    files = sorted(args.directory.glob("*.dzn"))
    if not files:
        sys.exit(f"no .dzn files in {args.directory}")
    for path in files:
        try:
            forum = read_dzn(path.read_text(encoding="utf-8"), path.stem)
        except ValueError as exc:
            print(json.dumps({"instance": path.stem, "error": str(exc)}), flush=True)
            continue
        result = solve_forum(forum, d=args.d, time_limit=args.time_limit, seed=args.seed, workers=args.workers,
                             parallel=not args.deterministic)
        print(result.model_dump_json(), flush=True)


if __name__ == "__main__":
    main()
