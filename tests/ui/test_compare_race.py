"""The optimizer race window and its worker (pytest-qt; waits on signals, never sleeps)."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtGui import QUndoStack

from nnstudio.document.lessons import load_lesson
from nnstudio.ui.compare import open_race_window
from nnstudio.ui.compare.race_view import RaceWindow
from nnstudio.workers.race import RaceController

TIMEOUT = 20_000


@pytest.fixture
def project():
    p = load_lesson("optimizer-race")
    p.set("training.compare.optimizers", "sgd,momentum,adam")
    return p


def close_window(win) -> None:
    """Close (the window deletes itself) and check its worker thread has ended."""
    if not shiboken6.isValid(win):
        return
    thread = win.controller._thread
    win.close()
    assert not shiboken6.isValid(thread) or not thread.isRunning()


@pytest.fixture
def window(qtbot, project):
    stack = QUndoStack()
    win = RaceWindow(project, stack)
    win.show()
    snaps = []
    win.snapshot_drawn.connect(snaps.append)
    win.snaps = snaps
    try:
        qtbot.waitUntil(lambda: bool(snaps), timeout=TIMEOUT)
        yield win
    finally:
        close_window(win)


def steps_of(win) -> int:
    return win.view.last["steps"] if win.view.last else -1


def test_opens_with_step_zero(window):
    view = window.view
    assert view.names == ["sgd", "momentum", "adam"]
    assert steps_of(window) == 0
    assert set(view.curves) == set(view.names) and set(view.surface_plots) == set(view.names)
    assert view.table.rowCount() == 3
    assert [view.table.item(r, 0).text() for r in range(3)] == ["SGD", "SGD + momentum", "Adam"]
    labels = [label.text for _sample, label in view.legend.items]
    assert labels[0].startswith("SGD") and "η=0.03" in labels[0]


def test_step_play_pause(qtbot, window):
    window.controls.step_button.click()
    qtbot.waitUntil(lambda: steps_of(window) == 10, timeout=TIMEOUT)
    x, y = window.view.curves["adam"].getData()
    assert len(x) == 11 and x[-1] == 10
    with qtbot.waitSignal(window.controller.state_changed,
                          check_params_cb=lambda s: s == "running", timeout=TIMEOUT):
        window.controls.play_button.click()
    qtbot.waitUntil(lambda: steps_of(window) > 60, timeout=TIMEOUT)
    with qtbot.waitSignal(window.controller.state_changed,
                          check_params_cb=lambda s: s == "paused", timeout=TIMEOUT):
        window.controls.play_button.click()
    table = window.view.table
    assert table.item(0, 2).text() not in ("", "—")  # loss now
    assert table.item(2, 3).text().endswith("%")  # accuracy


def test_target_edit_is_undoable_and_keeps_the_run(qtbot, window, project):
    window.controller.step(200)
    qtbot.waitUntil(lambda: steps_of(window) == 200, timeout=TIMEOUT)
    run = window.view.run_id
    window.target_box.setValue(0.5)
    assert project.settings["training.race.target"] == 0.5
    assert window.stack.count() == 1
    qtbot.waitUntil(lambda: window.view.last["target"] == 0.5, timeout=TIMEOUT)
    assert window.view.run_id == run and steps_of(window) == 200  # not restarted
    header = window.view.table.horizontalHeaderItem(4).text()
    assert "0.5" in header
    reached = window.view.table.item(1, 4).text()
    assert reached.replace(",", "").isdigit()  # momentum reached 0.5 within 200 steps
    window.stack.undo()
    assert project.settings["training.race.target"] == 0.1
    assert window.target_box.value() == 0.1


def test_dragging_the_target_line_sets_the_target(window, project):
    window.view.target_line.setValue(-1.0)  # log10(0.1) → drag to 10^-1.0 … here 0.1
    window.view.target_line.setValue(-0.5)
    window.view.target_line.sigPositionChangeFinished.emit(window.view.target_line)
    assert project.settings["training.race.target"] == pytest.approx(0.316)


def test_toggling_optimizers_starts_a_new_race(qtbot, window, project):
    run = window.view.run_id
    window.toggles.buttons["rmsprop"].click()
    assert project.settings["training.compare.optimizers"] == "sgd,momentum,rmsprop,adam"
    qtbot.waitUntil(lambda: window.view.run_id != run, timeout=TIMEOUT)
    assert window.view.names == ["sgd", "momentum", "rmsprop", "adam"]
    messages = []
    window.toggles.message.connect(messages.append)
    for name in ("sgd", "momentum", "rmsprop"):
        window.toggles.buttons[name].click()
    # the last click would leave one optimizer: refused, explained, button re-checked
    assert project.settings["training.compare.optimizers"] == "rmsprop,adam"
    assert window.toggles.buttons["rmsprop"].isChecked()
    assert messages == ["Compare 2 to 7 optimizers."]
    window.stack.undo()  # consecutive edits of one setting merge into one undo step
    assert project.settings["training.compare.optimizers"] == "sgd,momentum,adam"
    assert window.toggles.buttons["sgd"].isChecked()
    assert not window.toggles.buttons["rmsprop"].isChecked()


def test_an_invalid_project_is_explained(qtbot, window, project):
    project.set("training.rule", "perceptron")
    qtbot.waitUntil(lambda: window.problem_label.isVisible(), timeout=TIMEOUT)
    assert "learning rule" in window.problem_label.text()
    assert not window.controls.play_button.isEnabled()
    project.set("training.rule", "gradient")
    qtbot.waitUntil(lambda: not window.problem_label.isVisible(), timeout=TIMEOUT)


def test_open_race_window_uses_the_parents_stack(qtbot, project):
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    parent.undo_stack = QUndoStack(parent)
    qtbot.addWidget(parent)
    win = open_race_window(project, parent)
    try:
        assert win.isVisible() and win.stack is parent.undo_stack
        qtbot.waitUntil(lambda: win.view.last is not None, timeout=TIMEOUT)
        win.target_box.setValue(0.2)
        assert parent.undo_stack.count() == 1
    finally:
        close_window(win)


def test_controller_shutdown_while_running(qtbot, project):
    controller = RaceController()
    snaps = []
    controller.snapshot.connect(snaps.append)
    controller.load(project)
    controller.play()
    qtbot.waitUntil(lambda: bool(snaps) and snaps[-1]["steps"] > 20, timeout=TIMEOUT)
    # snapshots arrive incrementally and carry copies
    assert snaps[0]["history_from"] == 0 and snaps[-1]["history_from"] > 0
    assert controller.shutdown()
    assert not controller._thread.isRunning()


def test_snapshots_are_throttled_and_reset_starts_over(qtbot, window):
    import time

    counted = []
    window.controller.snapshot.connect(counted.append)
    started = time.perf_counter()
    window.controller.play()
    qtbot.waitUntil(lambda: steps_of(window) > 300, timeout=TIMEOUT)
    elapsed = time.perf_counter() - started
    window.controller.pause()
    assert len(counted) <= 35 * elapsed + 3  # at most ~30 snapshots a second
    run = window.view.run_id
    window.controls.reset_button.click()
    qtbot.waitUntil(lambda: window.view.run_id != run, timeout=TIMEOUT)
    assert steps_of(window) == 0
    assert len(window.view.curves["sgd"].getData()[0]) == 1
