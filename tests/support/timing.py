"""Timing comparisons as a ratio of medians from the same run (never an absolute time).

Requests for the two sides alternate, in swapping order, so a slow moment of a shared machine
hits both sides alike instead of one block of the run.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable


def ratio_of_medians(first: Callable[[], object], second: Callable[[], object], rounds: int = 60) -> float:
    """median(time of first) / median(time of second) over `rounds` calls of each."""
    for _ in range(5):  # warm-up: templates compiled, statements cached
        first()
        second()
    times: tuple[list[float], list[float]] = ([], [])
    gc.collect()
    for index in range(rounds):
        order = ((0, first), (1, second)) if index % 2 == 0 else ((1, second), (0, first))
        for side, call in order:
            started = time.perf_counter()
            call()
            times[side].append(time.perf_counter() - started)
    return statistics.median(times[0]) / statistics.median(times[1])
