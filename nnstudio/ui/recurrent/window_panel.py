"""The sequence panel in the main window (registered in ui/panels/registry.py).

The panel is a dock that shows itself, in place of the 2-D data view, whenever the worker
loads a sequence dataset, and hides again for the other datasets. It takes the drawn
snapshots (``on_snapshot``), stores the text view's temperature in the project through the
undo stack (``dataset.temperature``, applied live by the worker), compares cells on the
window's current project (pausing the main training meanwhile), and joins its comparison
thread when the window closes.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject

from nnstudio.ui.panels.registry import PanelSpec, register_panel

from .panel import SequencePanel, is_sequence_payload

PANEL_ID = "sequences"

ABOUT = (
    "Recurrent networks on sequence data. Unrolled: the network unfolded in time with the "
    "current test sequence's values (s_t = f(U·x_t + W·s_{t−1} + b), o_t = V·s_t) and the "
    "gradients flowing back through W. Hidden states: every unit over time (and an LSTM's "
    "cell state and gates). Gradients through time: ‖∂L/∂h_t‖ per step on a log scale, "
    "and over training: vanishing or exploding gradients. Predictions / Generated text. "
    "Compare cells: the design as RNN, GRU and LSTM, side by side."
)


class _CloseWatcher(QObject):
    """Joins the comparison thread when the window closes."""

    def __init__(self, window, panel: SequencePanel) -> None:
        super().__init__(panel)
        self.panel = panel
        window.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Close:
            self.panel.shutdown()
        return False


class WindowSequencePanel(SequencePanel):
    def __init__(self, window) -> None:
        super().__init__()
        self.window = window
        self.compare.set_source(lambda: window.project)
        self.compare.started.connect(window.pause)
        self.temperature_changed.connect(self._store_temperature)
        window.controller.dataset_changed.connect(self._on_any_dataset)
        self._watcher = _CloseWatcher(window, self)
        # opened from the View menu on feed-forward data, the views are empty: say why
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QLabel

        self.hint = QLabel("For sequence data: open a recurrent lesson")
        self.hint.setToolTip("These views show recurrent networks on sequence data: open a "
                             "recurrent lesson (File → Lessons: RNN unrolled, LSTM, GRU…) or "
                             "choose a sequence dataset.")
        self.hint.setObjectName("sequences-hint")
        self.hint.setStyleSheet("color: #666; padding: 0 6px")
        self.setCornerWidget(self.hint, Qt.Corner.TopRightCorner)

    def _store_temperature(self, value: float) -> None:
        from nnstudio.ui.editor.commands import SetSettingCommand

        project = self.window.project
        if project.settings.get("dataset.temperature") != value:
            self.window.undo_stack.push(SetSettingCommand(project, "dataset.temperature", value))

    def _on_any_dataset(self, payload: dict) -> None:
        """Every dataset (the window forwards only to visible panels): show the panel in
        place of the 2-D data view for sequences, hide it otherwise."""
        sequence = is_sequence_payload(payload)
        docks = getattr(self.window, "panel_docks", {})
        if PANEL_ID in docks:
            docks[PANEL_ID].setVisible(sequence)
        self.window.data_view.setVisible(not sequence)
        self.hint.setVisible(not sequence)
        if sequence:
            self.set_dataset(payload)
            steps = self.window.project.meta.get("steps")
            if steps:
                self.compare.set_steps(int(steps))

    # -- the window's panel protocol -------------------------------------------------------
    def on_snapshot(self, snap: dict) -> None:
        self.set_snapshot(snap)

    def on_project_replaced(self) -> None:
        if self.compare.running:
            self.compare.stop()


register_panel(PanelSpec(PANEL_ID, "Sequences (recurrent networks)", "bottom",
                         WindowSequencePanel, visible=False, about=ABOUT))
