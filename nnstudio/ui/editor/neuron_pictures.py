"""Pictures inside the neurons of the canvas, as in TensorFlow Playground.

With data on the plane, every neuron is drawn as a small heatmap of its output over the input
plane (orange negative or low, white zero, blue positive or high; the same colours as the data
view); with 1-D data as a small curve of its output against x. Units flagged by the probe
(dead ReLUs, saturated sigmoid/tanh units) get a red mark. Hovering a neuron shows a larger
picture with the neuron's formula and its current weights (:class:`NeuronPopup`).

The scene hands each :class:`NodeItem` a :class:`NeuronPictures` state through
:meth:`NetworkScene.set_inside`; the item asks it to paint each neuron.
"""

from __future__ import annotations

import re

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem

from . import style as S

PICTURE_SIZE = 20.0  # side of a neuron picture on the card (the pitch is 24)
POPUP_SIZE = 132
CARD_PIXELS = 30  # cells of a card's picture across (the popup draws the full map)
FLAG_COLOR = QColor("#D93025")
_STOPS = np.array([[230, 159, 0], [247, 247, 247], [0, 114, 178]], dtype=np.float64)
_SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_SYMBOLS = {"tanh": "tanh", "sigmoid": "σ", "relu": "ReLU", "leaky_relu": "leakyReLU",
            "prelu": "PReLU", "linear": "", "threshold": "step", "softplus": "softplus",
            "elu": "ELU"}


def _make_lut(n: int = 257) -> np.ndarray:  # odd: 0.5 (zero) is exactly white
    t = np.linspace(0.0, 1.0, n)
    s = t * 2.0
    low = s < 1.0
    frac = np.where(low, s, s - 1.0)[:, None]
    a = np.where(low[:, None], _STOPS[0], _STOPS[1])
    b = np.where(low[:, None], _STOPS[1], _STOPS[2])
    return (a + (b - a) * frac).round().astype(np.uint8)


_LUT = _make_lut()


def colorize(t: np.ndarray) -> np.ndarray:
    """t in [0, 1] (any shape) → uint8 RGB (..., 3): orange → near-white → blue (a 257-entry
    lookup table: fast enough for every neuron at 30 frames a second)."""
    t = np.nan_to_num(np.asarray(t, dtype=np.float64), nan=0.5)
    index = (np.clip(t, 0.0, 1.0) * (len(_LUT) - 1) + 0.5).astype(np.intp)
    return _LUT[index]


def map_image(values: np.ndarray, lo: float, hi: float, step: int = 1) -> QImage:
    """A (ny, nx) map (row 0 at the bottom, as the surface grid) → QImage, top row first;
    ``step`` > 1 keeps every step-th cell (the small pictures on the cards)."""
    values = np.asarray(values, dtype=np.float64)[::step, ::step]
    t = (values - lo) / (hi - lo if hi > lo else 1.0)
    rgb = np.ascontiguousarray(colorize(t[::-1]))
    ny, nx = rgb.shape[:2]
    image = QImage(rgb.data, nx, ny, 3 * nx, QImage.Format.Format_RGB888)
    return image.copy()  # own the pixels (rgb is freed on return)


def map_images(maps: np.ndarray, levels: np.ndarray, step: int = 1) -> list[QImage]:
    """Every unit's map (units, ny, nx) → QImages at once (one colour lookup per layer)."""
    maps = np.asarray(maps, dtype=np.float64)[:, ::step, ::step]
    levels = np.asarray(levels, dtype=np.float64).reshape(-1, 2)[: len(maps)]
    lo, hi = levels[:, 0, None, None], levels[:, 1, None, None]
    span = np.where(hi > lo, hi - lo, 1.0)
    rgb = colorize((maps[: len(levels)] - lo) / span)[:, ::-1]
    images = []
    for unit in rgb:
        unit = np.ascontiguousarray(unit)
        ny, nx = unit.shape[:2]
        images.append(QImage(unit.data, nx, ny, 3 * nx, QImage.Format.Format_RGB888).copy())
    return images


def short_name(name: str) -> str:
    """'x1' → 'x₁', 'sin x1' → 'sin x₁', 'x1²' → 'x₁²', 'h3' → 'h₃'; other names unchanged."""
    return re.sub(r"\b([xh])(\d+)", lambda m: m.group(1) + m.group(2).translate(_SUBSCRIPT),
                  name)


