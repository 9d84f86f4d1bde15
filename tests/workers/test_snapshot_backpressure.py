"""Back-pressure (workers/gate.py): a GUI slower than the worker's snapshot rate gets at most
one live snapshot in flight, so the event loop stays free for timers and input.

Found when a window with every view open, on a loaded 2-core machine, drew snapshots more
slowly than the worker sent them: the queue of pending snapshots grew without end and a
``qtbot.waitUntil`` in the suite never got its turn (the test ran for hours). Each worker
that sends live snapshots is checked here.
"""

from __future__ import annotations

import threading

import pytest

from nnstudio.document.lessons import load_lesson
from nnstudio.document.project import default_project
from nnstudio.workers import running_threads
from nnstudio.workers.cell_compare import CellCompareController
from nnstudio.workers.controller import TrainingController
from nnstudio.workers.race import RaceController

DRAW_SECONDS = 0.08  # a slow view: far slower than the 1/22 s between live snapshots


def slow_view(controller, backlog: list, drawn: list):
    """A snapshot receiver that takes DRAW_SECONDS (as an overloaded view would, painting in
    Qt's C++ with the GIL released) and records how many snapshots the worker had sent that
    were not yet handled."""
    gate = controller._worker.gate
    painting = threading.Event()  # never set: wait() stands for C++ paint time, GIL released

    def draw(snapshot) -> None:
        backlog.append(gate.sent - gate.handled)
        painting.wait(DRAW_SECONDS)
        drawn.append(snapshot)

    return draw


def probe_timer_ticks(qtbot, until) -> int:
    """Count the ticks of a 20 ms QTimer while waiting for ``until``: a starved event loop
    would not tick."""
    from PySide6.QtCore import QTimer

    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(20)
    try:
        qtbot.waitUntil(until, timeout=20_000)
    finally:
        timer.stop()
    return len(ticks)


def recall_project():
    p = load_lesson("vanishing-gradients-rnn")
    p.set("dataset.samples", 64)
    return p


CASES = {
    "training": (TrainingController, default_project,
                 lambda ctl, p: (ctl.load(p), ctl.play())),
    "race": (RaceController, lambda: load_lesson("optimizer-race"),
             lambda ctl, p: (ctl.load(p), ctl.play())),
    "cells": (CellCompareController, recall_project,
              lambda ctl, p: ctl.start(p, 100_000)),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_slow_view_gets_one_live_snapshot_at_a_time(qtbot, case):
    make, project, start = CASES[case]
    controller = make()
    backlog, drawn = [], []
    try:
        start(controller, project())
        controller.snapshot.connect(slow_view(controller, backlog, drawn))
        ticks = probe_timer_ticks(qtbot, lambda: len(drawn) >= 12)
    finally:
        assert controller.shutdown()
    assert running_threads() == []
    # without the gate the worker runs ~30 snapshots a second ahead of a 12-a-second view:
    # dozens would be waiting by the twelfth; with it, only the one being drawn (and perhaps
    # one sent for a command) is in flight
    assert max(backlog[2:]) <= 2, backlog
    assert ticks >= 5  # the event loop kept serving timers between draws
