"""Render figures (surface, loss, network, window) to PNG or SVG, offscreen or from the app.

Plots go through pyqtgraph's exporters, the network scene and the window through QPainter on
a QImage (PNG) or a QSvgGenerator (SVG). Files are written atomically.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Figure:
    """A figure the command line can export: ``render(project, out, steps, width, height)``."""

    name: str
    description: str
    default_size: tuple[int, int]
    render: Callable


#: every exportable figure, by name; other modules add theirs with :func:`register_figure`
FIGURES: dict[str, Figure] = {}
#: modules that register more figures (imported on first use, so the CLI starts fast)
FIGURE_MODULES: list[str] = ["nnstudio.export.compare_figures",
                             "nnstudio.export.recurrent_figures"]
FIGURE_MODULES += ["nnstudio.export.inside_figures"]  # neurons, activations, ... (issue 5)


def register_figure(figure: Figure) -> Figure:
    FIGURES[figure.name] = figure
    return figure


def all_figures() -> dict[str, Figure]:
    import importlib

    for module in FIGURE_MODULES:
        importlib.import_module(module)
    return FIGURES


def ensure_application():
    """A QApplication, offscreen unless the user chose a platform."""
    if "QT_QPA_PLATFORM" not in os.environ:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from nnstudio.app import make_application

    return make_application()


def export_figure(project, figure: str, out: str, steps: int = 0, width: int | None = None,
                  height: int | None = None) -> Path:
    """Render ``figure`` of ``project`` after ``steps`` training steps to ``out`` (.png/.svg)."""
    spec = all_figures()[figure]
    w, h = width or spec.default_size[0], height or spec.default_size[1]
    spec.render(project, Path(out), steps, w, h)
    return Path(out)


def _render_from_window(figure: str):
    def render(project, out: Path, steps: int, w: int, h: int) -> None:
        _window_figure(project, figure, out, steps, w, h)

    return render


def _window_figure(project, figure: str, out: Path, steps: int, w: int, h: int) -> Path:
    """Open the main window offscreen on ``project``, train ``steps`` steps in its worker,
    then render ``figure``."""
    app = ensure_application()
    from nnstudio.ui.main_window import MainWindow

    window = MainWindow(project)
    if figure == "window":
        window.resize(w, h)
    window.show()
    try:
        if window.issues:
            from nnstudio.document.errors import ProjectError

            raise ProjectError("network", window.issues[0].message)
        train_and_wait(window, steps)
        return render_figure(window, figure, Path(out), w, h)
    finally:
        window.close()
        app.processEvents()


class TrainingFailed(RuntimeError):
    """The window's worker reported an error while a figure waited for its training."""


@contextlib.contextmanager
def leave_on_ctrl_c():
    """Inside, Ctrl+C ends the process at once: exit 130 with one line, as ``train``.

    A command-line export trains in a window's worker thread while Qt's event loop waits; a
    KeyboardInterrupt raised in a Qt slot is swallowed there (Ctrl+C was ignored for
    minutes), and a normal exit with the worker running makes Qt abort. Nothing is
    half-written: figures go to a temporary name and are renamed, after training."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def leave(_signum, _frame) -> None:
        print("nnstudio: interrupted", file=sys.stderr, flush=True)
        os._exit(130)

    previous = signal.signal(signal.SIGINT, leave)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@contextlib.contextmanager
def _interruptible():
    """While Qt's event loop waits, give the interpreter a turn every 100 ms to run signal
    handlers (it runs them only between Python statements)."""
    from PySide6.QtCore import QTimer

    tick = QTimer()
    tick.timeout.connect(lambda: None)  # a Python slot: the interpreter's turn
    tick.start(100)
    try:
        yield
    finally:
        tick.stop()


def train_and_wait(window, steps: int, timeout_ms: int = 600_000) -> None:
    """Ask the window's worker for ``steps`` steps and wait until their snapshot is drawn."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    done = {"ok": False, "failure": None}

    def on_snapshot(snap):
        if snap["steps"] >= steps and window.last_snapshot is snap:
            done["ok"] = True
            loop.quit()

    def on_failed(message: str, _details: str) -> None:  # the worker stopped: stop waiting
        done["failure"] = message
        loop.quit()

    def on_diverged(step: int) -> None:  # its snapshot is drawn already (it came first)
        done["diverged"] = step
        loop.quit()

    window.snapshot_drawn.connect(on_snapshot)
    window.controller.failed.connect(on_failed)
    window.controller.diverged.connect(on_diverged)
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)
    timer.start(timeout_ms)
    window.controller.step(steps)
    if not done["ok"] and done["failure"] is None and "diverged" not in done:
        with _interruptible():
            loop.exec()
    window.snapshot_drawn.disconnect(on_snapshot)
    window.controller.failed.disconnect(on_failed)
    window.controller.diverged.disconnect(on_diverged)
    if done["failure"] is not None:
        raise TrainingFailed(done["failure"])
    if "diverged" in done:  # draw the run as it stands, and say so
        print(f"nnstudio: training diverged at step {done['diverged']} (a loss or weight "
              "became infinite or NaN); the figure shows that step. Lower the learning rate.",
              file=sys.stderr)
        window.loss_plot.redraw()
        return
    if not done["ok"]:
        raise TimeoutError(f"training {steps} steps did not finish in time")
    window.loss_plot.redraw()