class NeuronPictures:
    """What one layer card shows inside its neurons: pictures and flags."""

    def __init__(self) -> None:
        self.images: list[QImage] | None = None
        self.curves: np.ndarray | None = None  # (units, n) for 1-D data
        self.levels: np.ndarray | None = None  # (units, 2)
        self.maps: np.ndarray | None = None  # the raw maps, for the popup
        self.flags: np.ndarray | None = None  # bool per unit
        self.flag_kind = ""

    @property
    def active(self) -> bool:
        return self.images is not None or self.curves is not None

    def set_maps(self, maps: np.ndarray | None, levels: np.ndarray | None) -> None:
        self.curves = None
        if maps is None or levels is None:
            self.images = self.maps = self.levels = None
            return
        self.maps, self.levels = maps, levels
        self.images = map_images(maps, levels, max(1, maps.shape[-1] // CARD_PIXELS))

    def set_curves(self, curves: np.ndarray | None, levels: np.ndarray | None) -> None:
        self.images = self.maps = None
        self.curves, self.levels = curves, levels

    def set_flags(self, units: np.ndarray | None, kind: str = "") -> None:
        self.flags = None if units is None else np.asarray(units, dtype=bool)
        self.flag_kind = kind

    def flagged(self, i: int) -> bool:
        return self.flags is not None and i < len(self.flags) and bool(self.flags[i])

    def flag_note(self) -> str:
        """e.g. '2/8 dead' for the card's footer (empty when nothing is flagged)."""
        if self.flags is None or not self.flags.any():
            return ""
        return f"{int(self.flags.sum())}/{len(self.flags)} {self.flag_kind}"

    # -- painting -----------------------------------------------------------------------------
    def paint_neuron(self, painter: QPainter, i: int, centre: QPointF) -> bool:
        """Paint neuron ``i`` as a picture; False when there is none (the card draws a disc)."""
        half = PICTURE_SIZE / 2
        rect = QRectF(centre.x() - half, centre.y() - half, PICTURE_SIZE, PICTURE_SIZE)
        if self.images is not None and i < len(self.images):
            painter.drawImage(rect, self.images[i])
        elif self.curves is not None and i < len(self.curves):
            painter.fillRect(rect, QColor("white"))
            self._paint_curve(painter, rect, i, 1.2)
        else:
            return False
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(S.NEURON_BORDER, 1.0))
        painter.drawRect(rect)
        if self.flagged(i):
            self.paint_flag(painter, rect)
        return True

    def _paint_curve(self, painter: QPainter, rect: QRectF, i: int, width: float) -> None:
        values = np.asarray(self.curves[i], dtype=np.float64)
        lo, hi = self.levels[i] if self.levels is not None else (values.min(), values.max())
        span = hi - lo if hi > lo else 1.0
        t = np.clip((values - lo) / span, 0.0, 1.0)
        xs = rect.left() + np.linspace(0.0, 1.0, len(values)) * rect.width()
        ys = rect.bottom() - t * rect.height()
        zero = rect.bottom() - np.clip(-lo / span, 0.0, 1.0) * rect.height()
        painter.setPen(QPen(QColor(0, 0, 0, 40), 0.8))
        painter.drawLine(QPointF(rect.left(), zero), QPointF(rect.right(), zero))
        path = QPainterPath(QPointF(xs[0], ys[0]))
        for x, y in zip(xs[1:], ys[1:], strict=True):
            path.lineTo(x, y)
        painter.setPen(QPen(S.POSITIVE, width))
        painter.drawPath(path)

    def paint_flag(self, painter: QPainter, rect: QRectF) -> None:
        pen = QPen(FLAG_COLOR, 2.0)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect.adjusted(-1.5, -1.5, 1.5, 1.5))
        if self.flag_kind == "dead":
            painter.drawLine(rect.topLeft(), rect.bottomRight())
            painter.drawLine(rect.topRight(), rect.bottomLeft())

    def paint_side_label(self, painter: QPainter, centre: QPointF, text: str) -> None:
        """An input's name to the left of its neuron (elided to fit the card)."""
        font = _font(7.5)
        painter.setFont(font)
        painter.setPen(S.TEXT)
        left = -S.CARD_WIDTH / 2 + 6
        rect = QRectF(left, centre.y() - 8, centre.x() - PICTURE_SIZE / 2 - 4 - left, 16)
        painter.drawText(rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                         QFontMetricsF(font).elidedText(text, Qt.TextElideMode.ElideRight,
                                                        rect.width()))

    def paint_disc_flag(self, painter: QPainter, centre: QPointF, r: float) -> None:
        """The flag on a plain disc (no picture: iris, digits)."""
        painter.setPen(QPen(FLAG_COLOR, 2.0, Qt.PenStyle.DashLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(centre, r + 2.5, r + 2.5)

    def paint_large(self, painter: QPainter, rect: QRectF, i: int) -> None:
        if self.maps is not None and i < len(self.maps):
            lo, hi = self.levels[i]
            painter.drawImage(rect, map_image(self.maps[i], lo, hi))
        elif self.curves is not None and i < len(self.curves):
            painter.fillRect(rect, QColor("white"))
            self._paint_curve(painter, rect, i, 2.0)
        painter.setPen(QPen(S.NEURON_BORDER, 1.0))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect)


def neuron_formula(activation: str, input_names: list[str], W: np.ndarray | None,
                   b: np.ndarray | None, unit: int, max_terms: int = 6) -> list[str]:
    """Lines of text: the neuron's formula with its current weights (largest terms first
    when there are many inputs)."""
    f = _SYMBOLS.get(activation, activation)
    if W is None or b is None or unit >= np.shape(W)[1]:
        return [f"{f}(w·x + b)" if f else "w·x + b", "(weights appear once training starts)"]
    w = np.asarray(W, dtype=np.float64)[:, unit]
    order = list(range(len(w)))
    if len(w) > max_terms:
        order = sorted(order, key=lambda k: -abs(w[k]))[:max_terms]
    terms = []
    for k in order:
        name = short_name(input_names[k]) if k < len(input_names) else f"x{k + 1}"
        sign = "−" if w[k] < 0 else "+"
        terms.append((sign, f"{abs(w[k]):.2f}·{name}"))
    bias = float(np.asarray(b)[unit])
    text = ""
    for n, (sign, term) in enumerate(terms):
        text += (("−" if sign == "−" else "") + term) if n == 0 else f" {sign} {term}"
    if len(w) > max_terms:
        text += f" + … ({len(w) - max_terms} more)"
    text += f" {'−' if bias < 0 else '+'} {abs(bias):.2f}"
    lines = _wrap(text, 44)
    if f:
        lines[0] = f"{f}(" + lines[0]
        lines[-1] += ")"
    return lines


def _wrap(text: str, width: int) -> list[str]:
    lines, current = [], ""
    for word in text.split(" "):
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return lines


class NeuronPopup(QGraphicsItem):
    """The larger view of a hovered neuron: its picture and its formula. Keeps its size
    whatever the zoom; ignores the mouse (it never steals a click)."""

    def __init__(self) -> None:
        super().__init__()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setAcceptHoverEvents(False)
        self.setZValue(30)
        self.pictures: NeuronPictures | None = None
        self.unit = 0
        self.title = ""
        self.lines: list[str] = []
        self._rect = QRectF()

    def show_for(self, pictures: NeuronPictures | None, unit: int, title: str,
                 lines: list[str], scene_pos: QPointF) -> None:
        self.prepareGeometryChange()
        self.pictures, self.unit, self.title, self.lines = pictures, unit, title, list(lines)
        metrics = QFontMetricsF(_font(8.5))
        width = max([metrics.horizontalAdvance(t) for t in [title, *lines]] + [POPUP_SIZE]) + 16
        picture = POPUP_SIZE + 8 if pictures is not None and pictures.active else 0
        height = 8 + metrics.height() * (1 + len(lines)) + picture + 8
        self._rect = QRectF(0, 0, width, height)
        self.setPos(scene_pos + QPointF(18, 12))
        self.setVisible(True)
        self.update()

    def boundingRect(self) -> QRectF:
        return self._rect.adjusted(-2, -2, 2, 2)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(S.CARD_BORDER, 1.0))
        painter.setBrush(QColor(255, 255, 255, 245))
        painter.drawRoundedRect(self._rect, 5, 5)
        metrics = QFontMetricsF(_font(8.5))
        y = 8.0
        painter.setFont(_font(8.5, bold=True))
        painter.setPen(S.TEXT)
        painter.drawText(QPointF(8, y + metrics.ascent()), self.title)
        y += metrics.height()
        if self.pictures is not None and self.pictures.active:
            rect = QRectF(8, y + 4, POPUP_SIZE, POPUP_SIZE)
            self.pictures.paint_large(painter, rect, self.unit)
            y += POPUP_SIZE + 8
        painter.setFont(_font(8.5))
        painter.setPen(S.TEXT)
        for line in self.lines:
            painter.drawText(QPointF(8, y + metrics.ascent()), line)
            y += metrics.height()


