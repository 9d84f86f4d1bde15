"""The 2-D dataset over the model's decision surface, TensorFlow-Playground style.

Points: train as filled circles with a white rim, test as hollow rings (white fill, class-coloured
outline); coloured by class (orange = 0, blue = 1, then the Okabe-Ito palette) or, for regression,
by value on the same orange → white → blue map. Behind them, the decision surface is an ImageItem
with fixed levels. The surface array contract (shape, orientation, sampling) is documented in
:mod:`nnstudio.ui.plots.grid`; in short ``values[j, i]`` with row 0 at the bottom (y = y_min) and
column 0 at the left (x = x_min), as ``np.meshgrid(xs, ys)`` lays it out.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from pyqtgraph.graphicsItems.ScatterPlotItem import drawSymbol
from PySide6 import QtCore, QtWidgets

from nnstudio.ui.plots import colors
from nnstudio.ui.plots.grid import Extent, check_extent, data_extent
from nnstudio.ui.plots.style import LEGEND_ROW_HEIGHT, add_margin_legend, style_plot_item

TASKS = ("binary", "multiclass", "regression")
_REGRESSION_SHADES = 64  # point colours are quantised so the symbol atlas stays small


LEGEND_SYMBOL_SIZE = 10


class _Sample(pg.ItemSample):
    """Legend sample drawing the item's default symbol at a fixed, readable size.

    ``clickable=True`` keeps pyqtgraph's behaviour (click hides/shows the item)."""

    def __init__(self, item, clickable: bool = True) -> None:
        super().__init__(item)
        self._clickable = clickable

    def paint(self, p, *args) -> None:
        if not self.item.isVisible():
            super().paint(p, *args)  # pyqtgraph's "hidden" eye icon
            return
        opts = self.item.opts
        p.setRenderHint(p.RenderHint.Antialiasing)
        p.translate(10, 11)
        drawSymbol(
            p, opts["symbol"], LEGEND_SYMBOL_SIZE, pg.mkPen(opts["pen"]), pg.mkBrush(opts["brush"])
        )

    def mouseClickEvent(self, event) -> None:
        if self._clickable:
            super().mouseClickEvent(event)
        else:
            event.accept()


class SmoothImageItem(pg.ImageItem):
    """ImageItem drawn with bilinear filtering, so a coarse surface grid looks smooth."""

    def paint(self, painter, *args) -> None:
        painter.setRenderHint(painter.RenderHint.SmoothPixmapTransform, True)
        super().paint(painter, *args)


def _point_size(n_points: int) -> float:
    if n_points <= 400:
        return 9.0
    if n_points <= 1500:
        return 7.0
    return 5.0


