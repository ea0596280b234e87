"""What every benchmark measures the same way: wall time of a call and the process's peak memory."""

from __future__ import annotations

import resource
import time


def rss_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def timed(function, *args, **kwargs):
    """The call's result and its wall time in seconds."""
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return result, round(time.perf_counter() - started, 2)
