"""Figures from the running app: a widget (a plot, the whole window) or the network scene to
PNG at any size, SVG, PDF, or the clipboard — exactly what the screen shows.

Everything is drawn with QPainter (``QWidget.render`` / ``QGraphicsScene.render``), never with
pyqtgraph's exporters (its SVGExporter cannot parse the SVG paths Qt 6.11 writes). A widget is
drawn at its on-screen (logical) size and scaled to the requested pixel size, so the exported
image has the screen's layout, orientation, colours and legends whatever the size, the screen's
scale factor (QT_SCALE_FACTOR) or the platform (offscreen works). PNG sizes are whole pixels
and exact; the requested aspect ratio, if it differs from the widget's, is filled with the
widget's background around the centred figure. Files are written atomically.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QPoint, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtWidgets import QApplication, QGraphicsScene, QGraphicsView, QWidget

from nnstudio.document.io import atomic_write_bytes

FORMATS = ("png", "svg", "pdf")
#: the default export is this many times the on-screen size (crisp on slides and projectors)
DEFAULT_SCALE = 2
DEFAULT_DPI = 192  # 2 × 96: a 2×-size PNG prints at the on-screen physical size
SCENE_MARGIN = 20.0


# -- what to draw --------------------------------------------------------------------------------
class Source:
    """Something to draw: ``size()`` (logical pixels), ``background()`` and ``paint(painter,
    target)`` filling ``target`` (a QRectF in the painter's coordinates), keeping proportions."""

    def size(self) -> QSize:  # pragma: no cover - abstract
        raise NotImplementedError

    def background(self) -> QColor:  # pragma: no cover - abstract
        raise NotImplementedError

    def paint(self, painter: QPainter, target: QRectF) -> None:  # pragma: no cover
        raise NotImplementedError

    def scenes(self) -> list[QGraphicsScene]:
        """The graphics scenes drawn (their pyqtgraph items switch to vector drawing for SVG
        and PDF, see :func:`vector_drawing`)."""
        return []


class WidgetSource(Source):
    """A widget as it is on screen (its children included)."""

    def __init__(self, widget: QWidget) -> None:
        self.widget = widget

    def size(self) -> QSize:
        size = self.widget.size()
        return QSize(max(1, size.width()), max(1, size.height()))

    def background(self) -> QColor:
        # QWidget.palette explicitly: the main window has an attribute named "palette"
        return QWidget.palette(self.widget).color(self.widget.backgroundRole())

    def scenes(self) -> list[QGraphicsScene]:
        return scenes_of(self.widget)

    def paint(self, painter: QPainter, target: QRectF) -> None:
        _prepare(self.widget)
        size = self.size()
        scale = min(target.width() / size.width(), target.height() / size.height())
        painter.save()
        painter.translate(target.x() + (target.width() - size.width() * scale) / 2,
                          target.y() + (target.height() - size.height() * scale) / 2)
        painter.scale(scale, scale)
        # QWidget's render: a QGraphicsView (a bare plot) overloads render with other arguments
        QWidget.render(self.widget, painter, QPoint(0, 0))
        painter.restore()


class SceneSource(Source):
    """The whole network on the canvas (every layer, even those scrolled out of view)."""

    def __init__(self, scene: QGraphicsScene, background: QColor | None = None) -> None:
        self.scene = scene
        self._background = QColor(background) if background is not None else QColor("white")

    def rect(self) -> QRectF:
        rect = self.scene.itemsBoundingRect()
        if rect.isNull():
            rect = QRectF(-100, -60, 200, 120)
        return rect.adjusted(-SCENE_MARGIN, -SCENE_MARGIN, SCENE_MARGIN, SCENE_MARGIN)

    def size(self) -> QSize:
        rect = self.rect()
        return QSize(max(1, round(rect.width())), max(1, round(rect.height())))

    def background(self) -> QColor:
        return self._background

    def scenes(self) -> list[QGraphicsScene]:
        return [self.scene]

    def paint(self, painter: QPainter, target: QRectF) -> None:
        selected = self.scene.selectedItems()
        for item in selected:  # a figure shows no selection highlight
            item.setSelected(False)
        try:
            source = self.rect()
            self.scene.render(painter, centred_rect(source, target), source,
                              Qt.AspectRatioMode.KeepAspectRatio)
        finally:
            for item in selected:
                item.setSelected(True)


def centred_rect(source: QRectF, target: QRectF, margin: float = 0.0) -> QRectF:
    """The largest rectangle of ``source``'s proportions inside ``target`` less ``margin``,
    centred in it. (QGraphicsScene.render with KeepAspectRatio keeps the top-left corner:
    a wide network in a square figure left the lower part blank.)"""
    room = QRectF(target).adjusted(margin, margin, -margin, -margin)
    if room.width() <= 0 or room.height() <= 0 or source.width() <= 0 or source.height() <= 0:
        return QRectF(target)
    scale = min(room.width() / source.width(), room.height() / source.height())
    w, h = source.width() * scale, source.height() * scale
    return QRectF(room.center().x() - w / 2, room.center().y() - h / 2, w, h)


def scenes_of(widget: QWidget) -> list[QGraphicsScene]:
    """Every graphics scene shown in ``widget`` (pyqtgraph plots, the network canvas)."""
    views = widget.findChildren(QGraphicsView)
    if isinstance(widget, QGraphicsView):
        views.append(widget)
    return [view.scene() for view in views if view.scene() is not None]


@contextmanager
def vector_drawing(scenes: list[QGraphicsScene], painter: QPainter) -> Iterator[None]:
    """pyqtgraph items of ``scenes`` draw as vectors while ``painter`` paints a vector file.

    On screen a scatter plot stamps its symbols from a pixmap atlas (drawPixmapFragments);
    SVG has no such operation, and a QSvgGenerator writes the atlas wrongly (every point came
    out as a pair of half symbols in two colours). pyqtgraph's export mode draws each symbol
    as a path instead, as its own exporters do. Reset afterwards, also after an error.
    """
    items = [item for scene in scenes for item in scene.items()
             if callable(getattr(item, "setExportMode", None))]
    opts = {"antialias": True, "background": None, "painter": painter}
    for item in items:
        item.setExportMode(True, opts)
    try:
        yield
    finally:
        for item in items:
            item.setExportMode(False)


def _prepare(widget: QWidget) -> None:
    """Bring pending drawing up to date (plots redraw from a timer)."""
    QApplication.processEvents()
    for child in [widget, *widget.findChildren(QWidget)]:
        redraw = getattr(child, "redraw", None)
        if callable(redraw) and type(child).__module__.startswith("nnstudio"):
            try:
                redraw()
            except TypeError:
                pass


def default_size(source: Source, scale: int = DEFAULT_SCALE) -> tuple[int, int]:
    size = source.size()
    return int(size.width() * scale), int(size.height() * scale)


# -- raster --------------------------------------------------------------------------------------
def render_image(source: Source, width: int | None = None, height: int | None = None,
                 dpi: int = DEFAULT_DPI) -> QImage:
    """The figure as a ``width`` × ``height`` image (default: twice the on-screen size)."""
    if width is None or height is None:
        width, height = default_size(source)
    width, height = int(width), int(height)
    if not (1 <= width <= 20000 and 1 <= height <= 20000):
        raise ValueError(f"size: {width} × {height} pixels is outside 1 … 20000")
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.setDevicePixelRatio(1.0)
    image.fill(source.background())
    painter = QPainter(image)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing
                           | QPainter.RenderHint.TextAntialiasing
                           | QPainter.RenderHint.SmoothPixmapTransform)
    source.paint(painter, QRectF(0, 0, width, height))
    painter.end()
    # the resolution is stored only now: set before painting, it would resize point-size fonts
    dots_per_meter = round(dpi / 0.0254)
    image.setDotsPerMeterX(dots_per_meter)
    image.setDotsPerMeterY(dots_per_meter)
    return image


