"""Background work in QThreads. Every QThread nnstudio starts is registered here, so that
tests (and the app on exit) can check that none is left running."""

from __future__ import annotations

import weakref

_THREADS: weakref.WeakSet = weakref.WeakSet()


def register_thread(thread) -> None:
    _THREADS.add(thread)


def running_threads() -> list:
    alive = []
    for thread in list(_THREADS):
        try:
            if thread.isRunning():
                alive.append(thread)
        except RuntimeError:  # the C++ object is gone, so is the thread
            continue
    return alive
