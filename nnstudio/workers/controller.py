"""The GUI-thread side of training: owns the QThread and the worker, forwards commands.

``TrainingController`` re-emits the worker's signals (queued into the GUI thread) and makes
sure the thread is stopped and joined on :meth:`shutdown` (called when the window closes).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from nnstudio.document.project import Project

from . import register_thread
from .training import TrainingWorker


class TrainingController(QObject):
    snapshot = Signal(object)
    dataset_changed = Signal(object)
    state_changed = Signal(str)
    diverged = Signal(int)
    failed = Signal(str, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state = "paused"
        self._thread = QThread()
        self._thread.setObjectName("nnstudio-training")
        register_thread(self._thread)
        self._worker = TrainingWorker()
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        # direct: the GUI thread may be blocked in wait() and could not run a queued quit
        self._worker.finished.connect(self._thread.quit, Qt.ConnectionType.DirectConnection)
        self._worker.snapshot.connect(self._on_snapshot)
        self._worker.dataset_changed.connect(self.dataset_changed)
        self._worker.state_changed.connect(self._on_state)
        self._worker.diverged.connect(self.diverged)
        self._worker.failed.connect(self.failed)
        self._thread.start()

    @Slot(object)
    def _on_snapshot(self, snapshot) -> None:
        """Queued into the GUI thread: re-emit to the views (they draw synchronously), then
        tell the worker it may send the next live snapshot (workers/gate.py)."""
        self._worker.gate.relay(self.snapshot, snapshot)

    def _on_state(self, state: str) -> None:
        self.state = state
        self.state_changed.emit(state)

    @property
    def running(self) -> bool:
        return self.state == "running"

    # -- commands ----------------------------------------------------------------------------
    def load(self, project: Project, reset: bool = False) -> None:
        """Hand the worker a copy of the project (a new run if the design changed)."""
        self._worker.post("load", project.clone(), reset)

    def play(self) -> None:
        self._worker.post("play")

    def pause(self) -> None:
        self._worker.post("pause")

    def step(self, n: int = 1) -> None:
        self._worker.post("step", n)

    def reset(self) -> None:
        self._worker.post("reset")

    def load_weights(self, weights: dict) -> None:
        """Put saved weights ({node id: {param: array}}) into the current run (after load)."""
        self._worker.post("weights", weights)

    def set_speed(self, steps_per_second: float) -> None:
        """0 = as fast as possible."""
        self._worker.post("speed", steps_per_second)

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Stop the worker loop and join the thread; True if it ended in time."""
        if not self._thread.isRunning():
            return True
        self._worker.post("stop")
        self._thread.quit()  # remembered by QThread even before its event loop starts
        return self._thread.wait(timeout_ms)
