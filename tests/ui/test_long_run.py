"""A million training steps in the window with every panel open (issue 7, long runs; slow tier:
``pytest -m slow``, about three minutes on 2 cores).

Memory must stop growing once the histories are thinned, the histories must stay bounded, and
the event loop must keep answering timers all along.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from nnstudio.ui.main_window import MainWindow
from nnstudio.workers import running_threads

STEPS = 1_000_000


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


@pytest.mark.slow
@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="reads /proc (Linux)")
def test_a_million_steps_with_every_panel_open_stay_bounded(qtbot):
    from PySide6.QtCore import QTimer

    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.last_snapshot is not None, timeout=10_000)
    for panel_id in win.panels:
        win.show_panel(panel_id)
    gaps: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    probe = QTimer()
    probe.timeout.connect(tick)
    probe.start(20)
    memory: dict[int, float] = {}

    def reached(steps: int) -> bool:
        done = win.last_snapshot["steps"] >= steps
        if done:
            memory[steps] = rss_mb()
        return done

    try:
        win.play()
        qtbot.waitUntil(lambda: reached(200_000), timeout=600_000)
        qtbot.waitUntil(lambda: reached(STEPS), timeout=1_200_000)
        win.pause()
        qtbot.waitUntil(lambda: win.controller.state == "paused", timeout=10_000)
    finally:
        probe.stop()
        win.close()
    assert running_threads() == []
    assert not win.last_snapshot["diverged"]
    # the histories are thinned (min and max per bucket), not kept point by point
    assert len(win.loss_plot) < 20_000
    grown = memory[STEPS] - memory[200_000]
    assert grown < 60, f"memory grew {grown:.0f} MB from 200,000 to {STEPS:,} steps"
    # the event loop answered its 20 ms timer all along (a stall would show as a long gap)
    gaps.sort()
    assert gaps[int(0.99 * (len(gaps) - 1))] < 0.25, gaps[-10:]
