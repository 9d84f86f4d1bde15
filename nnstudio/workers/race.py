"""The comparison worker: the optimizer race or the loss landscape, in one QThread.

One :class:`CompareWorker` drives one session (:class:`nnstudio.compare.RaceSession`, where
all optimizers train side by side, or :class:`nnstudio.compare.LandscapeSession`). As in
:mod:`nnstudio.workers.training`: commands arrive through a thread-safe queue (the loop runs
no Qt event loop while it trains), results leave as signals carrying snapshots with copied
arrays, at most ~30 per second, and the controller joins the thread on shutdown.
"""

from __future__ import annotations

import queue
import time
import traceback
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from nnstudio.document.errors import ProjectError
from nnstudio.document.project import Project

from . import register_thread
from .gate import SnapshotGate

CHUNK_SECONDS = 0.01  # train this long between looks at the command queue


class CompareWorker(QObject):
    """Runs ``factory(project)`` sessions: ``step(n)``, ``steps``, ``finished``,
    ``accepts(project)`` and ``snapshot(run_id, incremental)``."""

    snapshot = Signal(object)  # dict from session.snapshot (incremental)
    state_changed = Signal(str)  # "running" | "paused" | "finished" | "invalid"
    invalid = Signal(str)  # why the project cannot be compared (a ProjectError's text)
    failed = Signal(str, str)  # message, details (traceback)
    finished = Signal()

    def __init__(self, factory: Callable, speed: float = 0.0) -> None:
        super().__init__()
        self.gate = SnapshotGate()  # live snapshots wait for the GUI (gate.py)
        self._factory = factory
        self._commands: queue.Queue = queue.Queue()
        self._session = None
        self._project: Project | None = None
        self._running = False
        self._run_id = 0
        self._speed = float(speed)  # steps per second; 0 = as fast as possible

    # -- called from any thread --------------------------------------------------------------
    def post(self, command: str, *args) -> None:
        self._commands.put((command, args))

    # -- the loop (runs in the worker thread) -----------------------------------------------
    @Slot()
    def run(self) -> None:
        budget = 0.0
        last_time = time.perf_counter()
        try:
            while True:
                try:
                    block = not self._running
                    command, args = self._commands.get(block=block, timeout=None if block else 0)
                except queue.Empty:
                    command = None
                if command == "stop":
                    break
                if command is not None:
                    self._handle(command, args)
                    last_time = time.perf_counter()
                    continue
                if not (self._running and self._session is not None):
                    continue
                # the GUI is drawing the last snapshot: let it have the GIL (gate.py)
                if not self.gate.wait_until_open(CHUNK_SECONDS):
                    continue
                now = time.perf_counter()
                if self._speed > 0:
                    budget = min(budget + (now - last_time) * self._speed, 5.0)
                    last_time = now
                    if budget < 1.0:
                        time.sleep(min(0.005, (1.0 - budget) / self._speed))
                        continue
                    n = int(budget)
                    budget -= n
                    self._guard(self._session.step, n)
                else:
                    end = now + self.gate.train_seconds(CHUNK_SECONDS)
                    while not self._session.finished:
                        if not self._guard(self._session.step, 1) or time.perf_counter() >= end:
                            break
                if self._session is not None and self._session.finished:
                    self._finish()
                    continue
                if self.gate.may_send():
                    self._emit_snapshot()
        finally:
            self.finished.emit()

    def _guard(self, fn, *args) -> bool:
        try:
            fn(*args)
            return True
        except Exception as exc:  # a worker error must never vanish: report and pause
            self._running = False
            self.failed.emit(f"Comparison stopped: {exc}", traceback.format_exc())
            self.state_changed.emit("paused")
            return False

    def _finish(self) -> None:
        self._running = False
        self._emit_snapshot()
        self.state_changed.emit("finished")

    def _emit_snapshot(self) -> None:
        if self._session is not None:
            session, run_id = self._session, self._run_id
            started = time.perf_counter()
            if self._guard(lambda: self.snapshot.emit(session.snapshot(run_id,
                                                                       incremental=True))):
                self.gate.on_sent(started)

    def _handle(self, command: str, args: tuple) -> None:
        if command == "load":
            self._load(args[0], force=bool(args[1]) if len(args) > 1 else False)
        elif command == "play":
            if self._session is not None and not self._session.finished:
                self._running = True
                self.state_changed.emit("running")
        elif command == "pause":
            self._running = False
            self._emit_snapshot()
            if self._session is not None:
                self.state_changed.emit("finished" if self._session.finished else "paused")
        elif command == "step":
            if self._session is not None and not self._session.finished:
                self._running = False
                self._guard(self._session.step, int(args[0]) if args else 1)
                if self._session.finished:
                    self._finish()
                else:
                    self._emit_snapshot()
                    self.state_changed.emit("paused")
        elif command == "reset":
            if self._project is not None:
                self._load(self._project, force=True)
        elif command == "speed":
            self._speed = float(args[0])

    def _load(self, project: Project, force: bool) -> None:
        """Take a copy of the project: keep the run if it is unaffected, else start anew."""
        self._project = project
        if not force and self._session is not None and self._session.accepts(project):
            self._emit_snapshot()
            return
        was_running = self._running
        self._running = False
        self._session = None
        try:
            session = self._factory(project)
        except ProjectError as exc:
            self.state_changed.emit("invalid")
            self.invalid.emit(str(exc))
            return
        except Exception as exc:
            self.state_changed.emit("invalid")
            self.failed.emit(f"Could not start the comparison: {exc}", traceback.format_exc())
            return
        self._session = session
        self._run_id += 1
        self._emit_snapshot()
        self._running = was_running and not force and not session.finished
        self.state_changed.emit("running" if self._running else "paused")


