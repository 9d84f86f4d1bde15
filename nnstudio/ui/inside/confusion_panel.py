"""The Confusion matrix panel: which classes the network mixes up.

Row i, column j counts the test points of true class i that the network puts in class j (the
training points when there is no test set); the diagonal is what it gets right. Cells are
shaded by the share of their row, so a weak class shows as a pale diagonal cell with a darker
one beside it.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QVBoxLayout, QWidget

from nnstudio.ui.panels.registry import PanelSpec, register_panel
from nnstudio.ui.plots import colors

from .common import make_plot, muted_label

ABOUT = (
    "Confusion matrix. Row = the true class, column = the class the network predicts, on the "
    "test set. The diagonal counts the right answers; a large off-diagonal cell shows two "
    "classes the network confuses. Shading is the share of the row."
)
_BLUE = np.array([0.0, 114.0, 178.0])


def shade(matrix: np.ndarray) -> np.ndarray:
    """Row-normalised shares → (k, k, 3) uint8 white-to-blue (rows without points: white)."""
    m = np.asarray(matrix, dtype=np.float64)
    rows = m.sum(axis=1, keepdims=True)
    share = np.divide(m, rows, out=np.zeros_like(m), where=rows > 0)
    white = np.array([255.0, 255.0, 255.0])
    return (white + (_BLUE - white) * share[..., None] * 0.9).round().astype(np.uint8)


class ConfusionPanel(QWidget):
    def __init__(self, window=None) -> None:
        super().__init__()
        self.window = window
        self.class_names: list[str] = []
        self.matrix: np.ndarray | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.title = muted_label("A classification task shows its confusion matrix here.")
        layout.addWidget(self.title)
        self.plot = make_plot("predicted class", "true class", grid=False)
        self.item = self.plot.getPlotItem()
        self.item.invertY(True)
        self.item.setAspectLocked(True)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.item.addItem(self.image)
        self.texts: list[pg.TextItem] = []
        layout.addWidget(self.plot, 1)

    def on_dataset(self, payload: dict) -> None:
        self.class_names = list(payload.get("class_names") or [])

    def on_project_replaced(self) -> None:
        self.matrix = None

    def on_snapshot(self, snap: dict) -> None:
        if snap.get("diverged"):  # no predictions from non-finite weights: say so, not the
            self.show_diverged(int(snap.get("steps", 0)))  # last matrix as if it were now
            return
        inside = snap.get("inside") or {}
        matrix = inside.get("confusion")
        if matrix is None:
            return
        self.show_matrix(np.asarray(matrix), inside.get("confusion_split", "test"))

    def show_diverged(self, step: int) -> None:
        self.matrix = None
        self.image.clear()
        for text in self.texts:
            self.item.removeItem(text)
        self.texts = []
        self.title.setText(f"Training diverged at step {step:,}: the network predicts nothing "
                           "(its weights are not finite). Lower the learning rate and Reset.")

    def show_matrix(self, matrix: np.ndarray, split: str = "test") -> None:
        k = matrix.shape[0]
        self.matrix = matrix
        names = self.class_names if len(self.class_names) == k else [str(i) for i in range(k)]
        self.image.setImage(shade(matrix), autoLevels=False, levels=(0, 255),
                            rect=QRectF(-0.5, -0.5, k, k))
        if len(self.texts) != k * k:
            for text in self.texts:
                self.item.removeItem(text)
            self.texts = []
            for i in range(k):
                for j in range(k):
                    text = pg.TextItem(anchor=(0.5, 0.5))
                    text.setPos(j, i)
                    self.item.addItem(text)
                    self.texts.append(text)
        rows = matrix.sum(axis=1)
        for i in range(k):
            for j in range(k):
                dark = rows[i] > 0 and matrix[i, j] / rows[i] > 0.55
                self.texts[i * k + j].setText(str(int(matrix[i, j])),
                                              color="#FFFFFF" if dark else colors.FOREGROUND)
        ticks = [[(i, names[i]) for i in range(k)]]
        self.item.getAxis("bottom").setTicks(ticks)
        self.item.getAxis("left").setTicks(ticks)
        self.item.setRange(xRange=(-0.5, k - 0.5), yRange=(-0.5, k - 0.5), padding=0.02)
        total = int(matrix.sum())
        right = int(np.trace(matrix))
        accuracy = right / total if total else float("nan")
        self.title.setText(f"{split.capitalize()} set: {right:,} of {total:,} right "
                           f"({100 * accuracy:.1f} %)")


register_panel(PanelSpec("confusion", "Confusion matrix", "right", ConfusionPanel, about=ABOUT))
