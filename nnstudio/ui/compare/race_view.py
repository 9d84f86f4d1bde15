"""The optimizer race: the same network, data and initial weights trained side by side with
2–7 optimizers. Overlaid loss curves (one colour and legend entry per optimizer), a small
decision surface per optimizer (2-D data), and a summary table (loss now, steps to reach the
target loss).

:class:`RaceView` only draws snapshots (from the worker, or from a
:class:`nnstudio.compare.RaceSession` when exporting); :class:`RaceWindow` adds the controls
and owns the worker (:class:`nnstudio.workers.race.RaceController`).
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nnstudio.compare import OPTIMIZER_COLORS, optimizer_label
from nnstudio.document.project import Project
from nnstudio.ui.plots import colors
from nnstudio.ui.plots.buffers import GrowingBuffer
from nnstudio.ui.plots.style import (
    LEGEND_ROW_HEIGHT,
    UncrowdedLogAxis,
    add_margin_legend,
    style_plot_item,
)

from .common import (
    CompareWindow,
    OptimizerToggles,
    RunControls,
    ScientificSpinBox,
    format_loss,
    optimizer_pen,
    push_setting,
    swatch_icon,
)

COLUMNS = ("Optimizer", "η", "Training loss", "Accuracy", "Steps to target")
TARGET_KEY = "training.race.target"


class RaceView(QWidget):
    """Draws race snapshots. ``show_snapshot(snap)`` takes one (incremental or whole);
    a timer redraws at most ``fps`` times a second (``redraw()`` draws at once).

    Attributes: ``loss_plot`` (pg.PlotWidget), ``curves`` (name → PlotDataItem),
    ``surface_plots`` (name → PlotItem), ``table`` (QTableWidget), ``title`` (QLabel).
    """

    #: the target line was dragged to a new loss (only when ``set_target_editable(True)``)
    target_moved = Signal(float)

    def __init__(self, parent: QWidget | None = None, fps: float = 30.0) -> None:
        super().__init__(parent)
        self.run_id = None
        self.names: list[str] = []
        self.last: dict | None = None
        self._buffers: dict[str, GrowingBuffer] = {}
        self._dirty = False
        self._data_key = None

        self.title = QLabel("Optimizer race")
        font = QFont()
        font.setPointSize(13)
        font.setBold(True)
        self.title.setFont(font)
        self.subtitle = QLabel("")
        self.subtitle.setWordWrap(True)

        self.loss_plot = pg.PlotWidget(background=colors.BACKGROUND,
                                       axisItems={"left": UncrowdedLogAxis("left")})
        item = self.loss_plot.getPlotItem()
        self.loss_item = item
        style_plot_item(item, bottom="step", left="training loss (log scale)")
        item.setLogMode(y=True)
        item.setDownsampling(auto=True, mode="peak")
        item.setClipToView(True)
        item.setMenuEnabled(False, None)
        item.hideButtons()
        self.legend = add_margin_legend(item, columns=4)
        self.target_line = pg.InfiniteLine(
            angle=0, movable=False, pen=pg.mkPen("#777777", width=1.5, style=Qt.PenStyle.DotLine),
            label="target", labelOpts={"position": 0.04, "color": "#555555", "anchors":
                                       [(0, 1), (0, 1)]})
        self.target_line.sigPositionChangeFinished.connect(self._target_dragged)
        item.addItem(self.target_line, ignoreBounds=True)
        self.curves: dict[str, pg.PlotDataItem] = {}

        self.surfaces = SurfaceGrid()
        self.surface_plots: dict[str, pg.PlotItem] = {}
        self.surface_images: dict[str, pg.ImageItem] = {}

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.table)
        right_layout.addWidget(self.surfaces, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.loss_plot)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.splitter, 1)

        self._timer = QTimer(self)
        self._timer.setInterval(int(1000 / fps))
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    # -- input -------------------------------------------------------------------------------
    def show_snapshot(self, snap: dict) -> None:
        """Take a race snapshot (see :meth:`nnstudio.compare.RaceSession.snapshot`)."""
        if snap["run_id"] != self.run_id or snap["names"] != self.names or \
                snap["history_from"] == 0:
            self._start_run(snap)
        for name in self.names:
            steps, losses = snap["history"][name]
            self._buffers[name].extend(steps, losses)
        self.last = snap
        self._dirty = True

    def clear(self) -> None:
        self.run_id, self.names, self.last = None, [], None
        self._buffers.clear()
        for curve in self.curves.values():
            self.loss_item.removeItem(curve)
        self.curves.clear()
        self.legend.clear()
        self.surfaces.clear()
        self.surface_plots.clear()
        self.surface_images.clear()
        self.table.setRowCount(0)
        self._data_key = None

    def _start_run(self, snap: dict) -> None:
        self.clear()
        self.run_id = snap["run_id"]
        self.names = list(snap["names"])
        rows = 2 if len(self.names) > 4 else 1
        columns = math.ceil(len(self.names) / rows)
        self.loss_item.layout.setRowFixedHeight(0, LEGEND_ROW_HEIGHT * rows)
        self.legend.setColumnCount(columns)
        for name in self.names:
            self._buffers[name] = GrowingBuffer(1)
            curve = pg.PlotDataItem(pen=optimizer_pen(name), connect="finite",
                                    name=self._legend_text(name, snap))
            self.loss_item.addItem(curve)
            self.curves[name] = curve
        self.table.setRowCount(len(self.names))
        for row, name in enumerate(self.names):
            cell = QTableWidgetItem(swatch_icon(name), optimizer_label(name))
            self.table.setItem(row, 0, cell)
            for col in range(1, len(COLUMNS)):
                value = QTableWidgetItem("")
                value.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, col, value)
        self.table.setFixedHeight(self.table.horizontalHeader().height()
                                  + sum(self.table.rowHeight(r) for r in range(len(self.names)))
                                  + 4)
        self._build_surfaces(snap)

    @staticmethod
    def _legend_text(name: str, snap: dict) -> str:
        return f"{optimizer_label(name)}  η={snap['learning_rates'][name]:g}"

    def _build_surfaces(self, snap: dict) -> None:
        surfaces = snap.get("surfaces")
        self.surfaces.setVisible(surfaces is not None)
        if surfaces is None:
            return
        x0, x1, y0, y1 = snap["extent"]
        X, y = snap["data"]["X_train"], snap["data"]["y_train"]
        labels = (np.argmax(y, axis=1) if y.ndim == 2 and y.shape[1] > 1
                  else np.rint(np.asarray(y, dtype=float).reshape(-1)).astype(int))
        brushes = [pg.mkBrush(colors.class_color(int(c))) for c in labels]
        for name in self.names:
            plot = pg.PlotItem()
            plot.setTitle(optimizer_label(name), color=OPTIMIZER_COLORS[name], size="10pt",
                          bold=True)
            plot.hideAxis("left")
            plot.hideAxis("bottom")
            plot.setMenuEnabled(False, None)
            plot.hideButtons()
            plot.setMouseEnabled(False, False)
            plot.setAspectLocked(True)
            image = pg.ImageItem(axisOrder="row-major")
            image.setZValue(-10)
            plot.addItem(image)
            scatter = pg.ScatterPlotItem(pos=X, size=3.5, pen=pg.mkPen(None), brush=brushes,
                                         pxMode=True)
            plot.addItem(scatter)
            plot.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)
            self.surface_plots[name] = plot
            self.surface_images[name] = image
        self.surfaces.set_plots(list(self.surface_plots.values()))

    # -- drawing -----------------------------------------------------------------------------
    def _tick(self) -> None:
        if self._dirty:
            self.redraw()

    def redraw(self) -> None:
        """Draw the latest snapshot now."""
        self._dirty = False
        snap = self.last
        if snap is None:
            return
        for name in self.names:
            buffer = self._buffers[name]
            y = buffer.y(0)
            x = buffer.x
            good = np.isfinite(y) & (y > 0)
            self.curves[name].setData(x[good], y[good])
        target = float(snap["target"])
        if target > 0:
            self.target_line.setPos(math.log10(target))
            self.target_line.label.setFormat(f"target loss {target:g}")
        self._draw_table(snap)
        self._draw_surfaces(snap)
        self.title.setText(f"Optimizer race: {snap['setup']}")
        self.subtitle.setText(self._subtitle(snap))

    def _subtitle(self, snap: dict) -> str:
        rate_mode = "each its own η" if len(set(snap["learning_rates"].values())) > 1 else \
            "one shared η"
        return (f"Step {snap['steps']:,} · same network, same initial weights, same mini-batches "
                f"for every optimizer · {rate_mode} · loss measured on the whole training set")

    def _draw_table(self, snap: dict) -> None:
        header = self.table.horizontalHeaderItem(4)
        if header is not None:
            header.setText(f"Steps to loss ≤ {snap['target']:g}")
        for row, info in enumerate(snap["summary"]):
            if row >= self.table.rowCount():
                break
            acc = info["accuracy"]
            if info["diverged"] is not None:
                reached = f"diverged at step {info['diverged']:,}"
            elif info["steps_to_target"] is not None:
                reached = f"{info['steps_to_target']:,}"
            else:
                reached = "not yet"
            values = (f"{info['lr']:g}", format_loss(info["loss"]),
                      "—" if acc is None else f"{100 * acc:.1f}%", reached)
            for col, text in enumerate(values, start=1):
                self.table.item(row, col).setText(text)

    def _draw_surfaces(self, snap: dict) -> None:
        surfaces = snap.get("surfaces")
        if surfaces is None or not self.surface_images:
            return
        x0, x1, y0, y1 = snap["extent"]
        from PySide6.QtCore import QRectF

        rect = QRectF(x0, y0, x1 - x0, y1 - y0)
        lut = colors.diverging_lut(256)
        for name, values in surfaces.items():
            image = self.surface_images.get(name)
            if image is None:
                continue
            values = np.asarray(values, dtype=float)
            if values.ndim == 3:
                image.setImage(_multiclass_rgba(values), autoLevels=False, levels=(0, 255),
                               lut=None, rect=rect)
            else:
                image.setImage(np.nan_to_num(values, nan=0.5), autoLevels=False,
                               levels=(0.0, 1.0), lut=lut, rect=rect)

    # -- target line -------------------------------------------------------------------------
    def set_target_editable(self, editable: bool) -> None:
        self.target_line.setMovable(editable)
        if editable:
            self.target_line.setHoverPen(pg.mkPen("#333333", width=3))
            self.target_line.setToolTip("Drag to change the target loss")

    def _target_dragged(self) -> None:
        value = 10 ** float(self.target_line.value())
        self.target_moved.emit(float(f"{value:.3g}"))


class SurfaceGrid(pg.GraphicsLayoutWidget):
    """Small square plots in the grid (columns × rows) that makes them largest for the
    widget's current shape; re-arranged when resized."""

    TITLE_HEIGHT = 26

    def __init__(self) -> None:
        super().__init__()
        self.setBackground(colors.BACKGROUND)
        self.plots: list[pg.PlotItem] = []
        self._columns = 0

    def set_plots(self, plots: list) -> None:
        self.ci.clear()
        self.plots = list(plots)
        self._columns = 0
        self.arrange()

    def best_columns(self) -> int:
        n = len(self.plots)
        w, h = max(self.width(), 1), max(self.height(), 1)

        def side(c: int) -> float:
            rows = math.ceil(n / c)
            return min(w / c, h / rows - self.TITLE_HEIGHT)

        return max(range(1, n + 1), key=side) if n else 1

    def arrange(self) -> None:
        columns = self.best_columns()
        if columns == self._columns:
            return
        self._columns = columns
        for plot in self.plots:
            if plot.scene() is not None:
                self.ci.removeItem(plot)
        for i, plot in enumerate(self.plots):
            self.ci.addItem(plot, row=i // columns, col=i % columns)

    def clear(self) -> None:
        self.ci.clear()
        self.plots = []
        self._columns = 0

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if hasattr(self, "plots"):  # (the base class resizes while it is constructed)
            self.arrange()


def _multiclass_rgba(probs: np.ndarray) -> np.ndarray:
    """Argmax class colour, lighter as confidence falls to chance (as the main data view)."""
    k = probs.shape[2]
    p = np.nan_to_num(probs, nan=1.0 / k)
    cls = np.argmax(p, axis=2)
    conf = np.take_along_axis(p, cls[..., None], axis=2)[..., 0]
    t = np.clip((conf - 1.0 / k) / (1.0 - 1.0 / k), 0.0, 1.0)[..., None]
    table = colors.class_rgb_table(k)
    white = np.array([255.0, 255.0, 255.0])
    rgb = white + (table[cls] - white) * (t * colors.SURFACE_STRENGTH)
    alpha = np.full(rgb.shape[:2] + (1,), 255.0)
    return np.concatenate([rgb, alpha], axis=2).round().astype(np.uint8)


class RaceWindow(CompareWindow):
    """The race with its controls: play/pause/step/reset, the optimizers to compare, their
    learning rates (suggested or shared) and the target loss (also by dragging its line)."""

    def __init__(self, project: Project, stack: QUndoStack | None = None,
                 parent: QWidget | None = None, controller=None) -> None:
        from nnstudio.workers.race import RaceController

        super().__init__(project, controller or RaceController(), stack, parent)
        self.setWindowTitle("Optimizer race — nnstudio")
        self.view = RaceView()
        self.view.set_target_editable(True)
        self.view.target_moved.connect(self._set_target)
        self.controls = RunControls(self.controller, step_size=10)
        self.target_box = ScientificSpinBox(1e-9, 1e9)
        self.target_box.setObjectName("target")
        self.target_box.setToolTip("Count the steps each optimizer needs to reach this "
                                   "training loss (or drag the dotted line)")
        self.target_box.valueChanged.connect(self._set_target)
        self.rates_box = QComboBox()
        self.rates_box.setObjectName("learning-rates")
        self.rates_box.addItem("each optimizer its suggested η", "suggested")
        self.rates_box.addItem("one shared η (training.learning_rate)", "shared")
        self.rates_box.currentIndexChanged.connect(
            lambda i: self._push("training.compare.learning_rates", self.rates_box.itemData(i)))
        self.toggles = OptimizerToggles(project, self.stack)
        self.toggles.message.connect(self._on_invalid)

        top = QHBoxLayout()
        top.addWidget(self.controls)
        top.addSpacing(16)
        top.addWidget(QLabel("Target loss"))
        top.addWidget(self.target_box)
        top.addSpacing(16)
        top.addWidget(QLabel("Learning rates"))
        top.addWidget(self.rates_box)
        top.addStretch(1)
        bar = QWidget()
        bar.setLayout(top)
        self._layout(bar, self.toggles, self.view)
        self.controller.snapshot.connect(self._on_snapshot)
        self._sync_controls()
        self.resize(1200, 820)
        self.reload()

    def _push(self, key: str, value) -> None:
        reason = push_setting(self.project, self.stack, key, value)
        if reason:
            self._on_invalid(reason)

    def _set_target(self, value: float) -> None:
        self._push(TARGET_KEY, float(value))

    def _sync_controls(self) -> None:
        settings = self.project.settings
        self.target_box.set_quietly(settings[TARGET_KEY])
        self.rates_box.blockSignals(True)
        self.rates_box.setCurrentIndex(self.rates_box.findData(
            settings["training.compare.learning_rates"]))
        self.rates_box.blockSignals(False)
        self.toggles.sync()

    def on_project_changed(self, event: str, payload) -> None:
        self._sync_controls()

    def _on_snapshot(self, snap: dict) -> None:
        self.view.show_snapshot(snap)
        self.view.redraw()
        self.snapshot_drawn.emit(snap)
