"""The loss landscape: a two-parameter loss surface as contours, with the path each optimizer
takes across it, drawn live from a common (draggable) start point.

Surfaces: an ill-conditioned valley, a saddle point, Rosenbrock's banana, or the network's own
training loss over two of its weights with every other weight frozen.
:class:`LandscapeView` draws snapshots (from the worker or a
:class:`nnstudio.compare.LandscapeSession`); :class:`LandscapeWindow` adds the controls and
owns the worker (:class:`nnstudio.workers.race.LandscapeController`).
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, QTimer, Signal
from PySide6.QtGui import QFont, QPainterPath, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nnstudio.compare import (
    OPTIMIZER_COLORS,
    format_start,
    network_weights,
    optimizer_label,
)
from nnstudio.document.errors import ProjectError
from nnstudio.document.project import Project
from nnstudio.document.settings import LANDSCAPE_CHOICES, LANDSCAPE_LABELS
from nnstudio.ui.plots import colors
from nnstudio.ui.plots.style import LEGEND_ROW_HEIGHT, add_margin_legend, style_plot_item

from .common import (
    CompareWindow,
    OptimizerToggles,
    RunControls,
    format_loss,
    optimizer_pen,
    push_setting,
)

N_LEVELS = 14
LOW, HIGH = "#FFFFFF", "#C9C9C9"  # the surface: white at its lowest, light grey at its highest
ISO_COLOR = "#9A9A9A"
SPEEDS = (("10 steps/s", 10.0), ("40 steps/s", 40.0), ("200 steps/s", 200.0),
          ("as fast as possible", 0.0))


class Isocurve(pg.IsocurveItem):
    """pyqtgraph's isocurve without the segments it adds along the image's edges."""

    def generatePath(self) -> None:  # noqa: N802 - pyqtgraph's name
        if self.data is None:
            self.path = None
            return
        data = self.data.T if self.axisOrder == "row-major" else self.data
        self.path = QPainterPath()
        for line in pg.functions.isocurve(data, self.level, connected=True):
            self.path.moveTo(*line[0])
            for point in line[1:]:
                self.path.lineTo(*point)


def log_levels(Z: np.ndarray) -> np.ndarray:
    """Z mapped to log10(Z − min + δ): contours spread evenly over decades of height."""
    Z = np.asarray(Z, dtype=float)
    finite = Z[np.isfinite(Z)]
    if finite.size == 0:
        return np.zeros_like(Z)
    lo, hi = float(finite.min()), float(finite.max())
    delta = max((hi - lo) * 1e-4, 1e-12)
    with np.errstate(all="ignore"):
        L = np.log10(np.clip(Z - lo, 0.0, None) + delta)
    return np.nan_to_num(L, nan=float(np.log10(hi - lo + delta)), posinf=0.0)


class LandscapeView(QWidget):
    """Draws landscape snapshots: ``show_snapshot(snap)``; ``redraw()`` draws at once.

    Attributes: ``plot`` (pg.PlotWidget), ``image`` (pg.ImageItem, the log-scaled surface),
    ``isocurves`` (pg.IsocurveItem list), ``lines`` (name → PlotDataItem),
    ``start_item`` (pg.TargetItem; movable after ``set_start_editable(True)``).
    """

    #: the start point was dragged to (x, y)
    start_moved = Signal(float, float)

    def __init__(self, parent: QWidget | None = None, fps: float = 30.0) -> None:
        super().__init__(parent)
        self.run_id = None
        self.names: list[str] = []
        self.last: dict | None = None
        self._paths: dict[str, list[np.ndarray]] = {}
        self._dirty = False
        self._start_editable = False

        self.title = QLabel("Loss landscape")
        font = QFont()
        font.setPointSize(13)
        font.setBold(True)
        self.title.setFont(font)
        self.subtitle = QLabel("")
        self.subtitle.setWordWrap(True)

        self.plot = pg.PlotWidget(background=colors.BACKGROUND)
        item = self.plot.getPlotItem()
        self.plot_item = item
        style_plot_item(item, bottom="x", left="y", grid=False)
        item.setAspectLocked(True)
        item.setMenuEnabled(False, None)
        item.hideButtons()
        self.legend = add_margin_legend(item, columns=4)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setZValue(-20)
        lut = pg.ColorMap(pos=np.array([0.0, 1.0]), color=[LOW, HIGH]).getLookupTable(
            0.0, 1.0, 256)
        self.image.setLookupTable(lut)
        item.addItem(self.image)
        self.isocurves: list[pg.IsocurveItem] = []
        for _ in range(N_LEVELS):
            iso = Isocurve(level=0.0, pen=pg.mkPen(ISO_COLOR, width=1), axisOrder="row-major")
            iso.setParentItem(self.image)
            self.isocurves.append(iso)
        self.minima = pg.ScatterPlotItem(symbol="star", size=18, pen=pg.mkPen("#222222", width=1),
                                         brush=pg.mkBrush("#FFFFFF"))
        self.minima.setZValue(15)
        item.addItem(self.minima)
        self.saddles = pg.ScatterPlotItem(symbol="x", size=16, pen=pg.mkPen("#222222", width=1),
                                          brush=pg.mkBrush("#FFFFFF"))
        self.saddles.setZValue(15)
        item.addItem(self.saddles)
        self.start_item = pg.TargetItem(pos=(0, 0), size=16, symbol="o", movable=False,
                                        pen=pg.mkPen("#111111", width=2.5),
                                        brush=pg.mkBrush(255, 255, 255, 200))
        self.start_item.setZValue(20)
        self.start_item.sigPositionChangeFinished.connect(self._start_dragged)
        item.addItem(self.start_item)
        self.halos: dict[str, pg.PlotDataItem] = {}
        self.lines: dict[str, pg.PlotDataItem] = {}
        self.heads: dict[str, pg.ScatterPlotItem] = {}

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.plot, 1)

        self._timer = QTimer(self)
        self._timer.setInterval(int(1000 / fps))
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    # -- input -------------------------------------------------------------------------------
    def show_snapshot(self, snap: dict) -> None:
        """Take a landscape snapshot (see :meth:`nnstudio.compare.LandscapeSession.snapshot`)."""
        if snap["run_id"] != self.run_id or snap["names"] != self.names or "grid" in snap:
            self._start_run(snap)
        for name in self.names:
            start = snap["paths_from"][name]
            points = snap["paths"][name]
            kept = self._paths[name]
            del kept[start:]
            kept.extend(points)
        self.last = snap
        self._dirty = True

    def _start_run(self, snap: dict) -> None:
        item = self.plot_item
        for store in (self.halos, self.lines, self.heads):
            for curve in store.values():
                item.removeItem(curve)
            store.clear()
        self.legend.clear()
        self.run_id = snap["run_id"]
        self.names = list(snap["names"])
        self._paths = {name: [] for name in self.names}
        rows = 2 if len(self.names) > 4 else 1
        self.legend.setColumnCount(math.ceil(len(self.names) / rows))
        item.layout.setRowFixedHeight(0, LEGEND_ROW_HEIGHT * rows)
        for name in self.names:
            halo = pg.PlotDataItem(pen=pg.mkPen(255, 255, 255, 210, width=5.5))
            line = pg.PlotDataItem(pen=optimizer_pen(name, 2.5), name=self._legend_text(name, snap))
            head = pg.ScatterPlotItem(size=11, pen=pg.mkPen("#FFFFFF", width=1.5),
                                      brush=pg.mkBrush(OPTIMIZER_COLORS[name]))
            for z, curve in ((1, halo), (2, line), (10, head)):
                curve.setZValue(z)
                item.addItem(curve)
            self.halos[name], self.lines[name], self.heads[name] = halo, line, head
        if "grid" in snap:
            self._set_grid(snap)
        bottom, left = snap["axis_labels"]
        item.setLabel("bottom", bottom)
        item.setLabel("left", left)
        minima = np.array(snap["minima"], dtype=float).reshape(-1, 2)
        self.minima.setData(pos=minima)
        self.saddles.setData(pos=np.array(snap.get("saddles", []), dtype=float).reshape(-1, 2))
        self.start_item.blockSignals(True)
        self.start_item.setPos(*[float(v) for v in snap["start"]])
        self.start_item.blockSignals(False)

    def _set_grid(self, snap: dict) -> None:
        xs, ys, Z = snap["grid"]
        L = log_levels(Z)
        dx = (xs[-1] - xs[0]) / max(len(xs) - 1, 1)
        dy = (ys[-1] - ys[0]) / max(len(ys) - 1, 1)
        # pixel centres on the grid points, so isocurves (drawn at pixel centres) line up
        rect = QRectF(xs[0] - dx / 2, ys[0] - dy / 2, dx * len(xs), dy * len(ys))
        lo, hi = float(L.min()), float(L.max())
        self.image.setImage(L, autoLevels=False, levels=(lo, hi if hi > lo else lo + 1),
                            rect=rect)
        levels = np.linspace(lo, hi, N_LEVELS + 2)[1:-1]
        for iso, level in zip(self.isocurves, levels, strict=True):
            iso.setData(L, level)
        x0, x1, y0, y1 = snap["extent"]
        self.plot_item.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)

    @staticmethod
    def _legend_text(name: str, snap: dict) -> str:
        return f"{optimizer_label(name)}  η={snap['learning_rates'][name]:g}"

    # -- drawing -----------------------------------------------------------------------------
    def _tick(self) -> None:
        if self._dirty:
            self.redraw()

    def redraw(self) -> None:
        self._dirty = False
        snap = self.last
        if snap is None:
            return
        for name in self.names:
            path = np.array(self._paths[name], dtype=float).reshape(-1, 2)
            self.halos[name].setData(path[:, 0], path[:, 1])
            self.lines[name].setData(path[:, 0], path[:, 1])
            self.heads[name].setData(pos=path[-1:])
        for name in self.names:
            label = self.legend.getLabel(self.lines[name])
            if label is not None:
                stopped = snap["stopped"][name]
                now = f"left at step {stopped}" if stopped is not None else \
                    f"loss {format_loss(snap['values'][name])}"
                label.setText(f"{self._legend_text(name, snap)} · {now}")
        self.title.setText(f"Loss landscape: {snap['label']}")
        marks = "○ start" + (" (drag it)" if self._start_editable else "")
        marks += (", ☆ minimum" if snap["minima"] else "") + \
            (", × saddle point" if snap.get("saddles") else "")
        self.subtitle.setText(f"{snap['formula']}  ·  step {snap['steps']:,} of "
                              f"{snap['max_steps']:,}  ·  {marks}")

    # -- start point -------------------------------------------------------------------------
    def set_start_editable(self, editable: bool) -> None:
        self._start_editable = editable
        self.start_item.movable = editable  # (pyqtgraph's TargetItem has no setter)
        if editable:
            self.start_item.setToolTip("Drag to start every optimizer somewhere else")

    def _start_dragged(self) -> None:
        pos = self.start_item.pos()
        self.start_moved.emit(float(pos.x()), float(pos.y()))


class LandscapeWindow(CompareWindow):
    """The landscape with its controls: the surface (and, for the network, which two weights),
    the optimizers, their learning rates, run controls and speed; drag the ring to move the
    start point."""

    def __init__(self, project: Project, stack: QUndoStack | None = None,
                 parent: QWidget | None = None, controller=None) -> None:
        from nnstudio.workers.race import LandscapeController

        super().__init__(project, controller or LandscapeController(), stack, parent)
        self.setWindowTitle("Loss landscape — nnstudio")
        self.view = LandscapeView()
        self.view.set_start_editable(True)
        self.view.start_moved.connect(
            lambda x, y: self._push("training.landscape.start", format_start(x, y)))
        self.controls = RunControls(self.controller, step_size=10)
        self.surface_box = QComboBox()
        self.surface_box.setObjectName("surface")
        for name in LANDSCAPE_CHOICES:
            self.surface_box.addItem(LANDSCAPE_LABELS[name], name)
        self.surface_box.currentIndexChanged.connect(
            lambda i: self._push("training.landscape.surface", self.surface_box.itemData(i)))
        self.weight_boxes = (QComboBox(), QComboBox())
        for i, box in enumerate(self.weight_boxes):
            box.setObjectName(f"weight-{'ab'[i]}")
            box.setToolTip("Which weight of the network this axis varies (the rest stay frozen)")
            box.activated.connect(lambda _i: self._weights_chosen())
        self.start_button = QPushButton("Default start")
        self.start_button.setToolTip("Start at the surface's suggested point (the network: "
                                     "its initial weights)")
        self.start_button.clicked.connect(lambda: self._push("training.landscape.start", ""))
        self.rates_box = QComboBox()
        self.rates_box.addItem("suggested η per optimizer", "suggested")
        self.rates_box.addItem("one shared η", "shared")
        self.rates_box.currentIndexChanged.connect(
            lambda i: self._push("training.compare.learning_rates", self.rates_box.itemData(i)))
        self.speed_box = QComboBox()
        for text, speed in SPEEDS:
            self.speed_box.addItem(text, speed)
        self.speed_box.setCurrentIndex(1)
        self.speed_box.currentIndexChanged.connect(
            lambda i: self.controller.set_speed(self.speed_box.itemData(i)))
        self.toggles = OptimizerToggles(project, self.stack)
        self.toggles.message.connect(self._on_invalid)

        row1 = QHBoxLayout()
        row1.addWidget(QLabel("Surface"))
        row1.addWidget(self.surface_box)
        self.weights_label = QLabel("weights")
        row1.addWidget(self.weights_label)
        for box in self.weight_boxes:
            row1.addWidget(box)
        row1.addWidget(self.start_button)
        row1.addStretch(1)
        row2 = QHBoxLayout()
        row2.addWidget(self.controls)
        row2.addWidget(QLabel("Speed"))
        row2.addWidget(self.speed_box)
        row2.addWidget(QLabel("Learning rates"))
        row2.addWidget(self.rates_box)
        row2.addStretch(1)
        bars = []
        for row in (row1, row2):
            bar = QWidget()
            bar.setLayout(row)
            bars.append(bar)
        self._layout(*bars, self.toggles, self.view)
        self.controller.snapshot.connect(self._on_snapshot)
        self._weights_key = None
        self._shown = False
        self._sync_controls()
        self.resize(1000, 860)

    def _push(self, key: str, value) -> None:
        reason = push_setting(self.project, self.stack, key, value)
        if reason:
            self._on_invalid(reason)

    def _weights_chosen(self) -> None:
        a, b = (box.currentData() for box in self.weight_boxes)
        if a is None or b is None:
            return
        if a == b:
            self._on_invalid("choose two different weights")
            return
        self._push("training.landscape.weights", f"{a};{b}")

    def _sync_controls(self) -> None:
        settings = self.project.settings
        for box, key in ((self.surface_box, "training.landscape.surface"),
                         (self.rates_box, "training.compare.learning_rates")):
            box.blockSignals(True)
            box.setCurrentIndex(box.findData(settings[key]))
            box.blockSignals(False)
        network = settings["training.landscape.surface"] == "network"
        self.weights_label.setVisible(network)
        for box in self.weight_boxes:
            box.setVisible(network)
        if network:
            self._fill_weights()
        self.toggles.sync()

    def _fill_weights(self) -> None:
        """List the network's weights (only when the design or data changed)."""
        project = self.project
        key = (tuple((n.id, n.type, tuple(sorted(n.params.items()))) for n in project.chain()),
               tuple(sorted((k, v) for k, v in project.settings.items()
                            if k.startswith("dataset."))))
        if key != self._weights_key:
            self._weights_key = key
            try:
                choices = network_weights(project)
            except (ProjectError, ValueError):
                choices = []
            for box in self.weight_boxes:
                box.blockSignals(True)
                box.clear()
                for wkey, label in choices:
                    box.addItem(label, wkey)
                box.setEnabled(bool(choices))
                box.blockSignals(False)
        chosen = [p.strip() for p in project.settings["training.landscape.weights"].split(";")
                  if p.strip()]
        if len(chosen) != 2 and self.weight_boxes[0].count() > 1:
            box = self.weight_boxes[0]
            first = box.itemData(0).split(".")[0]  # the default: first unit's two inputs
            chosen = [f"{first}.W[0,0]", f"{first}.W[1,0]"]
        for box, wkey in zip(self.weight_boxes, chosen, strict=False):
            index = box.findData(wkey.replace(" ", ""))
            if index >= 0:
                box.setCurrentIndex(index)

    def on_project_changed(self, event: str, payload) -> None:
        self._sync_controls()

    def reload(self) -> None:
        """Load the project; a new surface fills the plot's current shape."""
        if hasattr(self.controller, "aspect") and self.isVisible():
            box = self.view.plot_item.vb.boundingRect()
            w, h = box.width(), box.height()
            if w < 50 or h < 50:  # not laid out yet: the plot widget less axes and legend
                w, h = self.view.plot.width() - 70, self.view.plot.height() - 110
            if w > 50 and h > 50:
                self.controller.aspect = w / h
        super().reload()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if not self._shown:  # the first run waits for the plot's size, to fill it
            self._shown = True
            QTimer.singleShot(0, self.reload)

    def _on_snapshot(self, snap: dict) -> None:
        self.view.show_snapshot(snap)
        self.view.redraw()
        self.snapshot_drawn.emit(snap)
