"""Figures of the optimizer comparison: ``race`` and ``landscape`` (PNG or SVG).

    nnstudio export --lesson optimizer-race --figure race --out race.png
    nnstudio export --lesson loss-landscape --figure landscape --out landscape.svg

Both are computed headless with the Qt-free sessions of :mod:`nnstudio.compare` (``steps``
race steps, or path steps on the landscape), drawn with the app's own views and rendered at
exactly ``width`` × ``height`` pixels. The optimizers come from
``training.compare.optimizers`` and the landscape from ``training.landscape.*``.
"""

from __future__ import annotations

from pathlib import Path

from nnstudio.export.figures import (
    Figure,
    _atomic_target,
    _finish,
    _write_png,
    ensure_application,
    register_figure,
)

RACE_SIZE = (1600, 1000)
LANDSCAPE_SIZE = (1300, 1000)


def render_race(project, out: Path, steps: int, width: int, height: int) -> Path:
    """Train the race ``steps`` steps, then draw curves, surfaces and the summary table."""
    app = ensure_application()
    from nnstudio.compare import RaceSession
    from nnstudio.ui.compare.race_view import RaceView

    session = RaceSession(project)
    session.step(steps)
    view = RaceView()
    try:
        view.show_snapshot(session.snapshot())
        return _render(app, view, Path(out), width, height)
    finally:
        view.close()
        view.deleteLater()
        app.processEvents()


def render_landscape(project, out: Path, steps: int, width: int, height: int) -> Path:
    """Run every optimizer ``steps`` steps across the chosen surface, then draw it."""
    app = ensure_application()
    from nnstudio.compare import LandscapeSession
    from nnstudio.ui.compare.landscape_view import LandscapeView

    steps = max(int(steps), 1)
    session = LandscapeSession(project, max_steps=steps)
    view = LandscapeView()
    try:
        view.show_snapshot(session.snapshot())
        _layout(app, view, width, height)
        # the aspect-locked plot shows more than the surface's extent: fill all of it
        (x0, x1), (y0, y1) = view.plot_item.vb.viewRange()
        session = LandscapeSession(project, max_steps=steps, extent=(x0, x1, y0, y1))
        session.step(steps)
        view.show_snapshot(session.snapshot())
        return _render(app, view, Path(out), width, height)
    finally:
        view.close()
        view.deleteLater()
        app.processEvents()


def _layout(app, view, width: int, height: int) -> None:
    from PySide6.QtCore import Qt

    view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    view.resize(width, height)
    view.show()
    app.processEvents()


def _render(app, view, out: Path, width: int, height: int) -> Path:
    """Lay ``view`` out at ``width`` × ``height`` offscreen and paint it into the file at
    exactly that size (scaled if the widget could not shrink that far)."""
    from PySide6.QtCore import QPoint, QRectF, QSize
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtWidgets import QWidget

    from .files import memory_device, scenes_of, vector_drawing, write_buffer

    _layout(app, view, width, height)
    view.redraw()
    app.processEvents()
    actual = view.size()
    svg = out.suffix.lower() == ".svg"
    tmp = _atomic_target(out)
    try:
        if svg:
            from PySide6.QtSvg import QSvgGenerator

            generator = QSvgGenerator()
            device = memory_device()
            generator.setOutputDevice(device)
            generator.setSize(QSize(width, height))
            generator.setViewBox(QRectF(0, 0, width, height))
            generator.setResolution(96)
            generator.setTitle(view.title.text())
            painter = QPainter(generator)
        else:
            image = QImage(width, height, QImage.Format.Format_ARGB32)
            image.fill(QColor("white"))
            painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.scale(width / actual.width(), height / actual.height())
        with vector_drawing(scenes_of(view) if svg else [], painter):
            QWidget.render(view, painter, QPoint(0, 0))  # also for a QGraphicsView
        painter.end()
        if svg:
            write_buffer(device, tmp)
        else:
            _write_png(image, tmp)
        _finish(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return out


register_figure(Figure("race", "the optimizer race: loss curves, decision surfaces, summary",
                       RACE_SIZE, render_race))
register_figure(Figure("landscape", "optimizer paths across a loss landscape",
                       LANDSCAPE_SIZE, render_landscape))
