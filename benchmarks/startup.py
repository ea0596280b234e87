"""Command start-up: how long the quick commands take, against importing everything first.

`matching --help`, `matching validate` and `matching check` need neither the scorer (scikit-learn)
nor the solver (OR-Tools) nor the exporters; the commands import those when they run. Prints one
JSON object per command: the median wall seconds of ``--repeat`` runs in fresh processes, and the
same command with the heavy modules imported first (what every command paid before), as a ratio.

    python3 benchmarks/startup.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from measure import timed

JINJU = Path(__file__).resolve().parent.parent / "scenarios" / "jinju-us-midwest-2024"
HEAVY = ("matching.candidates", "matching.planner", "matching.export.files", "matching.whatif.replan",
         "matching.export.report_files")
"""The modules the command line imported at start-up before the commands imported them themselves."""


def _run(arguments: list[str], eager: bool) -> float:
    """Wall seconds of one ``matching`` command in a fresh interpreter (heavy modules first if ``eager``)."""
    prelude = "".join(f"import {module}; " for module in HEAVY) if eager else ""
    code = f"{prelude}import sys; from matching.cli import app; sys.argv = ['matching', *{arguments!r}]; app()"
    done, seconds = timed(subprocess.run, [sys.executable, "-c", code], capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"matching {' '.join(arguments)} failed: {done.stderr[-500:]}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="Runs per command (the median is printed).")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run([sys.executable, "-m", "matching", "plan", str(JINJU), "--out", folder, "--time-limit", "10"],
                       check=True, capture_output=True)
        commands = {"help": ["--help"], "validate": ["validate", str(JINJU)],
                    "check": ["check", str(JINJU), str(Path(folder) / "plan.json")]}
        for name, arguments in commands.items():
            lazy = statistics.median(_run(arguments, eager=False) for _ in range(args.repeat))
            eager = statistics.median(_run(arguments, eager=True) for _ in range(args.repeat))
            print(json.dumps({"command": name, "seconds": round(lazy, 2), "baseline_seconds": round(eager, 2),
                              "ratio": round(lazy / eager, 2), "repeat": args.repeat}), flush=True)


if __name__ == "__main__":
    main()
