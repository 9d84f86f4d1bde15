"""Start the desktop app: QApplication, a clear hint when Qt's platform plugin can't load,
and the main window."""

from __future__ import annotations

import os
import sys

XCB_PACKAGES = (
    "libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 "
    "libxcb-shape0 libxcb-xkb1 libxcb-randr0 libxcb-xfixes0 libxcb-sync1 libxcb-glx0 "
    "libxcb-util1 libx11-xcb1 libxkbcommon-x11-0 libegl1 libgl1 libfontconfig1 "
    "libdbus-1-3 libglib2.0-0"
)
PLATFORM_HINT = (
    "nnstudio: Qt could not start its display plugin ({platform}).\n"
    "On Debian/Ubuntu install the libraries Qt needs:\n"
    f"  sudo apt-get install {XCB_PACKAGES}\n"
    "Without a screen (e.g. over ssh) use 'nnstudio export' or set QT_QPA_PLATFORM=offscreen."
)

NO_DISPLAY_HINT = (
    "nnstudio: no display found (DISPLAY and WAYLAND_DISPLAY are not set).\n"
    "Start nnstudio from a desktop session, or without a screen use 'nnstudio train' and\n"
    "'nnstudio export', or set QT_QPA_PLATFORM=offscreen."
)


def _install_platform_hint() -> None:
    """Turn Qt's fatal 'could not load the Qt platform plugin' abort into a short hint."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    def handler(kind, context, message):  # noqa: ARG001 - Qt's signature
        if kind == QtMsgType.QtFatalMsg and "platform plugin" in message:
            platform = os.environ.get("QT_QPA_PLATFORM", "xcb")
            if platform == "xcb" and not (os.environ.get("DISPLAY")
                                          or os.environ.get("WAYLAND_DISPLAY")):
                sys.stderr.write(NO_DISPLAY_HINT + "\n")
            else:
                sys.stderr.write(PLATFORM_HINT.format(platform=platform) + "\n")
            sys.stderr.flush()
            os._exit(3)
        if kind in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
            if "Could not load the Qt platform plugin" in message or "xcb-cursor0" in message:
                return  # the fatal message that follows prints our hint
            if "propagateSizeHints" in message:
                return  # the offscreen plugin's harmless note on every window
            sys.stderr.write(message + "\n")

    qInstallMessageHandler(handler)


def make_application(argv: list[str] | None = None):
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        _install_platform_hint()
        app = QApplication(argv if argv is not None else sys.argv[:1])
        app.setApplicationName("nnstudio")
        app.setOrganizationName("nnstudio")
        app.setApplicationDisplayName("nnstudio")
    return app


def run_app(project_path: str | None = None, smoke: bool = False) -> int:
    """The desktop app. ``smoke``: open the window on the project (or the first lesson),
    train a few steps, close and return 0 — a check that an installation or a packaged build
    really starts (it needs no screen with QT_QPA_PLATFORM=offscreen)."""
    from nnstudio.document.errors import ProjectError
    from nnstudio.document.io import load_project

    project = None
    refused = None  # why the file given could not be opened (said in the window too)
    if project_path is not None:
        try:
            project = load_project(project_path)
        except ProjectError as exc:
            sys.stderr.write(f"nnstudio: {project_path}: {exc}\n")
            if smoke:
                return 2
            # started from a file manager or a desktop icon, nobody reads stderr: open the
            # app (the lesson gallery) and say in a dialog why the file was not opened
            refused, project_path = f"{project_path}: {exc}", None
    app = make_application()
    from nnstudio.ui import i18n

    i18n.install(app)
    from nnstudio.ui.app_settings import get_bool
    from nnstudio.ui.main_window import MainWindow

    start_page = project is None and not smoke and get_bool("startpage/show", True)
    window = MainWindow(project, path=project_path)
    from nnstudio.ui.error_report import install as report_errors

    report_errors(window)  # exceptions in Qt slots: a dialog, never lost (issue 7)
    app.setWindowIcon(app_icon())
    app.setDesktopFileName("org.nnstudio.NNStudio")  # matches packaging/*.desktop
    window.setWindowIcon(app_icon())
    window.show()
    if smoke:
        return _smoke(app, window)
    window.ask_before_closing = True
    # after a crash: offer the unsaved work first; else, without a file, the lesson gallery
    if window.classroom.offer_recovery() is None and start_page:
        window.classroom.show_lessons(start_page=True)
    if refused is not None:
        window.show_error(window.tr("Cannot open the project"), refused)
    return app.exec()


def app_icon():
    from PySide6.QtGui import QIcon

    from nnstudio.resources_path import resource

    icon = QIcon()
    for size in (16, 32, 48, 64, 128, 256, 512):
        png = resource("icons", f"nnstudio-{size}.png")
        if png.is_file():
            icon.addFile(str(png))
    svg = resource("icons", "nnstudio.svg")
    if icon.isNull() and svg.is_file():
        icon.addFile(str(svg))
    return icon


def _smoke(app, window) -> int:
    from nnstudio.export.figures import train_and_wait

    try:
        train_and_wait(window, 20, timeout_ms=60_000)
        steps = window.last_snapshot["steps"]
    finally:
        window.close()
        app.processEvents()
    print(f"nnstudio smoke test: window opened, {steps} steps trained, closed")
    return 0
