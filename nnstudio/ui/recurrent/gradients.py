"""Gradients through time: how much of the error signal reaches each time step.

Top: ‖∂L/∂h_t‖ against the time step t on a log axis, one curve per recurrent layer, from
the latest training batch (live while training). Read from right to left (for a loss on the
last step) it shows the signal surviving the trip back through time: a straight falling line
on the log axis is a **vanishing** gradient, a rising one an **exploding** gradient.

Bottom: the same norms as a heatmap over training (x: training step, y: time step t), so
one sees whether the early steps ever receive a gradient as training goes on. "Relative"
divides every column by its largest value, which shows the shape (how many decades are lost
on the way back) independently of the loss getting smaller.

``add_snapshot(seq)`` takes the ``"sequence"`` part of a training snapshot; the history is
kept until :meth:`clear` (a new run).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtWidgets

from nnstudio.ui.plots import colors
from nnstudio.ui.plots.style import UncrowdedLogAxis, add_margin_legend, style_plot_item

from .common import layer_title, magnitude_colormap

MAX_COLUMNS = 2000  # kept in the history (thinned by half beyond)
IMAGE_COLUMNS = 400  # columns of the heatmap image
LAYER_COLORS = ("#D55E00", "#0072B2", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")


class GradientHistory:
    """Columns (step, norms (T,)) per layer, thinned to stay small (Qt-free)."""

    def __init__(self, max_columns: int = MAX_COLUMNS) -> None:
        self.max_columns = max_columns
        self.steps: list[int] = []
        self.columns: dict[str, list[np.ndarray]] = {}

    def __len__(self) -> int:
        return len(self.steps)

    def clear(self) -> None:
        self.steps = []
        self.columns = {}

    def add(self, step: int, norms: dict[str, np.ndarray]) -> bool:
        """Add the norms of training step ``step`` (ignored unless it is a new step)."""
        if not norms or (self.steps and step <= self.steps[-1]):
            return False
        if self.columns and set(norms) != set(self.columns):
            self.clear()  # another design: start over
        self.steps.append(int(step))
        for key, value in norms.items():
            self.columns.setdefault(key, []).append(np.asarray(value, dtype=float).copy())
        if len(self.steps) > self.max_columns:
            self.steps = self.steps[::2]
            self.columns = {k: v[::2] for k, v in self.columns.items()}
        return True

    def image(self, key: str, n_columns: int = IMAGE_COLUMNS, relative: bool = False):
        """(log10 norms (T, n), first step, last step) on a uniform grid of training steps
        (each grid column shows the latest measured column at or before it)."""
        cols = self.columns.get(key)
        if not cols:
            return None
        data = np.stack(cols, axis=1)  # (T, n_measured)
        with np.errstate(divide="ignore", invalid="ignore"):
            logs = np.log10(np.where(data > 0, data, np.nan))
            if relative:
                logs = logs - np.nanmax(logs, axis=0, keepdims=True)
        steps = np.asarray(self.steps)
        if len(steps) == 1:
            return logs, int(steps[0]), int(steps[0]) + 1
        n = min(n_columns, max(len(steps), 2))
        grid = np.linspace(steps[0], steps[-1], n)
        index = np.clip(np.searchsorted(steps, grid, side="right") - 1, 0, len(steps) - 1)
        return logs[:, index], int(steps[0]), int(steps[-1])


def _set_positive(curve: pg.PlotDataItem, n: np.ndarray) -> None:
    """Plot the positive, finite values (a log axis cannot show the rest)."""
    t = np.arange(n.size)
    keep = np.isfinite(n) & (n > 0)
    curve.setData(t[keep], n[keep])


class GradientsView(QtWidgets.QWidget):
    """Attributes: ``curve_plot`` / ``heat_plot`` (pg.PlotItem), ``curves`` (node id →
    PlotDataItem), ``image`` (pg.ImageItem), ``colorbar``, ``relative_box`` (QCheckBox),
    ``layer_box`` (QComboBox), ``history`` (:class:`GradientHistory`)."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.history = GradientHistory()
        self.seq: dict | None = None
        self.curves: dict[str, pg.PlotDataItem] = {}
        #: the first measured curve of each layer (early in training), drawn faded
        self.first_curves: dict[str, pg.PlotDataItem] = {}
        self._first: dict[str, tuple[int, np.ndarray]] = {}
        self.layer_box = QtWidgets.QComboBox()
        self.relative_box = QtWidgets.QCheckBox("Relative (÷ largest step)")
        self.relative_box.setToolTip("Divide every column of the heatmap by its largest norm: "
                                     "shows how many decades the gradient loses going back")
        self.title = QtWidgets.QLabel("‖∂L/∂h_t‖: train the network to see gradients")
        self.title.setStyleSheet("font-weight: bold")
        top = QtWidgets.QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(QtWidgets.QLabel("Heatmap of"))
        top.addWidget(self.layer_box)
        top.addWidget(self.relative_box)

        self.plot_widget = pg.GraphicsLayoutWidget()
        self.plot_widget.setBackground(colors.BACKGROUND)
        self.curve_plot: pg.PlotItem = self.plot_widget.addPlot(
            row=0, col=0, axisItems={"left": UncrowdedLogAxis("left")})
        self.heat_plot: pg.PlotItem = self.plot_widget.addPlot(row=1, col=0)
        self.plot_widget.ci.layout.setRowStretchFactor(0, 1)
        self.plot_widget.ci.layout.setRowStretchFactor(1, 1)
        style_plot_item(self.curve_plot, bottom="time step t",
                        left="‖∂L/∂h_t‖ (latest batch)")
        self.curve_plot.setLogMode(y=True)
        style_plot_item(self.heat_plot, bottom="training step", left="time step t", grid=False)
        for item in (self.curve_plot, self.heat_plot):
            item.setMenuEnabled(False)
            item.hideButtons()
            item.getAxis("left").setWidth(64)
        self.legend = add_margin_legend(self.curve_plot, columns=3)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.heat_plot.addItem(self.image)
        self.colorbar = pg.ColorBarItem(values=(-6, 0), width=14, interactive=False,
                                        colorMap=magnitude_colormap())
        self.colorbar.setImageItem(self.image)
        self.plot_widget.addItem(self.colorbar, row=1, col=1)

        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.plot_widget, 1)
        self.layer_box.currentIndexChanged.connect(lambda _i: self._draw_heatmap())
        self.relative_box.toggled.connect(lambda _on: self._draw_heatmap())

    # -- data ------------------------------------------------------------------------------
    def clear(self) -> None:
        self.history.clear()
        self.seq = None
        for curve in list(self.curves.values()) + list(self.first_curves.values()):
            self.curve_plot.removeItem(curve)
        self.curves, self.first_curves, self._first = {}, {}, {}
        self.legend.clear()
        self.layer_box.clear()
        self.image.clear()

    def add_snapshot(self, seq: dict | None) -> None:
        if not seq:
            return
        self.seq = seq
        norms = {r["node_id"]: r["grad_norms"] for r in seq.get("layers", [])
                 if r.get("grad_norms") is not None}
        ids = [r["node_id"] for r in seq.get("layers", [])]
        if [self.layer_box.itemData(i) for i in range(self.layer_box.count())] != ids:
            self.layer_box.blockSignals(True)
            self.layer_box.clear()
            for record in seq.get("layers", []):
                self.layer_box.addItem(layer_title(record), record["node_id"])
            self.layer_box.blockSignals(False)
        self.history.add(int(seq.get("steps", 0)), norms)
        self._draw_curves(seq)
        self._draw_heatmap()

    set_snapshot = add_snapshot

    # -- drawing ---------------------------------------------------------------------------
    def _draw_curves(self, seq: dict) -> None:
        layers = [r for r in seq.get("layers", []) if r.get("grad_norms") is not None]
        step = int(seq.get("steps", 0))
        if set(self.curves) != {r["node_id"] for r in layers}:
            for curve in list(self.curves.values()) + list(self.first_curves.values()):
                self.curve_plot.removeItem(curve)
            self.legend.clear()
            self.curves, self.first_curves, self._first = {}, {}, {}
            for i, record in enumerate(layers):
                color = LAYER_COLORS[i % len(LAYER_COLORS)]
                first = self.curve_plot.plot(pen=pg.mkPen(color, width=1.5,
                                                          style=QtCore.Qt.PenStyle.DashLine))
                first.setOpacity(0.55)
                curve = self.curve_plot.plot(
                    pen=pg.mkPen(color, width=2), symbol="o", symbolSize=6,
                    symbolBrush=color, symbolPen=None, name=f"{record['node_id']} now")
                self.curves[record["node_id"]] = curve
                self.first_curves[record["node_id"]] = first
        for record in layers:
            key = record["node_id"]
            n = np.asarray(record["grad_norms"], dtype=float)
            if key not in self._first:
                self._first[key] = (step, n.copy())
                self.legend.addItem(self.first_curves[key], f"{key} at step {step:,}")
            _set_positive(self.curves[key], n)
            _set_positive(self.first_curves[key], self._first[key][1])
        if layers:
            T = np.asarray(layers[0]["grad_norms"]).size
            self.curve_plot.setXRange(-0.5, T - 0.5, padding=0)
            self.title.setText(self._summary(layers[0], int(seq.get("steps", 0))))

    @staticmethod
    def _summary(record: dict, step: int) -> str:
        n = np.asarray(record["grad_norms"], dtype=float)
        if n.size < 2 or not (np.isfinite(n[[0, -1]]).all() and n[-1] > 0 and n[0] > 0):
            return f"Gradients through time, step {step:,}"
        ratio = n[0] / n[-1]
        decades = np.log10(ratio)
        if decades < -1:
            trend = f"vanishing: t = 0 gets {1 / ratio:.0e}× less than t = {n.size - 1}"
        elif decades > 1:
            trend = f"growing backwards: t = 0 gets {ratio:.0e}× more than t = {n.size - 1}"
        else:
            trend = "about as large at t = 0 as at the end"
        return f"Gradients through time, step {step:,} — {record['node_id']}: {trend}"

    def _draw_heatmap(self) -> None:
        key = self.layer_box.currentData()
        result = None if key is None else self.history.image(
            key, relative=self.relative_box.isChecked())
        if result is None:
            self.image.clear()
            return
        logs, first, last = result
        T, n = logs.shape
        finite = logs[np.isfinite(logs)]
        if finite.size == 0:
            self.image.clear()
            return
        if self.relative_box.isChecked():
            lo, hi = max(float(np.percentile(finite, 1)), -12.0), 0.0
        else:
            lo, hi = float(np.percentile(finite, 1)), float(np.percentile(finite, 99.5))
        if hi - lo < 1e-6:
            lo, hi = lo - 0.5, hi + 0.5
        filled = np.where(np.isfinite(logs), logs, lo)
        self.image.setImage(filled, levels=(lo, hi),
                            lut=magnitude_colormap().getLookupTable(0.0, 1.0, 256))
        width = max(last - first, 1)
        self.image.setRect(QtCore.QRectF(first, -0.5, width, T))
        self.colorbar.setLevels((lo, hi))
        label = "log₁₀ (‖∂L/∂h_t‖ ÷ largest)" if self.relative_box.isChecked() else \
            "log₁₀ ‖∂L/∂h_t‖"
        self.colorbar.axis.setLabel(label, color=colors.FOREGROUND)
        self.heat_plot.setXRange(first, first + width, padding=0)
        self.heat_plot.setYRange(-0.5, T - 0.5, padding=0)
