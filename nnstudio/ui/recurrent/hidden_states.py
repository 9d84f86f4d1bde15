"""Hidden-state heatmap: every unit of a recurrent layer (rows) over time (columns).

Above it, the input sequence on the same time axis (a curve for one input, a strip of
one-hot symbols or values otherwise, the characters for text), so one sees what the units
respond to. The quantity can be switched to the LSTM's cell state c_t or to any gate
(LSTM: input, forget, candidate, output; GRU: reset, update, candidate). Colours: tanh
values and states orange (−) → white (0) → blue (+), gates (0..1) white → blue, with fixed
levels where the range is known.

``set_snapshot(seq)`` takes the ``"sequence"`` part of a training snapshot.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtWidgets

from nnstudio.ui.plots import colors
from nnstudio.ui.plots.style import style_plot_item

from .common import (
    GATE_LABELS,
    diverging_lut,
    input_labels,
    layer_title,
    sequential_lut,
    symbol_name,
    value_levels,
)

QUANTITY_LABELS = {"hidden": "hidden state s_t", "cell_state": "cell state c_t"}


class HiddenStateView(QtWidgets.QWidget):
    """Attributes: ``layer_box`` and ``quantity_box`` (QComboBox), ``plot_widget``
    (pg.GraphicsLayoutWidget), ``input_plot`` / ``state_plot`` (pg.PlotItem), ``image``
    (pg.ImageItem), ``colorbar`` (pg.ColorBarItem)."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.seq: dict | None = None
        self.layer_box = QtWidgets.QComboBox()
        self.layer_box.setToolTip("The recurrent layer shown")
        self.quantity_box = QtWidgets.QComboBox()
        self.quantity_box.setToolTip("Hidden state, cell state (LSTM) or a gate")
        self.title = QtWidgets.QLabel()
        self.title.setStyleSheet("font-weight: bold")
        top = QtWidgets.QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(QtWidgets.QLabel("Layer"))
        top.addWidget(self.layer_box)
        top.addWidget(QtWidgets.QLabel("Show"))
        top.addWidget(self.quantity_box)

        self.plot_widget = pg.GraphicsLayoutWidget()
        self.plot_widget.setBackground(colors.BACKGROUND)
        self.input_plot: pg.PlotItem = self.plot_widget.addPlot(row=0, col=0)
        self.state_plot: pg.PlotItem = self.plot_widget.addPlot(row=1, col=0)
        self.plot_widget.ci.layout.setRowStretchFactor(0, 1)
        self.plot_widget.ci.layout.setRowStretchFactor(1, 4)
        style_plot_item(self.input_plot, bottom="", left="input x_t", grid=False)
        style_plot_item(self.state_plot, bottom="time step t", left="unit", grid=False)
        for item in (self.input_plot, self.state_plot):
            item.setMenuEnabled(False)
            item.hideButtons()
            item.getViewBox().setMouseEnabled(x=False, y=False)
        self.input_plot.setXLink(self.state_plot)
        self.state_plot.getViewBox().invertY(True)  # unit 0 at the top
        self.image = pg.ImageItem(axisOrder="row-major")
        self.state_plot.addItem(self.image)
        self.input_image = pg.ImageItem(axisOrder="row-major")
        self.input_curve = pg.PlotDataItem(pen=pg.mkPen(colors.FOREGROUND, width=2),
                                           symbol="o", symbolSize=5,
                                           symbolBrush=colors.FOREGROUND, symbolPen=None)
        self.input_plot.addItem(self.input_image)
        self.input_plot.addItem(self.input_curve)
        self.input_text: list[pg.TextItem] = []
        self.colorbar = pg.ColorBarItem(values=(-1, 1), width=14, interactive=False,
                                        colorMap=colors.diverging_colormap(1.0))
        self.colorbar.setImageItem(self.image)
        # the colour bar in its own column, so the two plots keep the same width and their
        # time axes line up
        self.plot_widget.addItem(self.colorbar, row=1, col=1)
        for item in (self.input_plot, self.state_plot):
            item.getAxis("left").setWidth(64)

        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.plot_widget, 1)
        self.layer_box.currentIndexChanged.connect(self._on_layer_changed)
        self.quantity_box.currentIndexChanged.connect(lambda _i: self._redraw())

    # -- data ------------------------------------------------------------------------------
    def set_snapshot(self, seq: dict | None) -> None:
        old_layers = self._layer_ids()
        self.seq = seq
        layers = self._layer_ids()
        if layers != old_layers:
            self.layer_box.blockSignals(True)
            self.layer_box.clear()
            for record in (seq or {}).get("layers", []):
                self.layer_box.addItem(layer_title(record), record["node_id"])
            self.layer_box.blockSignals(False)
            self._fill_quantities()
        self._draw_inputs()
        self._redraw()

    def clear(self) -> None:
        self.set_snapshot(None)

    def _layer_ids(self) -> list[str]:
        return [r["node_id"] for r in (self.seq or {}).get("layers", [])]

    def current_record(self) -> dict | None:
        if not self.seq or not self.seq.get("layers"):
            return None
        i = max(0, self.layer_box.currentIndex())
        return self.seq["layers"][min(i, len(self.seq["layers"]) - 1)]

    def set_quantity(self, name: str) -> None:
        """'hidden', 'cell_state' or a gate name (when the layer has it)."""
        index = self.quantity_box.findData(name)
        if index >= 0:
            self.quantity_box.setCurrentIndex(index)

    def _on_layer_changed(self, _index: int) -> None:
        self._fill_quantities()
        self._redraw()

    def _fill_quantities(self) -> None:
        record = self.current_record()
        current = self.quantity_box.currentData()
        self.quantity_box.blockSignals(True)
        self.quantity_box.clear()
        if record is not None:
            self.quantity_box.addItem(QUANTITY_LABELS["hidden"], "hidden")
            if record.get("cell_state") is not None:
                self.quantity_box.addItem(QUANTITY_LABELS["cell_state"], "cell_state")
            for gate in record.get("gates", {}):
                self.quantity_box.addItem(GATE_LABELS.get(gate, gate), gate)
            index = self.quantity_box.findData(current)
            self.quantity_box.setCurrentIndex(max(index, 0))
        self.quantity_box.blockSignals(False)

    def values(self) -> tuple[str, np.ndarray] | None:
        """(quantity, array (T, units)) currently shown."""
        record = self.current_record()
        if record is None:
            return None
        name = self.quantity_box.currentData() or "hidden"
        if name == "hidden":
            data = record["hidden"]
        elif name == "cell_state":
            data = record["cell_state"]
        else:
            data = record["gates"][name]
        return name, np.asarray(data, dtype=float)

    # -- drawing ---------------------------------------------------------------------------
    def _draw_inputs(self) -> None:
        for item in self.input_text:
            self.input_plot.removeItem(item)
        self.input_text = []
        self.input_image.clear()
        self.input_curve.setData([], [])
        if not self.seq:
            return
        x = np.asarray(self.seq["inputs"], dtype=float)
        T, n_in = x.shape
        labels = input_labels(self.seq)
        self.input_plot.getViewBox().invertY(False)
        if labels is not None:  # text: the characters on the time axis
            for t, ch in enumerate(labels):
                item = pg.TextItem(ch, color=colors.FOREGROUND, anchor=(0.5, 0.5))
                item.setPos(t, 0.5)
                self.input_plot.addItem(item)
                self.input_text.append(item)
            self.input_plot.setYRange(0, 1, padding=0)
            self.input_plot.getAxis("left").setTicks([[]])
            return
        if n_in == 1:
            self.input_curve.setData(np.arange(T), x[:, 0])
            self.input_plot.getAxis("left").setTicks(None)
            self.input_plot.enableAutoRange(axis="y")
            return
        level = float(np.max(np.abs(x))) or 1.0
        self.input_image.setImage(x.T, levels=(-level, level), lut=diverging_lut())
        self.input_image.setRect(QtCore.QRectF(-0.5, -0.5, T, n_in))
        self.input_plot.getViewBox().invertY(True)
        self.input_plot.setYRange(-0.5, n_in - 0.5, padding=0)
        if self.seq.get("dataset") == "delayed_recall":
            ticks = [(k, symbol_name(k)) for k in range(n_in)]
        else:
            ticks = [(k, str(k)) for k in range(n_in)] if n_in <= 8 else None
        self.input_plot.getAxis("left").setTicks(None if ticks is None else [ticks])

    def _redraw(self) -> None:
        shown = self.values()
        record = self.current_record()
        if shown is None or record is None:
            self.image.clear()
            self.title.setText("No recurrent layer")
            return
        name, data = shown
        T, units = data.shape
        lo, hi, kind = value_levels(name, data)
        self.image.setImage(data.T, levels=(lo, hi),
                            lut=sequential_lut() if kind == "sequential" else diverging_lut())
        self.image.setRect(QtCore.QRectF(-0.5, -0.5, T, units))
        self.colorbar.setLevels((lo, hi))
        self.colorbar.setColorMap(pg.ColorMap(np.linspace(0, 1, 256),
                                              (sequential_lut() if kind == "sequential"
                                               else diverging_lut())[:, :3]))
        self.state_plot.setXRange(-0.5, T - 0.5, padding=0)
        self.state_plot.setYRange(-0.5, units - 0.5, padding=0)
        label = QUANTITY_LABELS.get(name) or GATE_LABELS.get(name, name)
        direction = ""
        if record.get("bidirectional"):
            H = int(record["units"])
            direction = f" — units 0–{H - 1} read forwards, {H}–{2 * H - 1} backwards"
        self.title.setText(f"{layer_title(record)}: {label} of test sequence "
                           f"{self.seq.get('example', 0)}{direction}")
        self.state_plot.setLabel("left", f"unit ({label})", color=colors.FOREGROUND)
