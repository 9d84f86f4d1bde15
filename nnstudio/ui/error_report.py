"""Unexpected errors in the GUI thread are shown, not lost (issue 7).

Qt calls Python slots and event handlers from C++: an exception raised there cannot reach any
caller, so PySide prints it and carries on, and the user sees nothing (a plot silently stops
updating). :func:`install` routes such exceptions to a dialog with the traceback in its
details (``MainWindow.show_error``); the app keeps running. The same error (type and place)
is shown once per session, later repeats go to the status bar, so an error in a drawing
routine called 30 times a second does not bury the window under dialogs. Errors of the
training thread arrive separately, through the worker's ``failed`` signal.
"""

from __future__ import annotations

import sys
import threading
import traceback
import weakref


def install(window) -> callable:
    """Make ``sys.excepthook`` report to ``window``; returns the hook (the previous one still
    runs for KeyboardInterrupt/SystemExit and when the window is gone)."""
    previous = sys.excepthook
    ref = weakref.ref(window)
    seen: set = set()

    def hook(exc_type, exc, tb) -> None:
        win = ref()
        if win is None or issubclass(exc_type, (KeyboardInterrupt, SystemExit)):
            previous(exc_type, exc, tb)
            return
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        sys.stderr.write(details)
        if threading.current_thread() is not threading.main_thread():
            return  # widgets belong to the GUI thread; stderr has it
        frames = traceback.extract_tb(tb)
        key = (exc_type.__name__, (frames[-1].filename, frames[-1].lineno) if frames else None)
        message = f"{exc_type.__name__}: {exc}"
        try:
            if key in seen:
                win.statusBar().showMessage(f"Unexpected error (again): {message}", 10_000)
                return
            seen.add(key)
            win.show_error("Unexpected error",
                           f"{message}\n\nnnstudio keeps running; saving your work is wise. "
                           "The details below help to report the problem.", details)
        except Exception:  # the window is being torn down: stderr has it already  # noqa: BLE001
            pass

    sys.excepthook = hook
    return hook
