"""The training worker: a QObject living in a QThread, driving a :class:`TrainingSession`.

Commands arrive through a thread-safe queue (the worker's loop runs no Qt event loop while
it trains); results leave as signals carrying immutable snapshots, at most ~30 per second
(in slow motion, a speed of at most 30 steps per second, one after every step). Nothing that
goes wrong in the worker is silent: a diverging run pauses and emits ``diverged(step)``, an
exception in a command or in training pauses and emits ``failed(message, traceback)``, and
the loop goes on serving commands. The UI never touches the session or its network.
"""

from __future__ import annotations

import queue
import time
import traceback

from PySide6.QtCore import QObject, Signal, Slot

from nnstudio.document.compile import structural_change
from nnstudio.document.errors import ProjectError
from nnstudio.session import TrainingSession

from .gate import SnapshotGate

CHUNK_SECONDS = 0.01  # train this long between looks at the command queue
STEP_SNAPSHOTS = 100  # most snapshots sent while running one "step N" command
#: at this many steps per second or fewer ("slow motion") a snapshot follows *every* step,
#: so that each step can be watched; faster speeds send at most ~22 snapshots a second (gate.py)
SLOW_MOTION_MAX = 30.0
MAX_BURST = 5.0  # steps a late paced loop may catch up at once


class TrainingWorker(QObject):
    snapshot = Signal(object)  # dict from TrainingSession.snapshot
    dataset_changed = Signal(object)  # dict from TrainingSession.dataset_payload
    state_changed = Signal(str)  # "running" | "paused" | "invalid"
    diverged = Signal(int)  # step at which a loss or weight became non-finite
    failed = Signal(str, str)  # message, details (traceback)
    finished = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._commands: queue.Queue = queue.Queue()
        self._session: TrainingSession | None = None
        self._project = None
        self._running = False
        self._run_id = 0
        #: steps per second; 0 = as fast as possible
        self._speed = 0.0
        self._budget = 1.0  # steps owed by a paced loop (the first step of a play is at once)
        self._last_time = time.perf_counter()
        #: (run id, steps) of the last snapshot sent, so a pause does not repeat it
        self._emitted: tuple[int, int] | None = None
        #: (type, message) of the last error reported, until a snapshot succeeds again
        self._last_failure: tuple[str, str] | None = None
        #: live snapshots wait until the GUI has handled the previous one (gate.py)
        self.gate = SnapshotGate()

    # -- called from any thread --------------------------------------------------------------
    def post(self, command: str, *args) -> None:
        self._commands.put((command, args))

    # -- the loop (runs in the worker thread) -----------------------------------------------
    @Slot()
    def run(self) -> None:
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
                    # a failing command is reported and the loop goes on (never a silent death)
                    self._guard(self._handle, command, args)
                    # drain everything queued before training on
                    continue
                if not (self._running and self._session):
                    continue
                slow_motion = 0 < self._speed <= SLOW_MOTION_MAX
                # the GUI is drawing the last snapshot: let it have the GIL (gate.py)
                if not slow_motion and not self.gate.wait_until_open(CHUNK_SECONDS):
                    continue
                if self._speed > 0:
                    now = time.perf_counter()
                    # slow motion keeps a steady pace: no burst to catch up after a stall
                    self._budget = min(self._budget + (now - self._last_time) * self._speed,
                                       1.0 if slow_motion else MAX_BURST)
                    self._last_time = now
                    if self._budget < 1.0:
                        time.sleep(min(0.005, (1.0 - self._budget) / self._speed))
                        continue
                    n = 1 if slow_motion else int(self._budget)
                    self._budget -= n
                    self._train(n)
                else:
                    self._train_for(self.gate.train_seconds(CHUNK_SECONDS))
                if self._session.diverged:
                    self._on_diverged()
                    continue
                if not self._running:  # failed: reported by _guard
                    continue
                if slow_motion or self.gate.may_send():
                    self._emit_snapshot()
        finally:
            self.finished.emit()

    def _restart_pacing(self) -> None:
        """A paced run (speed > 0) starts with one step at once, then one every 1/speed s."""
        self._budget = 1.0
        self._last_time = time.perf_counter()

    def _step(self, n: int) -> None:
        """Train ``n`` steps now, sending up to STEP_SNAPSHOTS snapshots along the way (so that
        a figure made after ``nnstudio export --steps N`` shows the whole loss curve)."""
        chunks = max(1, min(n, STEP_SNAPSHOTS))
        done = 0
        for i in range(1, chunks + 1):
            target = n * i // chunks
            if not self._guard(self._session.step, target - done):
                return
            done = target
            if self._session.diverged:
                self._on_diverged()
                return
            if not self._emit_snapshot():
                return

    def _train(self, n: int) -> None:
        self._guard(self._session.step, n)

    def _train_for(self, seconds: float) -> None:
        """Train for ``seconds`` (at least one step)."""
        end = time.perf_counter() + seconds
        session = self._session
        while not session.diverged:
            if not self._guard(session.step, 1) or time.perf_counter() >= end:
                break

    def _guard(self, fn, *args) -> bool:
        try:
            fn(*args)
            return True
        except Exception as exc:  # a worker error must never vanish: report and pause
            self._running = False
            # the same error again before anything succeeded (e.g. the snapshot of a pause
            # after a failed snapshot) is already on screen: one dialog, not one per attempt
            key = (type(exc).__name__, str(exc))
            if key != self._last_failure:
                self._last_failure = key
                self.failed.emit(f"Training stopped: {exc}", traceback.format_exc())
            self.state_changed.emit("paused")
            return False

    def _on_diverged(self) -> None:
        self._running = False
        self._emit_snapshot()
        self.diverged.emit(self._session.steps)
        self.state_changed.emit("paused")

    def _emit_snapshot(self) -> bool:
        """Send a snapshot of the session; False if making it failed (reported)."""
        if self._session is None:
            return True
        session = self._session
        started = time.perf_counter()
        if not self._guard(lambda: self.snapshot.emit(session.snapshot(self._run_id))):
            return False
        self.gate.on_sent(started)
        self._emitted = (self._run_id, session.steps)
        self._last_failure = None
        return True

    def _handle(self, command: str, args: tuple) -> None:
        if command == "load":
            self._load(args[0], force=args[1] if len(args) > 1 else False)
        elif command == "play":
            if self._session is not None and self._session.diverged:
                self.diverged.emit(self._session.steps)  # say again why nothing happens
            elif self._session is not None:
                self._running = True
                self._restart_pacing()
                self.state_changed.emit("running")
        elif command == "pause":
            self._running = False
            # before the state, so "paused" arrives with its final snapshot (unless the last
            # one sent shows this very step already, as in slow motion)
            if self._session is not None and self._emitted != (self._run_id,
                                                              self._session.steps):
                self._emit_snapshot()
            self.state_changed.emit("paused")
        elif command == "step":
            if self._session is not None and not self._session.diverged:
                self._running = False
                self._step(int(args[0]) if args else 1)
        elif command == "reset":
            if self._project is not None:
                self._load(self._project, force=True)
        elif command == "speed":
            speed = float(args[0])
            self._speed = speed if speed > 0 and speed == speed else 0.0  # NaN, < 0: flat out
            self._restart_pacing()
        elif command == "weights":  # trained weights saved with the project (File → Open)
            self._load_weights(args[0])

    def _load_weights(self, weights: dict) -> None:
        from nnstudio.document.weights import apply_weights

        if self._session is None:
            return
        try:
            apply_weights(self._session, weights)
        except ValueError as exc:
            self.failed.emit(f"The saved weights do not fit this network ({exc}); "
                             "training starts from fresh weights.", "")
            return
        self._emit_snapshot()

    def _load(self, project, force: bool) -> None:
        """Take a new copy of the project: rebuild the run if needed, else update settings."""
        old = self._project
        self._project = project
        same_design = (
            old is not None and self._session is not None and not force
            and old.nodes == project.nodes and old.edges == project.edges
            and not structural_change(old.settings, project.settings)
        )
        if same_design:
            self._guard(self._session.apply_settings, project.settings)
            self._emit_snapshot()
            return
        was_running = self._running
        self._running = False
        self._session = None
        try:
            session = TrainingSession(project)
        except ProjectError:
            # the design is invalid: the window shows why (check_design) and disables Play
            self.state_changed.emit("invalid")
            return
        except Exception as exc:
            self.state_changed.emit("invalid")
            self.failed.emit(f"Could not build the network: {exc}", traceback.format_exc())
            return
        self._session = session
        self._run_id += 1
        self.dataset_changed.emit(session.dataset_payload())
        self._emit_snapshot()
        self._running = was_running and not force
        self.state_changed.emit("running" if self._running else "paused")
