"""What a frame costs with every view open (issue 7: ≥ 20 frames a second): each of these was
found with ``python -m benchmarks --only gui`` and a profile, and each test would catch its
kind coming back.

* the loss plot was painted twice per snapshot (pyqtgraph fitted the axes during the paint,
  and the range change asked for another paint); its step axis text was laid out every frame;
* panels behind another tab were fed every snapshot (a tabbed dock says ``isVisible()``);
* the canvas's cached dot grid was dropped at every snapshot (the scene rect set again);
* layer cards were painted from scratch at every snapshot (now a cached image);
* with every panel open the window could not be smaller than 1400 × 1620.
"""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QObject

from nnstudio.ui.plots.loss_plot import LossPlot, nice_ceiling


class PaintCounter(QObject):
    def __init__(self, widget) -> None:
        super().__init__()
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, obj, event):  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def settle(qtbot, app) -> None:
    """Let the posted events and paints of the last change run (the paint is asynchronous)."""
    for _ in range(3):
        app.processEvents()


@pytest.fixture
def loss_plot(qtbot):
    plot = LossPlot()
    qtbot.addWidget(plot)
    plot.resize(400, 300)
    plot.show()
    qtbot.waitExposed(plot)
    return plot


def test_the_loss_plot_is_painted_once_per_new_point(loss_plot, qtbot, qapp):
    counter = PaintCounter(loss_plot.plot_widget.viewport())
    for step in range(1, 60):
        loss_plot.add_point(step * 10, 1.0 / step, 1.1 / step)
        loss_plot.refresh()
        before = counter.count
        settle(qtbot, qapp)
        if step > 5:  # (the first points change the label's size: the layout settles)
            assert counter.count - before <= 1, f"painted {counter.count - before}× at {step}"


@pytest.mark.parametrize("value, end", [(1, 1), (7, 8), (101, 120), (1234, 1500),
                                        (2600, 3000), (8001, 10_000), (0.3, 0.3)])
def test_nice_ceiling(value, end):
    assert nice_ceiling(value) == pytest.approx(end)
    assert nice_ceiling(value) >= value


def test_the_step_axis_changes_only_at_nice_ends_and_leaves_a_user_zoom(loss_plot, qtbot):
    view = loss_plot.plot_item.getViewBox()
    ranges = set()
    for step in range(0, 3001, 10):
        loss_plot.add_point(step, 1.0, 1.0)
        loss_plot.refresh()
        ranges.add(tuple(np.round(view.viewRange()[0], 6)))
    assert len(ranges) <= 30  # one per nice end passed (~10 a decade), not one per point (301)
    x0, x1 = view.viewRange()[0]
    assert x0 <= 0 and 3000 <= x1 <= 3000 * 1.25 + 100
    # the user zooms: the axis stays where they put it while the run goes on
    view.setXRange(100, 200, padding=0)
    view.sigRangeChangedManually.emit([True, False])
    loss_plot.add_point(5000, 1.0, 1.0)
    loss_plot.refresh()
    assert view.viewRange()[0] == pytest.approx([100, 200])
    # the "A" button (auto range): follow the run again
    view.enableAutoRange()
    loss_plot.add_point(5010, 1.0, 1.0)
    loss_plot.refresh()
    assert view.viewRange()[0][1] >= 5010


def test_a_panel_behind_a_tab_is_not_fed_and_catches_up_when_brought_forward(window, qtbot):
    fed = {"activations": [], "gradient-health": []}
    for panel_id, calls in fed.items():
        panel = window.panels[panel_id]
        original = panel.on_snapshot
        panel.on_snapshot = lambda snap, calls=calls, original=original: (
            calls.append(snap["steps"]), original(snap))
    window.show_panel("activations")
    window.show_panel("gradient-health")  # the same dock area: now in front, as a tab
    qtbot.waitUntil(lambda: window.panel_in_front("gradient-health"))
    assert not window.panel_in_front("activations")
    fed["activations"].clear()
    steps = window.last_snapshot["steps"]
    window.controller.step(5)
    qtbot.waitUntil(lambda: window.last_snapshot["steps"] == steps + 5)
    qtbot.waitUntil(lambda: steps + 5 in fed["gradient-health"])
    assert fed["activations"] == []
    window.show_panel("activations")  # brought forward: it gets the latest snapshot at once
    qtbot.waitUntil(lambda: steps + 5 in fed["activations"])


