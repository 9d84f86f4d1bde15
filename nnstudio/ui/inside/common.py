"""Helpers shared by the panels of ui/inside: styled plots, colour images, layer order."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QLabel

from nnstudio.ui.editor.neuron_pictures import colorize
from nnstudio.ui.plots import colors
from nnstudio.ui.plots.style import style_plot_item


def make_plot(bottom: str = "", left: str = "", grid: bool = True) -> pg.PlotWidget:
    widget = pg.PlotWidget(background=colors.BACKGROUND)
    item = widget.getPlotItem()
    style_plot_item(item, bottom=bottom, left=left, grid=grid)
    item.setMenuEnabled(False, None)
    item.hideButtons()
    return widget


def muted_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: #444;")
    return label


def diverging_rgb(values: np.ndarray, limit: float | None = None) -> np.ndarray:
    """Values → uint8 RGB, orange (negative) – white (0) – blue (positive), symmetric around 0
    with ``limit`` (default max |values|)."""
    values = np.asarray(values, dtype=np.float64)
    m = float(np.max(np.abs(values))) if limit is None and values.size else (limit or 1.0)
    m = m if np.isfinite(m) and m > 1e-12 else 1.0
    return colorize(0.5 + 0.5 * values / m)


def chain_nodes(window, snap_keys) -> list[str]:
    """Node ids of ``snap_keys`` in the order of the network's chain."""
    order = [n.id for n in window.project.chain()]
    keys = list(snap_keys)
    return [n for n in order if n in keys] + [n for n in keys if n not in order]


def histogram(values: np.ndarray, bins: int = 30, lo: float | None = None,
              hi: float | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(edges, counts) of the finite values (a single bin around a constant)."""
    v = np.asarray(values, dtype=np.float64).reshape(-1)
    v = v[np.isfinite(v)]
    if not v.size:
        return np.array([0.0, 1.0]), np.zeros(1)
    lo = float(v.min()) if lo is None else lo
    hi = float(v.max()) if hi is None else hi
    if not hi > lo:
        lo, hi = lo - 0.5, hi + 0.5
    span = hi - lo  # Python floats: inf, not a warning, for ±1e308
    if not math.isfinite(span) or span <= 1e-9 * bins * max(abs(lo), abs(hi)):
        # after a divergence: a range numpy cannot cut into finite bins; one bar
        return np.array([lo, hi]) if math.isfinite(span) else np.array([0.0, 1.0]), \
            np.array([float(v.size)])
    counts, edges = np.histogram(np.clip(v, lo, hi), bins=bins, range=(lo, hi))
    return edges, counts.astype(np.float64)


def margin_legend(plot_item: pg.PlotItem, entries: list, columns: int = 4) -> pg.LegendItem:
    """A legend in a strip above the view box (never over the data), rebuilt from ``entries``
    [(item, name)]; as many rows as needed."""
    import math

    from nnstudio.ui.plots.style import LEGEND_ROW_HEIGHT, add_margin_legend

    old = getattr(plot_item, "legend", None)
    if old is not None:
        old.clear()
        if old.scene() is not None:
            old.scene().removeItem(old)
        old.setParentItem(None)
    columns = max(1, min(columns, len(entries)))
    legend = add_margin_legend(plot_item, columns=columns)
    for item, name in entries:
        legend.addItem(item, name)
    rows = max(1, math.ceil(len(entries) / columns))
    plot_item.layout.setRowFixedHeight(0, LEGEND_ROW_HEIGHT * rows)
    return legend
