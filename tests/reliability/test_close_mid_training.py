"""Closing the app mid-training (issue 7): the real program — ``python -m nnstudio FILE``, the
same code path as the ``nnstudio`` command, with the error dialog hook, the close confirmation
and the autosave — trains flat out, the window is closed while the worker is running, and the
process exits with status 0 within 2 seconds of the close, without Qt's
"QThread: Destroyed while thread is still running" or any traceback.

(tests/ui/test_main_window.py has a smaller check that builds a ``MainWindow`` by hand; this
one goes through the entry point and measures the time from close to exit.)

Driving the window needs no test hook in the app: the child wraps
``nnstudio.app.make_application`` to queue a timer that finds the window, presses Play and
closes it at the first snapshot past ``CLOSE_AFTER`` steps.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time

import pytest

from nnstudio.document.io import save_project
from nnstudio.document.lessons import load_lesson
from nnstudio.document.project import default_project

CLOSE_AFTER = 300
MAX_EXIT_SECONDS = 2.0

DRIVER = textwrap.dedent("""
    import runpy, sys, time

    import nnstudio.app as app_module

    original = app_module.make_application
    closed = []

    def drive():
        from PySide6.QtWidgets import QApplication
        from nnstudio.ui.main_window import MainWindow

        [win] = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]

        def on_snapshot(snap):
            if snap["steps"] > CLOSE_AFTER and not closed:
                closed.append(True)
                running = win.controller.running
                print(f"CLOSING {time.time():.6f} steps={snap['steps']} running={running}",
                      flush=True)
                win.close()

        win.snapshot_drawn.connect(on_snapshot)
        win.play()

    def make_application(argv=None):
        app = original(argv)
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, drive)  # runs once app.exec() has started
        return app

    app_module.make_application = make_application
    sys.argv = ["nnstudio", *sys.argv[1:]]
    runpy.run_module("nnstudio", run_name="__main__", alter_sys=True)
""").replace("CLOSE_AFTER", str(CLOSE_AFTER))


def _project(name: str):
    if name == "default":
        return default_project()
    project = load_lesson(name)
    project.meta.pop("locked", None)
    return project


@pytest.mark.parametrize("name", ["default", "spiral"])
def test_closing_mid_training_exits_0_within_2_seconds(tmp_path, name):
    path = tmp_path / f"{name}.nnstudio"
    save_project(_project(name), path)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               NNSTUDIO_CONFIG_DIR=str(tmp_path / "config"))
    proc = subprocess.Popen([sys.executable, "-c", DRIVER, str(path)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = proc.stdout.readline()  # blocks until the child closes the window (or dies)
        closed_at = time.monotonic()
        assert line.startswith("CLOSING"), (line, proc.stderr.read() if proc.poll() else "")
        child_close_time = float(line.split()[1])
        assert "running=True" in line  # the worker was training when the window closed
        out, err = proc.communicate(timeout=30)
        exited_at = time.monotonic()
        child_exit_delay = time.time() - child_close_time
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    seconds = exited_at - closed_at
    print(f"\n{name}: closed at {line.split()[2]}, exit {proc.returncode} "
          f"{seconds:.3f} s after the close (child clock: ≤ {child_exit_delay:.3f} s)")
    assert proc.returncode == 0, err
    assert seconds < MAX_EXIT_SECONDS, f"exit took {seconds:.2f} s after the close"
    assert "QThread" not in err and "Destroyed" not in err, err
    assert "Traceback" not in err, err
