"""Compare cells: the same design trained as an RNN, a GRU and an LSTM, side by side.

Pressing *Compare* trains the three versions of the current project (every recurrent layer
switched to the cell; data, sizes, optimizer and seed unchanged) in one worker thread
(:mod:`nnstudio.workers.cell_compare`) and overlays their curves: the training loss (left)
and the test accuracy, or R² for regression (right).

API: :meth:`set_source` (a callable returning the project to compare), :meth:`start`,
:meth:`stop`, :meth:`add_snapshot` (one snapshot, drawn at once), :meth:`show_run` (a
finished run's snapshots drawn once, e.g. exports) and :meth:`shutdown` (joins the thread;
the owner calls it when closing).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtWidgets

from nnstudio.cell_compare import CELL_COLORS, CELL_LABELS, COMPARED_CELLS
from nnstudio.ui.plots import colors
from nnstudio.ui.plots.style import UncrowdedLogAxis, add_margin_legend, style_plot_item
from nnstudio.workers.cell_compare import CellCompareController

DEFAULT_STEPS = 1500


class CompareCellsPanel(QtWidgets.QWidget):
    """Attributes: ``compare_button``, ``stop_button``, ``steps_box`` (QSpinBox),
    ``status`` (QLabel), ``loss_plot`` / ``metric_plot`` (pg.PlotItem), ``loss_curves`` /
    ``metric_curves`` (cell → PlotDataItem), ``controller``."""

    started = QtCore.Signal()
    finished = QtCore.Signal(str)  # "done" | "stopped" | "invalid"

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self._source: Callable | None = None
        self._run_id = None
        self._data: dict[str, dict[str, list]] = {}
        self.task: str | None = None
        self.controller = CellCompareController(self)
        self.controller.snapshot.connect(self.add_snapshot)
        self.controller.state_changed.connect(self._on_state)
        self.controller.failed.connect(self._on_failed)

        self.compare_button = QtWidgets.QPushButton("Compare RNN · GRU · LSTM")
        self.compare_button.setToolTip("Train the current design three times, once with each "
                                       "recurrent cell, on the same data from the same seed")
        self.stop_button = QtWidgets.QPushButton("Stop")
        self.stop_button.setEnabled(False)
        self.steps_box = QtWidgets.QSpinBox()
        self.steps_box.setRange(1, 1_000_000)
        self.steps_box.setSingleStep(100)
        self.steps_box.setValue(DEFAULT_STEPS)
        self.steps_box.setSuffix(" steps")
        self.status = QtWidgets.QLabel("Same data, same seed, same sizes: only the cell differs.")
        row = QtWidgets.QHBoxLayout()
        row.addWidget(self.compare_button)
        row.addWidget(self.steps_box)
        row.addWidget(self.stop_button)
        row.addWidget(self.status, 1)

        self.plot_widget = pg.GraphicsLayoutWidget()
        self.plot_widget.setBackground(colors.BACKGROUND)
        self.loss_plot: pg.PlotItem = self.plot_widget.addPlot(
            row=0, col=0, axisItems={"left": UncrowdedLogAxis("left")})
        self.metric_plot: pg.PlotItem = self.plot_widget.addPlot(row=0, col=1)
        style_plot_item(self.loss_plot, bottom="training step", left="training loss")
        self.loss_plot.setLogMode(y=True)
        style_plot_item(self.metric_plot, bottom="training step", left="test accuracy")
        self.loss_curves: dict[str, pg.PlotDataItem] = {}
        self.metric_curves: dict[str, pg.PlotDataItem] = {}
        legend = add_margin_legend(self.loss_plot, columns=3)
        add_margin_legend(self.metric_plot, columns=3)
        for cell in COMPARED_CELLS:
            pen = pg.mkPen(CELL_COLORS[cell], width=2.5)
            self.loss_curves[cell] = self.loss_plot.plot(pen=pen, name=CELL_LABELS[cell])
            self.metric_curves[cell] = self.metric_plot.plot(pen=pen, name=CELL_LABELS[cell])
        for item in (self.loss_plot, self.metric_plot):
            item.setMenuEnabled(False)
            item.hideButtons()
            item.setDownsampling(auto=True, mode="peak")
            item.setClipToView(True)
        self.legend = legend

        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(row)
        layout.addWidget(self.plot_widget, 1)
        self.compare_button.clicked.connect(self._on_compare_clicked)
        self.stop_button.clicked.connect(self.stop)

    # -- control ---------------------------------------------------------------------------
    def set_source(self, source: Callable | None) -> None:
        """``source()`` returns the project the Compare button compares."""
        self._source = source

    def set_steps(self, steps: int) -> None:
        self.steps_box.setValue(int(steps))

    def _on_compare_clicked(self) -> None:
        if self._source is not None:
            self.start(self._source(), self.steps_box.value())

    def start(self, project, steps: int | None = None) -> None:
        self.clear()
        self.status.setText("Building the three networks…")
        self.compare_button.setEnabled(False)
        self.stop_button.setEnabled(True)
        self.controller.start(project, steps or self.steps_box.value())
        self.started.emit()

    def stop(self) -> None:
        self.controller.stop()

    @property
    def running(self) -> bool:
        return self.controller.running

    def shutdown(self) -> bool:
        return self.controller.shutdown()

    def _on_state(self, state: str) -> None:
        if state == "running":
            return
        self.compare_button.setEnabled(True)
        self.stop_button.setEnabled(False)
        if state in ("done", "stopped"):
            self.status.setText(self._summary(final=True))
        self.finished.emit(state)

    def _on_failed(self, message: str, _details: str) -> None:
        self.status.setText(message)

    # -- drawing ---------------------------------------------------------------------------
    def clear(self) -> None:
        self._data = {}
        self._run_id = None
        for curve in list(self.loss_curves.values()) + list(self.metric_curves.values()):
            curve.setData([], [])

    def add_snapshot(self, snap: dict) -> None:
        for cell in self._record(snap):
            self._draw(cell)
        self.status.setText(self._summary(final=False, steps=snap.get("steps", 0),
                                          target=snap.get("target_steps")))

    def show_run(self, snaps: list[dict]) -> None:
        """Draw a finished run (``CellComparison.run``'s snapshots) in one go: every curve
        set once, the steps box showing the run's target, the summary final."""
        if not snaps:
            return
        changed = set()
        for snap in snaps:
            changed |= self._record(snap)
        for cell in [c for c in self._data if c in changed]:
            self._draw(cell)
        last = snaps[-1]
        target = last.get("target_steps") or last.get("steps")
        if target:
            self.set_steps(target)
        self.status.setText(self._summary(final=True))

    def _record(self, snap: dict) -> set[str]:
        """Add ``snap``'s fresh points to the data; returns the cells that got one."""
        if snap.get("run_id") != self._run_id:
            self.clear()
            self._run_id = snap.get("run_id")
        task = snap.get("task")
        if task != self.task:
            self.task = task
            self.metric_plot.setLabel("left", "test R²" if task == "sequence_regression"
                                      else "test accuracy", color=colors.FOREGROUND)
        changed = set()
        for cell, m in snap["cells"].items():
            if not m.get("metrics_fresh", True):
                continue
            data = self._data.setdefault(cell, {"steps": [], "loss": [], "metric": []})
            if data["steps"] and m["steps"] <= data["steps"][-1]:
                continue
            metric = m.get("test_r2") if task == "sequence_regression" else \
                m.get("test_accuracy")
            data["steps"].append(m["steps"])
            data["loss"].append(_num(m.get("train_loss")))
            data["metric"].append(_num(metric))
            changed.add(cell)
        return changed

    def _draw(self, cell: str) -> None:
        if cell not in self.loss_curves:
            return
        data = self._data[cell]
        x = np.asarray(data["steps"], dtype=float)
        loss = np.asarray(data["loss"])
        ok = np.isfinite(loss) & (loss > 0)
        self.loss_curves[cell].setData(x[ok], loss[ok])
        met = np.asarray(data["metric"])
        keep = np.isfinite(met)
        self.metric_curves[cell].setData(x[keep], met[keep])

    def latest(self) -> dict[str, dict]:
        """cell → {'steps', 'loss', 'metric'} of the last measured point."""
        out = {}
        for cell, data in self._data.items():
            if data["steps"]:
                out[cell] = {"steps": data["steps"][-1], "loss": data["loss"][-1],
                             "metric": data["metric"][-1]}
        return out

    def _summary(self, final: bool, steps: int = 0, target: int | None = None) -> str:
        parts = []
        regression = self.task == "sequence_regression"
        for cell, m in self.latest().items():
            v = m["metric"]
            if not math.isfinite(v):
                value = "–"
            elif regression:
                value = f"R² {v:.3f}"
            else:
                value = f"{100 * v:.1f}%"
            parts.append(f"{CELL_LABELS[cell]} {value}")
        head = "Done" if final else f"Step {steps:,}" + (f" of {target:,}" if target else "")
        return f"{head}: " + " · ".join(parts) if parts else head

    def redraw(self) -> None:
        """Nothing is deferred here; kept for the exporters' common interface."""


def _num(value) -> float:
    return float("nan") if value is None else float(value)
