"""Seeing inside a feed-forward network (issue 5), installed on the main window.

:func:`install` (called at the end of ``MainWindow.__init__``) wires what is not a panel:

* the canvas draws every neuron as a picture of its output, flags dead and saturated units,
  and shows a neuron's formula on hover (``NetworkScene.set_inside``);
* a click on a neuron shows it in the data view (and "Network output" goes back);
* the data view shows 1-D data as a curve fit and many-input data as a projection
  (:func:`on_dataset`, called by ``MainWindow._on_dataset``);
* clicks on the data view add or erase points while editing is on (:class:`PointEditor`).

The panels (activations, gradient health, confusion matrix, code space, first-layer weights,
data tools) register themselves through ``ui/panels/registry.py``.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from .data_modes import modes_of


class InsideViews(QObject):
    def __init__(self, window) -> None:
        from .point_editor import PointEditor

        super().__init__(window)
        self.window = window
        self.modes = modes_of(window.data_view)
        self.editor = PointEditor(window)
        self.editor.message.connect(lambda text: window.statusBar().showMessage(text, 5000))
        window.scene.neuron_clicked.connect(self.modes.show_neuron)
        window.snapshot_drawn.connect(self.on_snapshot)
        tools = getattr(window, "panels", {}).get("data-tools")
        if tools is not None:
            tools.attach(self.editor)

    def on_snapshot(self, snap: dict) -> None:
        self.window.scene.set_inside(snap.get("inside"))
        self.modes.on_snapshot(snap)


def install(window) -> InsideViews:
    window.inside = InsideViews(window)
    return window.inside


def on_dataset(window, payload: dict) -> None:
    """Show a new dataset: the data view in the mode that fits it, the input layer's names."""
    modes_of(window.data_view).show_dataset(payload)
    names = payload.get("feature_names")
    if names and len(names) == payload.get("input_dim"):
        window.scene.set_input_features(names)
