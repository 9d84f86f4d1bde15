"""What the data view shows for every kind of data, and one neuron instead of the network.

:class:`DataModes` rides along a :class:`~nnstudio.ui.plots.data_view.DataView` (one per view,
from :func:`modes_of`) and picks its picture from the dataset payload:

* **plane** (2-D inputs, with or without extra features): the points over the decision or
  value surface, as before; extra feature columns are left out of the picture;
* **curve** (1-D inputs): x against y, the targets as points and the network's fitted curve
  drawn live (and a clicked neuron's output as a dashed curve);
* **projection** (more inputs: iris, digits, CSV tables): the points on their first two
  principal components, coloured by class — the network sees every input, the picture only
  two directions;
* **none** (sequences): the view is cleared with a note.

A neuron clicked on the canvas (:meth:`show_neuron`) replaces the network's output by that
neuron's output over the plane, with a "Network output" button to go back.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtWidgets

from nnstudio.ui.plots import colors
from nnstudio.ui.plots.grid import data_extent

_LABEL_STYLE = {"color": colors.FOREGROUND, "font-size": "10pt"}


def modes_of(view) -> DataModes:
    """The :class:`DataModes` of ``view`` (made on first use)."""
    modes = getattr(view, "_inside_modes", None)
    if modes is None:
        modes = DataModes(view)
        view._inside_modes = modes
    return modes


def show_dataset(view, payload: dict) -> None:
    """Show ``payload`` (TrainingSession.dataset_payload) in ``view``, whatever its shape."""
    modes_of(view).show_dataset(payload)


def pca_2d(X: np.ndarray, *others: np.ndarray) -> list[np.ndarray]:
    """Project X (and others) on X's first two principal components: list of (n, 2)."""
    X = np.asarray(X, dtype=np.float64)
    mean = X.mean(axis=0) if len(X) else np.zeros(X.shape[1])
    centred = X - mean
    if len(X) >= 2 and X.shape[1] >= 2:
        _, _, vt = np.linalg.svd(centred, full_matrices=False)
        basis = vt[:2].T
        # a fixed sign per component, so the picture does not flip between runs
        signs = np.sign(basis[np.argmax(np.abs(basis), axis=0), [0, 1]])
        basis = basis * np.where(signs == 0, 1.0, signs)
    else:
        basis = np.eye(X.shape[1], 2)
    return [(np.asarray(a, dtype=np.float64) - mean) @ basis for a in (X, *others)]


