"""The Activations panel: every activation with its derivative, and where a layer's inputs fall.

Top: the selected layer's activation f(z) and its derivative f′(z) (dashed), with a live
histogram of the layer's pre-activations z over a fixed sample of the training data on the same
z axis — so one sees whether the units work in the steep middle or in the flat, saturated
tails (sigmoid, tanh), or below zero where a ReLU is dead. The line under it counts the
saturated or dead units (also flagged red on the canvas). Bottom: a gallery of every
activation with its derivative; the selected layer's is framed.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from nnstudio.engine.activations import ACTIVATIONS, sigmoid
from nnstudio.ui.panels.registry import PanelSpec, register_panel
from nnstudio.ui.plots import colors

from .common import chain_nodes, histogram, make_plot, muted_label

Z = np.linspace(-6.0, 6.0, 481)
F_COLOR, DF_COLOR, HIST_COLOR = colors.CLASS_1, colors.CLASS_0, (120, 130, 145, 90)

ABOUT = (
    "Activations. Each activation f(z) (solid) with its derivative f′(z) (dashed): the "
    "derivative is what back-propagation multiplies by at every layer. For the selected layer "
    "(click a layer on the canvas) the grey histogram shows its pre-activations z = x·W + b "
    "over the training data: in the flat tails of sigmoid and tanh f′ ≈ 0 (saturated units "
    "learn slowly); below 0 a ReLU outputs 0 with f′ = 0 (a dead unit never learns again). "
    "Saturated and dead units are counted here and flagged red on the canvas."
)


def curves(name: str, z: np.ndarray = Z) -> tuple[np.ndarray, np.ndarray]:
    """f(z), f′(z) of an activation (softmax and 'probability' drawn as the sigmoid)."""
    if name in ("probability", "softmax"):
        s = sigmoid(z)
        return s, s * (1 - s)
    act = ACTIVATIONS[name]
    return act.f(z, None), act.df(z, None)


class ActivationPanel(QWidget):
    def __init__(self, window=None) -> None:
        super().__init__()
        self.window = window
        self.inside: dict = {}
        self.node: str | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        row = QHBoxLayout()
        row.addWidget(QLabel("Layer"))
        self.layer_box = QComboBox()
        self.layer_box.setMinimumContentsLength(18)
        self.layer_box.currentIndexChanged.connect(self._layer_chosen)
        row.addWidget(self.layer_box, 1)
        layout.addLayout(row)

        self.plot = make_plot("pre-activation z", "")
        item = self.plot.getPlotItem()
        item.addLegend(offset=(8, 8), labelTextColor=colors.FOREGROUND)
        self.hist = pg.PlotDataItem(stepMode="center", fillLevel=0, brush=HIST_COLOR,
                                    pen=pg.mkPen((120, 130, 145), width=1), name="z over the data")
        self.f_curve = pg.PlotDataItem(pen=pg.mkPen(F_COLOR, width=2.5), name="f(z)")
        self.df_curve = pg.PlotDataItem(pen=pg.mkPen(DF_COLOR, width=2.2,
                                                     style=Qt.PenStyle.DashLine), name="f′(z)")
        for curve in (self.hist, self.f_curve, self.df_curve):
            item.addItem(curve)
        self.plot.setMinimumHeight(220)
        layout.addWidget(self.plot, 3)
        self.status = muted_label("Train a little: the histogram shows the selected layer's z.")
        layout.addWidget(self.status)

        self.gallery: dict[str, pg.PlotWidget] = {}
        grid = QGridLayout()
        grid.setSpacing(2)
        for k, name in enumerate(ACTIVATIONS):
            small = make_plot(grid=True)
            small.setMinimumSize(90, 80)
            small_item = small.getPlotItem()
            small_item.setTitle(ACTIVATIONS[name].label, size="8pt", color=colors.FOREGROUND)
            f, df = curves(name)
            small_item.plot(Z, f, pen=pg.mkPen(F_COLOR, width=1.8))
            small_item.plot(Z, df, pen=pg.mkPen(DF_COLOR, width=1.5, style=Qt.PenStyle.DashLine))
            small_item.setYRange(-1.6, 2.2, padding=0)
            small_item.setXRange(-5, 5, padding=0)
            small_item.getAxis("bottom").setHeight(16)
            small_item.getAxis("left").setWidth(22)
            grid.addWidget(small, k // 3, k % 3)
            self.gallery[name] = small
        layout.addLayout(grid, 4)
        self._framed: str | None = None  # the activation framed in the gallery
        self.show_activation("tanh")
        if window is not None:
            window.scene.selection_changed.connect(self.select_node)

    # -- selection ---------------------------------------------------------------------------
    def select_node(self, node_id) -> None:
        """Follow the canvas: a layer selected there is shown here (when it has units)."""
        if node_id is None:
            return
        index = self.layer_box.findData(node_id)
        if index >= 0:
            self.layer_box.setCurrentIndex(index)
        else:
            self.node = node_id

    def _layer_chosen(self, index: int) -> None:
        node = self.layer_box.itemData(index)
        if node is not None:
            self.node = node
            self._redraw()

    def show_activation(self, name: str) -> None:
        f, df = curves(name)
        self.f_curve.setData(Z, f)
        self.df_curve.setData(Z, df)
        if name == self._framed:
            return  # a style sheet set again re-polishes every child and re-lays the dock out
        self._framed = name
        for key, small in self.gallery.items():
            chosen = key == name or (name in ("probability", "softmax") and key == "sigmoid")
            small.setStyleSheet("border: 2px solid #1A73E8;" if chosen else "border: none;")

    # -- data --------------------------------------------------------------------------------
    def on_project_replaced(self) -> None:
        self.inside = {}
        self.layer_box.clear()

    def on_snapshot(self, snap: dict) -> None:
        inside = snap.get("inside") or {}
        if "preact" not in inside:
            return
        self.inside = inside
        acts = inside.get("activations", {})
        nodes = chain_nodes(self.window, acts) if self.window is not None else list(acts)
        current = [self.layer_box.itemData(i) for i in range(self.layer_box.count())]
        if current != nodes:
            wanted = self.node
            self.layer_box.blockSignals(True)
            self.layer_box.clear()
            for node in nodes:
                self.layer_box.addItem(f"{node} ({acts[node]})", node)
            self.layer_box.blockSignals(False)
            self.node = wanted if wanted in nodes else (nodes[0] if nodes else None)
            if self.node is not None:
                self.layer_box.setCurrentIndex(nodes.index(self.node))
        self._redraw()

    def _redraw(self) -> None:
        node = self.node
        if node is None or node not in self.inside.get("preact", {}):
            return
        act = self.inside["activations"][node]
        self.show_activation(act)
        z = np.asarray(self.inside["preact"][node], dtype=np.float64)
        finite = z[np.isfinite(z)]
        lo, hi = -6.0, 6.0
        if finite.size:
            lo = min(lo, float(np.percentile(finite, 0.5)))
            hi = max(hi, float(np.percentile(finite, 99.5)))
        edges, counts = histogram(finite, 40, lo, hi)
        top = 1.0 if act not in ("relu", "leaky_relu", "prelu", "elu", "softplus", "linear") \
            else 2.0
        scale = 0.9 * top / counts.max() if counts.max() > 0 else 0.0
        self.hist.setData(edges, counts * scale)
        f, df = curves(act, np.linspace(lo, hi, 481))
        self.f_curve.setData(np.linspace(lo, hi, 481), f)
        self.df_curve.setData(np.linspace(lo, hi, 481), df)
        item = self.plot.getPlotItem()
        item.setXRange(lo, hi, padding=0.02)
        # the curve where it bends (from Z itself: after a divergence lo … hi may be so wide
        # that no sample of the drawn curve falls inside ±6)
        bottom = float(np.min(curves(act)[0]))
        item.setYRange(min(-0.1, bottom - 0.1), max(1.1, top * 1.05), padding=0.02)
        self.status.setText(self._status_text(node, act))

    def _status_text(self, node: str, act: str) -> str:
        info = self.inside.get("fractions", {}).get(node)
        if info is None:
            return (f"{node} ({act}): neither saturates nor dies — f′ stays away from 0 "
                    "on this range.")
        flags = self.inside.get("flags", {}).get(node)
        units = len(flags["units"]) if flags else 0
        count = int(np.sum(flags["units"])) if flags else 0
        word = info["kind"]
        share = 100 * info["activations"]
        where = ("z ≤ 0, output 0, no gradient" if word == "dead" else
                 "in the flat tails, f′ &lt; 5 %")
        text = (f"{node} ({act}): {count} of {units} units {word} · {share:.0f} % of "
                f"activations {where}")
        color = colors.TEST_COLOR if count else colors.FOREGROUND
        return f"<span style='color:{color}'>{text}</span>"


register_panel(PanelSpec("activations", "Activations", "right", ActivationPanel, about=ABOUT))
