"""Your own data, drawn by clicking on the data view.

With editing on (the Data tools panel), a click on the data view adds a point:

* on the plane, a point of the selected class; with **Shift** a point of the other class
  (class 1 when class 0 is selected, class 0 otherwise);
* on a 1-D curve, the point (x, y) under the cursor (the target is where you click);
* in **erase** mode (or with **Ctrl**), a click removes the nearest point instead.

The first edit of a built-in dataset copies its points (train and test) into the project's
own data (``dataset.points``) and switches the dataset to "points", in the same undo step, so
a student can start from the circle and add outliers. Every click is one undoable edit.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject, Qt, Signal

from nnstudio.document.user_data import MAX_ROWS, points_from_arrays
from nnstudio.ui.editor.commands import push_or_explain

from .commands import SetDataCommand

MAX_CLASSES = 10


class PointEditor(QObject):
    #: a short text for the status bar
    message = Signal(str)
    #: editing was switched on or off
    enabled_changed = Signal(bool)

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.enabled = False
        self.erase = False
        self.current_class = 0
        scene = window.data_view.plot_widget.scene()
        scene.sigMouseClicked.connect(self._on_click)

    def set_enabled(self, on: bool) -> None:
        if on != self.enabled:
            self.enabled = bool(on)
            self.enabled_changed.emit(self.enabled)

    # -- what can be edited --------------------------------------------------------------------
    def mode(self) -> str | None:
        """'plane' (classes on the plane), 'curve' (x, y) or None (not editable)."""
        payload = self.window.last_dataset
        settings = self.window.project.settings
        if settings["dataset.name"] == "points":
            if settings["dataset.standardize"]:
                return None  # the view shows scaled features, the file keeps the raw ones
            rows = settings["dataset.points"]
            width = len(rows[0]) if rows else (2 if payload and payload.get("plane_dim") == 1
                                               else 3)
            task = settings["dataset.points_task"]
            if width == 3 and task == "classification":
                return "plane"
            if width == 2 and task == "regression":
                return "curve"
            return None
        if payload is None:
            return None
        if payload.get("plane_dim") == 2 and payload["task"] in ("binary", "multiclass"):
            return "plane"
        if payload.get("plane_dim") == 1 and payload["task"] == "regression":
            return "curve"
        return None

    def _current_rows(self) -> tuple[list, dict]:
        """The rows to edit and the settings that go with them (copying a built-in dataset)."""
        settings = self.window.project.settings
        if settings["dataset.name"] == "points":
            return list(settings["dataset.points"]), {}
        p = self.window.last_dataset
        X = np.concatenate([p["X_train"], p["X_test"]])[:, :int(p["plane_dim"])]
        if p["task"] == "regression":
            t = np.concatenate([np.reshape(p["y_train"], -1), np.reshape(p["y_test"], -1)])
            task = "regression"
        else:
            y = [np.reshape(p[k], (len(p[k]), -1)) for k in ("y_train", "y_test")]
            t = np.concatenate([a[:, 0] if a.shape[1] == 1 else np.argmax(a, axis=1)
                                for a in y])
            task = "classification"
        extra = {"dataset.name": "points", "dataset.points_task": task,
                 "dataset.points_names": "", "dataset.points_classes":
                 ",".join(p.get("class_names") or []), "dataset.standardize": False}
        return list(points_from_arrays(X, t)), extra

    # -- clicks --------------------------------------------------------------------------------
    def _on_click(self, event) -> None:
        if not self.enabled or event.button() != Qt.MouseButton.LeftButton:
            return
        vb = self.window.data_view.plot_item.vb
        if not vb.sceneBoundingRect().contains(event.scenePos()):
            return
        point = vb.mapSceneToView(event.scenePos())
        event.accept()
        self.click_at(point.x(), point.y(), event.modifiers())

    def click_at(self, x: float, y: float, modifiers=Qt.KeyboardModifier.NoModifier) -> str | None:
        """Add (or erase) a point at data coordinates (x, y); returns why not, if refused."""
        mode = self.mode()
        if mode is None:
            return self._say("Clicking adds points to 2-D classification data or to 1-D "
                             "curves; choose such a dataset (or 'Your data').")
        if not (np.isfinite(x) and np.isfinite(y)) or max(abs(x), abs(y)) > 1e6:
            return self._say("That point is outside the plane.")
        rows, extra = self._current_rows()
        if self.erase or modifiers & Qt.KeyboardModifier.ControlModifier:
            return self._erase(rows, extra, x, y, mode)
        if len(rows) >= MAX_ROWS:
            return self._say(f"At most {MAX_ROWS} points.")
        if mode == "plane":
            cls = self.current_class
            if modifiers & Qt.KeyboardModifier.ShiftModifier:
                cls = 1 if cls == 0 else 0
            cls = int(min(max(cls, 0), MAX_CLASSES - 1))
            row = (round(float(x), 4), round(float(y), 4), float(cls))
            text = f"Add point of class {cls}"
        else:
            row = (round(float(x), 4), round(float(y), 4))
            text = "Add point"
        return self._apply(text, rows + [row], extra)

    def _erase(self, rows: list, extra: dict, x: float, y: float, mode: str) -> str | None:
        if not rows:
            return self._say("There is no point to erase.")
        P = np.array([r[:2] for r in rows], dtype=np.float64)  # (x1, x2) or (x, y)
        x0, x1, y0, y1 = self._view_rect()
        scale = np.array([max(x1 - x0, 1e-9), max(y1 - y0, 1e-9)])
        d = np.hypot(*((P - [x, y]) / scale).T)
        nearest = int(np.argmin(d))
        if d[nearest] > 0.04:  # within 4 % of the view
            return self._say("No point there to erase: click on a point.")
        return self._apply("Erase point", rows[:nearest] + rows[nearest + 1:], extra)

    def _view_rect(self) -> tuple[float, float, float, float]:
        (x0, x1), (y0, y1) = self.window.data_view.plot_item.vb.viewRange()
        return x0, x1, y0, y1

    def clear(self) -> str | None:
        """Remove every point of the project's own data (one undoable edit)."""
        extra = {} if self.window.project.settings["dataset.name"] == "points" else \
            {"dataset.name": "points"}
        return self._apply("Clear points", [], extra)

    def _apply(self, text: str, rows: list, extra: dict) -> str | None:
        values = dict(extra)
        values["dataset.points"] = rows
        reason = push_or_explain(self.window.undo_stack,
                                 SetDataCommand(self.window.project, text, values))
        if reason:
            return self._say(reason)
        self.message.emit(f"{text} ({len(rows)} points)")
        mode = self.mode()
        if mode is not None:  # drawn now; the worker's dataset follows (≥ 2 points)
            from .data_modes import modes_of

            modes_of(self.window.data_view).preview_points(rows, mode)
        return None

    def _say(self, text: str) -> str:
        self.message.emit(text)
        return text
