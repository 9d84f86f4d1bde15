"""Shared test setup: Qt runs offscreen; no test may leave a QThread running.

Threads are found two ways: nnstudio registers every QThread it starts
(``nnstudio.workers.running_threads``), and any other QThread started through
``QThread.start`` during a test (e.g. one a test or a helper makes itself) is tracked here.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_SCALE_FACTOR", "1")
# settings, recent files and autosaves of test runs stay out of the user's folders (and the
# folder goes when the run ends)
if "NNSTUDIO_CONFIG_DIR" not in os.environ:
    os.environ["NNSTUDIO_CONFIG_DIR"] = tempfile.mkdtemp(prefix="nnstudio-tests-")
    atexit.register(shutil.rmtree, os.environ["NNSTUDIO_CONFIG_DIR"], ignore_errors=True)

import pytest  # noqa: E402

_started: list = []  # QThreads started during the current test

try:
    from PySide6.QtCore import QThread
except ImportError:  # pragma: no cover - engine-only environment
    QThread = None
else:
    _original_start = QThread.start

    def _tracking_start(self, *args, **kwargs):
        _started.append(self)
        return _original_start(self, *args, **kwargs)

    QThread.start = _tracking_start


def _is_running(thread) -> bool:
    try:
        return thread.isRunning()
    except RuntimeError:  # the C++ object is gone, so is the thread
        return False


@pytest.fixture(autouse=True)
def _no_thread_left_running(request):
    """Fail a test that leaves a QThread running."""
    _started.clear()
    yield
    from nnstudio.workers import running_threads

    alive = list(running_threads())
    alive += [t for t in _started if _is_running(t) and all(t is not a for a in alive)]
    _started.clear()
    if alive:
        names = ", ".join(t.objectName() or "QThread" for t in alive)
        for thread in alive:  # don't let the leak break the following tests
            thread.quit()
            thread.wait(5000)
        pytest.fail(f"test left QThread(s) running: {names}")


@pytest.fixture
def window(qtbot):
    """The main window on the default project, shown at 1400 × 880 with its first snapshot
    drawn; closed afterwards, with no thread left running. (Test modules that need another
    window define their own ``window``.)"""
    from nnstudio.ui.main_window import MainWindow
    from nnstudio.workers import running_threads

    win = MainWindow()
    qtbot.addWidget(win)
    win.resize(1400, 880)
    win.show()
    qtbot.waitUntil(lambda: win.last_snapshot is not None, timeout=10_000)
    yield win
    if win.isVisible():
        win.close()
    assert running_threads() == []