class DataModes(QtCore.QObject):
    #: the view went back to the network's output (the "Network output" button)
    neuron_cleared = QtCore.Signal()

    def __init__(self, view) -> None:
        super().__init__(view)
        self.view = view
        self.mode = "plane"
        self.payload: dict | None = None
        self.selected: tuple[str, int] | None = None
        self._last_snapshot: dict | None = None
        plot = view.plot_item
        self.fit_curve = pg.PlotDataItem(pen=pg.mkPen(colors.TEST_COLOR, width=2.5), name="fit")
        self.neuron_curve = pg.PlotDataItem(
            pen=pg.mkPen(colors.FOREGROUND, width=1.6, style=QtCore.Qt.PenStyle.DashLine))
        for item in (self.fit_curve, self.neuron_curve):
            item.setZValue(5)
            item.setVisible(False)
            plot.addItem(item)
        self.note = QtWidgets.QLabel(view.plot_widget)
        self.note.setStyleSheet("QLabel { background: rgba(255,255,255,215); color: #333;"
                                " border-radius: 3px; padding: 2px 6px; }")
        self.note.move(48, 30)
        self.note.hide()
        self.back_button = QtWidgets.QPushButton("◀ Network output", view.plot_widget)
        self.back_button.setToolTip("Show the network's output again instead of one neuron")
        self.back_button.clicked.connect(self.clear_neuron)
        self.back_button.hide()

    # -- data ----------------------------------------------------------------------------------
    def show_dataset(self, payload: dict) -> None:
        self.payload = payload
        self.selected = None
        self._last_snapshot = None
        X_train, X_test = payload["X_train"], payload["X_test"]
        plane = int(payload.get("plane_dim", 2 if np.ndim(X_train) == 2
                                and np.shape(X_train)[1] == 2 else 0))
        task = payload["task"]
        names = payload.get("class_names") or None
        if np.ndim(X_train) != 2 or task not in ("binary", "multiclass", "regression"):
            self._set_mode("none")
            self.view.clear()
            self._show_note("This dataset has no picture in the plane (sequences: see the "
                            "recurrent views).")
            return
        if plane == 2:
            self._set_mode("plane")
            self.view.set_dataset(X_train[:, :2], payload["y_train"], X_test[:, :2],
                                  payload["y_test"], task, payload["extent"], class_names=names,
                                  n_classes=payload.get("n_classes") or None)
            self._show_note("")
        elif plane == 1:
            self._set_mode("curve")
            self._show_curve_data(payload)
            self._show_note("points: the data (colour = y) · line: the network's ŷ(x)")
        else:
            self._set_mode("projection")
            self._show_projection(payload, names)
        self._update_back_button()

    def preview_points(self, rows, mode: str) -> None:
        """Draw the project's own points right after an edit (all as training points), before
        the worker sends the dataset built from them (it needs at least two)."""
        width = len(rows[0]) if len(rows) else (3 if mode == "plane" else 2)
        data = np.asarray(rows, dtype=np.float64).reshape(len(rows), width)
        if mode == "plane":
            X = data[:, :2] if len(data) else np.empty((0, 2))
            labels = data[:, 2].astype(int) if len(data) else np.empty(0, int)
            k = max(2, int(labels.max()) + 1) if len(labels) else 2
            extent = self.view.extent if self.mode == "plane" else (-6.0, 6.0, -6.0, 6.0)
            self._set_mode("plane")
            self.view.set_dataset(X, labels, np.empty((0, 2)), np.empty(0, int),
                                  "multiclass" if k > 2 else "binary", extent, n_classes=k)
        else:
            xy = data[:, :2] if len(data) else np.empty((0, 2))
            self._set_mode("curve")
            self.view.set_dataset(xy, xy[:, 1], np.empty((0, 2)), np.empty(0), "regression",
                                  data_extent(xy, margin=0.1) if len(xy) >= 2 else
                                  (-6.0, 6.0, -2.0, 2.0))
        self._show_note("")

    def _set_mode(self, mode: str) -> None:
        plot = self.view.plot_item
        self.mode = mode
        self.fit_curve.setVisible(False)
        self.neuron_curve.setVisible(False)
        if mode == "curve":
            plot.setAspectLocked(False)
            plot.setLabel("bottom", "x", **_LABEL_STYLE)
            plot.setLabel("left", "y", **_LABEL_STYLE)
        elif mode == "projection":
            plot.setAspectLocked(True, ratio=1.0)
            plot.setLabel("bottom", "principal component 1", **_LABEL_STYLE)
            plot.setLabel("left", "principal component 2", **_LABEL_STYLE)
        else:
            plot.setAspectLocked(True, ratio=1.0)
            plot.setLabel("bottom", "x₁", **_LABEL_STYLE)
            plot.setLabel("left", "x₂", **_LABEL_STYLE)

    def _show_curve_data(self, payload: dict) -> None:
        x_tr, x_te = payload["X_train"][:, 0], payload["X_test"][:, 0]
        y_tr = np.asarray(payload["y_train"], dtype=float).reshape(len(x_tr), -1)[:, 0]
        y_te = np.asarray(payload["y_test"], dtype=float).reshape(len(x_te), -1)[:, 0]
        P_tr, P_te = np.column_stack([x_tr, y_tr]), np.column_stack([x_te, y_te])
        # the points coloured by their value y, as on a regression surface
        self.view.set_dataset(P_tr, y_tr, P_te, y_te, "regression",
                              data_extent(P_tr, P_te, margin=0.08))
        x_range = payload.get("x_range")
        if x_range is not None:
            y0, y1 = self.view.extent[2:]
            self.view.plot_item.setRange(xRange=x_range, yRange=(y0, y1), padding=0)

    def _show_projection(self, payload: dict, names) -> None:
        P_tr, P_te = pca_2d(payload["X_train"], payload["X_test"])
        task = payload["task"]
        y_tr, y_te = payload["y_train"], payload["y_test"]
        n_classes = payload.get("n_classes") or None
        if payload.get("autoencoder") and payload.get("labels_train") is not None:
            task, y_tr, y_te = "multiclass", payload["labels_train"], payload["labels_test"]
            n_classes = len(names) if names else None
        if task == "binary":
            task = "multiclass"
        self.view.set_dataset(P_tr, y_tr, P_te, y_te, task, data_extent(P_tr, P_te),
                              class_names=names, n_classes=n_classes)
        d = np.shape(payload["X_train"])[1]
        self._show_note(f"{d} inputs shown on their two main directions (PCA); the network "
                        "sees all of them")

    def _show_note(self, text: str) -> None:
        self.note.setText(text)
        self.note.adjustSize()
        self.note.setVisible(bool(text))

    # -- live ----------------------------------------------------------------------------------
    def on_snapshot(self, snap: dict) -> None:
        """Draw what the snapshot brings beyond the surface: the fitted curve (1-D data) and
        a selected neuron's output."""
        self._last_snapshot = snap
        inside = snap.get("inside") or {}
        if self.mode == "curve":
            curve = inside.get("curve")
            if curve is not None:
                self.fit_curve.setData(curve["x"], curve["y"])
                self.fit_curve.setVisible(True)
        if self.selected is None:
            return
        node, unit = self.selected
        if self.mode == "plane":
            maps = (inside.get("neuron_maps") or {}).get(node)
            levels = (inside.get("map_levels") or {}).get(node)
            if maps is None or unit >= len(maps):
                return
            lo, hi = (levels[unit] if levels is not None else (-1.0, 1.0))
            t = (np.asarray(maps[unit], dtype=float) - lo) / max(hi - lo, 1e-12)
            view_lo, view_hi = self.view._value_levels if self.view.task == "regression" \
                else (0.0, 1.0)
            self.view.set_surface(view_lo + np.clip(t, 0, 1) * (view_hi - view_lo),
                                  inside.get("map_extent"))
        elif self.mode == "curve":
            curves = (inside.get("neuron_curves") or {}).get(node)
            if curves is not None and unit < len(curves):
                self.neuron_curve.setData(inside["curve_x"], curves[unit])
                self.neuron_curve.setVisible(True)

    def can_show_neurons(self) -> bool:
        return self.mode in ("plane", "curve")

    def show_neuron(self, node_id: str, unit: int) -> None:
        """Show one neuron's output instead of the network's (click the same neuron again or
        the button to go back)."""
        if not self.can_show_neurons():
            return
        if self.selected == (node_id, unit):
            self.clear_neuron()
            return
        self.selected = (node_id, int(unit))
        self._update_back_button()
        if self._last_snapshot is not None:
            self.on_snapshot(self._last_snapshot)

    @QtCore.Slot()
    def clear_neuron(self) -> None:
        was = self.selected
        self.selected = None
        self.neuron_curve.setVisible(False)
        self._update_back_button()
        snap = self._last_snapshot
        if was is not None and snap is not None and snap.get("surface") is not None \
                and self.mode == "plane":
            self.view.set_surface(snap["surface"], snap["extent"])
        self.neuron_cleared.emit()

    def _update_back_button(self) -> None:
        if self.selected is None:
            self.back_button.hide()
            return
        node, unit = self.selected
        self.back_button.setText(f"◀ Network output   (showing {node} · neuron {unit + 1})")
        self.back_button.adjustSize()
        self.back_button.move(8, 30)
        self.back_button.show()
        self.back_button.raise_()
        self.note.hide()
