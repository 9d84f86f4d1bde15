"""LossPlot: curves follow add_point (via the redraw timer), label text, NaN handling, log scale."""

import math
import os
from pathlib import Path

import numpy as np
import pytest
from PySide6 import QtGui

from nnstudio.ui.plots.loss_plot import LossPlot, format_loss


@pytest.fixture
def plot(qtbot):
    widget = LossPlot()
    qtbot.addWidget(widget)
    widget.resize(640, 360)
    return widget


def curve_xy(curve):
    x, y = curve.getData()
    if x is None:
        return np.array([]), np.array([])
    return np.asarray(x), np.asarray(y)


def test_add_point_reaches_the_curves_through_the_timer(plot, qtbot):
    plot.add_point(0, 0.9, 1.0)
    plot.add_point(10, 0.5, 0.6)
    plot.add_point(20, 0.123, 0.145, None, 0.96)
    assert plot.is_dirty
    qtbot.waitUntil(lambda: curve_xy(plot.train_curve)[0].size == 3)
    x, y = curve_xy(plot.train_curve)
    np.testing.assert_array_equal(x, [0, 10, 20])
    np.testing.assert_allclose(y, [0.9, 0.5, 0.123])
    np.testing.assert_allclose(curve_xy(plot.test_curve)[1], [1.0, 0.6, 0.145])
    assert plot.value_label.text() == "Train loss 0.123 · Test loss 0.145 · Test accuracy 96.0%"
    # nothing new → the timer goes back to sleep
    qtbot.waitUntil(lambda: not plot._timer.isActive())
    assert not plot.is_dirty


def test_label_omits_missing_accuracy_and_keeps_last_measured_values(plot):
    assert plot.value_label.text() == "Train loss – · Test loss –"
    plot.add_point(1, 0.5, 0.7)
    assert plot.value_label.text() == "Train loss 0.500 · Test loss 0.700"
    plot.add_point(2, 0.4, None, 0.81)  # test loss not measured at this step
    assert plot.value_label.text() == "Train loss 0.400 · Test loss 0.700 · Train accuracy 81.0%"


def test_plot_is_set_up_for_speed(plot):
    item = plot.plot_item
    _, auto, method = item.downsampleMode()
    assert auto is True and method == "peak"
    assert item.clipToViewMode() is True
    for curve in (plot.train_curve, plot.test_curve):
        assert curve.opts["symbol"] is None
        assert curve.opts["autoDownsample"] and curve.opts["downsampleMethod"] == "peak"
        assert curve.opts["clipToView"]
    assert plot.train_curve.opts["pen"].color() != plot.test_curve.opts["pen"].color()
    names = [label.text for _, label in plot.legend.items]
    assert names == ["train", "test"]


def test_non_finite_values_are_skipped_but_history_kept(plot, qtbot):
    plot.add_point(0, 1.0, 1.1)
    plot.add_point(1, math.nan, 1.0)
    plot.add_point(2, math.inf, -math.inf)
    plot.add_point(3, 0.5, 0.6)
    plot.add_point(math.nan, 0.1, 0.1)  # no step: ignored
    qtbot.waitUntil(lambda: not plot.is_dirty)
    x, y = curve_xy(plot.train_curve)
    np.testing.assert_array_equal(x, [0, 3])
    np.testing.assert_array_equal(y, [1.0, 0.5])
    np.testing.assert_array_equal(curve_xy(plot.test_curve)[0], [0, 1, 3])
    data = plot.curve_data()
    np.testing.assert_array_equal(data["step"], [0, 1, 2, 3])
    assert np.isnan(data["train_loss"][1]) and np.isinf(data["train_loss"][2])
    assert set(data) == {"step", "train_loss", "test_loss", "train_accuracy", "test_accuracy"}
    # the label tells the student the run diverged
    plot.add_point(4, math.nan, 0.5)
    assert plot.value_label.text().startswith("Train loss nan")


def test_curve_data_is_a_copy(plot):
    plot.add_point(0, 1.0, 2.0)
    data = plot.curve_data()
    data["train_loss"][0] = 42.0
    assert plot.curve_data()["train_loss"][0] == 1.0


def test_clear_empties_curves_history_and_label(plot, qtbot):
    for i in range(50):
        plot.add_point(i, 1.0 / (i + 1), 2.0 / (i + 1))
    qtbot.waitUntil(lambda: curve_xy(plot.train_curve)[0].size == 50)
    plot.clear()
    assert curve_xy(plot.train_curve)[0].size == 0
    assert curve_xy(plot.test_curve)[0].size == 0
    assert len(plot) == 0 and plot.curve_data()["step"].size == 0
    assert plot.value_label.text() == "Train loss – · Test loss –"
    plot.add_point(7, 0.3, 0.4)
    plot.redraw()  # forced, synchronous (exporters call it)
    assert not plot.is_dirty
    np.testing.assert_array_equal(curve_xy(plot.train_curve)[0], [7])


