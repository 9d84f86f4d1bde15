"""Look of the network editor: colours, sizes and the layer icons (drawn with QPainter).

One place for the editor's visual constants so that the canvas, the palette and the inspector
agree. Weight colours match the plots (``ui/plots/colors.py``): orange for negative, blue for
positive, as in TensorFlow Playground. Categories get a colour from :data:`CATEGORY_COLORS`;
a category that is not listed (a new layer family) gets a stable colour derived from its name,
so a new layer type needs no change here.
"""

from __future__ import annotations

import zlib

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

from nnstudio.document.registry import LAYER_TYPES

# -- colours ---------------------------------------------------------------------------------
NEGATIVE = QColor("#E69F00")  # orange (Okabe-Ito), as ui/plots/colors.py CLASS_0
POSITIVE = QColor("#0072B2")  # blue (Okabe-Ito), as ui/plots/colors.py CLASS_1
NEUTRAL_LINK = QColor("#AEB6C1")
CANVAS = QColor("#F5F6F8")
GRID_DOT = QColor("#D3D8DF")
CARD = QColor("#FFFFFF")
CARD_BORDER = QColor("#C5CCD6")
TEXT = QColor("#1F2933")
TEXT_MUTED = QColor("#66727F")
SELECTION = QColor("#1A73E8")
ERROR = QColor("#D93025")
WARNING_FILL = QColor("#F9AB00")
OK = QColor("#188038")
NEURON_FILL = QColor("#F1F3F6")
NEURON_BORDER = QColor("#8A96A3")

CATEGORY_COLORS: dict[str, str] = {
    "Input / output": "#2E7D6F",
    "Feed-forward": "#4F5FB5",
    "Recurrent": "#8E44AD",
    "Convolution": "#A0522D",
    "Regularization": "#5D6D7E",
}

# -- geometry (scene units = pixels at zoom 100 %) -------------------------------------------
CARD_WIDTH = 124.0
HEADER_HEIGHT = 28.0
FOOTER_HEIGHT = 28.0
NEURON_RADIUS = 8.5
NEURON_PITCH = 24.0
MAX_NEURONS = 12  # above this a layer is drawn in its compact form ("… n units")
PORT_RADIUS = 6.0
CORNER = 8.0
LAYER_SPACING = 180.0  # horizontal distance between layer centres (Arrange, quick add)
ROW_GAP = 60.0

#: short names of activations for the cards (the inspector shows the long ones)
SHORT_NAMES = {
    "relu": "ReLU", "leaky_relu": "leaky ReLU", "prelu": "PReLU", "elu": "ELU",
    "auto": "auto", "tanh": "tanh", "sigmoid": "sigmoid", "linear": "linear",
    "threshold": "step", "softplus": "softplus", "lstm": "LSTM", "gru": "GRU", "rnn": "RNN",
}


def short_name(value: str) -> str:
    return SHORT_NAMES.get(value, value.replace("_", " "))


# -- weights → pens ------------------------------------------------------------------------
WEIGHT_FULL_SCALE = 2.5  # |w| at which a link reaches its full width and opacity


def category_color(category: str) -> QColor:
    """Colour of a layer category (stable fallback for categories that are not listed)."""
    name = CATEGORY_COLORS.get(category)
    if name:
        return QColor(name)
    hue = zlib.crc32(category.encode("utf-8")) % 360
    return QColor.fromHsl(hue, 110, 95)


def type_color(type_id: str) -> QColor:
    layer_type = LAYER_TYPES.get(type_id)
    return category_color(layer_type.category if layer_type else "")


def weight_color(w: float, strength: float) -> QColor:
    """Orange for negative, blue for positive; ``strength`` 0..1 sets the opacity."""
    color = QColor(POSITIVE if w >= 0 else NEGATIVE)
    color.setAlphaF(0.35 + 0.65 * max(0.0, min(1.0, strength)))
    return color


def weight_pen(w: float, base_width: float = 0.75, extra_width: float = 4.25) -> QPen:
    """Pen of a link of weight ``w``: width ∝ |w| (clipped at WEIGHT_FULL_SCALE), colour by sign."""
    t = min(abs(float(w)) / WEIGHT_FULL_SCALE, 1.0)
    pen = QPen(weight_color(w, t), base_width + extra_width * t)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    return pen


def neutral_pen(width: float = 1.0) -> QPen:
    pen = QPen(NEUTRAL_LINK, width)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    return pen


