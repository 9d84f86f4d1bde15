"""The Code space panel of an autoencoder: what the bottleneck keeps.

An autoencoder is trained to give back its input through a narrow layer, without labels.
Left: every test point placed at its code (the two numbers of the bottleneck layer), coloured
by its class — classes that form their own regions show that the code kept what tells them
apart. Right: a few inputs (top) and their reconstructions (bottom), as images for digits and
as profiles across the inputs otherwise.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from nnstudio.ui.panels.registry import PanelSpec, register_panel
from nnstudio.ui.plots import colors

from .common import make_plot, muted_label

ABOUT = (
    "Code space (autoencoders). The network learns to reproduce its input through a narrow "
    "bottleneck layer, without labels. Left: each test point at its 2-D code, coloured by its "
    "class (the classes were not used in training). Right: inputs and their reconstructions."
)


def image_strip(inputs: np.ndarray, outputs: np.ndarray, shape: tuple[int, int],
                pad: int = 1) -> np.ndarray:
    """Two rows of images (inputs above, reconstructions below) in one ink array (row 0 at
    the top), values clipped to 0..1, padding 0.1 (drawn light grey)."""
    h, w = shape
    n = len(inputs)
    strip = np.full((2 * h + 3 * pad, n * (w + pad) + pad), 0.1)
    for k in range(n):
        x = pad + k * (w + pad)
        strip[pad:pad + h, x:x + w] = np.clip(inputs[k].reshape(h, w), 0, 1)
        strip[2 * pad + h:2 * pad + 2 * h, x:x + w] = np.clip(outputs[k].reshape(h, w), 0, 1)
    return strip


def class_symbol(k: int) -> str:
    """Circles for the first palette's worth of classes, then triangles, then squares (the
    colours repeat after eight classes; the digits have ten)."""
    return ("o", "t", "s")[(k // len(colors.OKABE_ITO)) % 3]


class LatentPanel(QWidget):
    def __init__(self, window=None) -> None:
        super().__init__()
        self.window = window
        self.class_names: list[str] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.title = muted_label("An autoencoder (dataset option 'Autoencoder') shows its code "
                                 "space here.")
        layout.addWidget(self.title)
        row = QHBoxLayout()
        self.codes_plot = make_plot("code 1", "code 2")
        self.codes_item = self.codes_plot.getPlotItem()
        self.scatter = pg.ScatterPlotItem(size=7, pen=pg.mkPen("#FFFFFF", width=0.6),
                                          antialias=True)
        self.codes_item.addItem(self.scatter)
        self.legend = self.codes_item.addLegend(offset=(-6, 6), labelTextColor=colors.FOREGROUND)
        self._legend_keys: list[str] = []
        row.addWidget(self.codes_plot, 3)
        self.recon_plot = make_plot(grid=False)
        self.recon_item = self.recon_plot.getPlotItem()
        self.recon_item.setTitle("inputs (top) and reconstructions", size="9pt",
                                 color=colors.FOREGROUND)
        self.recon_image = pg.ImageItem(axisOrder="row-major")
        row.addWidget(self.recon_plot, 2)
        layout.addLayout(row, 1)

    def on_dataset(self, payload: dict) -> None:
        self.class_names = list(payload.get("class_names") or [])

    def on_snapshot(self, snap: dict) -> None:
        latent = (snap.get("inside") or {}).get("latent")
        if latent is not None:
            self.show_latent(latent)

    def show_latent(self, latent: dict) -> None:
        codes = np.asarray(latent["codes"], dtype=np.float64)
        labels = latent.get("labels")
        labels = np.zeros(len(codes), int) if labels is None else np.asarray(labels, int)
        table = [pg.mkBrush(colors.class_color(c)) for c in range(max(int(labels.max()) + 1, 1))]
        symbols = [class_symbol(c) for c in range(len(table))]
        self.scatter.setData(pos=codes, brush=[table[c] for c in labels],
                             symbol=[symbols[c] for c in labels])
        k = len(table)
        names = self.class_names if len(self.class_names) >= k else [str(c) for c in range(k)]
        if self._legend_keys != names[:k]:
            self.legend.clear()
            self._legend_keys = names[:k]
            for c in range(k):
                sample = pg.ScatterPlotItem(brush=table[c], pen=pg.mkPen("#FFFFFF"), size=8,
                                            symbol=symbols[c])
                self.legend.addItem(sample, names[c])
        units = latent.get("units", 2)
        self.title.setText(f"Codes of {len(codes):,} test points at the bottleneck "
                           f"'{latent['node']}' ({units} units), coloured by class")
        self._reconstructions(np.asarray(latent["inputs"]), np.asarray(latent["outputs"]),
                              latent.get("image_shape"))

    def _reconstructions(self, inputs: np.ndarray, outputs: np.ndarray, shape) -> None:
        item = self.recon_item
        item.clear()
        if shape is not None:
            strip = image_strip(inputs, outputs, tuple(shape))
            grey = (255 * (1.0 - strip)).round().astype(np.uint8)  # ink dark on white
            self.recon_image.setImage(grey, autoLevels=False, levels=(0, 255))
            self.recon_image.setRect(QRectF(0, 0, strip.shape[1], strip.shape[0]))
            item.addItem(self.recon_image)
            item.invertY(True)
            item.setAspectLocked(True)
            item.hideAxis("left")
            item.hideAxis("bottom")
            item.setRange(xRange=(0, strip.shape[1]), yRange=(0, strip.shape[0]), padding=0)
            return
        item.invertY(False)
        item.setAspectLocked(False)
        item.showAxis("left")
        item.showAxis("bottom")
        item.setLabel("bottom", "input", color=colors.FOREGROUND)
        x = np.arange(inputs.shape[1])
        for k in range(min(len(inputs), 4)):
            color = colors.class_color(k + 2)
            item.plot(x, inputs[k], pen=pg.mkPen(color, width=2), symbol="o", symbolSize=5,
                      symbolBrush=color, symbolPen=None)
            item.plot(x, outputs[k], pen=pg.mkPen(color, width=1.5, style=Qt.PenStyle.DashLine))


register_panel(PanelSpec("latent", "Code space", "right", LatentPanel, about=ABOUT))
