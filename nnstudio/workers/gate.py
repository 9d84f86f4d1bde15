"""Sharing the machine between a worker that trains flat out and the GUI that draws it.

Two problems, both measured with every view open on a 2-core machine:

* **Flooding.** Qt delivers a signal from another thread as a posted event, and one pass of
  the event loop delivers posted events (snapshots, repaint requests) until none is left. When
  a snapshot arrives while the last one is still being painted, the pass never ends: timers
  and input never get their turn (one ``processEvents()`` call ran for minutes).
* **The GIL.** Training and drawing are both Python. While the worker holds the GIL the GUI
  thread waits up to the switch interval (5 ms) every time it comes back from a call into Qt,
  and pyqtgraph's painting makes hundreds of such calls: 2.5 frames a second and 360 ms
  event-loop latency at the 99th percentile.

So the worker takes turns with the GUI. It sends a live snapshot only when the previous one
has been drawn and the GUI's event loop is idle again (a 1 ms timer started after the views
handled it: Qt runs timers only after the posted events of a pass, repaints included); while a
snapshot is being drawn the worker waits instead of training, so the GUI has the GIL to
itself; and it trains at least as long as the GUI took to draw before it sends the next
snapshot, so that training keeps at least about half of the machine whatever the views cost.
Snapshots that answer a command (Step, Pause, Load) are sent regardless: nothing a user asked
for is ever dropped.

Each field is written by one thread only (``sent``/``sent_at`` by the worker,
``handled``/``idle_since``/``busy`` by the GUI thread); the event only wakes a waiting worker
early, the counters decide.
"""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QTimer

IDLE_MS = 1  # a real timer, not 0: a zero timer is a posted event, run in the same pass


class SnapshotGate:
    def __init__(self) -> None:
        self.sent = 0
        self.handled = 0
        self.sent_at = 0.0
        self.idle_since = 0.0
        self.busy = 0.0  # seconds from the last snapshot's emission until the GUI was idle
        self._idle = threading.Event()
        self._idle.set()

    # -- worker thread -----------------------------------------------------------------------
    def open(self) -> bool:
        """True when every snapshot sent so far has been drawn."""
        return self.handled >= self.sent

    def may_send(self) -> bool:
        """Open, and the worker has trained at least as long as the GUI last drew."""
        return self.open() and time.perf_counter() - self.idle_since >= self.busy

    def wait_until_open(self, timeout: float) -> bool:
        """Wait (GIL released) until the GUI has drawn the last snapshot, at most ``timeout``
        seconds; True if it has."""
        if not self.open():
            self._idle.wait(timeout)
        return self.open()

    def on_sent(self) -> None:
        """Count a snapshot just emitted."""
        self._idle.clear()
        self.sent_at = time.perf_counter()
        self.sent += 1

    # -- GUI thread --------------------------------------------------------------------------
    def relay(self, signal, snapshot) -> None:
        """Re-emit ``snapshot`` to the views through ``signal`` (they draw synchronously),
        then release the gate once the event loop is idle: the body of each controller's
        slot for its worker's snapshots (GUI thread)."""
        try:
            signal.emit(snapshot)
        finally:
            self.release_when_idle()

    def release_when_idle(self) -> None:
        """Count the snapshot as drawn once the event loop is idle again (call after the
        views have handled it)."""
        QTimer.singleShot(IDLE_MS, self._on_idle)

    def _on_idle(self) -> None:
        now = time.perf_counter()
        self.busy = max(0.0, now - self.sent_at)
        self.idle_since = now
        self.handled += 1
        self._idle.set()
