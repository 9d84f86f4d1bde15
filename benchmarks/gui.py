"""Responsiveness benchmark: the main window, offscreen, training the default project flat out.

Measured in one run, in alternating segments (headless, GUI, headless, GUI, headless):

* **event-loop latency**: a 5 ms ``QTimer`` probe in the GUI thread; each tick's lateness
  (time since the previous tick − 5 ms) is one sample; the 99th percentile is reported;
* **redraw rate**: snapshots drawn per second (every view updated: decision surface,
  network weights, status; ``MainWindow.snapshot_drawn``) and loss-plot redraws per second
  (``LossPlot.refresh`` calls that really drew); the lower of the two is the frame rate;
* **throughput**: optimizer steps per second of the worker while the window runs (from the
  step counts of the first and last snapshot of a segment), against the same session type
  trained headless in this process (``TrainingSession.step`` in a loop, no snapshots).

Every optional panel (View menu) is opened first. All timings are wall-clock: here the
point is how the GUI thread, the worker thread and the GIL share the machine.
"""

from __future__ import annotations

import os
import statistics
import time

PROBE_MS = 5


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, int(round(q / 100 * (len(ordered) - 1)))))
    return ordered[k]


def _headless_rate(seconds: float) -> float:
    from nnstudio.document.project import default_project
    from nnstudio.session import TrainingSession

    session = TrainingSession(default_project())
    session.step(50)  # warm up
    start, n = time.perf_counter(), 0
    while time.perf_counter() - start < seconds:
        session.step(20)
        n += 20
    return n / (time.perf_counter() - start)


class _GuiRun:
    """The window, its probe timer and the counters of one GUI segment.

    Reads two private attributes of the controller, read-only: the worker (to count the
    snapshots it emits, in its own thread) and the worker's session (for its step count).
    """

    def __init__(self) -> None:
        from PySide6.QtCore import QElapsedTimer, Qt, QTimer
        from PySide6.QtWidgets import QApplication

        from nnstudio.document.project import default_project
        from nnstudio.ui.main_window import MainWindow

        self.app = QApplication.instance() or QApplication(["nnstudio-benchmark"])
        self.window = MainWindow(default_project())
        self.window.show()
        self.panels = list(getattr(self.window, "panels", {}))
        for panel_id in self.panels:
            self.window.show_panel(panel_id)
        self.worker = self.window.controller._worker
        self.emitted = 0  # snapshots the worker sent (counted in the worker's thread)
        self.drawn = 0  # snapshots the window drew
        self.loss_redraws = 0
        self.late_ms: list[float] = []
        self.worker.snapshot.connect(self._on_emitted, Qt.ConnectionType.DirectConnection)
        self.window.snapshot_drawn.connect(self._on_drawn)
        plot = self.window.loss_plot
        original = plot.refresh

        def counting_refresh():  # count the timer's frames that really draw
            if plot.is_dirty:
                self.loss_redraws += 1
            original()

        plot.refresh = counting_refresh
        self._clock = QElapsedTimer()
        self._last_tick: float | None = None
        self.probe = QTimer()
        self.probe.setTimerType(Qt.TimerType.PreciseTimer)
        self.probe.setInterval(PROBE_MS)
        self.probe.timeout.connect(self._tick)
        self._clock.start()
        self.run_events(lambda: self.window.last_snapshot is not None, timeout=30.0)

    def _tick(self) -> None:
        now = self._clock.nsecsElapsed() / 1e6  # ms
        if self._last_tick is not None:
            self.late_ms.append(max(0.0, now - self._last_tick - PROBE_MS))
        self._last_tick = now

    def _on_emitted(self, _snap) -> None:
        self.emitted += 1

    def _on_drawn(self, _snap) -> None:
        self.drawn += 1

    def steps(self) -> int:
        session = getattr(self.worker, "_session", None)
        return int(session.steps) if session is not None else 0

    def run_events(self, until, timeout: float) -> bool:
        """Process events until ``until()`` is true or ``timeout`` seconds have passed.

        Each ``processEvents`` call is bounded (50 ms), so a GUI that cannot keep up with
        the worker cannot trap the benchmark in one endless call."""
        from PySide6.QtCore import QEventLoop

        end = time.perf_counter() + timeout
        while time.perf_counter() < end:
            self.app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            if until():
                return True
            time.sleep(0.001)
        return until()

    def run_loop(self, seconds: float) -> None:
        """Run Qt's own event loop for ``seconds``, as the app does (``exec``): the GUI thread
        sleeps in Qt, without the GIL, until an event comes. (A Python loop of short
        ``processEvents`` calls would wake every millisecond and take the GIL from the
        worker: 0.43 of headless throughput instead of 0.5 in one measurement.) The gate
        keeps this loop from being flooded (workers/gate.py), so the quit timer fires."""
        from PySide6.QtCore import QEventLoop, QTimer

        loop = QEventLoop()
        QTimer.singleShot(int(seconds * 1000), loop.quit)
        loop.exec()

    def segment(self, seconds: float) -> dict:
        """Play flat out for ``seconds`` with the probe running; returns the measurements."""
        self.window.controller.set_speed(0)  # 0 = as fast as possible
        self.window.play()
        self.run_events(lambda: self.window.controller.running, timeout=5.0)
        self.run_events(lambda: False, timeout=0.2)  # let the worker get going
        drawn0, redraws0, emitted0 = self.drawn, self.loss_redraws, self.emitted
        self.late_ms.clear()
        self._last_tick = None
        self.probe.start()
        steps0, start = self.steps(), time.perf_counter()
        self.run_loop(seconds)
        steps1, elapsed = self.steps(), time.perf_counter() - start
        self.probe.stop()
        late = list(self.late_ms)
        drawn, redraws = self.drawn - drawn0, self.loss_redraws - redraws0
        backlog = self.emitted - self.drawn  # sent but not drawn yet
        emitted = self.emitted - emitted0
        self.window.controller.pause()  # a thread-safe post: works even when the GUI lags
        drained = self.run_events(lambda: self.drawn >= self.emitted, timeout=30.0)
        return {
            "late_ms": late,
            "snapshot_fps": drawn / elapsed,
            "emitted_fps": emitted / elapsed,
            "loss_fps": redraws / elapsed,
            "steps_per_s": (steps1 - steps0) / elapsed,
            "backlog": backlog,
            "drained": drained,
        }

    def close(self) -> None:
        self.window.controller.pause()
        self.run_events(lambda: self.drawn >= self.emitted, timeout=30.0)
        self.window.close()
        self.app.processEvents()


