"""The recurrent views (offscreen): unrolled network, hidden states, gradients through time,
predictions, generated text, the cell comparison, the sequence panel and its place in the
main window. Snapshots come from small real training sessions."""

from __future__ import annotations

import numpy as np
import pytest
from projects import make_project
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from nnstudio.document.compile import make_dataset
from nnstudio.document.lessons import load_lesson
from nnstudio.session import TrainingSession
from nnstudio.ui.recurrent.compare import CompareCellsPanel
from nnstudio.ui.recurrent.gradients import GradientHistory, GradientsView
from nnstudio.ui.recurrent.hidden_states import HiddenStateView
from nnstudio.ui.recurrent.panel import SequencePanel
from nnstudio.ui.recurrent.predictions import PredictionView
from nnstudio.ui.recurrent.text_view import GeneratedTextView
from nnstudio.ui.recurrent.unrolled import UnrolledView, shown_steps
from nnstudio.workers import running_threads


def recall(cell="lstm", layers=None):
    return make_project({"name": "delayed_recall", "samples": 48, "seq_len": 8, "symbols": 4,
                         "test_fraction": 0.25, "seed": 1},
                        layers or [("rec1", cell, {"units": 6, "return_sequences": False}),
                                   ("output", "output", {"units": 4})], "ce")


def sine():
    return make_project({"name": "sine", "samples": 32, "seq_len": 10, "noise": 0.0,
                         "test_fraction": 0.25, "seed": 1},
                        [("rnn1", "rnn", {"units": 4}), ("output", "output", {"units": 1})],
                        "mse")


def adding():
    return make_project({"name": "adding", "samples": 40, "seq_len": 8, "test_fraction": 0.25},
                        [("gru1", "gru", {"units": 4, "return_sequences": False}),
                         ("output", "output", {"units": 1})], "mse")


def chars():
    p = make_project({"name": "chars", "samples": 16, "seq_len": 12, "test_fraction": 0.25,
                      "seed": 1}, [("lstm1", "lstm", {"units": 8}),
                                   ("output", "output", {"units": 1})], "ce")
    p.set_param("output", "units", make_dataset(p.settings).output_dim)
    return p


def snapshots(project, steps=6, every=2):
    session = TrainingSession(project)
    out = []
    while session.steps < steps:
        session.step(every)
        out.append(session.snapshot(run_id=1))
    return out


