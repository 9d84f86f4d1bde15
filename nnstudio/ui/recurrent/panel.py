"""The sequence panel: the recurrent views together, shown instead of the 2-D data view when
the dataset is a sequence task.

Tabs: *Unrolled* (:class:`UnrolledView`), *Hidden states* (:class:`HiddenStateView`),
*Gradients through time* (:class:`GradientsView`), *Predictions*
(:class:`PredictionView`) or, for the character model, *Generated text*
(:class:`GeneratedTextView`), and *Compare cells* (:class:`CompareCellsPanel`).

API for the window: :meth:`set_dataset` (the worker's dataset payload), :meth:`set_snapshot`
(a training snapshot; its ``"sequence"`` part feeds the views), :meth:`clear`,
:attr:`temperature_changed` (the text view's slider) and :meth:`shutdown`.
"""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from .compare import CompareCellsPanel
from .gradients import GradientsView
from .hidden_states import HiddenStateView
from .predictions import PredictionView
from .text_view import GeneratedTextView
from .unrolled import UnrolledView


def is_sequence_payload(payload: dict | None) -> bool:
    return bool(payload) and str(payload.get("task", "")).startswith("sequence")


class SequencePanel(QtWidgets.QTabWidget):
    temperature_changed = QtCore.Signal(float)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.unrolled = UnrolledView()
        self.hidden_states = HiddenStateView()
        self.gradients = GradientsView()
        self.predictions = PredictionView()
        self.text_view = GeneratedTextView()
        self.compare = CompareCellsPanel()
        self.addTab(self.unrolled, "Unrolled")
        self.addTab(self.hidden_states, "Hidden states")
        self.addTab(self.gradients, "Gradients through time")
        self.addTab(self.predictions, "Predictions")
        self.addTab(self.text_view, "Generated text")
        self.addTab(self.compare, "Compare cells")
        self._run_id = None
        self._is_text = False
        self._show_text_tab(False)
        self.text_view.temperature_changed.connect(self.temperature_changed)

    def _show_text_tab(self, text: bool) -> None:
        self._is_text = text
        self.setTabVisible(self.indexOf(self.text_view), text)
        self.setTabVisible(self.indexOf(self.predictions), not text)

    # -- feeding -------------------------------------------------------------------------
    def set_dataset(self, payload: dict) -> None:
        """A new run's data: clear the histories; the character model gets the text tab."""
        self.clear()
        self._show_text_tab(bool(payload.get("vocab")))

    def set_snapshot(self, snap: dict) -> None:
        seq = snap.get("sequence")
        if seq is None:
            return
        if snap.get("run_id") != self._run_id:
            self._run_id = snap.get("run_id")
            self.gradients.clear()
        if bool(seq.get("vocab")) != self._is_text:
            self._show_text_tab(bool(seq.get("vocab")))
        self.unrolled.set_snapshot(seq)
        self.hidden_states.set_snapshot(seq)
        self.gradients.add_snapshot(seq)
        if self._is_text:
            self.text_view.set_snapshot(seq)
        else:
            self.predictions.set_snapshot(seq)

    def clear(self) -> None:
        self._run_id = None
        self.unrolled.clear()
        self.hidden_states.clear()
        self.gradients.clear()
        self.predictions.clear()
        self.text_view.clear()

    def show_view(self, name: str) -> None:
        """Bring a tab to the front: 'unrolled', 'hidden_states', 'gradients',
        'predictions', 'text_view' or 'compare'."""
        self.setCurrentWidget(getattr(self, name))

    def shutdown(self) -> bool:
        return self.compare.shutdown()