def _font(size: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setPointSizeF(size)
    font.setBold(bold)
    return font


# -- the scene's side (NetworkScene.set_inside / hover_neuron delegate here) ---------------------
def apply_inside(scene, inside: dict | None) -> None:
    """Give every layer card its pictures and flags from a snapshot's ``inside`` part."""
    inside = inside or {}
    maps = inside.get("neuron_maps") or {}
    curves = inside.get("neuron_curves") or {}
    levels = inside.get("map_levels") or {}
    flags = inside.get("flags") or {}
    for item in scene.node_items():
        nid = item.node_id
        pictures = item.pictures
        count = item.neuron_count
        if nid in maps and len(maps[nid]) == count:
            pictures.set_maps(maps[nid], levels.get(nid))
        elif nid in curves and len(curves[nid]) == count:
            pictures.set_curves(curves[nid], levels.get(nid))
        else:
            pictures.set_maps(None, None)
        entry = flags.get(nid)
        if entry is not None and len(entry["units"]) == count:
            pictures.set_flags(entry["units"], entry["kind"])
        else:
            pictures.set_flags(None)
        item.update()


def neuron_title_and_lines(scene, item, unit: int) -> tuple[str, list[str]]:
    project = scene.project
    nid = item.node_id
    if item.role == "input":
        name = item.features[unit] if unit < len(item.features) else f"x{unit + 1}"
        return f"Input {short_name(name)}", ["the feature's value over the plane"]
    sources = [s for s, t in project.edges if t == nid]
    source = scene.node_item(sources[0]) if sources else None
    if source is None:
        names = []
    elif source.role == "input":
        names = list(source.features)
    else:
        names = [f"{source.node_id}.h{k + 1}" for k in range(source.neuron_count)]
    weights = scene._weights.get(nid) or {}
    activation = str(item.params.get("activation", "linear"))
    loss = project.settings.get("training.loss")
    if item.role == "output" and activation == "auto":
        activation = {"bce": "sigmoid", "ce": "softmax"}.get(loss, "linear")
    lines = neuron_formula(activation, names, weights.get("W"), weights.get("b"), unit)
    if activation == "softmax":
        lines[0] = lines[0].replace("softmax(", "z = ", 1)
        lines[-1] = lines[-1][:-1]
        lines.append(f"p{unit + 1} = softmax(z)[{unit + 1}]")
    pictures = item.pictures
    if pictures.flagged(unit):
        lines.append(f"⚠ {pictures.flag_kind}: " + (
            "it never fires on the data, so it gets no gradient" if pictures.flag_kind == "dead"
            else "its input is far out on the flat part, so its gradient is tiny"))
    if pictures.active:
        lines.append("Click: show it in the data view")
    return f"{nid} · neuron {unit + 1}", lines


def hover(scene, item, unit: int | None, scene_pos: QPointF) -> None:
    popup = getattr(scene, "_neuron_popup", None)
    if unit is None:
        if popup is not None:
            popup.setVisible(False)
        return
    if popup is None or popup.scene() is not scene:
        popup = NeuronPopup()
        scene.addItem(popup)
        scene._neuron_popup = popup
    title, lines = neuron_title_and_lines(scene, item, unit)
    popup.show_for(item.pictures, unit, title, lines, scene_pos)