def test_every_panel_open_still_fits_a_full_hd_screen(window, qtbot):
    for panel_id in window.panels:
        window.show_panel(panel_id)
    qtbot.waitUntil(lambda: all(d.isVisible() for d in window.panel_docks.values()))
    hint = window.minimumSizeHint()
    assert hint.height() <= 960, hint  # 1080 minus title bar and task bar (it was 1620)
    assert hint.width() <= 1400, hint
    # and the side columns leave the canvas room: five tab titles once widened the right
    # column to 565 px (the canvas 500 px of a 1400-px window)
    window.resize(1400, 880)
    qtbot.waitUntil(lambda: window.network_view.width() >= 600)


def test_the_canvas_background_is_not_redrawn_for_new_weights(qtbot, monkeypatch):
    from nnstudio.ui.editor.view import NetworkView
    from nnstudio.ui.main_window import MainWindow

    calls = []
    original = NetworkView.drawBackground
    # (PySide binds a Python override when the object is made: patch before the window)
    monkeypatch.setattr(NetworkView, "drawBackground",
                        lambda self, painter, rect: (calls.append(1),
                                                     original(self, painter, rect)))
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1400, 880)
    window.show()
    qtbot.waitUntil(lambda: window.last_snapshot is not None, timeout=10_000)
    view = window.network_view
    view.viewport().repaint()  # the cache is filled (at most once)
    assert calls, "the patch did not reach the view"
    calls.clear()
    steps = window.last_snapshot["steps"]
    for k in range(1, 4):
        window.controller.step(3)
        qtbot.waitUntil(lambda k=k: window.last_snapshot["steps"] == steps + 3 * k)
        view.viewport().repaint()
    assert calls == []
    window.close()  # stops the worker (the autouse fixture checks no thread is left)


def _pixels(widget) -> np.ndarray:
    image = widget.grab().toImage()
    bits = np.frombuffer(image.constBits(), np.uint8)
    return bits.reshape(image.height(), image.bytesPerLine())[:, :image.width() * 4] \
        .astype(int)


def test_cached_layer_cards_look_like_painted_ones_and_follow_edits(window, qtbot,
                                                                    monkeypatch):
    from nnstudio.ui.editor import card_cache

    view = window.network_view.viewport()
    cached = _pixels(view)
    with monkeypatch.context() as m:
        m.setattr(card_cache.CardCache, "draw", lambda self, *args: False)
        painted = _pixels(view)
    assert np.abs(cached - painted).max() <= 8  # rounding of the blended pixels only
    # an edit the card shows (selection outline, then more units) is drawn at once
    item = window.scene.node_item("dense1")
    item.setSelected(True)
    qtbot.waitUntil(lambda: item.isSelected())
    selected_cached = _pixels(view)
    with monkeypatch.context() as m:
        m.setattr(card_cache.CardCache, "draw", lambda self, *args: False)
        selected_painted = _pixels(view)
    assert np.abs(selected_cached - cached).max() > 50  # the outline changed
    assert np.abs(selected_cached - selected_painted).max() <= 8


@pytest.mark.parametrize("lesson", ["circle", "lstm-memory", "char-rnn"])
def test_no_field_is_squashed_in_a_lesson_window(qtbot, lesson):
    """A recurrent lesson (longer data form, the Sequences panel open) once squashed the
    data form's spin boxes to 10 px: the docks now scroll instead."""
    from PySide6.QtWidgets import QAbstractSpinBox, QComboBox

    from nnstudio.document.lessons import load_lesson
    from nnstudio.ui.main_window import MainWindow

    window = MainWindow(load_lesson(lesson))
    qtbot.addWidget(window)
    window.resize(1400, 880)
    window.show()
    qtbot.waitUntil(lambda: window.last_snapshot is not None, timeout=20_000)
    fields = [f for kind in (QAbstractSpinBox, QComboBox) for f in window.findChildren(kind)
              if f.isVisibleTo(window)]
    assert fields
    squashed = [(f.objectName() or type(f).__name__, f.height())
                for f in fields if f.height() < f.minimumSizeHint().height()]
    assert squashed == []
    window.close()
