"""Shared fixtures of the classroom tests (issue 6): a main window with its own settings
folder, and the look put back to the default afterwards."""

from __future__ import annotations

import pytest

from nnstudio.ui import app_settings, theme
from nnstudio.ui.main_window import MainWindow
from nnstudio.workers import running_threads


@pytest.fixture
def settings_dir(tmp_path):
    folder = tmp_path / "settings"
    folder.mkdir()
    before = app_settings._folder
    app_settings.use_folder(folder)
    yield folder
    app_settings.use_folder(before)
    theme.apply(None, "light", False, "okabe-ito")


def open_window(qtbot, project=None, path=None, size=(1400, 880)) -> MainWindow:
    win = MainWindow(project, path=path)
    qtbot.addWidget(win)
    win.resize(*size)
    win.show()
    qtbot.waitUntil(lambda: win.last_snapshot is not None, timeout=10_000)
    return win


@pytest.fixture
def cwindow(qtbot, settings_dir):
    win = open_window(qtbot)
    yield win
    win.close()
    assert running_threads() == []
