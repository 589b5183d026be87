"""Timing comparisons as a ratio of medians from the same run (never an absolute time).

Requests for the two sides alternate, in swapping order, so a slow moment of a shared machine
hits both sides alike instead of one block of the run. A shared machine can still skew one
measurement, so `same_time` measures up to `tries` times and passes on the first ratio inside
the band: a real difference (the 7.7 ms against 3.1 ms of issue 9, a ratio of 2.5) is outside
the band every time.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field


def ratio_of_medians(first: Callable[[], object], second: Callable[[], object],
                     rounds: int = 60, warm_up: int = 5) -> float:
    """median(time of first) / median(time of second) over `rounds` calls of each."""
    for _ in range(warm_up):  # templates compiled, statements cached
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


@dataclass
class Comparison:
    low: float
    high: float
    ratios: list[float] = field(default_factory=list)
    calls_per_side: int = 0

    @property
    def within(self) -> bool:
        return bool(self.ratios) and self.low < self.ratios[-1] < self.high

    def __str__(self) -> str:
        return f"ratios {', '.join(f'{r:.2f}' for r in self.ratios)} (band {self.low}-{self.high})"


def same_time(first: Callable[[], object], second: Callable[[], object], *, low: float = 0.67,
              high: float = 1.5, tries: int = 3, rounds: int = 60) -> Comparison:
    """Measure until a ratio of medians falls inside (low, high), at most `tries` times."""
    result = Comparison(low, high)
    for _ in range(tries):
        result.ratios.append(ratio_of_medians(first, second, rounds=rounds))
        result.calls_per_side += rounds + 5
        if result.within:
            break
    return result
