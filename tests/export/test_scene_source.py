"""The canvas as a figure (export/files.SceneSource: the app's Export menu and the report):
drawn centred in a target of other proportions. QGraphicsScene.render keeps the top-left
corner, so a wide network in a square image left its lower part blank."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QBrush, QColor, QImage, QPainter
from PySide6.QtWidgets import QGraphicsScene

from nnstudio.export.files import SceneSource, centred_rect


def ink_bounds(image: QImage) -> tuple[int, int, int, int]:
    line = image.bytesPerLine() // 4
    pixels = np.frombuffer(image.constBits(), np.uint32, count=image.height() * line)
    ink = pixels.reshape(image.height(), line)[:, :image.width()] != np.uint32(image.pixel(0, 0))
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    return int(rows[0]), int(image.height() - 1 - rows[-1]), int(cols[0]), \
        int(image.width() - 1 - cols[-1])


@pytest.mark.parametrize("size", [(400, 400), (800, 200), (200, 800)])
def test_a_wide_scene_is_drawn_centred(qapp, size):
    scene = QGraphicsScene()
    scene.addRect(QRectF(0, 0, 600, 100), brush=QBrush(QColor("black")))
    image = QImage(*size, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    source = SceneSource(scene)
    source.paint(painter, QRectF(0, 0, *size))
    painter.end()
    top, bottom, left, right = ink_bounds(image)
    assert abs(top - bottom) <= 2 and abs(left - right) <= 2, (top, bottom, left, right)


def test_centred_rect_keeps_proportions_inside_the_margin():
    r = centred_rect(QRectF(0, 0, 300, 100), QRectF(0, 0, 400, 400), margin=10)
    assert r.width() / r.height() == pytest.approx(3)
    assert r.left() == pytest.approx(10) and r.right() == pytest.approx(390)
    assert r.center().y() == pytest.approx(200)
