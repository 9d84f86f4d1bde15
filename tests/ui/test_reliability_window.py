"""Reliability of the main window end to end (issue 7): divergence, worker errors, errors in
the GUI thread, the speed control.

Every test drives the real window with its real worker thread and waits on signals.
"""

from __future__ import annotations

import math
import threading

import numpy as np
from PySide6.QtWidgets import QMessageBox

from nnstudio.document.lessons import load_lesson
from nnstudio.engine.layers.dense import Dense
from nnstudio.session import TrainingSession
from nnstudio.ui.speed_control import SPEEDS
from nnstudio.workers import running_threads


def diverging_project():
    """Linear regression of a plane with plain SGD at learning rate 10: the loss grows ~10⁴
    times a step and overflows after about 80 steps."""
    project = load_lesson("regression-plane")
    project.meta.pop("locked", None)
    project.set("training.optimizer", "momentum")  # has state (velocities) to reset
    project.set("training.learning_rate", 10.0)
    return project


def open_fresh(win, qtbot, project) -> None:
    run = win.last_snapshot["run_id"] if win.last_snapshot else None
    win.set_project(project, None)
    qtbot.waitUntil(lambda: win.last_snapshot["run_id"] != run
                    and win.last_snapshot["steps"] == 0, timeout=10_000)


def message_boxes(win) -> list[QMessageBox]:
    return [box for box in win.findChildren(QMessageBox) if box.isVisible()]


def worker_session(win) -> TrainingSession:
    """The worker's live session (tests only: the UI itself never reads it)."""
    return win.controller._worker._session


def test_divergence_pauses_names_the_step_keeps_the_plots_and_reset_recovers(window, qtbot):
    win = window
    for panel_id in win.panels:  # every panel gets the diverged snapshot
        win.show_panel(panel_id)
    project = diverging_project()
    expected = TrainingSession(project)
    expected.step(10_000)
    assert expected.diverged
    open_fresh(win, qtbot, project)

    with qtbot.waitSignal(win.controller.diverged, timeout=20_000) as blocker:
        win.play()
    step = blocker.args[0]
    assert step == expected.steps  # the same step as headless (and `nnstudio train`)
    qtbot.waitUntil(lambda: win.controller.state == "paused", timeout=10_000)
    qtbot.waitUntil(lambda: win.last_snapshot["diverged"], timeout=10_000)
    status = win.statusBar().currentMessage()
    assert f"diverged at step {step}" in status and "Lower the learning rate" in status
    assert win.play_action.text() == "Play"
    assert not message_boxes(win)  # a status message, not an error dialog

    # the plots keep the finite history of the run
    win.loss_plot.redraw()
    x, y = win.loss_plot.train_curve.getData()
    assert len(x) >= 1 and np.isfinite(y).all() and np.isfinite(x).all()
    assert x.max() < step
    assert win.data_view.surface_item.image is not None
    assert np.isfinite(np.asarray(win.data_view.surface_item.image, dtype=float)).all()

    # Play again: nothing trains, and the status says why again
    win.statusBar().clearMessage()
    win.play()
    qtbot.waitUntil(lambda: "diverged" in win.statusBar().currentMessage(), timeout=10_000)
    assert win.last_snapshot["steps"] == step

    # Reset: a new run from the same seed, fresh weights and a fresh optimizer
    diverged_session = worker_session(win)
    assert diverged_session.trainer.optimizer.state  # momentum velocities (non-finite)
    run = win.last_snapshot["run_id"]
    win.reset()
    qtbot.waitUntil(lambda: win.last_snapshot["run_id"] != run, timeout=10_000)
    snap = win.last_snapshot
    assert snap["steps"] == 0 and not snap["diverged"] and math.isfinite(snap["train_loss"])
    session = worker_session(win)
    assert session is not diverged_session
    assert session.trainer.optimizer is not diverged_session.trainer.optimizer
    assert session.trainer.optimizer.state == {}  # no velocity carried over
    assert all(np.isfinite(p).all() for _, p, _ in session.network.parameters())
    assert len(win.loss_plot) == 1  # the plot starts again with the new run

    # with a sensible learning rate the same design trains
    win.project.set("training.learning_rate", 0.01)
    qtbot.waitUntil(lambda: win.last_snapshot["learning_rate"] == 0.01, timeout=10_000)
    win.play()
    qtbot.waitUntil(lambda: win.last_snapshot["steps"] > 3 * step, timeout=20_000)
    win.pause()
    qtbot.waitUntil(lambda: win.controller.state == "paused", timeout=10_000)
    assert not win.last_snapshot["diverged"]
    assert win.last_snapshot["train_loss"] < 0.1


