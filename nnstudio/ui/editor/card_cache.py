"""A cached image of an item's static part, drawn on screen instead of painting it again.

The network canvas repaints its layer cards at every snapshot because their neurons change;
the cards themselves (soft shadow, rounded body and header, icon, texts, outline) change only
on an edit. :class:`CardCache` keeps one image per item, at the device's scale and sub-pixel
offset, and draws it with one blit; it is re-rendered when the item's ``card_key`` changes
or the view is zoomed. Vector devices (SVG and PDF exports) and unusual transforms (rotation,
shear) get the item's real painting, so figures stay vectors.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QImage, QPaintEngine, QPainter


class CardCache:
    def __init__(self) -> None:
        self._key: tuple | None = None
        self._image: QImage | None = None

    def draw(self, painter: QPainter, item, selected: bool) -> bool:
        """Draw ``item``'s card (``item._paint_card``) from the cache; False when this painter
        needs the real painting (the caller then paints it)."""
        engine = painter.paintEngine()
        if engine is None or engine.type() != QPaintEngine.Type.Raster:
            return False
        t = painter.worldTransform()
        if t.m12() != 0 or t.m21() != 0 or t.m11() <= 0 or abs(t.m11() - t.m22()) > 1e-9:
            return False
        scale = t.m11()
        dpr = painter.device().devicePixelRatioF()
        bounds = item.boundingRect()
        origin = t.map(bounds.topLeft())  # device pixels (logical)
        ox, oy = math.floor(origin.x()), math.floor(origin.y())
        fx, fy = round(origin.x() - ox, 3), round(origin.y() - oy, 3)
        key = (item.card_key(selected), round(scale, 6), dpr, fx, fy, bounds.getRect(),
               int(painter.renderHints().value))
        if key != self._key or self._image is None:
            self._image = self._render(item, selected, painter.renderHints(), bounds, scale,
                                       dpr, fx, fy)
            self._key = key
        painter.save()
        painter.resetTransform()
        painter.drawImage(QPointF(ox, oy), self._image)
        painter.restore()
        return True

    @staticmethod
    def _render(item, selected, hints, bounds: QRectF, scale, dpr, fx, fy) -> QImage:
        width = math.ceil((bounds.width() * scale + 1) * dpr)
        height = math.ceil((bounds.height() * scale + 1) * dpr)
        image = QImage(max(width, 1), max(height, 1), QImage.Format.Format_ARGB32_Premultiplied)
        image.setDevicePixelRatio(dpr)
        image.fill(Qt.GlobalColor.transparent)
        p = QPainter(image)
        try:
            p.setRenderHints(hints)
            p.translate(fx, fy)
            p.scale(scale, scale)
            p.translate(-bounds.topLeft())
            item._paint_card(p, selected)
        finally:
            p.end()
        return image