def bench_gui(args) -> list[dict]:
    """Rows for the table (see module docstring); skipped rows say why."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    label = "main window"
    try:
        from nnstudio.ui.main_window import MainWindow  # noqa: F401
    except Exception as exc:  # noqa: BLE001 - report any import problem and go on
        return [{"label": label, "skipped": f"main window does not import: {exc}"}]
    seconds = args.gui_seconds / 2  # two GUI segments
    headless = [_headless_rate(seconds / 2)]
    try:
        run = _GuiRun()
    except Exception as exc:  # noqa: BLE001
        return [{"label": label, "skipped": f"main window does not open: {exc}"}]
    try:
        segments = []
        for _ in range(2):
            segments.append(run.segment(seconds))
            headless.append(_headless_rate(seconds / 2))
    finally:
        run.close()
    late = [x for s in segments for x in s["late_ms"]]
    p99 = _percentile(late, 99)
    snap_fps = statistics.median(s["snapshot_fps"] for s in segments)
    emitted_fps = statistics.median(s["emitted_fps"] for s in segments)
    loss_fps = statistics.median(s["loss_fps"] for s in segments)
    fps = min(snap_fps, loss_fps)
    gui_rate = statistics.median(s["steps_per_s"] for s in segments)
    head_rate = statistics.median(headless)
    ratio = gui_rate / head_rate
    backlog = max(s["backlog"] for s in segments)
    panels = ", ".join(run.panels) if run.panels else "none registered"
    ideal = int(args.gui_seconds * 1000 / PROBE_MS)
    return [
        {
            "label": "GUI event-loop latency, p99 (ms)",
            "value": p99,
            "target": "< 50",
            "ok": p99 < 50,
            "note": (
                f"{len(late)} probe ticks of {PROBE_MS} ms (~{ideal} if never late); "
                f"median {_percentile(late, 50):.1f}, "
                f"max {max(late) if late else float('nan'):.1f} ms; panels open: {panels}"
            ),
        },
        {
            "label": "plot redraws per second",
            "value": fps,
            "target": "≥ 20",
            "ok": fps >= 20,
            "note": (
                f"snapshots drawn {snap_fps:.1f}/s of {emitted_fps:.1f}/s sent, "
                f"loss-plot redraws {loss_fps:.1f}/s"
            ),
        },
        {
            "label": "snapshots sent but not drawn at a segment's end",
            "value": float(backlog),
            "target": "—",
            "ok": None,
            "note": (
                "at most one live snapshot is in flight (nnstudio/workers/gate.py): 0 or 1, "
                "or -1 when the window drew a snapshot after the count of those sent was read"
                + ("" if all(s["drained"] for s in segments) else "; NOT drained within 30 s")
            ),
        },
        {
            "label": "training throughput, GUI open / headless",
            "value": ratio,
            "target": "≥ 0.5",
            "ok": ratio >= 0.5,
            "note": (
                f"{gui_rate:.0f} steps/s with the window, {head_rate:.0f} headless "
                f"(default project, {len(segments)} GUI and {len(headless)} headless segments)"
            ),
        },
    ]
