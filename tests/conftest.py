"""Shared test setup: Qt runs offscreen; no test may leave a QThread running."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_SCALE_FACTOR", "1")

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _no_thread_left_running(request):
    """Fail a test that leaves one of nnstudio's QThreads running."""
    yield
    from nnstudio.workers import running_threads

    alive = running_threads()
    if alive:
        names = ", ".join(t.objectName() or "QThread" for t in alive)
        for thread in alive:  # don't let the leak break the following tests
            thread.quit()
            thread.wait(5000)
        pytest.fail(f"test left QThread(s) running: {names}")
