"""The First-layer weights panel: what the first layer looks for.

For image data (the 8 × 8 digits) every unit of the first layer gets its 64 incoming weights
drawn as an 8 × 8 picture: blue pixels push the unit up, orange ones down — the strokes a unit
responds to. For other data the whole weight matrix is drawn, inputs × units.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QVBoxLayout, QWidget

from nnstudio.ui.panels.registry import PanelSpec, register_panel

from .common import chain_nodes, diverging_rgb, make_plot, muted_label

ABOUT = (
    "First-layer weights. For the 8 × 8 digits, each unit of the first layer drawn as the "
    "image of its 64 incoming weights (blue: this pixel raises the unit, orange: lowers it), "
    "each scaled to its own largest weight. For other data, the weight matrix inputs × units."
)


def tile_images(W: np.ndarray, shape: tuple[int, int], columns: int | None = None,
                pad: int = 1) -> np.ndarray:
    """W (h·w, units) → one RGB mosaic (rows, cols, 3) of the units' weight images, each
    scaled to its own max |w|; padding white."""
    h, w = shape
    units = W.shape[1]
    columns = columns or max(1, math.ceil(math.sqrt(units * 1.6)))
    rows = math.ceil(units / columns)
    mosaic = np.full((rows * (h + pad) + pad, columns * (w + pad) + pad, 3), 255, np.uint8)
    for u in range(units):
        r, c = divmod(u, columns)
        y, x = pad + r * (h + pad), pad + c * (w + pad)
        mosaic[y:y + h, x:x + w] = diverging_rgb(W[:, u].reshape(h, w))
    return mosaic


class WeightImagesPanel(QWidget):
    def __init__(self, window=None) -> None:
        super().__init__()
        self.window = window
        self.image_shape: tuple[int, int] | None = None
        self.feature_names: list[str] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.title = muted_label("The first layer's weights appear here once training starts.")
        layout.addWidget(self.title)
        self.plot = make_plot(grid=False)
        self.item = self.plot.getPlotItem()
        self.item.invertY(True)
        self.item.setAspectLocked(True)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.item.addItem(self.image)
        layout.addWidget(self.plot, 1)

    def on_dataset(self, payload: dict) -> None:
        shape = payload.get("image_shape")
        self.image_shape = tuple(shape) if shape else None
        self.feature_names = list(payload.get("feature_names") or [])

    def on_snapshot(self, snap: dict) -> None:
        weights = snap.get("weights") or {}
        nodes = [n for n in (chain_nodes(self.window, weights) if self.window is not None
                             else list(weights)) if "W" in weights[n]]
        if nodes:
            self.show_weights(nodes[0], np.asarray(weights[nodes[0]]["W"]))

    def show_weights(self, node: str, W: np.ndarray) -> None:
        shape = self.image_shape
        if shape is not None and W.shape[0] == shape[0] * shape[1]:
            mosaic = tile_images(W, shape)
            self.item.hideAxis("left")
            self.item.hideAxis("bottom")
            self.title.setText(f"{node}: the {W.shape[1]} units' incoming weights as "
                               f"{shape[0]} × {shape[1]} images (blue +, orange −)")
        else:
            mosaic = diverging_rgb(W)
            self.item.showAxis("left")
            self.item.showAxis("bottom")
            names = self.feature_names if len(self.feature_names) == W.shape[0] else \
                [f"x{i + 1}" for i in range(W.shape[0])]
            # the same ticks every snapshot: set only when they change (setting them redraws
            # the axis text, 0.6 ms a snapshot)
            ticks = (tuple(names), W.shape[1])
            if ticks != getattr(self, "_ticks", None):
                self._ticks = ticks
                self.item.getAxis("left").setTicks([[(i + 0.5, n)
                                                     for i, n in enumerate(names)]])
                self.item.getAxis("bottom").setTicks(
                    [[(j + 0.5, str(j + 1)) for j in range(W.shape[1])]])
                self.item.setLabel("bottom", "unit")
            self.title.setText(f"{node}: weights from each input (rows) to each unit "
                               f"(columns); blue +, orange −, max |w| = {np.abs(W).max():.2f}")
        rows, cols = mosaic.shape[:2]
        self.image.setImage(mosaic, autoLevels=False, levels=(0, 255))
        self.image.setRect(QRectF(0, 0, cols, rows))
        self.item.setRange(xRange=(0, cols), yRange=(0, rows), padding=0.01)


register_panel(PanelSpec("first-layer-weights", "First-layer weights", "right",
                         WeightImagesPanel, about=ABOUT))
