"""Training RNN, GRU and LSTM side by side in one worker thread ("Compare cells").

The same discipline as :mod:`nnstudio.workers.training`: a QObject moved to a QThread whose
loop reads a thread-safe command queue between short training chunks (it runs no Qt event
loop while it trains), ``@Slot`` on the entry point, snapshots of plain numbers and copied
arrays at most ~30 times a second through ``Signal(object)``, and a controller that stops
the loop and joins the thread (``quit()`` + ``wait()``) on :meth:`shutdown`.
"""

from __future__ import annotations

import queue
import time
import traceback

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from nnstudio.document.errors import ProjectError

from . import register_thread
from .gate import SnapshotGate

CHUNK_SECONDS = 0.02


class CellCompareWorker(QObject):
    snapshot = Signal(object)  # dict from CellComparison.snapshot (+ "target_steps", "run_id")
    state_changed = Signal(str)  # "running" | "done" | "stopped" | "invalid"
    failed = Signal(str, str)  # message, details
    finished = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.gate = SnapshotGate()  # live snapshots wait for the GUI (gate.py)
        self._commands: queue.Queue = queue.Queue()
        self._comparison = None
        self._target = 0
        self._run_id = 0

    def post(self, command: str, *args) -> None:
        self._commands.put((command, args))

    @Slot()
    def run(self) -> None:
        try:
            while True:
                running = self._comparison is not None
                try:
                    command, args = self._commands.get(block=not running,
                                                       timeout=None if not running else 0)
                except queue.Empty:
                    command = None
                if command == "quit":
                    break
                if command is not None:
                    self._handle(command, args)
                    continue
                # the GUI is drawing the last snapshot: let it have the GIL (gate.py)
                if not self.gate.wait_until_open(CHUNK_SECONDS):
                    continue
                if not self._train_chunk(self.gate.train_seconds(CHUNK_SECONDS)):
                    continue
                if self._comparison is None:  # the run ended in this chunk
                    continue
                if self.gate.may_send():
                    self._emit()
        finally:
            self.finished.emit()

    def _handle(self, command: str, args: tuple) -> None:
        if command == "start":
            project, steps = args
            self._comparison = None
            try:
                from nnstudio.cell_compare import CellComparison

                comparison = CellComparison(project)
            except ProjectError as exc:  # the reason first, then the state
                self.failed.emit(f"Cannot compare cells: {exc.message}", "")
                self.state_changed.emit("invalid")
                return
            except Exception as exc:  # report, never vanish
                self.failed.emit(f"Cannot compare cells: {exc}", traceback.format_exc())
                self.state_changed.emit("invalid")
                return
            self._comparison, self._target = comparison, int(steps)
            self._run_id += 1
            self.state_changed.emit("running")
            self._emit()
        elif command == "stop":
            if self._comparison is not None:
                self._emit(force_fresh=True)
                self._comparison = None
                self.state_changed.emit("stopped")

    def _train_chunk(self, seconds: float) -> bool:
        """Train for ``seconds`` (at least one step, unless the target is reached)."""
        comparison = self._comparison
        end = time.perf_counter() + seconds
        try:
            while comparison.steps < self._target:
                comparison.step(1)
                if (all(s.diverged for s in comparison.sessions.values())
                        or time.perf_counter() >= end):
                    break
        except Exception as exc:
            self._comparison = None
            self.failed.emit(f"Comparing cells stopped: {exc}", traceback.format_exc())
            self.state_changed.emit("stopped")
            return False
        if comparison.steps >= self._target or all(s.diverged
                                                   for s in comparison.sessions.values()):
            self._emit(force_fresh=True)
            self._comparison = None
            self.state_changed.emit("done")
        return True

    def _emit(self, force_fresh: bool = False) -> None:
        comparison = self._comparison
        if comparison is None:
            return
        started = time.perf_counter()
        snap = comparison.snapshot(live=not force_fresh)
        snap["target_steps"] = self._target
        snap["run_id"] = self._run_id
        self.snapshot.emit(snap)
        self.gate.on_sent(started)


class CellCompareController(QObject):
    """GUI-thread side: owns the thread (started on the first :meth:`start`)."""

    snapshot = Signal(object)
    state_changed = Signal(str)
    failed = Signal(str, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state = "idle"
        self._thread: QThread | None = None
        self._worker: CellCompareWorker | None = None

    def _ensure_thread(self) -> None:
        if self._thread is not None:
            return
        self._thread = QThread()
        self._thread.setObjectName("nnstudio-compare-cells")
        register_thread(self._thread)
        self._worker = CellCompareWorker()
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.finished.connect(self._thread.quit, Qt.ConnectionType.DirectConnection)
        self._worker.snapshot.connect(self._on_snapshot)
        self._worker.state_changed.connect(self._on_state)
        self._worker.failed.connect(self.failed)
        self._thread.start()

    @Slot(object)
    def _on_snapshot(self, snapshot) -> None:
        """Queued into the GUI thread: re-emit to the views, then let the worker send the next
        live snapshot (workers/gate.py)."""
        self._worker.gate.relay(self.snapshot, snapshot)

    def _on_state(self, state: str) -> None:
        self.state = state
        self.state_changed.emit(state)

    @property
    def running(self) -> bool:
        return self.state == "running"

    def start(self, project, steps: int) -> None:
        """Train RNN, GRU and LSTM versions of ``project`` for ``steps`` steps each."""
        self._ensure_thread()
        self._worker.post("start", project.clone(), int(steps))

    def stop(self) -> None:
        if self._worker is not None:
            self._worker.post("stop")

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Stop the loop and join the thread; True if it ended in time."""
        if self._thread is None or not self._thread.isRunning():
            return True
        self._worker.post("quit")
        self._thread.quit()
        return self._thread.wait(timeout_ms)
