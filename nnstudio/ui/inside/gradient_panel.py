"""The Gradient health panel: is every layer learning?

Top: the norm of each layer's weight gradient ‖∂C/∂W‖ over training, log scale. In a deep
sigmoid network the first layers' curves sit orders of magnitude below the last ones': the
vanishing gradient (each layer multiplies the gradient by σ′ ≤ ¼ and its weights). Middle:
the size of one update relative to the weights, ‖ΔW‖/‖W‖, log scale, with the usual rule of
thumb 10⁻³ as a dashed line (much smaller: the layer hardly moves; much larger: unstable).
Bottom: histograms of each layer's weights (blue) and of its gradient (orange).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QGridLayout, QVBoxLayout, QWidget

from nnstudio.ui.panels.registry import PanelSpec, register_panel
from nnstudio.ui.plots import colors
from nnstudio.ui.plots.style import AXIS_FONT_PT, UncrowdedLogAxis

from .common import chain_nodes, histogram, make_plot, margin_legend, muted_label

MAX_HISTORY = 4000
MAX_HIST_LAYERS = 6
RULE_OF_THUMB = 1e-3
SMOOTHING = 0.2

ABOUT = (
    "Gradient health. Top: ‖∂C/∂W‖ of every layer over training (log scale). When the first "
    "layers' gradients are orders of magnitude smaller than the last ones', those layers "
    "barely learn: the vanishing gradient of deep sigmoid networks (each layer multiplies by "
    "σ′ ≤ ¼). Middle: one update's size relative to the weights, ‖ΔW‖/‖W‖ (about 10⁻³ is "
    "healthy). Bottom: histograms of each layer's weights and gradients."
)


class _History:
    """Growing (step, value) series per layer, halved (every other point) when full.

    Values are smoothed (an exponential moving average of their logarithm, weight
    ``SMOOTHING`` for the new value): one mini-batch's gradient is noisy, the trend is what
    tells a vanishing gradient."""

    def __init__(self) -> None:
        self.data: dict[str, list[tuple[int, float]]] = {}
        self._log: dict[str, float] = {}

    def add(self, step: int, values: dict) -> None:
        for node, value in values.items():
            series = self.data.setdefault(node, [])
            if series and series[-1][0] >= step:
                continue
            if value > 0 and np.isfinite(value):
                log = float(np.log(value))
                previous = self._log.get(node)
                log = log if previous is None else previous + SMOOTHING * (log - previous)
                self._log[node] = log
                series.append((step, float(np.exp(log))))
            if len(series) > MAX_HISTORY:
                self.data[node] = series[::2]

    def arrays(self, node: str) -> tuple[np.ndarray, np.ndarray]:
        series = self.data.get(node, [])
        if not series:
            return np.empty(0), np.empty(0)
        steps, values = zip(*series, strict=True)
        return np.asarray(steps, dtype=float), np.asarray(values, dtype=float)


def _log_plot(left: str) -> pg.PlotWidget:
    widget = make_plot("step", left)
    item = widget.getPlotItem()
    axis = UncrowdedLogAxis("left")
    item.setAxisItems({"left": axis})
    item.setLogMode(y=True)
    axis.enableAutoSIPrefix(False)
    axis.setPen(pg.mkPen(colors.FOREGROUND))
    axis.setTextPen(pg.mkPen(colors.FOREGROUND))
    font = QFont()
    font.setPointSize(AXIS_FONT_PT)
    axis.setTickFont(font)
    item.setLabel("left", left, color=colors.FOREGROUND)
    item.setDownsampling(auto=True, mode="peak")
    item.setClipToView(True)
    return widget


class GradientPanel(QWidget):
    def __init__(self, window=None) -> None:
        super().__init__()
        self.window = window
        self.run_id = None
        self.norms = _History()
        self.ratios = _History()
        self.curves: dict[tuple[str, str], pg.PlotDataItem] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.norm_plot = _log_plot("‖∂C/∂W‖ (smoothed)")
        self.ratio_plot = _log_plot("‖ΔW‖ / ‖W‖ per step")
        self._add_rule()
        layout.addWidget(self.norm_plot, 3)
        layout.addWidget(self.ratio_plot, 2)
        self.summary = muted_label("Train the network: each layer's gradient appears here.")
        layout.addWidget(self.summary)
        self.hist_grid = QGridLayout()
        self.hist_grid.setSpacing(2)
        layout.addLayout(self.hist_grid, 3)
        self.hist_plots: dict[str, tuple[pg.PlotWidget, pg.PlotWidget]] = {}

    # -- data --------------------------------------------------------------------------------
    def on_project_replaced(self) -> None:
        self._reset()

    def _reset(self) -> None:
        self.norms, self.ratios = _History(), _History()
        for item in (self.norm_plot.getPlotItem(), self.ratio_plot.getPlotItem()):
            item.clear()
        self._legend_nodes: list[str] = []
        self._add_rule()
        self.curves = {}

    def _add_rule(self) -> None:
        """The rule of thumb ‖ΔW‖/‖W‖ ≈ 10⁻³ as a dashed line (log axis: at −3)."""
        rule = pg.InfiniteLine(pos=np.log10(RULE_OF_THUMB), angle=0,
                               pen=pg.mkPen((120, 120, 120), width=1, style=Qt.PenStyle.DashLine))
        self.ratio_plot.getPlotItem().addItem(rule)

    def on_snapshot(self, snap: dict) -> None:
        if snap.get("run_id") != self.run_id:
            self.run_id = snap.get("run_id")
            self._reset()
        inside = snap.get("inside") or {}
        norms = inside.get("grad_norms")
        if not norms:
            return
        step = int(snap.get("steps", 0))
        self.norms.add(step, norms)
        self.ratios.add(step, inside.get("update_ratios", {}))
        nodes = chain_nodes(self.window, norms) if self.window is not None else list(norms)
        new_legend = nodes != getattr(self, "_legend_nodes", None)
        for k, node in enumerate(nodes):
            color = colors.class_color(k)
            for kind, plot, history in (("norm", self.norm_plot, self.norms),
                                        ("ratio", self.ratio_plot, self.ratios)):
                curve = self.curves.get((kind, node))
                if curve is None:
                    curve = plot.getPlotItem().plot(pen=pg.mkPen(color, width=2), name=node)
                    self.curves[(kind, node)] = curve
                curve.setData(*history.arrays(node))
        if new_legend:
            self._legend_nodes = nodes
            margin_legend(self.norm_plot.getPlotItem(),
                          [(self.curves[("norm", n)], n) for n in nodes])
        first, last = nodes[0], nodes[-1]
        if norms[first] > 0 and norms[last] > 0:
            ratio = norms[last] / norms[first]
            self.summary.setText(
                f"Step {step:,}: the last layer's gradient is "
                f"{f'{ratio:,.0f}' if ratio >= 10 else f'{ratio:.2g}'}× the first layer's"
                + (" — the first layers learn far more slowly (vanishing gradient)."
                   if ratio > 30 else "."))
        self._histograms(nodes, snap.get("weights") or {}, inside.get("grads") or {})

    def _histograms(self, nodes: list[str], weights: dict, grads: dict) -> None:
        nodes = nodes[:MAX_HIST_LAYERS]
        if list(self.hist_plots) != nodes:
            for w_plot, g_plot in self.hist_plots.values():
                w_plot.setParent(None)
                g_plot.setParent(None)
            self.hist_plots = {}
            for j, node in enumerate(nodes):
                w_plot, g_plot = make_plot(grid=False), make_plot(grid=False)
                w_plot.getPlotItem().setTitle(f"{node}: W", size="8pt", color=colors.FOREGROUND)
                g_plot.getPlotItem().setTitle(f"{node}: ∂C/∂W", size="8pt",
                                              color=colors.FOREGROUND)
                for plot in (w_plot, g_plot):
                    plot.setMinimumSize(80, 70)
                    plot.getPlotItem().getAxis("left").hide()
                    small = QFont()
                    small.setPointSize(7)
                    plot.getPlotItem().getAxis("bottom").setTickFont(small)
                self.hist_grid.addWidget(w_plot, 0, j)
                self.hist_grid.addWidget(g_plot, 1, j)
                self.hist_plots[node] = (w_plot, g_plot)
        for node, (w_plot, g_plot) in self.hist_plots.items():
            for plot, values, color in ((w_plot, (weights.get(node) or {}).get("W"),
                                         colors.CLASS_1),
                                        (g_plot, grads.get(node), colors.CLASS_0)):
                if values is None:
                    continue
                edges, counts = histogram(values, 24)
                # one curve per plot, given new data: a new item every snapshot cost more
                # than everything else the panel draws
                curve = getattr(plot, "hist_curve", None)
                if curve is None:
                    curve = plot.hist_curve = plot.getPlotItem().plot(
                        stepMode="center", fillLevel=0, brush=pg.mkBrush(color),
                        pen=pg.mkPen(color))
                curve.setData(edges, counts)


register_panel(PanelSpec("gradient-health", "Gradient health", "right", GradientPanel,
                         about=ABOUT))