def render_figure(window, figure: str, out: Path, width: int, height: int) -> Path:
    out = Path(out)
    svg = out.suffix.lower() == ".svg"
    if figure in ("surface", "loss"):
        widget = window.data_view if figure == "surface" else window.loss_plot
        # QPainter on the widget, not pyqtgraph's SVGExporter: that one cannot parse the SVG
        # paths Qt 6.11 writes (ValueError in SVGExporter.correctCoordinates)
        export_widget_at_size(widget, out, width, height, svg)
    elif figure == "network":
        export_scene(window.scene, out, width, height, svg)
    else:
        export_widget(window, out, svg, (width, height))
    return out


for _name, _description, _size in (
    ("surface", "the data and the decision surface", (800, 800)),
    ("loss", "train and test loss against steps", (1000, 600)),
    ("network", "the network as drawn on the canvas, with its weights", (1200, 600)),
    ("window", "the whole main window", (1400, 880)),
):
    register_figure(Figure(_name, _description, _size, _render_from_window(_name)))


def _atomic_target(out: Path) -> Path:
    """A temporary file beside ``out`` (export/files.py: one atomic write for every file)."""
    from .files import _atomic_target as target

    return target(out)


def _write_png(image, tmp: Path) -> None:
    """Write ``image`` to ``tmp`` as PNG; OSError if the write fails (export/files.py)."""
    from .files import write_png

    write_png(image, tmp)


def _finish(tmp: Path, out: Path) -> None:
    """Move ``tmp`` over ``out``, with the mode an ordinary new file gets."""
    from .files import _finish as finish

    finish(tmp, out)


#: the network figure's margin around the drawing: this fraction of the shorter side, at most
#: SCENE_MARGIN_MAX pixels
SCENE_MARGIN_FRACTION = 0.04
SCENE_MARGIN_MAX = 24.0
#: the size of the drawing :func:`scene_ink_rect` measures the network's extent on
INK_PIXELS = 2000


def export_scene(scene, out: Path, width: int, height: int, svg: bool) -> None:
    """The network on the canvas, scaled to fit ``width`` × ``height`` (keeping its
    proportions) and centred, with a small margin; to a PNG of exactly that size or an SVG."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QImage, QPainter

    source = _fitted_scene_source(scene)
    if svg:  # one vector path for every figure (see export/files.py)
        from .files import export

        export(source, out, width, height)
        return
    tmp = _atomic_target(out)
    try:
        image = QImage(width, height, QImage.Format.Format_ARGB32)
        image.fill(source.background())
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        source.paint(painter, QRectF(0, 0, width, height))
        painter.end()
        _write_png(image, tmp)
        _finish(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)


def scene_content_rect(scene):
    """The scene rectangle of the visible items (a hidden hint or connection preview left in
    the scene takes no room), else of every item."""
    from PySide6.QtCore import QRectF

    rect = QRectF()
    for item in scene.items():
        if item.isVisible():
            rect = rect.united(item.sceneBoundingRect())
    if rect.isEmpty():
        rect = scene.itemsBoundingRect()
    if rect.isEmpty():
        rect = QRectF(-100, -60, 200, 120)
    return rect


def scene_ink_rect(scene, background):
    """The scene rectangle of what is actually drawn. The items' bounding rectangles hold
    room that stays blank (a layer card keeps a caption line above it, empty for the Input
    and Output layers), so the scene is drawn once, at most INK_PIXELS across, and the
    rectangle taken around the pixels that are not ``background``."""
    import math

    import numpy as np
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QImage, QPainter

    rect = scene_content_rect(scene)
    scale = min(2.0, INK_PIXELS / max(rect.width(), rect.height(), 1.0))
    w = max(1, math.ceil(rect.width() * scale))
    h = max(1, math.ceil(rect.height() * scale))
    image = QImage(w, h, QImage.Format.Format_ARGB32)
    image.fill(background)
    blank = image.pixel(0, 0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    scene.render(painter, QRectF(0, 0, w, h), rect, Qt.AspectRatioMode.IgnoreAspectRatio)
    painter.end()
    line = image.bytesPerLine() // 4
    pixels = np.frombuffer(image.constBits(), dtype=np.uint32, count=h * line)
    ink = pixels.reshape(h, line)[:, :w] != np.uint32(blank)
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    if rows.size == 0:
        return rect
    sx, sy = rect.width() / w, rect.height() / h  # one measured pixel more on each side
    return QRectF(rect.left() + (cols[0] - 1) * sx, rect.top() + (rows[0] - 1) * sy,
                  (cols[-1] + 3 - cols[0]) * sx, (rows[-1] + 3 - rows[0]) * sy)


def fitted_rect(source, target):
    """``source``'s rectangle fitted into ``target`` less the figure margin, centred."""
    from .files import centred_rect

    margin = min(SCENE_MARGIN_MAX, SCENE_MARGIN_FRACTION * min(target.width(), target.height()))
    return centred_rect(source, target, margin)