class CompareController(QObject):
    """GUI-thread side: owns the QThread and the worker, forwards commands and re-emits the
    worker's signals (queued into the GUI thread); :meth:`shutdown` stops and joins."""

    snapshot = Signal(object)
    state_changed = Signal(str)
    invalid = Signal(str)
    failed = Signal(str, str)

    thread_name = "nnstudio-compare"

    def __init__(self, factory: Callable, speed: float = 0.0,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state = "paused"
        self._thread = QThread()
        self._thread.setObjectName(self.thread_name)
        register_thread(self._thread)
        self._worker = CompareWorker(factory, speed)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        # direct: the GUI thread may be blocked in wait() and could not run a queued quit
        self._worker.finished.connect(self._thread.quit, Qt.ConnectionType.DirectConnection)
        self._worker.snapshot.connect(self._on_snapshot)
        self._worker.state_changed.connect(self._on_state)
        self._worker.invalid.connect(self.invalid)
        self._worker.failed.connect(self.failed)
        self._closed = False

    def _post(self, command: str, *args) -> None:
        """Queue a command; the thread starts with the first one (so a view that fails while
        it is being built leaves no thread behind)."""
        if self._closed:
            return
        if not self._thread.isRunning():
            self._thread.start()
        self._worker.post(command, *args)

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

    # -- commands ----------------------------------------------------------------------------
    def load(self, project: Project, reset: bool = False) -> None:
        """Hand the worker a copy of the project (a new run if the comparison changed)."""
        self._post("load", project.clone(), reset)

    def play(self) -> None:
        self._post("play")

    def pause(self) -> None:
        self._post("pause")

    def step(self, n: int = 1) -> None:
        self._post("step", n)

    def reset(self) -> None:
        self._post("reset")

    def set_speed(self, steps_per_second: float) -> None:
        """0 = as fast as possible."""
        self._post("speed", steps_per_second)

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Stop the worker loop and join the thread; True if it ended in time. Later commands
        are ignored."""
        self._closed = True
        if not self._thread.isRunning():
            return True
        self._worker.post("stop")
        return self._thread.wait(timeout_ms)


class RaceController(CompareController):
    """The optimizer race: every optimizer trained side by side, as fast as possible."""

    thread_name = "nnstudio-race"

    def __init__(self, parent: QObject | None = None, speed: float = 0.0) -> None:
        from nnstudio.compare import RaceSession

        super().__init__(RaceSession, speed, parent)


class LandscapeController(CompareController):
    """The optimizers' paths over a loss surface, at ``speed`` steps per second so the paths
    can be watched growing; a run stops after ``max_steps`` steps."""

    thread_name = "nnstudio-landscape"

    def __init__(self, parent: QObject | None = None, speed: float = 40.0,
                 max_steps: int | None = None) -> None:
        from nnstudio.compare import LANDSCAPE_MAX_STEPS, LandscapeSession

        limit = int(max_steps or LANDSCAPE_MAX_STEPS)
        #: width / height of the plot the surface should fill (set by the view before a load)
        self.aspect: float | None = None
        super().__init__(
            lambda project: LandscapeSession(project, max_steps=limit, aspect=self.aspect),
            speed, parent)
