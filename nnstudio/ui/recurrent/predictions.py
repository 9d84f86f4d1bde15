"""Predictions against targets for one test sequence (or the test set).

* regression, many-to-many (sine): input, target and prediction over time;
* regression, many-to-one (adding): predicted against true value for the test sequences,
  with the diagonal of perfect answers;
* classification, many-to-one (delayed recall, parity): the predicted probability of each
  class, the target's bar outlined;
* classification, many-to-many (running parity, characters): the probability given to
  the correct class at every step.

``set_snapshot(seq)`` takes the ``"sequence"`` part of a training snapshot.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtWidgets

from nnstudio.ui.plots import colors
from nnstudio.ui.plots.style import add_margin_legend, style_plot_item

from .common import show_char, symbol_name

TARGET_COLOR = "#222222"
PREDICTION_COLOR = "#0072B2"
INPUT_COLOR = "#999999"


class PredictionView(QtWidgets.QWidget):
    """Attributes: ``plot_item`` (pg.PlotItem), ``mode`` ('series', 'scatter', 'bars',
    'per_step' or None), ``target_curve`` / ``prediction_curve`` / ``input_curve``,
    ``scatter``, ``bars``, ``title`` (QLabel)."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.mode: str | None = None
        self.seq: dict | None = None
        self.title = QtWidgets.QLabel("Predictions: train a sequence model")
        self.title.setStyleSheet("font-weight: bold")
        self.plot_widget = pg.PlotWidget(background=colors.BACKGROUND)
        self.plot_item: pg.PlotItem = self.plot_widget.getPlotItem()
        self.plot_item.setMenuEnabled(False)
        self.plot_item.hideButtons()
        self.legend = add_margin_legend(self.plot_item, columns=3)
        self.input_curve = pg.PlotDataItem(pen=pg.mkPen(INPUT_COLOR, width=1.5,
                                                        style=pg.QtCore.Qt.PenStyle.DashLine))
        self.target_curve = pg.PlotDataItem(pen=pg.mkPen(TARGET_COLOR, width=2.5),
                                            symbol="o", symbolSize=6,
                                            symbolBrush=TARGET_COLOR, symbolPen=None)
        self.prediction_curve = pg.PlotDataItem(pen=pg.mkPen(PREDICTION_COLOR, width=2.5),
                                                symbol="s", symbolSize=6,
                                                symbolBrush=PREDICTION_COLOR, symbolPen=None)
        self.scatter = pg.ScatterPlotItem(size=7, pen=pg.mkPen("#FFFFFF", width=0.8),
                                          brush=pg.mkBrush(PREDICTION_COLOR))
        self.diagonal = pg.PlotDataItem(pen=pg.mkPen(TARGET_COLOR, width=1.2,
                                                     style=pg.QtCore.Qt.PenStyle.DashLine))
        self.bars = pg.BarGraphItem(x=[], height=[], width=0.7)
        self.texts: list[pg.TextItem] = []
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.plot_widget, 1)

    def clear(self) -> None:
        self._set_mode(None)
        self.seq = None
        self.title.setText("Predictions: train a sequence model")

    def _set_mode(self, mode: str | None) -> None:
        if mode == self.mode:
            return
        for item in (self.input_curve, self.target_curve, self.prediction_curve, self.scatter,
                     self.diagonal, self.bars):
            if item.scene() is not None:
                self.plot_item.removeItem(item)
        self.legend.clear()
        self.plot_item.getAxis("bottom").setTicks(None)
        self.mode = mode
        if mode == "series":
            style_plot_item(self.plot_item, bottom="time step t", left="value")
            for item, name in ((self.input_curve, "input x_t"), (self.target_curve, "target"),
                               (self.prediction_curve, "prediction")):
                self.plot_item.addItem(item)
                self.legend.addItem(item, name)
        elif mode == "per_step":
            style_plot_item(self.plot_item, bottom="time step t",
                            left="P(correct class)")
            self.plot_item.addItem(self.prediction_curve)
            self.legend.addItem(self.prediction_curve, "probability of the target")
        elif mode == "scatter":
            style_plot_item(self.plot_item, bottom="target", left="prediction")
            self.plot_item.addItem(self.diagonal)
            self.plot_item.addItem(self.scatter)
            self.legend.addItem(self.scatter, "test sequences")
            self.legend.addItem(self.diagonal, "perfect")
        elif mode == "bars":
            style_plot_item(self.plot_item, bottom="class", left="predicted probability")
            self.plot_item.addItem(self.bars)

    def _clear_texts(self) -> None:
        for item in self.texts:
            self.plot_item.removeItem(item)
        self.texts = []

    def set_snapshot(self, seq: dict | None) -> None:
        self._clear_texts()
        if not seq:
            self.clear()
            return
        self.seq = seq
        pred = np.asarray(seq["prediction"], dtype=float)
        target = np.asarray(seq["target"])
        example = seq.get("example", 0)
        if seq["task"] == "sequence_regression":
            if seq.get("many_to_many"):
                self._series(seq, pred, target, example)
            else:
                self._scatter(seq)
        elif seq.get("many_to_many"):
            self._per_step(seq, pred, target, example)
        else:
            self._bars(seq, pred, int(target), example)

    def _series(self, seq, pred, target, example) -> None:
        self._set_mode("series")
        x = np.asarray(seq["inputs"], dtype=float)
        t = np.arange(pred.shape[0])
        if x.shape[-1] == 1:
            self.input_curve.setData(t, x[:, 0])
        else:
            self.input_curve.setData([], [])
        self.target_curve.setData(t, target.reshape(len(t), -1)[:, 0])
        self.prediction_curve.setData(t, pred.reshape(len(t), -1)[:, 0])
        err = float(np.sqrt(np.mean((pred.reshape(target.shape) - target) ** 2)))
        self.title.setText(f"Test sequence {example}: next value predicted at every step "
                           f"(RMS error {err:.3f}, step {seq.get('steps', 0):,})")
        self.plot_item.enableAutoRange()

    def _scatter(self, seq) -> None:
        self._set_mode("scatter")
        p = seq.get("test_predictions")
        y = seq.get("test_targets")
        if p is None or y is None:
            return
        p = np.asarray(p, dtype=float).ravel()
        y = np.asarray(y, dtype=float).ravel()
        self.scatter.setData(y, p)
        lo, hi = float(min(y.min(), p.min())), float(max(y.max(), p.max()))
        self.diagonal.setData([lo, hi], [lo, hi])
        err = float(np.sqrt(np.mean((p - y) ** 2)))
        self.title.setText(f"{y.size} test sequences: one answer each (RMS error {err:.3f}, "
                           f"step {seq.get('steps', 0):,})")
        self.plot_item.enableAutoRange()

    def _bars(self, seq, probs, target, example) -> None:
        self._set_mode("bars")
        k = probs.size
        name = symbol_name if seq.get("dataset") == "delayed_recall" else str
        brushes = [pg.mkBrush(colors.class_color(i)) for i in range(k)]
        pens = [pg.mkPen(TARGET_COLOR, width=3) if i == target else pg.mkPen(None)
                for i in range(k)]
        self.bars.setOpts(x=np.arange(k), height=probs, width=0.7, brushes=brushes, pens=pens)
        self.plot_item.getAxis("bottom").setTicks([[(i, name(i)) for i in range(k)]])
        self.plot_item.setXRange(-0.6, k - 0.4, padding=0)
        self.plot_item.setYRange(0, 1.12, padding=0.0)
        guess = int(np.argmax(probs))
        verdict = "right" if guess == target else "wrong"
        self.title.setText(f"Test sequence {example}: target {name(target)}, predicted "
                           f"{name(guess)} with p = {probs[guess]:.2f} ({verdict}; chance "
                           f"{1 / k:.2f}; step {seq.get('steps', 0):,})")
        label = pg.TextItem("target", color=TARGET_COLOR, anchor=(0.5, 1.0))
        label.setPos(target, probs[target] + 0.1)
        self.plot_item.addItem(label)
        self.texts.append(label)

    def _per_step(self, seq, probs, target, example) -> None:
        self._set_mode("per_step")
        target = target.astype(int).ravel()
        T = target.size
        p_correct = probs.reshape(T, -1)[np.arange(T), target]
        self.prediction_curve.setData(np.arange(T), p_correct)
        self.plot_item.setYRange(0, 1, padding=0.02)
        self.plot_item.setXRange(-0.5, T - 0.5, padding=0)
        vocab = seq.get("vocab")
        if vocab:
            ticks = [(t, show_char(vocab[c])) for t, c in enumerate(target)]
            self.plot_item.getAxis("bottom").setTicks([ticks])
            self.plot_item.setLabel("bottom", "time step t (the character to predict)")
        correct = float(np.mean(np.argmax(probs.reshape(T, -1), axis=1) == target))
        self.title.setText(f"Test sequence {example}: probability given to the right answer "
                           f"at every step ({100 * correct:.0f}% right; step "
                           f"{seq.get('steps', 0):,})")