def _fitted_scene_source(scene):
    """export/files.py's SceneSource, drawn fitted to its ink and centred."""
    from PySide6.QtCore import Qt

    from .files import SceneSource

    class FittedSceneSource(SceneSource):
        def rect(self):
            return scene_content_rect(self.scene)

        def paint(self, painter, target) -> None:
            selected = self.scene.selectedItems()
            for item in selected:  # a figure shows no selection highlight
                item.setSelected(False)
            try:
                source = scene_ink_rect(self.scene, self.background())
                self.scene.render(painter, fitted_rect(source, target), source,
                                  Qt.AspectRatioMode.KeepAspectRatio)
            finally:
                for item in selected:
                    item.setSelected(True)

    return FittedSceneSource(scene)


def _fit_into(image, width: int, height: int):
    """``image`` scaled (keeping its proportions) and centred on a white width × height."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QImage, QPainter

    scaled = image.scaled(width, height, Qt.AspectRatioMode.KeepAspectRatio,
                          Qt.TransformationMode.SmoothTransformation)
    canvas = QImage(width, height, QImage.Format.Format_ARGB32)
    canvas.fill(QColor("white"))
    painter = QPainter(canvas)
    painter.drawImage((width - scaled.width()) // 2, (height - scaled.height()) // 2, scaled)
    painter.end()
    return canvas


def hide_controls(widget) -> list:
    """Hide the buttons, check boxes and spin boxes inside ``widget`` (a figure for slides
    shows the plot, not a "Log scale" box or a steps field that may not match the run);
    returns them, to be shown again. Choosers (combo boxes) stay: they say what is shown."""
    from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox

    hidden = [child for kind in (QAbstractButton, QAbstractSpinBox)
              for child in widget.findChildren(kind) if child.isVisibleTo(widget)]
    for child in hidden:
        child.hide()
    return hidden


def export_widget_at_size(widget, out: Path, width: int, height: int, svg: bool = False) -> None:
    """Render ``widget`` alone at exactly ``width`` × ``height`` pixels to a PNG (or an SVG).

    The widget leaves its window for the rendering (the window is closed after a command-line
    export), so the figure shows what the widget shows on screen at that size.
    """
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QColor, QImage
    from PySide6.QtWidgets import QScrollArea, QWidget

    holder = widget.parentWidget()
    area = holder.parentWidget() if holder is not None else None
    if isinstance(area, QScrollArea) and area.widget() is widget:
        # out of its dock's scroll area properly: the area would size it back to its view
        area.takeWidget()
    widget.setParent(None)
    hidden = hide_controls(widget)
    widget.resize(width, height)
    widget.show()
    QCoreApplication.processEvents()
    if hasattr(widget, "redraw"):
        widget.redraw()
    try:
        if svg:
            export_widget(widget, out, svg=True)
            return
        image = QImage(width, height, QImage.Format.Format_ARGB32)
        image.fill(QColor("white"))
        QWidget.render(widget, image)  # QWidget's: a QGraphicsView overloads render
    finally:
        widget.hide()
        for control in hidden:
            control.show()
    tmp = _atomic_target(out)
    try:
        _write_png(image, tmp)
        _finish(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)


def export_widget(widget, out: Path, svg: bool, size: tuple[int, int] | None = None) -> None:
    """Render ``widget`` as it is on screen; a PNG is exactly ``size`` pixels when given
    (a window that cannot shrink that far is scaled down to fit, centred on white)."""
    if svg:  # one vector path for every figure (see export/files.py)
        from .files import WidgetSource, export

        export(WidgetSource(widget), out)
        return
    from PySide6.QtGui import QColor, QImage
    from PySide6.QtWidgets import QWidget

    tmp = _atomic_target(out)
    try:
        image = QImage(widget.width(), widget.height(), QImage.Format.Format_ARGB32)
        image.fill(QColor("white"))
        QWidget.render(widget, image)  # QWidget's: a QGraphicsView overloads render
        if size is not None and (image.width(), image.height()) != tuple(size):
            image = _fit_into(image, *size)
        _write_png(image, tmp)
        _finish(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