def copy_to_clipboard(source: Source, width: int | None = None,
                      height: int | None = None) -> QImage:
    image = render_image(source, width, height)
    QApplication.clipboard().setImage(image)
    return image


# -- files ---------------------------------------------------------------------------------------
def export(source: Source, out: str | os.PathLike, width: int | None = None,
           height: int | None = None, dpi: int = DEFAULT_DPI) -> Path:
    """Write ``source`` to ``out``; the extension picks PNG, SVG or PDF.

    PNG: exactly ``width`` × ``height`` pixels (default twice the on-screen size), ``dpi``
    stored in the file. SVG and PDF are vector drawings of the on-screen size (a PDF page of
    that size at 96 dpi; ``width``/``height`` set the page's proportions when given).
    """
    out = Path(out)
    kind = out.suffix.lower().lstrip(".")
    if kind not in FORMATS:
        raise ValueError(f"{out.name}: the file name must end in .png, .svg or .pdf")
    # drawn into memory, then written by Python: a failed write (a full disk, a file-size
    # limit) raises instead of leaving a truncated file that Qt reported as saved
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if kind == "png":
        image = render_image(source, width, height, dpi)
        if not image.save(buffer, "PNG"):
            raise OSError(errno.EIO, "could not encode the PNG image", str(out))
    elif kind == "svg":
        _write_svg(source, buffer, width, height)
    else:
        _write_pdf(source, buffer, width, height)
    buffer.close()
    payload = bytes(buffer.data())
    if not payload:
        raise OSError(errno.EIO, "nothing was drawn", str(out))
    atomic_write_bytes(out, payload)
    return out


