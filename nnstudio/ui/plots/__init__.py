"""Live plots: training curves (:class:`LossPlot`) and the 2-D data view (:class:`DataView`).

Widgets are imported lazily so that the numpy-only helpers (:mod:`.buffers`, :mod:`.grid`) can be
used without loading Qt.
"""

from __future__ import annotations

__all__ = ["DataView", "GrowingBuffer", "LossPlot", "surface_axes", "surface_points"]


def __getattr__(name: str):
    if name == "LossPlot":
        from nnstudio.ui.plots.loss_plot import LossPlot

        return LossPlot
    if name == "DataView":
        from nnstudio.ui.plots.data_view import DataView

        return DataView
    if name == "GrowingBuffer":
        from nnstudio.ui.plots.buffers import GrowingBuffer

        return GrowingBuffer
    if name in ("surface_axes", "surface_points"):
        from nnstudio.ui.plots import grid

        return getattr(grid, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
