"""Graphics items of the network canvas: layer cards, their ports, connections and badges.

Items only draw; they never change the project. The scene creates and updates them from the
project's events, and user gestures on them (dragging from a port) are handed to the scene,
which turns them into undoable commands.

Coordinates: a :class:`NodeItem` is centred on its layer's ``Node.pos``. Neurons sit in a
column at the card's centre; ports are on the left (input) and right (output) edges at mid
height. A :class:`EdgeItem` lives in scene coordinates (its ``pos()`` stays at the origin).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QGraphicsItem, QStyle, QStyleOptionGraphicsItem, QWidget

from nnstudio.document.project import Node
from nnstudio.document.registry import LAYER_TYPES

from . import style as S
from .card_cache import CardCache
from .neuron_pictures import NeuronPictures, short_name

if TYPE_CHECKING:
    from .scene import NetworkScene

CAPTION_HEIGHT = 18.0  # the id above the card
_SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def feature_label(name: str) -> str:
    """'x1' → 'x₁' (other names unchanged)."""
    match = re.fullmatch(r"([A-Za-z]+)(\d+)", name)
    return match.group(1) + match.group(2).translate(_SUBSCRIPT) if match else name


def _font(point_size: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setPointSizeF(point_size)
    font.setBold(bold)
    return font


# ==============================================================================================
class NodeItem(QGraphicsItem):
    """A layer drawn as a rounded card: header (type, id), neurons, footer (units, activation)."""

    Type = QGraphicsItem.UserType + 1

    def __init__(self, node: Node, features: Sequence[str]) -> None:
        super().__init__()
        self.node_id = node.id
        self.type_id = node.type
        self.layer_type = LAYER_TYPES.get(node.type)
        self.role = self.layer_type.role if self.layer_type else "hidden"
        self.params = dict(node.params)
        self.features = list(features)
        self.issues: list[str] = []
        self.bias: np.ndarray | None = None
        self.edges: list[EdgeItem] = []
        self.target_state: str | None = None  # "ok" / "bad" while a connection is dragged here
        self._hover = False
        #: pictures of the neurons' outputs and dead/saturated flags (set by the scene)
        self.pictures = NeuronPictures()
        self._card_cache = CardCache()
        self.setFlags(
            QGraphicsItem.GraphicsItemFlag.ItemIsMovable
            | QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
            | QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges
        )
        self.setAcceptHoverEvents(True)
        self.setZValue(0)
        self.in_port = PortItem(self, "in") if self.role != "input" else None
        self.out_port = PortItem(self, "out") if self.role != "output" else None
        self.badge = IssueBadge(self)
        self.badge.setVisible(False)
        self._height = 0.0
        self._relayout()
        self.setPos(QPointF(*node.pos))

    def type(self) -> int:
        return self.Type

    # -- model → item ----------------------------------------------------------------------
    def update_node(self, node: Node) -> None:
        self.params = dict(node.params)
        self._relayout()

    def set_features(self, features: Sequence[str]) -> None:
        self.features = list(features)
        self._relayout()

    def set_issues(self, messages: Sequence[str]) -> None:
        self.issues = list(messages)
        self.badge.setVisible(bool(self.issues))
        self.badge.setToolTip("\n".join(f"⚠ {m}" for m in self.issues))
        self._update_tooltip()
        self.update()

    def set_bias(self, bias: np.ndarray | None) -> None:
        self.bias = None if bias is None else np.asarray(bias, dtype=float).ravel()
        self.update()

    def set_target_state(self, state: str | None, port: str | None = None) -> None:
        self.target_state = state
        for p in (self.in_port, self.out_port):
            if p is not None:
                p.set_target_state(state if p.kind == port else None)
        self.update()

    # -- geometry --------------------------------------------------------------------------
    @property
    def neuron_count(self) -> int:
        """Width of the layer's output (what the next layer's W rows index)."""
        if self.role == "input":
            return len(self.features)
        units = int(self.params.get("units", 1))
        # a bidirectional layer outputs [forward ; backward]: 2 × its units (registry text)
        return 2 * units if self.type_id == "bidirectional" else units

    @property
    def recurrent(self) -> bool:
        return bool(self.layer_type and self.layer_type.category == "Recurrent")

    @property
    def compact(self) -> bool:
        return self.neuron_count > S.MAX_NEURONS

    @property
    def height(self) -> float:
        return self._height

    def card_rect(self) -> QRectF:
        return QRectF(-S.CARD_WIDTH / 2, -self._height / 2, S.CARD_WIDTH, self._height)

    def _relayout(self) -> None:
        rows = 5 if self.compact else max(self.neuron_count, 1)
        body = rows * S.NEURON_PITCH + 10
        self.prepareGeometryChange()
        self._height = S.HEADER_HEIGHT + body + S.FOOTER_HEIGHT
        half = S.CARD_WIDTH / 2
        port_y = self.port_y()
        if self.in_port is not None:
            self.in_port.setPos(-half, port_y)
        if self.out_port is not None:
            self.out_port.setPos(half, port_y)
        self.badge.setPos(half - 3, -self._height / 2 + 3)
        self._update_tooltip()
        self.update()
        for edge in self.edges:
            edge.update_geometry()

    def neuron_local(self, i: int) -> QPointF:
        """Centre of neuron ``i`` in item coordinates (detailed form only)."""
        n = max(self.neuron_count, 1)
        return QPointF(0.0, (i - (n - 1) / 2) * S.NEURON_PITCH)

    def neuron_scene(self, i: int) -> QPointF:
        return self.mapToScene(self.neuron_local(i))

    def neuron_extent(self) -> tuple[float, float]:
        """Top and bottom (scene y) of the neuron column."""
        rows = 5 if self.compact else max(self.neuron_count, 1)
        half = (rows - 1) / 2 * S.NEURON_PITCH + S.NEURON_RADIUS
        y = self.scenePos().y()
        return y - half, y + half

    def port_y(self) -> float:
        """Ports sit in the header band, clear of the neuron links."""
        return -self._height / 2 + S.HEADER_HEIGHT / 2

    def port_scene(self, kind: str) -> QPointF:
        x = -S.CARD_WIDTH / 2 if kind == "in" else S.CARD_WIDTH / 2
        return self.mapToScene(QPointF(x, self.port_y()))

    def side_scene(self, kind: str) -> QPointF:
        """Middle of the left ("in") or right ("out") edge: where a compact link attaches."""
        x = -S.CARD_WIDTH / 2 if kind == "in" else S.CARD_WIDTH / 2
        return self.mapToScene(QPointF(x, 0.0))

    def boundingRect(self) -> QRectF:
        return self.card_rect().adjusted(-4, -CAPTION_HEIGHT - 2, 4, 5)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRoundedRect(self.card_rect(), S.CORNER, S.CORNER)
        return path

    # -- interaction -----------------------------------------------------------------------
    def itemChange(self, change, value):
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged:
            for edge in self.edges:
                edge.update_geometry()
        elif change == QGraphicsItem.GraphicsItemChange.ItemSelectedHasChanged:
            self.setZValue(0.5 if self.isSelected() else 0)
        return super().itemChange(change, value)

    def hoverEnterEvent(self, event) -> None:
        self._hover = True
        self.update()
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event) -> None:
        self._hover = False
        self.update()
        if hasattr(self.scene(), "hover_neuron"):
            self.scene().hover_neuron(self, None, event.scenePos())
        super().hoverLeaveEvent(event)

    def hoverMoveEvent(self, event) -> None:
        if hasattr(self.scene(), "hover_neuron"):  # the neuron's larger picture and formula
            self.scene().hover_neuron(self, self.neuron_at(event.pos()), event.scenePos())
        super().hoverMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        moved = event.scenePos() - event.buttonDownScenePos(Qt.MouseButton.LeftButton)
        if event.button() == Qt.MouseButton.LeftButton and moved.manhattanLength() < 3:
            unit = self.neuron_at(event.pos())
            if unit is not None and hasattr(self.scene(), "neuron_clicked"):
                self.scene().neuron_clicked.emit(self.node_id, unit)

    def neuron_at(self, pos: QPointF) -> int | None:
        """The neuron under ``pos`` (item coordinates), None elsewhere or in compact form."""
        if self.compact:
            return None
        for i in range(self.neuron_count):
            d = pos - self.neuron_local(i)
            if abs(d.x()) <= S.NEURON_PITCH / 2 - 1 and abs(d.y()) <= S.NEURON_PITCH / 2 - 1:
                return i
        return None

    def _update_tooltip(self) -> None:
        lt = self.layer_type
        lines = [f"<b>{lt.name if lt else self.type_id}</b> · {self.node_id}"]
        if lt:
            lines.append(lt.description)
        lines += [f"<span style='color:{S.ERROR.name()}'>⚠ {m}</span>" for m in self.issues]
        self.setToolTip("<br>".join(lines))

    # -- drawing ---------------------------------------------------------------------------
    def footer_text(self) -> str:
        """e.g. '4 units · tanh'; the compact form shows its units in the body already."""
        if self.role == "input":
            n = len(self.features)
            return f"{n} feature" + ("" if n == 1 else "s")
        parts = []
        if not self.compact:
            units = int(self.params.get("units", 1))
            parts.append(f"2×{units} units" if self.type_id == "bidirectional" else
                         f"{units} unit" + ("" if units == 1 else "s"))
        for key in ("activation", "cell", "nonlinearity"):  # the first that the type has
            value = self.params.get(key)
            if isinstance(value, str):
                parts.append(S.short_name(value))
                break
        if self.params.get("return_sequences") is False:
            parts.append("many-to-one")
        note = self.pictures.flag_note()  # e.g. "2/8 dead" (ReLU), "3/8 saturated"
        if note:
            parts = [note] + (parts if self.compact else parts[1:])
        return " · ".join(parts) or f"{self.neuron_count} units"

    def header_text(self) -> tuple[str, str]:
        name = self.layer_type.name if self.layer_type else self.type_id
        return name, ("" if self.node_id == self.type_id else self.node_id)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        # the card changes only on an edit, the neurons at every snapshot: on screen the card
        # is a cached image (its shadows, rounded paths and text cost 0.5 ms a card a frame)
        if not self._card_cache.draw(painter, self, selected):
            self._paint_card(painter, selected)
        self._paint_neurons(painter)

    def card_key(self, selected: bool) -> tuple:
        """Everything the card's look depends on (the cached image is redrawn when it
        changes): geometry, texts, state and the theme's colours and font."""
        return (self.card_rect().getRect(), self.header_text(), self.footer_text(),
                self.type_id, bool(self.issues), selected, self.target_state, self._hover,
                S.type_color(self.type_id).rgba(), S.CARD.rgba(), S.CARD_BORDER.rgba(),
                S.TEXT_MUTED.rgba(), S.SELECTION.rgba(), QFont().toString())

    def _paint_card(self, painter: QPainter, selected: bool) -> None:
        """Everything but the neurons: shadow, body, header, caption, footer, outline."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = self.card_rect()
        color = S.type_color(self.type_id)

        # soft shadow
        painter.setPen(Qt.PenStyle.NoPen)
        for i, alpha in ((3, 14), (2, 18), (1, 22)):
            painter.setBrush(QColor(20, 30, 50, alpha))
            painter.drawRoundedRect(rect.translated(0, i), S.CORNER + 1, S.CORNER + 1)

        # body and header band
        body = QPainterPath()
        body.addRoundedRect(rect, S.CORNER, S.CORNER)
        painter.fillPath(body, S.CARD)
        header = QPainterPath()
        header.addRoundedRect(QRectF(rect.x(), rect.y(), rect.width(), S.HEADER_HEIGHT + S.CORNER),
                              S.CORNER, S.CORNER)
        clip = QPainterPath()
        clip.addRect(QRectF(rect.x(), rect.y(), rect.width(), S.HEADER_HEIGHT))
        painter.fillPath(header.intersected(clip), color)

        # header: icon and type name (clear of the ports on both ends)
        icon_rect = QRectF(rect.x() + 13, rect.y() + 6, 16, 16)
        S.draw_layer_icon(painter, icon_rect, self.layer_type.icon if self.layer_type else "",
                          QColor("white"))
        name, ident = self.header_text()
        painter.setPen(QColor("white"))
        text_rect = QRectF(rect.x() + 34, rect.y(), rect.width() - 46, S.HEADER_HEIGHT)
        font = _font(9.0, bold=True)
        while (font.pointSizeF() > 7.0
               and QFontMetricsF(font).horizontalAdvance(name) > text_rect.width()):
            font.setPointSizeF(font.pointSizeF() - 0.5)  # long names shrink a little
        painter.setFont(font)
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                         QFontMetricsF(font).elidedText(name, Qt.TextElideMode.ElideRight,
                                                        text_rect.width()))
        # caption above the card: the layer's id (the name used in messages)
        if ident:
            font = _font(8.0, bold=True)
            painter.setFont(font)
            painter.setPen(S.SELECTION if selected else S.TEXT_MUTED)
            caption = QRectF(rect.x() + 2, rect.y() - CAPTION_HEIGHT, rect.width() - 16,
                             CAPTION_HEIGHT - 2)
            painter.drawText(caption, Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignLeft,
                             QFontMetricsF(font).elidedText(ident, Qt.TextElideMode.ElideMiddle,
                                                            caption.width()))

        # footer
        painter.setPen(S.TEXT_MUTED)
        painter.setFont(_font(8.0))
        footer = QRectF(rect.x() + 4, rect.bottom() - S.FOOTER_HEIGHT, rect.width() - 8,
                        S.FOOTER_HEIGHT - 2)
        painter.drawText(footer, Qt.AlignmentFlag.AlignCenter,
                         QFontMetricsF(painter.font()).elidedText(
                             self.footer_text(), Qt.TextElideMode.ElideRight, footer.width()))
        painter.setPen(QPen(QColor(0, 0, 0, 18), 1))
        painter.drawLine(QPointF(rect.x() + 8, footer.top()),
                         QPointF(rect.right() - 8, footer.top()))

        # outline: issue > selection > drop target > hover > default
        if self.issues:
            pen = QPen(S.ERROR, 2.0)
        elif selected:
            pen = QPen(S.SELECTION, 2.2)
        elif self.target_state == "ok":
            pen = QPen(S.OK, 2.0)
        elif self.target_state == "bad":
            pen = QPen(S.ERROR, 2.0, Qt.PenStyle.DashLine)
        elif self._hover:
            pen = QPen(S.CARD_BORDER.darker(125), 1.2)
        else:
            pen = QPen(S.CARD_BORDER, 1.0)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(rect, S.CORNER, S.CORNER)
        if selected and self.issues:  # keep the selection visible on a flagged layer
            painter.setPen(QPen(S.SELECTION, 1.2, Qt.PenStyle.DashLine))
            painter.drawRoundedRect(rect.adjusted(-3.5, -3.5, 3.5, 3.5), S.CORNER + 3,
                                    S.CORNER + 3)

    def _neuron_brush(self, i: int) -> QBrush:
        if self.bias is not None and i < len(self.bias):
            b = float(self.bias[i])
            t = min(abs(b) / S.WEIGHT_FULL_SCALE, 1.0)
            c = QColor(S.POSITIVE if b >= 0 else S.NEGATIVE)
            c.setAlphaF(0.12 + 0.6 * t)
            return QBrush(c)
        return QBrush(S.NEURON_FILL)

    def _paint_loop(self, painter: QPainter) -> None:
        """A loop arrow beside the neurons of a recurrent layer (its state feeds back)."""
        top, bottom = self.neuron_extent()
        half = (bottom - top) / 2
        x0 = 36.0 if self.compact else S.NEURON_RADIUS + 6  # clear of "… n units"
        color = QColor(S.type_color(self.type_id))
        color.setAlpha(170)
        pen = QPen(color, 1.6)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        path = QPainterPath(QPointF(x0, half - 2))
        path.cubicTo(QPointF(x0 + 22, half), QPointF(x0 + 22, -half), QPointF(x0, -half + 2))
        painter.drawPath(path)
        tip = QPointF(x0, -half + 2)
        painter.drawLine(tip, tip + QPointF(5, -3))
        painter.drawLine(tip, tip + QPointF(5, 4))

    def _paint_neurons(self, painter: QPainter) -> None:
        r = S.NEURON_RADIUS
        if self.recurrent and self.compact:  # (beside a detailed column it would cross links)
            self._paint_loop(painter)
        painter.setPen(QPen(S.NEURON_BORDER, 1.2))
        if self.compact:
            # compact form: ●● … n units ●●
            ys = [-2 * S.NEURON_PITCH, -S.NEURON_PITCH, S.NEURON_PITCH, 2 * S.NEURON_PITCH]
            painter.setBrush(S.NEURON_FILL)
            for y in ys:
                painter.drawEllipse(QPointF(0, y), r, r)
            painter.setPen(S.TEXT_MUTED)
            painter.setFont(_font(8.0))
            painter.drawText(QRectF(-S.CARD_WIDTH / 2, -10, S.CARD_WIDTH, 20),
                             Qt.AlignmentFlag.AlignCenter, f"… {self.neuron_count} units")
            return
        is_input = self.role == "input"
        font = _font(7.5, bold=True)
        for i in range(self.neuron_count):
            c = self.neuron_local(i)
            label = short_name(self.features[i]) if is_input else ""
            if self.pictures.paint_neuron(painter, i, c):  # its output over the plane
                if is_input:
                    self.pictures.paint_side_label(painter, c, label)
                continue
            if is_input and len(label) > 3:  # a long name beside the neuron, not inside
                self.pictures.paint_side_label(painter, c, label)
                label = ""
            if is_input:
                painter.setPen(QPen(S.type_color(self.type_id), 1.4))
                painter.setBrush(S.CARD)  # white in the light theme; follows the dark one
            else:
                painter.setPen(QPen(S.NEURON_BORDER, 1.2))
                painter.setBrush(self._neuron_brush(i))
            painter.drawEllipse(c, r, r)
            if self.pictures.flagged(i):
                self.pictures.paint_disc_flag(painter, c, r)
            if is_input:
                painter.setFont(font)
                painter.setPen(S.TEXT)
                painter.drawText(QRectF(c.x() - r, c.y() - r, 2 * r, 2 * r),
                                 Qt.AlignmentFlag.AlignCenter, label)


# ==============================================================================================
class PortItem(QGraphicsItem):
    """The input (left) or output (right) port of a layer; drag from it to connect."""

    Type = QGraphicsItem.UserType + 2

    def __init__(self, node: NodeItem, kind: str) -> None:
        super().__init__(node)
        self.node = node
        self.kind = kind  # "in" | "out"
        self.connected = False
        self.target_state: str | None = None
        self._hover = False
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setZValue(2)
        self.setToolTip(
            "Output: drag from here to the input (left side) of the next layer"
            if kind == "out" else
            "Input: drag from here to the output (right side) of the previous layer"
        )

    def type(self) -> int:
        return self.Type

    def set_connected(self, connected: bool) -> None:
        if connected != self.connected:
            self.connected = connected
            self.update()

    def set_target_state(self, state: str | None) -> None:
        if state != self.target_state:
            self.target_state = state
            self.update()

    def boundingRect(self) -> QRectF:
        r = S.PORT_RADIUS + 5
        return QRectF(-r, -r, 2 * r, 2 * r)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        r = S.PORT_RADIUS + 4  # a forgiving target
        path.addEllipse(QPointF(0, 0), r, r)
        return path

    def paint(self, painter: QPainter, option, widget=None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        color = S.type_color(self.node.type_id)
        r = S.PORT_RADIUS + (1.5 if self._hover or self.target_state else 0)
        if self.target_state in ("ok", "bad"):
            ring = S.OK if self.target_state == "ok" else S.ERROR
            halo = QColor(ring)
            halo.setAlpha(60)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(halo)
            painter.drawEllipse(QPointF(0, 0), r + 4, r + 4)
            painter.setPen(QPen(ring, 2))
            painter.setBrush(QColor("white") if self.target_state == "bad" else ring)
            painter.drawEllipse(QPointF(0, 0), r, r)
            return
        border = color.darker(135) if self._hover else color.darker(115)
        painter.setPen(QPen(border, 1.8))
        painter.setBrush(QColor("white"))
        painter.drawEllipse(QPointF(0, 0), r, r)
        if self.connected or self._hover:  # a dot marks a connected port
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(border)
            painter.drawEllipse(QPointF(0, 0), r * 0.45, r * 0.45)

    def hoverEnterEvent(self, event) -> None:
        self._hover = True
        self.update()

    def hoverLeaveEvent(self, event) -> None:
        self._hover = False
        self.update()

    def _scene(self) -> NetworkScene | None:
        return self.scene()  # type: ignore[return-value]

    def mousePressEvent(self, event) -> None:
        scene = self._scene()
        if event.button() == Qt.MouseButton.LeftButton and hasattr(scene, "begin_connection"):
            scene.begin_connection(self, event.scenePos())
            event.accept()
        else:
            event.ignore()

    def mouseMoveEvent(self, event) -> None:
        scene = self._scene()
        if hasattr(scene, "drag_connection"):
            scene.drag_connection(event.scenePos())

    def mouseReleaseEvent(self, event) -> None:
        scene = self._scene()
        if event.button() == Qt.MouseButton.LeftButton and hasattr(scene, "end_connection"):
            scene.end_connection(event.scenePos())


# ==============================================================================================
class IssueBadge(QGraphicsItem):
    """A red warning badge on a layer's corner; its tooltip says what is wrong."""

    R = 9.0

    def __init__(self, node: NodeItem) -> None:
        super().__init__(node)
        self.setZValue(3)
        self.setAcceptHoverEvents(True)

    def boundingRect(self) -> QRectF:
        r = self.R + 1.5
        return QRectF(-r, -r, 2 * r, 2 * r)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor("white"), 1.5))
        painter.setBrush(S.ERROR)
        painter.drawEllipse(QPointF(0, 0), self.R, self.R)
        painter.setPen(QColor("white"))
        painter.setFont(_font(9.0, bold=True))
        painter.drawText(QRectF(-self.R, -self.R, 2 * self.R, 2 * self.R),
                         Qt.AlignmentFlag.AlignCenter, "!")


