"""The Qt binding must not corrupt reference counts.

PySide6 6.12.0 on Python 3.11 decremented None's reference count on every call of a method
returning void (QPen.setCapStyle, QGraphicsItem.update, processEvents...), so a running app
crashed after a few thousand calls with "Fatal Python error: none_dealloc". pyproject.toml
excludes it; this test catches that kind of binding bug, whichever version brings it.
"""

from __future__ import annotations

import gc
import sys

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QApplication, QGraphicsRectItem, QGraphicsScene

if sys.version_info >= (3, 12):
    pytest.skip("None is immortal from Python 3.12 on", allow_module_level=True)


def _none_refs_after(fn, n=2000) -> int:
    gc.collect()
    before = sys.getrefcount(None)
    for _ in range(n):
        fn()
    gc.collect()
    return sys.getrefcount(None) - before


def test_void_methods_keep_none_alive(qtbot):
    app = QApplication.instance()
    pen = QPen(QColor("red"), 1.5)
    scene = QGraphicsScene()
    item = QGraphicsRectItem(QRectF(0, 0, 10, 10))
    scene.addItem(item)
    for call in (lambda: pen.setCapStyle(Qt.PenCapStyle.RoundCap), item.update,
                 app.processEvents):
        assert _none_refs_after(call) > -100, "the Qt binding loses references to None"
