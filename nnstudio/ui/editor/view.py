"""The canvas widget: a QGraphicsView that accepts layers dropped from the palette.

Drops carry :data:`MIME_TYPE` with the layer type id (UTF-8); the view accepts only that MIME
type, in dragEnter *and* dragMove (Qt asks again on every move), and turns a drop into an
add command at the scene position under the cursor (the layer's centre lands there).

Auto-connect, the choice made here: a drop on empty canvas adds the layer unconnected, even
when another layer is selected, because a silent connection to whatever happens to be selected
surprises students and hides the very idea we teach (layers are connected explicitly). The one
exception is a drop *onto a connection*: the connection lights up green while the layer hovers
over it, so the intent is visible, and the drop inserts the layer into it (source → new →
target) in one undo step, as in node editors such as Blender's. The keyboard path (double-click
or Enter in the palette) has no position, so it places and wires the layer where a student
expects it: a hidden layer just before the output, an output after the last layer.

Navigation: Ctrl+wheel zooms around the cursor, the wheel scrolls, the middle button pans, a
drag on empty canvas selects with a rubber band. Global design issues (not tied to a layer)
show as a banner at the top of the view; an empty canvas shows how to start.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt
from PySide6.QtGui import QAction, QColor, QFont, QFontMetricsF, QKeySequence, QPainter, QPen
from PySide6.QtWidgets import QGraphicsView, QMenu

from nnstudio.document.registry import LAYER_TYPES, MIME_TYPE, palette_types

from . import style as S
from .items import EdgeItem, NodeItem
from .scene import NetworkScene

MIN_ZOOM, MAX_ZOOM = 0.2, 4.0
ZOOM_STEP = 1.15


def layer_type_from_mime(mime) -> str | None:
    """The layer type id carried by ``mime`` (QMimeData), or None if it carries none we know."""
    if mime is None or not mime.hasFormat(MIME_TYPE):
        return None
    type_id = bytes(mime.data(MIME_TYPE)).decode("utf-8", errors="replace").strip()
    return type_id if type_id in LAYER_TYPES else None


class NetworkView(QGraphicsView):
    """Shows a :class:`NetworkScene`; actions: fit, arrange, zoom in/out/100 %."""

    def __init__(self, scene: NetworkScene, parent=None) -> None:
        super().__init__(scene, parent)
        self.setRenderHints(QPainter.RenderHint.Antialiasing
                            | QPainter.RenderHint.TextAntialiasing
                            | QPainter.RenderHint.SmoothPixmapTransform)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.BoundingRectViewportUpdate)
        # the dot grid is drawn once into a pixmap, not at every snapshot (Qt redraws it when
        # the view scrolls or zooms); resetCachedContent() when its look changes (theme)
        self.setCacheMode(QGraphicsView.CacheModeFlag.CacheBackground)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        # no scroll bars: the wheel / trackpad scrolls, the middle button pans, Fit recentres
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QGraphicsView.Shape.NoFrame)
        self.setMinimumSize(240, 160)
        self.setAccessibleName("Network canvas")
        self._pan_from: QPointF | None = None
        #: callables(menu) that add entries to the right-click menu (e.g. Copy, Export)
        self.menu_extenders: list = []

        self.fit_action = self._action("Fit to Window", self.fit_to_contents, "Ctrl+0",
                                       "Zoom to show the whole network")
        self.arrange_action = self._action("Arrange Layers", self.arrange, "Ctrl+L",
                                           "Lay the layers out left to right in chain order")
        self.zoom_in_action = self._action("Zoom In", self.zoom_in, QKeySequence.StandardKey.ZoomIn)
        self.zoom_out_action = self._action("Zoom Out", self.zoom_out,
                                            QKeySequence.StandardKey.ZoomOut)
        self.reset_zoom_action = self._action("Actual Size", self.reset_zoom, "Ctrl+1")
        self._fitted = False  # fit once when first shown (the viewport has its size then)
        scene.issues_changed.connect(self.viewport().update)
        scene.rebuilt.connect(self.fit_to_contents)
        scene.changed.connect(self._update_scene_rect)
        self._update_scene_rect()

    def network_scene(self) -> NetworkScene:
        return self.scene()  # type: ignore[return-value]

    def _action(self, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    # -- zoom and fit ---------------------------------------------------------------------------
    def zoom(self) -> float:
        return self.transform().m11()

    def set_zoom(self, factor: float, anchor: QPointF | None = None) -> None:
        factor = max(MIN_ZOOM, min(MAX_ZOOM, factor))
        current = self.zoom()
        if math.isclose(current, factor):
            return
        if anchor is None:
            old = self.transformationAnchor()
            self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
            self.scale(factor / current, factor / current)
            self.setTransformationAnchor(old)
        else:
            self.scale(factor / current, factor / current)

    def zoom_in(self) -> None:
        self.set_zoom(self.zoom() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self.zoom() / ZOOM_STEP)

    def reset_zoom(self) -> None:
        self.set_zoom(1.0)

    def fit_to_contents(self) -> None:
        """Show the whole network, never magnified above 150 %."""
        rect = self._contents_rect()
        if rect.isNull():
            self.reset_zoom()
            self.centerOn(0, 0)
            return
        margin = 40.0
        top_room = 36.0 if self.network_scene().global_issues else 0.0
        rect = rect.adjusted(-margin, -margin - top_room, margin, margin)
        self._update_scene_rect()
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom() > 1.5:
            self.set_zoom(1.5)
        self.centerOn(rect.center())

    def add_layer_at_free_spot(self, type_id: str) -> str | None:
        """The palette's double-click / Enter: add (and wire) a layer, then show it.

        Returns the new layer's id, or None when refused (the scene's ``message`` says why).
        """
        node_id = self.network_scene().add_layer(type_id)
        item = self.network_scene().node_item(node_id) if node_id else None
        if item is not None:
            self.ensureVisible(item.sceneBoundingRect(), 40, 40)
        return node_id

    def arrange(self) -> None:
        self.network_scene().arrange()
        self.fit_to_contents()

    def _contents_rect(self) -> QRectF:
        rect = QRectF()
        for item in self.network_scene().items():
            if isinstance(item, (NodeItem, EdgeItem)):
                rect = rect.united(item.sceneBoundingRect())
        return rect

    def _update_scene_rect(self, *_) -> None:
        # generous room around the network so that layers can be dropped and dragged anywhere
        rect = self._contents_rect()
        if rect.isNull():
            rect = QRectF(-200, -150, 400, 300)
        rect = rect.adjusted(-1500, -1000, 1500, 1000)
        if rect != self.sceneRect():  # setting it again drops the cached background
            self.setSceneRect(rect)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._fitted:
            self._fitted = True
            self.fit_to_contents()

    def wheelEvent(self, event) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120.0
            if steps:
                self.set_zoom(self.zoom() * ZOOM_STEP ** steps, anchor=event.position())
            event.accept()
            return
        super().wheelEvent(event)

    # -- panning with the middle button ---------------------------------------------------------
    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.MiddleButton:
            self._pan_from = event.position()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        if self._pan_from is not None:
            delta = event.position() - self._pan_from
            self._pan_from = event.position()
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - int(delta.x()))
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - int(delta.y()))
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.MiddleButton and self._pan_from is not None:
            self._pan_from = None
            self.viewport().unsetCursor()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def event(self, event) -> bool:
        # keep Delete / Backspace / Escape for the canvas even if a window-wide action has them
        if event.type() == QEvent.Type.ShortcutOverride and event.key() in (
                Qt.Key.Key_Delete, Qt.Key.Key_Backspace, Qt.Key.Key_Escape):
            event.accept()
            return True
        return super().event(event)

    # -- drag and drop from the palette ---------------------------------------------------------
    def _accept_drag(self, event) -> bool:
        if layer_type_from_mime(event.mimeData()) is None:
            event.ignore()
            return False
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        return True

    def dragEnterEvent(self, event) -> None:
        self._accept_drag(event)

    def dragMoveEvent(self, event) -> None:
        if self._accept_drag(event):
            scene = self.network_scene()
            type_id = layer_type_from_mime(event.mimeData())
            edge = scene.edge_at(self.mapToScene(event.position().toPoint()))
            insertable = LAYER_TYPES[type_id].role == "hidden"
            scene.set_drop_highlight(edge if insertable else None)

    def dragLeaveEvent(self, event) -> None:
        self.network_scene().set_drop_highlight(None)
        event.accept()

    def dropEvent(self, event) -> None:
        scene = self.network_scene()
        scene.set_drop_highlight(None)
        type_id = layer_type_from_mime(event.mimeData())
        if type_id is None:
            event.ignore()
            return
        pos = self.mapToScene(event.position().toPoint())
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        scene.add_layer(type_id, (pos.x(), pos.y()), insert_into=scene.edge_at(pos))
        self.setFocus()

    # -- context menu ---------------------------------------------------------------------------
    def contextMenuEvent(self, event) -> None:
        scene = self.network_scene()
        pos = self.mapToScene(event.pos())
        item = self.itemAt(event.pos())
        while item is not None and not isinstance(item, (NodeItem, EdgeItem)):
            item = item.parentItem()
        menu = QMenu(self)
        if item is not None:
            if not item.isSelected():
                scene.clearSelection()
                item.setSelected(True)
            label = "Delete Connection" if isinstance(item, EdgeItem) else "Delete Layer"
            delete = menu.addAction(label, scene.delete_selection)
            delete.setEnabled(not (isinstance(item, NodeItem) and item.role == "input"))
        else:
            for layer_type in palette_types():
                menu.addAction(f"Add {layer_type.name} Here",
                               lambda t=layer_type.id: scene.add_layer(t, (pos.x(), pos.y())))
            menu.addSeparator()
            menu.addAction(self.arrange_action)
            menu.addAction(self.fit_action)
        for extend in self.menu_extenders:
            extend(menu)
        menu.exec(event.globalPos())

    # -- painting -------------------------------------------------------------------------------
    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:
        painter.fillRect(rect, S.CANVAS)
        step = 20.0
        if self.zoom() * step < 8:  # too dense to help
            return
        painter.setPen(QPen(S.GRID_DOT, 1.6 / max(self.zoom(), 0.1)))
        left = math.floor(rect.left() / step) * step
        top = math.floor(rect.top() / step) * step
        points = []
        y = top
        while y < rect.bottom():
            x = left
            while x < rect.right():
                points.append(QPointF(x, y))
                x += step
            y += step
        painter.drawPoints(points)

    def banner_text(self) -> str:
        """The text of the issue banner ('' when there is none)."""
        return "   ".join(f"⚠ {m}" for m in self.network_scene().global_issues)

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:
        scene = self.network_scene()
        text = self.banner_text()
        hint = "" if scene.project.nodes else (
            "Drag a layer from the palette and drop it here")
        if not text and not hint:
            return
        painter.save()
        painter.resetTransform()  # draw in viewport pixels
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width = self.viewport().width()
        if text:
            font = QFont()
            font.setPointSizeF(9.0)
            painter.setFont(font)
            metrics = QFontMetricsF(font)
            lines = max(1, math.ceil(metrics.horizontalAdvance(text) / max(width - 40, 1)))
            height = 12 + lines * metrics.lineSpacing()
            box = QRectF(8, 8, width - 16, height)
            painter.setPen(QPen(QColor("#E8B03C"), 1))
            painter.setBrush(QColor("#FFF6DD"))
            painter.drawRoundedRect(box, 6, 6)
            painter.setPen(QColor("#6B4E00"))
            painter.drawText(box.adjusted(10, 4, -10, -4),
                             Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap, text)
        if hint:
            font = QFont()
            font.setPointSizeF(11.0)
            painter.setFont(font)
            painter.setPen(S.TEXT_MUTED)
            painter.drawText(QRectF(0, 0, width, self.viewport().height()),
                             Qt.AlignmentFlag.AlignCenter, hint)
        painter.restore()
