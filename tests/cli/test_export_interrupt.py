"""Ctrl+C during `nnstudio export` (training in the window's worker, Qt's event loop waiting)
was ignored for minutes; it ends the command at once like `train`: exit 130, one line."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest


def training_thread_started(pid: int) -> bool:
    """The worker thread is named after its QThread ("nnstudio-training…")."""
    names = []
    for comm in Path(f"/proc/{pid}/task").glob("*/comm"):
        try:
            names.append(comm.read_text())
        except OSError:
            pass
    return any(name.startswith("nnstudio-train") for name in names)


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads /proc (Linux)")
def test_ctrl_c_ends_a_long_export(tmp_path):
    out = tmp_path / "loss.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen(
        [sys.executable, "-m", "nnstudio", "export", "--lesson", "spiral", "--figure", "loss",
         "--steps", "50000000", "--out", str(out)],
        stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path)
    try:
        # Ctrl+C once the training thread runs, i.e. while Qt's event loop waits (sent
        # earlier, the interpreter would see it during the imports: not the case tested)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None \
                and not training_thread_started(proc.pid):
            try:
                proc.wait(timeout=0.05)
            except subprocess.TimeoutExpired:
                pass
        assert training_thread_started(proc.pid), "the export never started training"
        proc.send_signal(signal.SIGINT)
        _out, err = proc.communicate(timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    assert not out.exists() and list(tmp_path.iterdir()) == []
