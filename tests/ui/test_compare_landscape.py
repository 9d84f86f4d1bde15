"""The loss-landscape window: contours, live paths, surfaces, a draggable start (pytest-qt)."""

from __future__ import annotations

import numpy as np
import pytest
import shiboken6
from PySide6.QtGui import QUndoStack

from nnstudio.document.lessons import load_lesson
from nnstudio.ui.compare import open_landscape_window
from nnstudio.ui.compare.landscape_view import LandscapeView, LandscapeWindow, log_levels
from nnstudio.workers.race import LandscapeController

TIMEOUT = 20_000


def close_window(win) -> None:
    if not shiboken6.isValid(win):
        return
    thread = win.controller._thread
    win.close()
    assert not shiboken6.isValid(thread) or not thread.isRunning()


@pytest.fixture
def project():
    p = load_lesson("loss-landscape")
    p.set("training.landscape.surface", "valley")
    p.set("training.compare.optimizers", "sgd,momentum,adam")
    return p


@pytest.fixture
def window(qtbot, project):
    win = LandscapeWindow(project, QUndoStack(), controller=LandscapeController(speed=0.0,
                                                                               max_steps=120))
    win.show()
    try:
        qtbot.waitUntil(lambda: win.view.last is not None, timeout=TIMEOUT)
        yield win
    finally:
        close_window(win)


def path_length(win, name) -> int:
    return len(win.view.lines[name].getData()[0])


def test_opens_on_the_surface_with_contours(window):
    view = window.view
    assert view.names == ["sgd", "momentum", "adam"]
    assert view.title.text() == "Loss landscape: Ill-conditioned valley"
    assert view.image.image is not None and view.image.image.shape == (160, 160)
    assert all(not iso.path.isEmpty() for iso in view.isocurves if iso.path is not None)
    assert sum(iso.path is not None and not iso.path.isEmpty() for iso in view.isocurves) >= 8
    pos = view.start_item.pos()
    assert (pos.x(), pos.y()) == (-9.0, 3.0)
    assert view.minima.data["x"].tolist() == [0.0] and path_length(window, "sgd") == 1
    assert "drag" in view.subtitle.text()


def test_paths_grow_live_and_stop_at_the_limit(qtbot, window):
    with qtbot.waitSignal(window.controller.state_changed,
                          check_params_cb=lambda s: s == "finished", timeout=TIMEOUT):
        window.controls.play_button.click()
    qtbot.waitUntil(lambda: window.view.last["steps"] == 120, timeout=TIMEOUT)
    for name in window.view.names:
        assert path_length(window, name) == 121
    x, y = window.view.lines["sgd"].getData()
    assert abs(x[-1]) < 0.1 and abs(y[-1]) < 0.1  # at the minimum
    assert not window.controls.play_button.isEnabled()
    window.controls.reset_button.click()
    qtbot.waitUntil(lambda: window.view.last["steps"] == 0, timeout=TIMEOUT)
    assert path_length(window, "sgd") == 1
    # the state ("paused") is its own signal, sent after the fresh run's first snapshot
    qtbot.waitUntil(window.controls.play_button.isEnabled, timeout=TIMEOUT)


def test_switching_to_the_network_surface(qtbot, window, project):
    window.surface_box.setCurrentIndex(window.surface_box.findData("network"))
    assert project.settings["training.landscape.surface"] == "network"
    qtbot.waitUntil(lambda: window.view.last["surface"] == "network", timeout=TIMEOUT)
    assert window.weight_boxes[0].isVisible() and window.weight_boxes[0].count() == 3
    assert window.weight_boxes[0].currentData() == "output.W[0,0]"
    assert window.weight_boxes[1].currentData() == "output.W[1,0]"
    assert window.view.plot_item.getAxis("bottom").labelText.startswith("output W[0,0]")
    window.weight_boxes[1].setCurrentIndex(window.weight_boxes[1].findData("output.b[0]"))
    window.weight_boxes[1].activated.emit(window.weight_boxes[1].currentIndex())
    assert project.settings["training.landscape.weights"] == "output.W[0,0];output.b[0]"
    qtbot.waitUntil(lambda: window.view.last["axis_labels"][1].startswith("output b[0]"),
                    timeout=TIMEOUT)
    window.controller.step(30)
    qtbot.waitUntil(lambda: window.view.last["steps"] == 30, timeout=TIMEOUT)
    values = window.view.last["values"]
    start = window.view.last["start"]
    assert all(np.isfinite(v) for v in values.values()) and start.shape == (2,)


def test_dragging_the_start_is_an_undoable_setting(qtbot, window, project):
    window.view.start_item.setPos(-5.0, -2.0)
    window.view.start_item.sigPositionChangeFinished.emit(window.view.start_item)
    assert project.settings["training.landscape.start"] == "-5,-2"
    qtbot.waitUntil(lambda: tuple(window.view.last["start"]) == (-5.0, -2.0), timeout=TIMEOUT)
    assert path_length(window, "adam") == 1
    window.stack.undo()
    assert project.settings["training.landscape.start"] == ""
    qtbot.waitUntil(lambda: tuple(window.view.last["start"]) == (-9.0, 3.0), timeout=TIMEOUT)
    window.start_button.click()  # already the default start: no new command
    assert window.stack.index() == 0 and window.stack.canRedo()


def test_saddle_and_rosenbrock_marks(qtbot, window, project):
    project.set("training.landscape.surface", "saddle")
    qtbot.waitUntil(lambda: window.view.last["surface"] == "saddle", timeout=TIMEOUT)
    assert window.view.saddles.data["x"].tolist() == [0.0]
    assert len(window.view.minima.data) == 2
    project.set("training.landscape.surface", "rosenbrock")
    qtbot.waitUntil(lambda: window.view.last["surface"] == "rosenbrock", timeout=TIMEOUT)
    assert len(window.view.saddles.data) == 0 and not window.weight_boxes[0].isVisible()


def test_an_invalid_start_is_explained(qtbot, window, project):
    project.set("training.landscape.start", "oops")
    qtbot.waitUntil(lambda: window.problem_label.isVisible(), timeout=TIMEOUT)
    assert "training.landscape.start" in window.problem_label.text()


def test_open_landscape_window(qtbot, project):
    win = open_landscape_window(project)
    try:
        qtbot.waitUntil(lambda: win.view.last is not None, timeout=TIMEOUT)
        assert win.isVisible() and win.stack is not None
    finally:
        close_window(win)


def test_log_levels_spread_over_decades():
    Z = np.array([[0.0, 1e-3], [1.0, 1000.0]])
    L = log_levels(Z)
    assert np.all(np.diff(np.sort(L.ravel())) > 0) and np.isfinite(L).all()
    assert np.isfinite(log_levels(np.array([[np.nan, 1.0], [np.inf, 2.0]]))).all()


def test_view_draws_a_session_snapshot(qtbot):
    from nnstudio.compare import LandscapeSession

    p = load_lesson("momentum")
    session = LandscapeSession(p, max_steps=50)
    session.step(50)
    view = LandscapeView()
    qtbot.addWidget(view)
    view.show_snapshot(session.snapshot())
    view.redraw()
    assert view.names == ["sgd", "momentum", "nesterov"]
    assert path_length_view(view, "momentum") == 51
    legend = [label.text for _sample, label in view.legend.items]
    assert any("SGD + momentum" in text and "loss" in text for text in legend)


def path_length_view(view, name) -> int:
    return len(view.lines[name].getData()[0])
