"""Side-by-side timing: interleave the contenders, repeat, take medians of ratios.

The machine is shared (other people run tests), so absolute timings drift from one second
to the next. What stays meaningful is the *ratio* of two loops timed alternately within a
few milliseconds of each other: a burst of load slows both. ``interleaved`` runs every
contender for one block of steps, in a rotating order, for ``rounds`` rounds, and reports
per contender the median rate and per pair the median of the per-round ratios.

The clock is the process's CPU time by default (``time.process_time``): time spent waiting
while another process had the core is not counted, which removes most of the noise of a
loaded machine. It is only right when the work runs on this one thread (BLAS with one
thread, as ``python -m benchmarks`` sets by default); otherwise pass ``time.perf_counter``.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Timing:
    """Rates (steps/s) per contender, one per round, all measured in the same run."""

    rates: dict[str, list[float]] = field(default_factory=dict)

    def median_rate(self, name: str) -> float:
        return statistics.median(self.rates[name])

    def ratio(self, num: str, den: str) -> float:
        """Median over rounds of rate[num]/rate[den] (each pair measured back to back)."""
        pairs = zip(self.rates[num], self.rates[den], strict=True)
        return statistics.median(a / b for a, b in pairs)


Clock = Callable[[], float]


def _time_block(step: Callable[[], object], n: int, clock: Clock) -> float:
    t0 = clock()
    for _ in range(n):
        step()
    return clock() - t0


def calibrate(step: Callable[[], object], target_s: float, clock: Clock = time.process_time) -> int:
    """Steps per block so that one block of ``step`` takes about ``target_s`` seconds."""
    n = 1
    while True:
        dt = _time_block(step, n, clock)
        if dt >= target_s / 4 or n >= 1 << 20:
            return max(1, int(n * target_s / max(dt, 1e-9)))
        n *= 2


def interleaved(
    steps: dict[str, Callable[[], object]],
    rounds: int = 15,
    block_s: float = 0.05,
    clock: Clock = time.process_time,
) -> Timing:
    """Time every contender in blocks of the same wall-clock length, alternating.

    ``steps`` maps a name to a zero-argument callable doing one training step (or one
    refresh). Block sizes are calibrated per contender (after a warm-up) so that each block
    lasts about ``block_s``; the order rotates every round so no contender always runs
    right after another's cache-trashing block.
    """
    names = list(steps)
    sizes = {name: calibrate(steps[name], block_s, clock) for name in names}  # also warms up
    timing = Timing({name: [] for name in names})
    for r in range(rounds):
        order = names[r % len(names) :] + names[: r % len(names)]
        for name in order:
            dt = _time_block(steps[name], sizes[name], clock)
            timing.rates[name].append(sizes[name] / dt)
    return timing