# -- icons -----------------------------------------------------------------------------------
def draw_layer_icon(painter: QPainter, rect: QRectF, icon: str, color: QColor) -> None:
    """Draw the icon named ``icon`` (LayerType.icon) in ``rect`` with ``color``."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = min(rect.width(), rect.height())
    ox = rect.x() + (rect.width() - s) / 2
    oy = rect.y() + (rect.height() - s) / 2

    def p(x: float, y: float) -> QPointF:  # icon coordinates in 0..1
        return QPointF(ox + x * s, oy + y * s)

    line = QPen(color, max(1.0, s * 0.07))
    line.setCapStyle(Qt.PenCapStyle.RoundCap)
    line.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    r = s * 0.11
    if icon == "dense":
        left = [p(0.2, 0.2), p(0.2, 0.5), p(0.2, 0.8)]
        right = [p(0.8, 0.33), p(0.8, 0.67)]
        thin = QPen(color, max(0.8, s * 0.04))
        painter.setPen(thin)
        for a in left:
            for b in right:
                painter.drawLine(a, b)
        painter.setPen(line)
        painter.setBrush(QColor("white"))
        for c in left + right:
            painter.drawEllipse(c, r, r)
    elif icon == "input":
        painter.setPen(line)
        painter.setBrush(QColor("white"))
        for y in (0.3, 0.7):
            painter.drawEllipse(p(0.72, y), r * 1.1, r * 1.1)
            painter.drawLine(p(0.12, y), p(0.72 - 0.11 * 1.1 - 0.06, y))
        _arrow_head(painter, p(0.55, 0.3), s)
        _arrow_head(painter, p(0.55, 0.7), s)
    elif icon == "output":
        painter.setPen(line)
        painter.setBrush(QColor("white"))
        painter.drawEllipse(p(0.3, 0.5), r * 1.6, r * 1.6)
        painter.drawLine(p(0.3 + 0.18, 0.5), p(0.88, 0.5))
        _arrow_head(painter, p(0.88, 0.5), s)
    elif icon in ("rnn", "gru", "lstm"):
        # a cell with input and output, and its state fed back (the loop on top);
        # GRU: a gate dot inside; LSTM: the cell-state line running through the top
        painter.setPen(line)
        painter.setBrush(QColor("white"))
        top = 0.48 if icon != "lstm" else 0.5
        cell = QRectF(p(0.3, top), p(0.7, 0.86))
        painter.drawRoundedRect(cell, s * 0.06, s * 0.06)
        mid = (top + 0.86) / 2
        painter.drawLine(p(0.04, mid), p(0.3, mid))
        painter.drawLine(p(0.7, mid), p(0.95, mid))
        _arrow_head(painter, p(0.95, mid), s)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if icon == "lstm":
            painter.drawLine(p(0.04, 0.22), p(0.95, 0.22))
            _arrow_head(painter, p(0.95, 0.22), s)
            painter.drawLine(p(0.5, 0.22), p(0.5, top))
        else:
            loop = QPainterPath(p(0.62, top))
            loop.cubicTo(p(0.74, 0.0), p(0.26, 0.0), p(0.38, top - 0.04))
            painter.drawPath(loop)
            _arrow_head(painter, p(0.38, top - 0.02), s, angle=100)
            if icon == "gru":
                painter.setBrush(color)
                painter.drawEllipse(p(0.5, mid), r * 0.6, r * 0.6)
    elif icon == "bidirectional":
        painter.setPen(line)
        painter.drawLine(p(0.1, 0.34), p(0.9, 0.34))
        _arrow_head(painter, p(0.9, 0.34), s)
        painter.drawLine(p(0.1, 0.66), p(0.9, 0.66))
        _arrow_head(painter, p(0.1, 0.66), s, angle=180)
    else:  # generic: rounded square with the layer's initial
        painter.setPen(line)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(QRectF(p(0.15, 0.15), p(0.85, 0.85)), s * 0.12, s * 0.12)
        font = painter.font()
        font.setPixelSize(max(6, int(s * 0.45)))
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(QRectF(p(0.15, 0.15), p(0.85, 0.85)), Qt.AlignmentFlag.AlignCenter,
                         (icon[:1] or "?").upper())
    painter.restore()


def _arrow_head(painter: QPainter, tip: QPointF, s: float, angle: float = 0.0) -> None:
    """Two strokes of an arrow head at ``tip`` pointing at ``angle`` degrees (0 = right,
    90 = down)."""
    d = s * 0.12
    painter.save()
    painter.translate(tip)
    painter.rotate(angle)
    path = QPainterPath(QPointF(0, 0))
    path.lineTo(QPointF(-d, -d * 0.8))
    path.moveTo(QPointF(0, 0))
    path.lineTo(QPointF(-d, d * 0.8))
    painter.drawPath(path)
    painter.restore()


def layer_icon(type_id: str, size: int = 32) -> QIcon:
    """A QIcon for a layer type, drawn at 2× for sharp rendering on high-DPI screens."""
    layer_type = LAYER_TYPES.get(type_id)
    icon_name = layer_type.icon if layer_type else type_id
    scale = 2
    pixmap = QPixmap(size * scale, size * scale)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    draw_layer_icon(painter, QRectF(1, 1, size * scale - 2, size * scale - 2), icon_name,
                    type_color(type_id))
    painter.end()
    pixmap.setDevicePixelRatio(scale)
    return QIcon(pixmap)