def _vector_size(source: Source, width, height) -> tuple[int, int]:
    size = source.size()
    if width and height:
        return int(width), int(height)
    return size.width(), size.height()


def _write_svg(source: Source, device: QBuffer, width, height) -> None:
    from PySide6.QtSvg import QSvgGenerator

    w, h = _vector_size(source, width, height)
    generator = QSvgGenerator()
    generator.setOutputDevice(device)
    generator.setSize(QSize(w, h))
    generator.setViewBox(QRectF(0, 0, w, h))
    generator.setResolution(96)
    generator.setTitle("nnstudio figure")
    generator.setDescription("Made with nnstudio")
    painter = QPainter(generator)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.fillRect(QRectF(0, 0, w, h), source.background())
    with vector_drawing(source.scenes(), painter):
        source.paint(painter, QRectF(0, 0, w, h))
    painter.end()


def _write_pdf(source: Source, device: QBuffer, width, height) -> None:
    w, h = _vector_size(source, width, height)
    writer = QPdfWriter(device)
    writer.setResolution(96)
    writer.setCreator("nnstudio")
    writer.setTitle("nnstudio figure")
    points = QSizeF(w * 72.0 / 96.0, h * 72.0 / 96.0)
    writer.setPageLayout(QPageLayout(QPageSize(points, QPageSize.Unit.Point, "figure",
                                               QPageSize.SizeMatchPolicy.ExactMatch),
                                     QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    painter = QPainter(writer)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    page = QRectF(0, 0, writer.width(), writer.height())
    painter.fillRect(page, source.background())
    with vector_drawing(source.scenes(), painter):
        source.paint(painter, page)
    painter.end()


def _atomic_target(out: Path) -> Path:
    folder = out.parent if str(out.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=out.suffix, dir=str(folder))
    except OSError as exc:  # name the user's file, not the temporary one
        raise OSError(exc.errno, exc.strerror, str(out)) from None
    os.close(fd)
    return Path(tmp)


def _finish(tmp: Path, out: Path) -> None:
    if not tmp.exists() or tmp.stat().st_size == 0:
        raise OSError(f"could not write {out}")
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; a figure is an ordinary file
    os.replace(tmp, out)


def write_png(image: QImage, path: Path) -> None:
    """Encode ``image`` as PNG and write it with Python's file calls: a failed write (a full
    disk, a file-size limit) raises OSError, where ``QImage.save`` reported success and left a
    truncated file."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise OSError(errno.EIO, "could not encode the PNG image", str(path))
    write_buffer(buffer, path)


def memory_device() -> QBuffer:
    """An open in-memory device for a QSvgGenerator or QPdfWriter; write it out with
    :func:`write_buffer` (Qt's own file writing does not report a failed write)."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    return buffer


def write_buffer(buffer: QBuffer, path: Path) -> None:
    """Write what ``buffer`` holds to ``path``; OSError (naming no temporary file) if the
    write fails."""
    buffer.close()
    with open(path, "wb") as handle:
        handle.write(bytes(buffer.data()))
        handle.flush()
        os.fsync(handle.fileno())
