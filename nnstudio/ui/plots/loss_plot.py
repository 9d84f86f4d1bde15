"""Live train/test loss curves against training step.

Data arrives as plain numbers (from the worker's snapshots) through :meth:`LossPlot.add_point`;
points go into a :class:`~nnstudio.ui.plots.buffers.GrowingBuffer` and a ~30 fps timer redraws the
curves only when something changed. Non-finite losses are kept in the history (and shown in the
value label, so a diverging run is visible) but skipped from the curves; in log scale, values ≤ 0
are skipped too.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from nnstudio.ui.plots import colors
from nnstudio.ui.plots.buffers import DEFAULT_MAX_POINTS, GrowingBuffer
from nnstudio.ui.plots.style import UncrowdedLogAxis, add_margin_legend, style_plot_item

SERIES = ("train_loss", "test_loss", "train_accuracy", "test_accuracy")
_TRAIN, _TEST, _TRAIN_ACC, _TEST_ACC = range(4)
SEPARATOR = " · "
EMPTY_TEXT = "Train loss –" + SEPARATOR + "Test loss –"


def format_loss(value: float) -> str:
    """Three decimals in the usual range, scientific notation outside it; 'nan'/'inf' as such."""
    if not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    if value == 0:
        return "0"
    if 1e-3 <= abs(value) < 1e3:
        return f"{value:.3f}"
    return f"{value:.2e}"


def format_accuracy(fraction: float) -> str:
    """Accuracy given as a fraction 0..1 → '96.0%'."""
    if not math.isfinite(fraction):
        return "nan"
    return f"{100.0 * fraction:.1f}%"


#: the step axis ends at the next of these × 10^k above the last step: its labels change only
#: when the run passes one (at most a quarter of the width is ahead of the curve), not at every
#: snapshot, which made pyqtgraph lay out and draw the axis text again (2 ms a frame)
NICE_ENDS = (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)


def nice_ceiling(value: float) -> float:
    """The smallest ``n × 10^k`` with n in :data:`NICE_ENDS` that is ≥ ``value`` (> 0)."""
    if not (math.isfinite(value) and value > 0):
        return 1.0
    magnitude = 10.0 ** math.floor(math.log10(value))
    for n in NICE_ENDS:
        if n * magnitude >= value * (1 - 1e-12):
            return n * magnitude
    return 10.0 * magnitude


def _as_float(value: float | None) -> float:
    return math.nan if value is None else float(value)


class LossPlot(QtWidgets.QWidget):
    """Train and test loss against step, with a current-values label and a log-scale toggle.

    Attributes for other parts of the app: ``plot_widget`` (pg.PlotWidget), ``plot_item``
    (pg.PlotItem, for pyqtgraph exporters), ``train_curve`` / ``test_curve`` (pg.PlotDataItem),
    ``value_label`` (QLabel), ``log_checkbox`` (QCheckBox).
    """

    #: Emitted with the new state when log-scale y is switched (checkbox, context menu or code).
    logYChanged = QtCore.Signal(bool)

    def __init__(
        self,
        parent: QtWidgets.QWidget | None = None,
        *,
        max_points: int = DEFAULT_MAX_POINTS,
        fps: float = 30.0,
    ) -> None:
        super().__init__(parent)
        self._buffer = GrowingBuffer(n_series=len(SERIES), max_points=max_points)
        self._diverged_at: int | None = None
        self._diverged_line = None
        self._log_for_divergence = False
        self._last: list[float | None] = [None] * len(SERIES)  # latest *measured* values
        self._dirty = False

        # --- header: current values + log toggle
        self.value_label = QtWidgets.QLabel(EMPTY_TEXT)
        self.value_label.setObjectName("lossValueLabel")
        self.value_label.setTextInteractionFlags(
            QtCore.Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.log_checkbox = QtWidgets.QCheckBox("Log scale")
        self.log_checkbox.setToolTip("Show the loss on a logarithmic axis")
        header = QtWidgets.QHBoxLayout()
        header.setContentsMargins(6, 0, 6, 0)
        header.addWidget(self.value_label, 1)
        header.addWidget(self.log_checkbox, 0)

        # --- the plot
        self.plot_widget = pg.PlotWidget(
            background=colors.BACKGROUND, axisItems={"left": UncrowdedLogAxis("left")}
        )
        self.plot_item: pg.PlotItem = self.plot_widget.getPlotItem()
        style_plot_item(self.plot_item, bottom="Step", left="Loss")
        self.plot_item.setDownsampling(auto=True, mode="peak")
        self.plot_item.setClipToView(True)
        # y: pyqtgraph's auto range; x (steps): ours, to the next nice number (NICE_ENDS),
        # until the user pans or zooms; the plot's "A" button hands it back to us
        self.plot_item.enableAutoRange(x=False, y=True)
        self._follow_steps = True
        self._x_range: tuple[float, float] | None = None
        self.plot_item.getViewBox().sigRangeChangedManually.connect(self._on_user_range)
        self.train_curve = pg.PlotDataItem(
            pen=pg.mkPen(colors.TRAIN_COLOR, width=2), name="train", antialias=True
        )
        self.test_curve = pg.PlotDataItem(
            pen=pg.mkPen(colors.TEST_COLOR, width=2), name="test", antialias=True
        )
        self.plot_item.addItem(self.train_curve)
        self.plot_item.addItem(self.test_curve)
        self.legend = add_margin_legend(self.plot_item, columns=2)
        self.legend.addItem(self.train_curve, "train")
        self.legend.addItem(self.test_curve, "test")

        # one light surface for the header and the plot
        palette = self.palette()
        palette.setColor(QtGui.QPalette.ColorRole.Window, QtGui.QColor(colors.BACKGROUND))
        palette.setColor(QtGui.QPalette.ColorRole.WindowText, QtGui.QColor(colors.FOREGROUND))
        self.setPalette(palette)
        self.setAutoFillBackground(True)

        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(header)
        layout.addWidget(self.plot_widget, 1)

        # --- redraw timer: runs only while there is something new to draw
        self._timer = QtCore.QTimer(self)
        self._timer.setInterval(max(1, round(1000.0 / fps)))
        self._timer.timeout.connect(self._on_timer)

        self.log_checkbox.toggled.connect(self.set_log_y)
        # keep the checkbox in step with the plot's own context menu (Plot Options → Log Y)
        self.plot_item.ctrl.logYCheck.toggled.connect(self._on_plot_log_toggled)

    # ------------------------------------------------------------------ data in
    def add_point(
        self,
        step: float,
        train_loss: float | None,
        test_loss: float | None = None,
        train_accuracy: float | None = None,
        test_accuracy: float | None = None,
    ) -> None:
        """Append one measurement. None means "not measured at this step" (stored as NaN; the
        label keeps the last measured value). Accuracies are fractions in 0..1. Points whose step
        is not finite are ignored."""
        step = float(step)
        if not math.isfinite(step):
            return
        values = (train_loss, test_loss, train_accuracy, test_accuracy)
        for i, v in enumerate(values):
            if v is not None:
                self._last[i] = float(v)
        self._buffer.append(step, *(_as_float(v) for v in values))
        self._update_label()
        self._mark_dirty()

    def clear(self) -> None:
        """Forget all points and empty the curves."""
        self._buffer.clear()
        self._last = [None] * len(SERIES)
        self._x_range = None
        self._diverged_at = None
        if self._diverged_line is not None:
            self.plot_item.removeItem(self._diverged_line)
            self._diverged_line = None
        if self._log_for_divergence:  # the log scale was for that run's climb only
            self._log_for_divergence = False
            self.set_log_y(False)
        self.value_label.setText(EMPTY_TEXT)
        self._mark_dirty()
        self.refresh()

    def mark_diverged(self, step: int) -> None:
        """The run diverged at ``step``: a dashed line there, the label says so (the last
        measured accuracy next to it read as if the run were fine), and a loss that grew
        over more than four decades is shown on the log scale, where its climb is visible
        (on a linear axis only its last value was)."""
        self._diverged_at = int(step)
        if self._diverged_line is None:
            self._diverged_line = pg.InfiniteLine(
                angle=90, pen=pg.mkPen(colors.TEST_COLOR, width=1.5,
                                       style=QtCore.Qt.PenStyle.DashLine),
                label=f"diverged at step {step:,}",
                labelOpts={"position": 0.9, "color": colors.FOREGROUND})
            self.plot_item.addItem(self._diverged_line, ignoreBounds=True)
        self._diverged_line.setValue(step)
        self._diverged_line.label.setFormat(f"diverged at step {step:,}")
        losses = np.concatenate([self._buffer.y(_TRAIN), self._buffer.y(_TEST)])
        losses = losses[np.isfinite(losses) & (losses > 0)]
        if losses.size and losses.max() > 1e4 * losses.min() and not self.log_y():
            self._log_for_divergence = True  # undone by the next run (clear)
            self.set_log_y(True)
        self._update_label()
        self.redraw()

    # ------------------------------------------------------------------ data out
    def curve_data(self) -> dict[str, np.ndarray]:
        """Copies of the stored history: ``step`` and one array per series in :data:`SERIES`,
        aligned, NaN where a value was missing or non-finite. (The curves draw the finite subset
        of ``train_loss`` and ``test_loss``.) After very long runs the history is thinned, keeping
        each bucket's minimum and maximum."""
        out = {"step": self._buffer.x.copy()}
        for name, y in zip(SERIES, self._buffer.ys, strict=True):
            out[name] = y.copy()
        return out

    def __len__(self) -> int:
        return len(self._buffer)

    # ------------------------------------------------------------------ log scale
    def log_y(self) -> bool:
        return self.log_checkbox.isChecked()

    @QtCore.Slot(bool)
    def set_log_y(self, on: bool) -> None:
        """Switch the loss axis between linear and log10 scale."""
        on = bool(on)
        if self.log_checkbox.isChecked() != on:
            self.log_checkbox.setChecked(on)  # re-enters through toggled
            return
        if self.plot_item.ctrl.logYCheck.isChecked() != on:
            self.plot_item.setLogMode(y=on)  # re-enters through _on_plot_log_toggled
            return
        self._mark_dirty()
        self.refresh()
        self.logYChanged.emit(on)

    @QtCore.Slot(bool)
    def _on_plot_log_toggled(self, on: bool) -> None:
        if self.log_checkbox.isChecked() != on:
            self.log_checkbox.setChecked(on)
        else:
            self.set_log_y(on)

    # ------------------------------------------------------------------ drawing
    @property
    def is_dirty(self) -> bool:
        return self._dirty

    def _mark_dirty(self) -> None:
        self._dirty = True
        if not self._timer.isActive():
            self._timer.start()

    @QtCore.Slot()
    def _on_timer(self) -> None:
        if self._dirty:
            self.refresh()
        else:
            self._timer.stop()  # nothing new since the last frame: sleep until add_point

    def refresh(self) -> None:
        """Redraw the curves now if anything changed (the timer calls this; so can exporters)."""
        if not self._dirty:
            return
        self._dirty = False
        x = self._buffer.x
        log = self.log_y()
        for curve, i in ((self.train_curve, _TRAIN), (self.test_curve, _TEST)):
            y = self._buffer.y(i)
            keep = np.isfinite(y)
            if log:
                keep &= y > 0
            curve.setData(x[keep], y[keep])  # boolean indexing copies: safe from later appends
        view = self.plot_item.getViewBox()
        if view.autoRangeEnabled()[0]:  # the "A" button or View All: follow the run again
            view.enableAutoRange(x=False)
            self._follow_steps, self._x_range = True, None
        if self._follow_steps and len(x):
            lo = float(x[0])
            span = nice_ceiling(float(x[-1]) - lo) if x[-1] > lo else 1.0
            if (lo, lo + span) != self._x_range:
                self._x_range = (lo, lo + span)
                view.setXRange(lo, lo + span, padding=0.02)
        # fit the axes now: pyqtgraph otherwise does it at the start of the paint, and the
        # range change then asks for a second paint of the whole plot
        view.prepareForPaint()

    def _on_user_range(self, changed) -> None:
        """The user panned or zoomed: leave the step axis where they put it."""
        if changed[0]:
            self._follow_steps = False

    def redraw(self) -> None:
        """Redraw the curves now, dirty or not (e.g. right before an export)."""
        self._dirty = True
        self.refresh()

    def _update_label(self) -> None:
        if self._diverged_at is not None:
            self.value_label.setText(
                f"Diverged at step {self._diverged_at:,}: a loss or weight became infinite "
                "or NaN")
            return
        train, test, train_acc, test_acc = self._last
        parts = [
            "Train loss " + ("–" if train is None else format_loss(train)),
            "Test loss " + ("–" if test is None else format_loss(test)),
        ]
        if train_acc is not None:
            parts.append("Train accuracy " + format_accuracy(train_acc))
        if test_acc is not None:
            parts.append("Test accuracy " + format_accuracy(test_acc))
        self.value_label.setText(SEPARATOR.join(parts))