# ==============================================================================================
class EdgeItem(QGraphicsItem):
    """A connection source → target, drawn neuron to neuron (or as one thick link).

    ``W`` (n_source, n_target) colours the links: orange negative, blue positive, width ∝ |w|.
    Without weights the links are neutral grey. The clickable area is the gap between the two
    cards (so that the cards and their ports stay easy to grab).
    """

    Type = QGraphicsItem.UserType + 3

    def __init__(self, source: NodeItem, target: NodeItem) -> None:
        super().__init__()
        self.source, self.target = source, target
        source.edges.append(self)
        target.edges.append(self)
        self.W: np.ndarray | None = None
        self.highlight: str | None = None  # "drop" while a dragged layer would be inserted here
        self._lines: list[tuple[QLineF, int, int]] = []
        self._pens: list[QPen] = []
        self._order: list[int] = []
        self._size_key: tuple | None = None
        self._bounds = QRectF()
        self._shape = QPainterPath()
        self.setFlags(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setAcceptHoverEvents(True)
        self.setZValue(1)
        self.update_geometry()

    def type(self) -> int:
        return self.Type

    @property
    def edge(self) -> tuple[str, str]:
        return (self.source.node_id, self.target.node_id)

    def detach(self) -> None:
        for node in (self.source, self.target):
            if self in node.edges:
                node.edges.remove(self)

    @property
    def compact(self) -> bool:
        return self.source.compact or self.target.compact

    # -- weights ---------------------------------------------------------------------------
    def expected_shape(self) -> tuple[int, int]:
        return (self.source.neuron_count, self.target.neuron_count)

    def set_weights(self, W: np.ndarray | None) -> None:
        """Show ``W`` (n_source, n_target); a missing or mismatching W shows neutral links."""
        if W is not None:
            W = np.asarray(W, dtype=float)
            if W.shape != self.expected_shape() or not np.all(np.isfinite(W)):
                W = None
        self.W = W
        self._make_pens()
        self.update()

    def link_pen(self, i: int = 0, j: int = 0) -> QPen:
        """The pen of the link from source neuron ``i`` to target neuron ``j``
        (the single link's pen in the compact form)."""
        if self.compact:
            return QPen(self._pens[0])
        return QPen(self._pens[i * self.target.neuron_count + j])

    def link_pens(self) -> list[QPen]:
        return [QPen(p) for p in self._pens]

    def _make_pens(self) -> None:
        if self.compact:
            if self.W is None:
                self._pens = [S.neutral_pen(3.0)]
            else:
                mean = float(self.W.mean())
                strength = float(np.abs(self.W).mean())
                self._pens = [S.weight_pen(strength if mean >= 0 else -strength, 2.0, 6.0)]
            self._order = [0]
            return
        if self.W is None:
            self._pens = [S.neutral_pen(1.1) for _ in self._lines]
            self._order = list(range(len(self._lines)))
            return
        flat = self.W.ravel()  # row-major: index i * n_target + j, as self._lines
        self._pens = [S.weight_pen(w) for w in flat]
        self._order = list(np.argsort(np.abs(flat), kind="stable"))  # strong links on top

    # -- geometry --------------------------------------------------------------------------
    def update_geometry(self) -> None:
        self.prepareGeometryChange()
        r = S.NEURON_RADIUS
        lines: list[tuple[QLineF, int, int]] = []
        if self.compact:
            a, b = self.source.side_scene("out"), self.target.side_scene("in")
            lines.append((QLineF(a + QPointF(2, 0), b - QPointF(2, 0)), 0, 0))
        else:
            ns, nt = self.source.neuron_count, self.target.neuron_count
            for i in range(ns):
                a = self.source.neuron_scene(i)
                for j in range(nt):
                    b = self.target.neuron_scene(j)
                    line = QLineF(a, b)
                    if line.length() > 2 * r + 1:
                        unit = line.unitVector()
                        d = QPointF(unit.dx() * r, unit.dy() * r)
                        line = QLineF(a + d, b - d)
                    lines.append((line, i, j))
        self._lines = lines
        key = (*self.expected_shape(), self.compact)
        if key != self._size_key:  # the layers' sizes changed: old weights no longer fit
            self._size_key = key
            if self.W is not None and self.W.shape != self.expected_shape():
                self.W = None
            self._make_pens()
        bounds = QRectF()
        for line, _, _ in lines:
            bounds = bounds.united(QRectF(line.p1(), line.p2()).normalized())
        self._bounds = bounds.adjusted(-8, -8, 8, 8)
        self._shape = self._pick_shape()
        self.update()

    def _pick_shape(self) -> QPainterPath:
        inset = 3.0
        x1 = self.source.scenePos().x() + S.CARD_WIDTH / 2 + inset
        x2 = self.target.scenePos().x() - S.CARD_WIDTH / 2 - inset
        path = QPainterPath()
        if x2 - x1 > 6:
            s_top, s_bottom = self.source.neuron_extent()
            t_top, t_bottom = self.target.neuron_extent()
            if self.compact:
                sy, ty = self.source.scenePos().y(), self.target.scenePos().y()
                s_top, s_bottom, t_top, t_bottom = sy - 7, sy + 7, ty - 7, ty + 7
            path.addPolygon(QPolygonF([QPointF(x1, s_top), QPointF(x2, t_top),
                                       QPointF(x2, t_bottom), QPointF(x1, s_bottom)]))
            path.closeSubpath()
            return path
        stroker = QPainterPathStroker()
        stroker.setWidth(10)
        line = QPainterPath(self.source.side_scene("out"))
        line.lineTo(self.target.side_scene("in"))
        return stroker.createStroke(line)

    def boundingRect(self) -> QRectF:
        return self._bounds.united(self._shape.boundingRect())

    def shape(self) -> QPainterPath:
        return self._shape

    # -- drawing ---------------------------------------------------------------------------
    def paint(self, painter: QPainter, option, widget=None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected or self.highlight:
            halo = QColor(S.SELECTION if selected else S.OK)
            halo.setAlpha(70)
            for k in self._order:
                pen = QPen(halo, self._pens[k].widthF() + 6)
                pen.setCapStyle(Qt.PenCapStyle.RoundCap)
                painter.setPen(pen)
                painter.drawLine(self._lines[k][0])
        for k in self._order:
            painter.setPen(self._pens[k])
            painter.drawLine(self._lines[k][0])

    def hoverMoveEvent(self, event) -> None:
        s, t = self.edge
        if self.W is None:
            n = self.expected_shape()[0] * self.expected_shape()[1]
            self.setToolTip(f"{s} → {t} · {n} weights\nClick to select, Delete to remove.")
            return
        if self.compact:
            self.setToolTip(f"{s} → {t} · mean |w| = {np.abs(self.W).mean():.3f}")
            return
        pos = event.scenePos()
        best, best_d = None, 1e9
        for line, i, j in self._lines:
            d = _distance(pos, line)
            if d < best_d:
                best, best_d = (i, j), d
        if best is not None:
            i, j = best
            self.setToolTip(f"{s} → {t} · w[{i + 1}→{j + 1}] = {self.W[i, j]:+.3f}")


def _distance(p: QPointF, line: QLineF) -> float:
    a, b = line.p1(), line.p2()
    dx, dy = b.x() - a.x(), b.y() - a.y()
    length2 = dx * dx + dy * dy
    if length2 == 0:
        return QLineF(p, a).length()
    t = max(0.0, min(1.0, ((p.x() - a.x()) * dx + (p.y() - a.y()) * dy) / length2))
    return QLineF(p, QPointF(a.x() + t * dx, a.y() + t * dy)).length()


# ==============================================================================================
class HintItem(QGraphicsItem):
    """A small note near the cursor (e.g. why a connection would be refused).

    It ignores the view's zoom so that it stays readable.
    """

    def __init__(self) -> None:
        super().__init__()
        self.text = ""
        self.color = S.ERROR
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setZValue(20)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def set_text(self, text: str, color: QColor | None = None) -> None:
        self.prepareGeometryChange()
        self.text = text
        self.color = color or S.ERROR
        self.setVisible(bool(text))
        self.update()

    def _rect(self) -> QRectF:
        metrics = QFontMetricsF(_font(8.5))
        return QRectF(14, 10, metrics.horizontalAdvance(self.text) + 16, metrics.height() + 8)

    def boundingRect(self) -> QRectF:
        return self._rect().adjusted(-1, -1, 1, 1)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = self._rect()
        painter.setPen(QPen(self.color, 1))
        painter.setBrush(QColor(255, 255, 255, 240))
        painter.drawRoundedRect(rect, 4, 4)
        painter.setPen(self.color.darker(115))
        painter.setFont(_font(8.5))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.text)
