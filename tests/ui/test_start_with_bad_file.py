"""`nnstudio BAD.nnstudio` from a desktop icon or a file manager: nobody reads stderr, so the
app opens and says in a dialog why the file was refused (it printed one line and exited 2:
the teacher saw nothing happen)."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

from nnstudio import app as app_module
from nnstudio.ui.main_window import MainWindow


def test_a_refused_file_is_said_in_the_window(qtbot, tmp_path, monkeypatch, capsys):
    bad = tmp_path / "truncated.nnstudio"
    bad.write_text('{"format": "nnstudio", "version": 1, "nodes": [', encoding="utf-8")
    seen = {}

    def fake_exec(self=None):  # instead of the event loop: look, then close
        windows = [w for w in QApplication.topLevelWidgets()
                   if isinstance(w, MainWindow) and w.isVisible()]
        seen["errors"] = [w.last_error for w in windows]
        for w in windows:
            w.ask_before_closing = False
            w.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", fake_exec)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run_app installs its own
    assert app_module.run_app(str(bad)) == 0
    assert any(e and "truncated.nnstudio" in e for e in seen["errors"]), seen
    assert "truncated.nnstudio" in capsys.readouterr().err  # and on stderr, as before


def test_smoke_of_a_refused_file_still_exits_2(tmp_path, capsys):
    bad = tmp_path / "bad.nnstudio"
    bad.write_text("not json", encoding="utf-8")
    assert app_module.run_app(str(bad), smoke=True) == 2
