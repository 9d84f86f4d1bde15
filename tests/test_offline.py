"""Offline: with every network socket blocked, the app opens and every lesson trains.

A classroom has no network; nothing in nnstudio may try to reach one (no update checks, no
downloads of data or fonts). Sockets are blocked in this process by replacing socket.socket and
the connect functions with ones that raise, then each lesson is built and trained a few steps
headless, and the main window is opened once and trains.
"""

from __future__ import annotations

import socket

import pytest

from nnstudio.document.lessons import list_lessons, load_lesson
from nnstudio.session import TrainingSession


class NetworkBlocked(RuntimeError):
    pass


@pytest.fixture
def no_network(monkeypatch):
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise NetworkBlocked(f"network access attempted: {args!r}")

    class BlockedSocket(socket.socket):
        def __init__(self, family=-1, *args, **kwargs):
            if family in (socket.AF_INET, socket.AF_INET6, -1):
                refuse(family, *args)
            super().__init__(family, *args, **kwargs)

    monkeypatch.setattr(socket, "socket", BlockedSocket)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse, raising=False)
    yield attempts
    assert attempts == []


def test_sockets_are_really_blocked(no_network):
    with pytest.raises(NetworkBlocked):
        socket.create_connection(("127.0.0.1", 9))
    no_network.clear()


@pytest.mark.parametrize("name", [info.name for info in list_lessons()])
def test_every_lesson_trains_offline(no_network, name):
    session = TrainingSession(load_lesson(name))
    session.step(3)
    assert session.steps == 3
    snap = session.snapshot()
    assert snap["steps"] == 3


def test_the_window_opens_and_trains_offline(no_network, qtbot, tmp_path, monkeypatch):
    from nnstudio.ui import app_settings

    monkeypatch.setattr(app_settings, "_folder", str(tmp_path))
    from nnstudio.export.figures import train_and_wait
    from nnstudio.ui.main_window import MainWindow

    win = MainWindow(load_lesson("xor"), show_start_page=True)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.last_snapshot is not None, timeout=10_000)
    train_and_wait(win, 20)
    assert win.last_snapshot["steps"] >= 20
    qtbot.waitUntil(lambda: getattr(win.classroom, "gallery", None) is not None, timeout=5000)
    win.classroom.gallery.reject()
    win.close()
