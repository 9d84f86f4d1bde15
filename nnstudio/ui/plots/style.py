"""Shared look of the pyqtgraph plots: light background, readable axes, legend outside the data."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtGui

from nnstudio.ui.plots import colors

AXIS_FONT_PT = 9
LABEL_FONT_PT = "10pt"
LEGEND_FONT_PT = "9pt"
LEGEND_ROW_HEIGHT = 24  # reserved above the view box for the legend


class UncrowdedLogAxis(pg.AxisItem):
    """An axis whose log-mode labels keep only mantissas 1, 2 and 5 (when that leaves at least
    two labels), so labels such as 0.09 and 0.1 do not collide near a decade."""

    def logTickStrings(self, values, scale, spacing):
        strings = super().logTickStrings(values, scale, spacing)
        vals = 10 ** np.asarray(values, dtype=float) * scale
        with np.errstate(divide="ignore", invalid="ignore"):
            mantissa = vals / 10 ** np.floor(np.log10(np.abs(vals)))
        keep = np.isclose(mantissa, 1) | np.isclose(mantissa, 2) | np.isclose(mantissa, 5)
        if keep.sum() < 2:
            return strings
        return [s if k else "" for s, k in zip(strings, keep, strict=True)]


def style_plot_item(plot_item: pg.PlotItem, bottom: str, left: str, grid: bool = True) -> None:
    """Dark-on-white axes with labels and an optional light grid."""
    font = QtGui.QFont()
    font.setPointSize(AXIS_FONT_PT)
    for name in ("left", "bottom"):
        axis = plot_item.getAxis(name)
        axis.setPen(pg.mkPen(colors.FOREGROUND, width=1))
        axis.setTextPen(pg.mkPen(colors.FOREGROUND))
        axis.setTickFont(font)
        axis.enableAutoSIPrefix(False)  # no "(x0.001)" in the axis label
    label_style = {"color": colors.FOREGROUND, "font-size": LABEL_FONT_PT}
    plot_item.setLabel("bottom", bottom, **label_style)
    plot_item.setLabel("left", left, **label_style)
    if grid:
        plot_item.showGrid(x=True, y=True, alpha=colors.GRID_ALPHA)
        for name in ("left", "bottom"):
            # grid lines at major and first minor ticks only: the finest level added little
            # to read off and cost half of each repaint of a live plot (6.1 → 2.8 ms)
            plot_item.getAxis(name).setStyle(maxTickLevel=1)


def add_margin_legend(plot_item: pg.PlotItem, columns: int) -> pg.LegendItem:
    """A horizontal legend in a strip reserved above the view box, right-aligned.

    Keeping it out of the view box means it never covers data; being a child of the plot item, it
    is still included when ``plot_item`` is exported.
    """
    legend = pg.LegendItem(
        offset=None,
        labelTextColor=colors.FOREGROUND,
        labelTextSize=LEGEND_FONT_PT,
        colCount=columns,
        horSpacing=4,
    )
    legend.setParentItem(plot_item)
    legend.anchor(itemPos=(1, 0), parentPos=(1, 0), offset=(-8, 2))
    plot_item.layout.setRowFixedHeight(0, LEGEND_ROW_HEIGHT)
    plot_item.legend = legend
    return legend