def test_log_scale_toggle_checkbox_and_context_menu_stay_in_sync(plot, qtbot):
    plot.add_point(0, 1.0, 0.0)  # 0 cannot be drawn on a log axis
    plot.add_point(1, 0.1, 0.01)
    plot.refresh()
    with qtbot.waitSignal(plot.logYChanged) as blocker:
        plot.log_checkbox.setChecked(True)
    assert blocker.args == [True]
    assert plot.plot_item.ctrl.logYCheck.isChecked()
    np.testing.assert_array_equal(curve_xy(plot.test_curve)[0], [1])  # 0 skipped
    # the plot's own context menu (Plot Options → Transforms → Log Y) updates the checkbox
    with qtbot.waitSignal(plot.logYChanged) as blocker:
        plot.plot_item.ctrl.logYCheck.setChecked(False)
    assert blocker.args == [False]
    assert not plot.log_checkbox.isChecked() and not plot.log_y()
    np.testing.assert_array_equal(curve_xy(plot.test_curve)[0], [0, 1])
    plot.set_log_y(True)
    assert plot.log_checkbox.isChecked() and plot.plot_item.ctrl.logYCheck.isChecked()


def test_long_runs_stay_bounded_and_keep_spikes(qtbot):
    plot = LossPlot(max_points=400)
    qtbot.addWidget(plot)
    for i in range(3000):
        plot.add_point(i, 9.0 if i == 1111 else 1.0 / (1 + i), 0.5)
    assert len(plot) <= 400
    plot.refresh()
    x, y = curve_xy(plot.train_curve)
    assert y[x == 1111][0] == 9.0


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.123, "0.123"),
        (12.3456, "12.346"),
        (0.0001234, "1.23e-04"),
        (0.0, "0"),
        (1e5, "1.00e+05"),
        (math.nan, "nan"),
        (math.inf, "inf"),
    ],
)
def test_format_loss(value, text):
    assert format_loss(value) == text


def test_render_png(plot, qtbot, tmp_path):
    """Realistic curves rendered offscreen (set NNSTUDIO_PLOT_PNG_DIR to keep the PNGs)."""
    out = Path(os.environ.get("NNSTUDIO_PLOT_PNG_DIR", tmp_path))
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(0)
    steps = np.arange(0, 3000, 10)
    train = 0.7 * np.exp(-steps / 600) + 0.05 + rng.normal(0, 0.01, steps.size)
    test = 0.7 * np.exp(-steps / 700) + 0.08 + rng.normal(0, 0.015, steps.size)
    for i, s in enumerate(steps):
        measured = i % 5 == 0
        plot.add_point(
            s,
            train[i],
            test[i] if measured else None,
            None,
            1 - test[i] / 1.5 if measured else None,
        )
    plot.show()
    qtbot.waitExposed(plot)
    qtbot.waitUntil(lambda: not plot.is_dirty)
    for name, log in (("loss_plot.png", False), ("loss_plot_log.png", True)):
        plot.set_log_y(log)
        image = plot.grab().toImage()
        assert image.save(str(out / name))
        assert (out / name).stat().st_size > 5000


def test_plot_item_exports_with_pyqtgraph(plot, tmp_path):
    import pyqtgraph.exporters as exporters

    for i in range(20):
        plot.add_point(i, 1.0 / (i + 1), 1.2 / (i + 1))
    plot.refresh()
    exporter = exporters.CSVExporter(plot.plot_item)
    path = tmp_path / "loss.csv"
    exporter.export(str(path))
    assert path.read_text().count("\n") >= 20
    exporter = exporters.ImageExporter(plot.plot_item)
    exporter.parameters()["width"] = 500
    exporter.export(str(tmp_path / "loss.png"))
    assert QtGui.QImage(str(tmp_path / "loss.png")).width() == 500


def test_a_diverged_run_is_marked_and_its_climb_shown_on_the_log_scale(plot):
    """The exported loss figure of a diverged run was one vertical line up to 1e59 on a
    linear axis, under a label with the last accuracy as if the run were fine."""
    import pyqtgraph as pg

    for step in range(0, 100, 10):
        plot.add_point(step, 10.0 ** (step / 2), 10.0 ** (step / 2), 0.6, 0.4)
    plot.refresh()
    plot.mark_diverged(121)
    assert plot.log_y()
    assert "Diverged at step 121" in plot.value_label.text()
    assert "accuracy" not in plot.value_label.text()
    lines = [i for i in plot.plot_item.items if isinstance(i, pg.InfiniteLine)]
    assert [line.value() for line in lines] == [121]
    plot.clear()  # Reset: a new run is not marked, and back on the scale it had
    assert not [i for i in plot.plot_item.items if isinstance(i, pg.InfiniteLine)]
    assert not plot.log_y()
    plot.add_point(1, 0.5, 0.5)
    assert "Diverged" not in plot.value_label.text()


def test_a_small_diverged_run_keeps_the_linear_scale(plot):
    for step in range(5):
        plot.add_point(step, 1.0 + step, 1.0 + step)
    plot.mark_diverged(5)
    assert not plot.log_y()