def test_an_exception_in_training_shows_a_dialog_and_the_app_goes_on(window, qtbot,
                                                                      monkeypatch):
    win = window
    original = Dense.forward
    broken = {"on": True}

    def forward(self, x, training=False):
        if broken["on"] and threading.current_thread() is not threading.main_thread():
            raise RuntimeError("injected failure in a layer")
        return original(self, x, training)

    monkeypatch.setattr(Dense, "forward", forward)
    with qtbot.waitSignal(win.controller.failed, timeout=10_000):
        win.play()
    qtbot.waitUntil(lambda: bool(message_boxes(win)), timeout=10_000)
    [box] = message_boxes(win)
    assert box.windowTitle() == "Training stopped"
    assert "injected failure in a layer" in box.text()
    assert "Traceback" in box.detailedText() and "RuntimeError" in box.detailedText()
    qtbot.waitUntil(lambda: win.controller.state == "paused", timeout=10_000)
    assert win.play_action.text() == "Play"
    assert win.isVisible() and len(running_threads()) == 1  # the worker lives on

    # the student closes the dialog, the cause is gone: Reset and Play work again
    box.accept()
    broken["on"] = False
    run = win.last_snapshot["run_id"]
    win.reset()
    qtbot.waitUntil(lambda: win.last_snapshot["run_id"] != run, timeout=10_000)
    win.play()
    qtbot.waitUntil(lambda: win.last_snapshot["steps"] > 100, timeout=20_000)
    win.pause()
    qtbot.waitUntil(lambda: win.controller.state == "paused", timeout=10_000)
    assert not message_boxes(win)


def test_errors_in_the_gui_thread_are_shown_once(window, qtbot):
    import sys

    from nnstudio.ui.error_report import install

    before = sys.excepthook
    try:
        hook = install(window)
        for _ in range(3):  # e.g. a panel failing on every snapshot
            try:
                raise ValueError("a panel could not draw")
            except ValueError as exc:
                hook(type(exc), exc, exc.__traceback__)
    finally:
        sys.excepthook = before
    boxes = message_boxes(window)
    assert len(boxes) == 1
    assert "a panel could not draw" in boxes[0].text()
    assert "Traceback" in boxes[0].detailedText()
    assert "again" in window.statusBar().currentMessage()


def test_speed_control_from_slow_motion_to_flat_out(window, qtbot):
    win = window
    control = win.speed_control
    assert control.speed() == 0  # flat out unless chosen otherwise
    labels = [control.box.itemText(i) for i in range(control.box.count())]
    assert labels[0] == "1 step/s" and labels[-1] == "Flat out"
    assert [a.text() for a in control.menu_actions] == labels  # Training → Speed
    snaps = []
    win.snapshot_drawn.connect(snaps.append)

    control.box.setCurrentIndex([s for s, _ in SPEEDS].index(30.0))
    assert control.menu_actions[control.box.currentIndex()].isChecked()
    win.play()
    qtbot.waitUntil(lambda: bool(snaps) and snaps[-1]["steps"] >= 10, timeout=10_000)
    win.pause()
    qtbot.waitUntil(lambda: win.controller.state == "paused", timeout=10_000)
    steps = [s["steps"] for s in snaps]
    assert steps == list(range(steps[0], steps[-1] + 1))  # every step drawn, once

    control.menu_actions[-1].trigger()  # Training → Speed → Flat out
    assert control.speed() == 0
    start = win.last_snapshot["steps"]
    win.play()
    qtbot.waitUntil(lambda: win.last_snapshot["steps"] > start + 2000, timeout=20_000)
    win.pause()
    qtbot.waitUntil(lambda: win.controller.state == "paused", timeout=10_000)


def test_the_speed_is_not_part_of_the_project(window, qtbot):
    from nnstudio.document.io import dumps

    before = dumps(window.project)
    window.speed_control.set_speed(5)
    assert window.speed_control.speed() == 5
    assert dumps(window.project) == before
    assert window.undo_stack.isClean()
    window.speed_control.set_speed(7)  # nearest listed speed
    assert window.speed_control.speed() == 5
    window.speed_control.set_speed(0)
    assert window.speed_control.speed() == 0