def paint(view, w=900, h=460) -> QImage:
    image = QImage(w, h, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    view.render_into(painter, QRectF(0, 0, w, h))
    painter.end()
    return image


def n_colours(image: QImage, step: int = 7) -> int:
    seen = set()
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            seen.add(image.pixel(x, y))
    return len(seen)


# -- unrolled -----------------------------------------------------------------------------
def test_shown_steps_keep_the_start_and_the_end():
    assert shown_steps(5, 8) == [0, 1, 2, 3, 4]
    cols = shown_steps(20, 8)
    assert cols[:2] == [0, 1] and None in cols and cols[-1] == 19 and len(cols) == 8


@pytest.mark.parametrize("project", [recall, sine, chars], ids=["recall", "sine", "chars"])
def test_unrolled_view_draws_the_sequence(qtbot, project):
    view = UnrolledView()
    qtbot.addWidget(view)
    view.resize(1000, 500)
    blank = n_colours(paint(view))
    seq = snapshots(project())[-1]["sequence"]
    view.set_snapshot(seq)
    T = np.asarray(seq["inputs"]).shape[0]
    columns = view.columns()
    assert columns[0] == 0 and columns[-1] == T - 1
    assert n_colours(paint(view)) > blank + 20  # boxes, state cells, arrows
    view.show()
    qtbot.waitExposed(view)
    assert not view.grab().isNull()
    view.clear()
    assert view.columns() == []


def test_unrolled_view_draws_deep_and_bidirectional_networks(qtbot):
    view = UnrolledView()
    qtbot.addWidget(view)
    project = recall(layers=[
        ("b1", "bidirectional", {"units": 3, "cell": "rnn", "return_sequences": True}),
        ("g2", "gru", {"units": 4, "return_sequences": False}),
        ("output", "output", {"units": 4})])
    seq = snapshots(project)[-1]["sequence"]
    view.set_snapshot(seq)
    image = paint(view, 1100, 600)
    assert n_colours(image) > 30


# -- hidden states ------------------------------------------------------------------------
def test_hidden_state_view_shows_units_over_time_and_gates(qtbot):
    view = HiddenStateView()
    qtbot.addWidget(view)
    view.resize(800, 500)
    seq = snapshots(recall("lstm"))[-1]["sequence"]
    view.set_snapshot(seq)
    quantities = [view.quantity_box.itemData(i) for i in range(view.quantity_box.count())]
    assert quantities == ["hidden", "cell_state", "input", "forget", "cell", "output"]
    name, data = view.values()
    assert name == "hidden" and data.shape == (8, 6)
    assert view.image.image.shape == (6, 8)  # rows = units, columns = time
    view.set_quantity("forget")
    name, data = view.values()
    assert name == "forget" and np.all((data >= 0) & (data <= 1))
    assert tuple(view.image.levels) == (0.0, 1.0)
    assert "forget gate" in view.title.text()
    # a second snapshot keeps the chosen quantity
    view.set_snapshot(seq)
    assert view.values()[0] == "forget"
    view.show()
    qtbot.waitExposed(view)
    assert not view.grab().isNull()


def test_hidden_state_view_rnn_has_no_gates_and_chars_label_the_time_axis(qtbot):
    view = HiddenStateView()
    qtbot.addWidget(view)
    view.set_snapshot(snapshots(recall("rnn"))[-1]["sequence"])
    assert view.quantity_box.count() == 1
    view.set_snapshot(snapshots(chars(), steps=2)[-1]["sequence"])
    assert len(view.input_text) == 12  # one character per step
    view.clear()
    assert view.values() is None


# -- gradients through time ---------------------------------------------------------------
def test_gradient_history_thins_and_resamples():
    history = GradientHistory(max_columns=10)
    for step in range(1, 26):
        assert history.add(step, {"a": np.full(5, float(step))})
    assert not history.add(25, {"a": np.ones(5)})  # not a new step
    assert len(history) <= 10
    logs, first, last = history.image("a", n_columns=7)
    assert logs.shape == (5, 7) and last == 25
    rel, _, _ = history.image("a", relative=True)
    np.testing.assert_allclose(rel, 0.0)


def test_gradients_view_plots_the_latest_norms_and_the_history(qtbot):
    view = GradientsView()
    qtbot.addWidget(view)
    view.resize(800, 600)
    snaps = snapshots(recall("rnn"), steps=12, every=2)
    for snap in snaps:
        view.add_snapshot(snap["sequence"])
    x, y = view.curves["rec1"].getData()
    np.testing.assert_array_equal(x, np.arange(8))
    np.testing.assert_allclose(10 ** np.asarray(y),  # log axis: the item holds log10
                               snaps[-1]["sequence"]["layers"][0]["grad_norms"])
    assert len(view.history) == 6
    assert view.image.image.shape[0] == 8  # time steps on the vertical axis
    assert "Gradients through time, step 12" in view.title.text()
    view.relative_box.setChecked(True)
    assert np.nanmax(view.image.image) <= 1e-9
    view.clear()
    assert len(view.history) == 0 and view.curves == {}


# -- predictions --------------------------------------------------------------------------
@pytest.mark.parametrize("project,mode", [(sine, "series"), (adding, "scatter"),
                                          (recall, "bars"), (chars, "per_step")],
                         ids=["sine", "adding", "recall", "chars"])
def test_prediction_view_fits_the_task(qtbot, project, mode):
    view = PredictionView()
    qtbot.addWidget(view)
    view.resize(700, 400)
    seq = snapshots(project(), steps=2)[-1]["sequence"]
    view.set_snapshot(seq)
    assert view.mode == mode
    if mode == "series":
        assert len(view.prediction_curve.getData()[0]) == 10
    if mode == "scatter":
        assert len(view.scatter.data) == 10
    if mode == "bars":
        assert "target" in view.title.text() and "chance 0.25" in view.title.text()
    if mode == "per_step":
        assert len(view.prediction_curve.getData()[0]) == 12
    view.show()
    qtbot.waitExposed(view)
    assert not view.grab().isNull()


# -- generated text -----------------------------------------------------------------------
def test_text_view_shows_the_sample_and_reports_the_temperature(qtbot):
    view = GeneratedTextView()
    qtbot.addWidget(view)
    seq = snapshots(chars(), steps=2)[-1]["sequence"]
    with qtbot.assertNotEmitted(view.temperature_changed):
        view.set_snapshot(seq)
    assert seq["text"] in view.plain_text() and view.plain_text().startswith(seq["seed_text"])
    assert view.temperature == pytest.approx(0.7)
    with qtbot.waitSignal(view.temperature_changed) as blocker:
        view.slider.setValue(150)
    assert blocker.args == [1.5]
    assert "1.50" in view.temperature_label.text()
    view.set_snapshot(dict(seq, text=None))
    assert view.plain_text() == ""


# -- comparing cells ----------------------------------------------------------------------
def test_compare_panel_trains_three_cells_in_its_thread(qtbot):
    panel = CompareCellsPanel()
    qtbot.addWidget(panel)
    try:
        panel.set_source(lambda: recall("rnn"))
        with qtbot.waitSignal(panel.finished, timeout=30_000) as blocker:
            panel.steps_box.setValue(30)
            panel.compare_button.click()
        assert blocker.args == ["done"]
        latest = panel.latest()
        assert set(latest) == {"rnn", "gru", "lstm"}
        assert all(m["steps"] == 30 for m in latest.values())
        for cell in ("rnn", "gru", "lstm"):
            x, _ = panel.loss_curves[cell].getData()
            assert x is not None and len(x) >= 2
        assert panel.status.text().startswith("Done")
        assert panel.compare_button.isEnabled()
    finally:
        assert panel.shutdown()
    assert running_threads() == []


def test_compare_panel_stop_and_refusal(qtbot):
    panel = CompareCellsPanel()
    qtbot.addWidget(panel)
    try:
        with qtbot.waitSignal(panel.finished, timeout=30_000) as blocker:
            panel.start(recall("lstm"), 1_000_000)
            qtbot.waitUntil(lambda: bool(panel.latest()), timeout=30_000)
            panel.stop()
        assert blocker.args == ["stopped"]
        from nnstudio.document.project import default_project

        with qtbot.waitSignal(panel.finished, timeout=30_000) as blocker:
            panel.start(default_project(), 10)
        assert blocker.args == ["invalid"]
        assert "recurrent layer" in panel.status.text()
    finally:
        assert panel.shutdown()


# -- the panel and the window -------------------------------------------------------------
def test_sequence_panel_feeds_its_views(qtbot):
    panel = SequencePanel()
    qtbot.addWidget(panel)
    session = TrainingSession(chars())
    panel.set_dataset(session.dataset_payload())
    assert panel.isTabVisible(panel.indexOf(panel.text_view))
    assert not panel.isTabVisible(panel.indexOf(panel.predictions))
    session.step(2)
    panel.set_snapshot(session.snapshot(run_id=3))
    assert panel.text_view.plain_text()
    assert panel.unrolled.seq is not None and len(panel.gradients.history) == 1
    session = TrainingSession(sine())
    panel.set_dataset(session.dataset_payload())
    assert not panel.isTabVisible(panel.indexOf(panel.text_view))
    session.step(2)
    panel.set_snapshot(session.snapshot(run_id=4))
    assert panel.predictions.mode == "series"
    panel.set_snapshot({"run_id": 4})  # a feed-forward snapshot: ignored
    panel.show_view("gradients")
    assert panel.currentWidget() is panel.gradients
    assert panel.shutdown()


def test_main_window_shows_the_sequence_panel_for_sequence_data(qtbot):
    from nnstudio.ui.main_window import MainWindow

    project = load_lesson("vanishing-gradients-rnn")
    project.set("dataset.samples", 64)
    win = MainWindow(project)
    qtbot.addWidget(win)
    win.resize(1400, 880)
    win.show()
    try:
        dock = win.panel_docks["sequences"]
        qtbot.waitUntil(lambda: dock.isVisible(), timeout=15_000)
        assert not win.data_view.isVisible()
        panel = win.panels["sequences"]
        qtbot.waitUntil(lambda: panel.unrolled.seq is not None, timeout=15_000)
        win.controller.step(3)
        qtbot.waitUntil(lambda: len(panel.gradients.history) >= 1, timeout=15_000)
        assert "dataset.seq_len" in win.data_form.fields
        assert win.data_form.fields["dataset.symbols"].isVisibleTo(win)
        assert not win.data_form.fields["dataset.temperature"].isVisibleTo(win)
        # the text view's temperature goes into the project through the undo stack
        panel._store_temperature(1.2)
        assert win.project.settings["dataset.temperature"] == 1.2
        win.undo_stack.undo()
        assert win.project.settings["dataset.temperature"] == 0.7
        # back to a 2-D dataset: the data view returns
        win.project.set("dataset.name", "circle")
        win.project.set("training.loss", "bce")
        win.project.remove_node("rnn1")
        win.project.add_node("dense", (0, 0), {"units": 4}, node_id="dense1")
        win.project.add_edge("input", "dense1")
        win.project.add_edge("dense1", "output")
        win.project.set_param("output", "units", 1)
        qtbot.waitUntil(lambda: not dock.isVisible(), timeout=15_000)
        assert win.data_view.isVisible()
    finally:
        win.close()
    assert running_threads() == []


def test_the_sequences_panel_says_what_it_is_for_on_feed_forward_data(window, qtbot):
    """Opened from the View menu on a feed-forward lesson it showed empty views, no hint."""
    panel = window.show_panel("sequences")
    qtbot.waitUntil(lambda: panel.isVisible())
    assert panel.hint.isVisible() and "recurrent lesson" in panel.hint.text()