class DataView(QtWidgets.QWidget):
    """Scatter of a 2-D dataset over a decision-surface image.

    Attributes: ``plot_widget`` (pg.PlotWidget), ``plot_item`` (pg.PlotItem, for exporters),
    ``surface_item`` (pg.ImageItem), ``train_scatter`` / ``test_scatter`` (pg.ScatterPlotItem),
    ``legend`` (pg.LegendItem).
    """

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self._task = "binary"
        self._extent: Extent = (-1.0, 1.0, -1.0, 1.0)
        self._n_classes = 2
        self._value_levels: tuple[float, float] = (0.0, 1.0)  # regression colour range
        self._class_names: list[str] = []

        self.plot_widget = pg.PlotWidget(background=colors.BACKGROUND)
        self.plot_item: pg.PlotItem = self.plot_widget.getPlotItem()
        style_plot_item(self.plot_item, bottom="x₁", left="x₂", grid=False)
        self.plot_item.setAspectLocked(True, ratio=1.0)
        self.plot_item.setMenuEnabled(False, None)  # keep View All etc. on the view box menu
        self.plot_item.hideButtons()

        self._surface_lut = colors.diverging_lut(256)
        self.surface_item = SmoothImageItem(axisOrder="row-major")  # values[row = y, col = x]
        self.surface_item.setZValue(-10)
        self.plot_item.addItem(self.surface_item)

        self.train_scatter = pg.ScatterPlotItem(
            symbol="o",
            pen=pg.mkPen("#FFFFFF", width=1.0),
            brush=pg.mkBrush("#808080"),
            size=9,
            pxMode=True,
            antialias=True,
            name="train",
        )
        self.test_scatter = pg.ScatterPlotItem(
            symbol="o",
            pen=pg.mkPen("#808080", width=2.0),
            brush=pg.mkBrush("#FFFFFF"),
            size=9,
            pxMode=True,
            antialias=True,
            name="test",
        )
        self.train_scatter.setZValue(1)
        self.test_scatter.setZValue(2)
        self.plot_item.addItem(self.train_scatter)
        self.plot_item.addItem(self.test_scatter)

        self.legend: pg.LegendItem | None = None
        self._class_samples: list[pg.ScatterPlotItem] = []
        self._rebuild_legend()

        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot_widget)
        self._apply_extent()

    # ------------------------------------------------------------------ properties
    @property
    def task(self) -> str:
        return self._task

    @property
    def extent(self) -> Extent:
        return self._extent

    @property
    def n_classes(self) -> int:
        return self._n_classes

    def is_test_shown(self) -> bool:
        return self.test_scatter.isVisible()

    # ------------------------------------------------------------------ dataset
    def set_dataset(
        self,
        X_train: np.ndarray,
        y_train: np.ndarray,
        X_test: np.ndarray | None = None,
        y_test: np.ndarray | None = None,
        task: str = "binary",
        extent: Sequence[float] | None = None,
        class_names: Sequence[str] | None = None,
        n_classes: int | None = None,
    ) -> None:
        """Show a dataset: ``X_*`` are (n, 2); ``y_*`` are class indices (n,) or one-hot (n, k)
        for "binary"/"multiclass", values (n,) or (n, 1) for "regression". ``extent`` is
        ``(x_min, x_max, y_min, y_max)``; the view shows it (default: the data plus a margin).
        ``n_classes`` defaults to the one-hot width or the largest label + 1 (at least 2);
        ``class_names`` label the legend (default "class 0", "class 1", ...). Points with
        non-finite coordinates are not drawn. Clears the surface (it belonged to the previous
        dataset)."""
        if task not in TASKS:
            raise ValueError(f"task must be one of {TASKS}, got {task!r}")
        X_train = self._points(X_train)
        X_test = self._points(X_test) if X_test is not None else np.empty((0, 2))
        if task == "regression":
            t_train = self._values(y_train, len(X_train))
            t_test = self._values(y_test, len(X_test))
        else:
            t_train = self._labels(y_train, len(X_train))
            t_test = self._labels(y_test, len(X_test))
        ok_train = np.all(np.isfinite(X_train), axis=1)
        ok_test = np.all(np.isfinite(X_test), axis=1)
        X_train, t_train, X_test, t_test = (
            X_train[ok_train],
            t_train[ok_train],
            X_test[ok_test],
            t_test[ok_test],
        )
        self._task = task
        self._extent = check_extent(extent) if extent is not None else data_extent(X_train, X_test)

        size = _point_size(len(X_train) + len(X_test))
        if task == "regression":
            self._value_levels = self._symmetric_levels(np.concatenate([t_train, t_test]))
            self._n_classes = 0
            self._style_points(regression=True)
            self.train_scatter.setData(pos=X_train, brush=self._value_brushes(t_train), size=size)
            self.test_scatter.setData(pos=X_test, brush=self._value_brushes(t_test), size=size)
        else:
            present = np.concatenate([t_train, t_test])
            k = int(present.max()) + 1 if present.size else 2
            for y in (y_train, y_test):
                if y is not None and np.ndim(y) == 2 and np.shape(y)[1] > 1:
                    k = max(k, np.shape(y)[1])  # one-hot width
            if n_classes is not None:
                k = max(k, int(n_classes))
            self._n_classes = max(2, k)
            brushes = [pg.mkBrush(colors.class_color(c)) for c in range(self._n_classes)]
            pens = [pg.mkPen(colors.class_color(c), width=2.0) for c in range(self._n_classes)]
            self._style_points(regression=False)
            self.train_scatter.setData(pos=X_train, brush=[brushes[c] for c in t_train], size=size)
            self.test_scatter.setData(pos=X_test, pen=[pens[c] for c in t_test], size=size)

        self._class_names = list(class_names) if class_names is not None else []
        self._rebuild_legend()
        self.clear_surface()
        self._apply_extent()

    def clear(self) -> None:
        """Remove points and surface."""
        self.train_scatter.clear()
        self.test_scatter.clear()
        self.clear_surface()

    @QtCore.Slot(bool)
    def show_test(self, show: bool) -> None:
        """Show or hide the test points."""
        self.test_scatter.setVisible(bool(show))

    # ------------------------------------------------------------------ surface
    def set_surface(self, values: np.ndarray, extent: Sequence[float] | None = None) -> None:
        """Draw the model's output over the plane (see :mod:`nnstudio.ui.plots.grid`).

        ``values``: (ny, nx) probability of class 1 (binary) or predicted value (regression);
        (ny, nx, k) class probabilities (multiclass). ``values[j, i]`` belongs to the cell
        centred at ``x = x_min + (i + .5)·w/nx``, ``y = y_min + (j + .5)·h/ny`` (row 0 at the
        bottom, column 0 at the left), as ``np.meshgrid(xs, ys)`` produces. ``extent`` defaults
        to the dataset's. NaN cells are transparent.
        """
        values = np.asarray(values, dtype=float)
        x0, x1, y0, y1 = check_extent(extent) if extent is not None else self._extent
        rect = QtCore.QRectF(x0, y0, x1 - x0, y1 - y0)
        if values.ndim == 3:
            if values.shape[2] == 1:
                values = values[:, :, 0]
            else:
                rgba = self._multiclass_rgba(values)
                self.surface_item.setImage(
                    rgba, autoLevels=False, levels=(0, 255), lut=None, rect=rect
                )
                self.surface_item.setVisible(True)
                return
        if values.ndim != 2:
            raise ValueError(f"surface must be (ny, nx) or (ny, nx, k), got shape {values.shape}")
        # Fixed levels: probabilities always map 0..1 (values by the dataset's range), so the
        # colours mean the same thing at every step instead of being re-stretched per frame.
        levels = self._value_levels if self._task == "regression" else (0.0, 1.0)
        self.surface_item.setImage(
            values, autoLevels=False, levels=levels, lut=self._surface_lut, rect=rect
        )
        self.surface_item.setVisible(True)

    def clear_surface(self) -> None:
        """Remove the surface image (e.g. before the first training step)."""
        self.surface_item.clear()
        self.surface_item.setVisible(False)

    def surface_rgba(self, values: np.ndarray) -> np.ndarray:
        """The colours a surface would be drawn with, as (ny, nx, 4) uint8 (for tests/exports)."""
        values = np.asarray(values, dtype=float)
        if values.ndim == 3 and values.shape[2] > 1:
            return self._multiclass_rgba(values)
        if values.ndim == 3:
            values = values[:, :, 0]
        lo, hi = self._value_levels if self._task == "regression" else (0.0, 1.0)
        t = (values - lo) / (hi - lo)
        rgb = colors.map_diverging(t, colors.SURFACE_STRENGTH)
        alpha = np.full(values.shape + (1,), 255.0)
        return np.concatenate([rgb, alpha], axis=2).round().astype(np.uint8)

    # ------------------------------------------------------------------ helpers
    def _style_points(self, regression: bool) -> None:
        """Default pens/brushes: what per-point colours don't override, and what the legend shows.

        Classification: train = class-coloured fill + white rim; test = white fill + class ring.
        Regression (colour = value, which may be near white): train = value fill + thin grey rim;
        test = value fill + thick dark ring."""
        grey = "#808080"
        if regression:
            self.train_scatter.setPen(pg.mkPen(colors.VALUE_RIM, width=0.8), update=False)
            self.train_scatter.setBrush(pg.mkBrush(grey), update=False)
            self.test_scatter.setPen(pg.mkPen(colors.FOREGROUND, width=1.5), update=False)
            self.test_scatter.setBrush(pg.mkBrush(grey), update=False)
        else:
            self.train_scatter.setPen(pg.mkPen(colors.POINT_RIM, width=1.0), update=False)
            self.train_scatter.setBrush(pg.mkBrush(grey), update=False)
            self.test_scatter.setPen(pg.mkPen(grey, width=2.0), update=False)
            self.test_scatter.setBrush(pg.mkBrush("#FFFFFF"), update=False)

    def _apply_extent(self) -> None:
        x0, x1, y0, y1 = self._extent
        self.plot_item.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)

    def _multiclass_rgba(self, probs: np.ndarray) -> np.ndarray:
        """Argmax class colour, blended toward white as confidence falls to chance (1/k)."""
        k = probs.shape[2]
        finite = np.all(np.isfinite(probs), axis=2)
        p = np.where(finite[..., None], probs, 0.0)
        cls = np.argmax(p, axis=2)
        conf = np.take_along_axis(p, cls[..., None], axis=2)[..., 0]
        t = np.clip((conf - 1.0 / k) / (1.0 - 1.0 / k), 0.0, 1.0)[..., None]
        table = colors.class_rgb_table(max(k, self._n_classes))
        white = np.array([255.0, 255.0, 255.0])
        rgb = white + (table[cls] - white) * (t * colors.SURFACE_STRENGTH)
        alpha = np.where(finite, 255.0, 0.0)[..., None]
        return np.concatenate([rgb, alpha], axis=2).round().astype(np.uint8)

    @staticmethod
    def _points(X) -> np.ndarray:
        X = np.asarray(X, dtype=float)
        if X.ndim != 2 or X.shape[1] != 2:
            raise ValueError(f"points must have shape (n, 2), got {X.shape}")
        return X

    @staticmethod
    def _labels(y, n: int) -> np.ndarray:
        if y is None:
            return np.zeros(n, dtype=int)
        y = np.asarray(y)
        if y.ndim == 2 and y.shape[1] > 1:  # one-hot
            y = np.argmax(y, axis=1)
        y = np.rint(np.asarray(y, dtype=float).reshape(-1)).astype(int)
        if y.shape[0] != n:
            raise ValueError(f"{y.shape[0]} labels for {n} points")
        return np.clip(y, 0, None)

    @staticmethod
    def _values(y, n: int) -> np.ndarray:
        if y is None:
            return np.zeros(n)
        y = np.asarray(y, dtype=float).reshape(-1)
        if y.shape[0] != n:
            raise ValueError(f"{y.shape[0]} targets for {n} points")
        return y

    @staticmethod
    def _symmetric_levels(v: np.ndarray) -> tuple[float, float]:
        v = v[np.isfinite(v)]
        if not v.size:
            return (-1.0, 1.0)
        lo, hi = float(v.min()), float(v.max())
        if lo < 0 < hi:  # diverging map centred on 0 (white)
            m = max(-lo, hi)
            return (-m, m)
        if math.isclose(lo, hi):
            return (lo - 1.0, hi + 1.0)
        return (lo, hi)

    def _value_brushes(self, v: np.ndarray) -> list:
        lo, hi = self._value_levels
        t = np.round((v - lo) / (hi - lo) * (_REGRESSION_SHADES - 1)) / (_REGRESSION_SHADES - 1)
        rgb = colors.map_diverging(t).round().astype(int)
        cache: dict[tuple[int, int, int], object] = {}
        out = []
        for r, g, b in rgb:
            key = (int(r), int(g), int(b))
            if key not in cache:
                cache[key] = pg.mkBrush(*key)
            out.append(cache[key])
        return out

    def _rebuild_legend(self) -> None:
        # A fresh legend each time: pyqtgraph's grid layout does not shrink after clear().
        if self.legend is not None:
            self.legend.clear()
            scene = self.legend.scene()
            self.legend.setParentItem(None)
            if scene is not None:
                scene.removeItem(self.legend)
        self._class_samples = []
        entries: list[tuple[object, str]] = []
        if self._task != "regression":
            for c in range(self._n_classes):
                sample = pg.ScatterPlotItem(
                    symbol="o",
                    pen=pg.mkPen(colors.POINT_RIM, width=1.0),
                    brush=pg.mkBrush(colors.class_color(c)),
                    antialias=True,
                )
                self._class_samples.append(sample)  # keep alive; never added to the scene
                name = self._class_names[c] if c < len(self._class_names) else f"class {c}"
                entries.append((_Sample(sample, clickable=False), name))
        else:  # a two-swatch colour key for the value scale
            lo, hi = self._value_levels
            for value, color in ((lo, colors.CLASS_0), (hi, colors.CLASS_1)):
                sample = pg.ScatterPlotItem(
                    symbol="o",
                    pen=pg.mkPen(colors.VALUE_RIM, width=0.8),
                    brush=pg.mkBrush(color),
                    antialias=True,
                )
                self._class_samples.append(sample)
                entries.append((_Sample(sample, clickable=False), f"{value:.3g}"))
        entries.append((_Sample(self.train_scatter), "train"))
        entries.append((_Sample(self.test_scatter), "test"))
        columns = len(entries) if len(entries) <= 6 else math.ceil(len(entries) / 2)
        self.legend = add_margin_legend(self.plot_item, columns=columns)
        for item, name in entries:
            self.legend.addItem(item, name)
        rows = math.ceil(len(entries) / columns)
        self.plot_item.layout.setRowFixedHeight(0, LEGEND_ROW_HEIGHT * rows)
