"""The recurrent network unfolded in time, drawn as on the lecture's slide.

Left, the folded network: x → s (with its loop W) → o. Right, the same network unfolded over
the time steps of one test sequence: a column per step with the input x_t, the state s_t of
every recurrent layer (a row per layer, two for a bidirectional one) and the output o_t,
joined by the arrows U (input → state), W (state → next state) and V (state → output) — the
same matrices at every step. The boxes show the current values (the state's units as
coloured cells, orange < 0 < blue), and a vermillion arrow under every W runs backwards
with a thickness that follows ‖∂L/∂s_t‖ (log scale): backpropagation through time.

``set_snapshot(seq)`` takes the ``"sequence"`` part of a training snapshot;
:meth:`render_into` paints into any QPainter (the widget and the exporter share it).
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from nnstudio.ui.plots import colors

from .common import CELL_TITLES, GRADIENT_COLOR, format_value, show_char, symbol_name

MIN_COLUMN = 100  # px: narrowest time-step column
MAX_CELLS = 64  # units drawn per state box (more: the first 64)
STATE_FILL = "#FFFFFF"
BOX_PEN = "#333333"
FAINT = "#9A9A9A"
ARROW = "#444444"
FORMULAS = {
    "rnn": "sₜ = f(U·xₜ + W·sₜ₋₁ + b)          oₜ = V·sₜ + c",
    "lstm": "cₜ = fₜ⊙cₜ₋₁ + iₜ⊙gₜ,   sₜ = (output gate)⊙tanh(cₜ),   gates i, f, g from "
            "U·xₜ + W·sₜ₋₁          oₜ = V·sₜ + c",
    "gru": "sₜ = (1−zₜ)⊙nₜ + zₜ⊙sₜ₋₁,   z, r, n from U·xₜ + W·sₜ₋₁          oₜ = V·sₜ + c",
}


def _rgb(value: float, level: float = 1.0) -> QColor:
    t = 0.5 + 0.5 * max(-1.0, min(1.0, value / level if level > 0 else 0.0))
    r, g, b = colors.map_diverging(np.array([t]))[0]
    return QColor(int(r), int(g), int(b))


def shown_steps(T: int, max_columns: int) -> list[int | None]:
    """Time steps to draw (None = an ellipsis column): all if they fit, else the first few
    and the last few (the end of a sequence is where a many-to-one answer appears)."""
    max_columns = max(3, max_columns)
    if T <= max_columns:
        return list(range(T))
    head = max(1, (max_columns - 1) // 3)
    tail = max_columns - 1 - head
    return list(range(head)) + [None] + list(range(T - tail, T))


class UnrolledView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.seq: dict | None = None
        self.setMinimumSize(480, 300)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAutoFillBackground(False)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(1100, 560)

    # -- data ------------------------------------------------------------------------------
    def set_snapshot(self, seq: dict | None) -> None:
        self.seq = seq
        self.update()

    def clear(self) -> None:
        self.set_snapshot(None)

    def columns(self, width: float | None = None) -> list[int | None]:
        """The time steps drawn at the current width."""
        if not self.seq:
            return []
        width = self.width() if width is None else width
        T = int(np.asarray(self.seq["inputs"]).shape[0])
        return shown_steps(T, int((width - self._folded_width(width)) // MIN_COLUMN))

    @staticmethod
    def _folded_width(width: float) -> float:
        return min(230.0, 0.2 * width)

    # -- painting --------------------------------------------------------------------------
    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        try:
            self.render_into(painter, QRectF(self.rect()))
        finally:
            painter.end()

    def render_into(self, painter: QPainter, rect: QRectF) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.fillRect(rect, QColor(colors.BACKGROUND))
        seq = self.seq
        if not seq or not seq.get("layers"):
            painter.setPen(QColor(FAINT))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter,
                             "Train a network with a recurrent layer on a sequence dataset\n"
                             "to see it unfolded in time.")
            painter.restore()
            return
        _Drawing(painter, rect, seq, self.columns(rect.width())).draw()
        painter.restore()


class _Drawing:
    """One paint of the unrolled network (layout and drawing)."""

    def __init__(self, painter: QPainter, rect: QRectF, seq: dict, steps: list) -> None:
        self.p = painter
        self.rect = rect
        self.seq = seq
        self.steps = steps
        self.layers = seq["layers"]
        self.T = int(np.asarray(seq["inputs"]).shape[0])
        self.many_to_many = bool(seq.get("many_to_many"))
        self.scale = max(0.75, min(1.4, rect.height() / 560.0))
        # rows bottom → top: x, state rows (two for a bidirectional layer), o
        self.rows: list[tuple[str, int, int]] = [("x", -1, 0)]
        for i, record in enumerate(self.layers):
            self.rows.append(("s", i, 1))
            if record.get("bidirectional"):
                self.rows.append(("s", i, -1))
        self.rows.append(("o", -1, 0))

    # -- helpers ---------------------------------------------------------------------------
    def font(self, px: float, bold: bool = False, italic: bool = False) -> QFont:
        f = QFont()
        f.setPixelSize(max(8, int(px * self.scale)))
        f.setBold(bold)
        f.setItalic(italic)
        return f

    def text(self, rect: QRectF, s: str, px: float = 12, color: str = BOX_PEN,
             align=Qt.AlignmentFlag.AlignCenter, bold: bool = False, italic: bool = False):
        self.p.setFont(self.font(px, bold, italic))
        self.p.setPen(QColor(color))
        self.p.drawText(rect, align, s)

    def arrow(self, a: QPointF, b: QPointF, color: str = ARROW, width: float = 1.6,
              dashed: bool = False, head: float = 7.0) -> None:
        pen = QPen(QColor(color), width)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        if dashed:
            pen.setStyle(Qt.PenStyle.DashLine)
        self.p.setPen(pen)
        dx, dy = b.x() - a.x(), b.y() - a.y()
        length = math.hypot(dx, dy) or 1.0
        ux, uy = dx / length, dy / length
        h = head * self.scale + width
        tip_base = QPointF(b.x() - ux * h, b.y() - uy * h)
        self.p.drawLine(a, tip_base)
        self.p.setPen(Qt.PenStyle.NoPen)
        self.p.setBrush(QColor(color))
        left = QPointF(tip_base.x() - uy * h * 0.45, tip_base.y() + ux * h * 0.45)
        right = QPointF(tip_base.x() + uy * h * 0.45, tip_base.y() - ux * h * 0.45)
        self.p.drawPolygon(QPolygonF([b, left, right]))
        self.p.setBrush(Qt.BrushStyle.NoBrush)

    def box(self, rect: QRectF, fill: str = STATE_FILL, dashed: bool = False,
            color: str = BOX_PEN) -> None:
        pen = QPen(QColor(color), 1.3)
        if dashed:
            pen.setStyle(Qt.PenStyle.DashLine)
        self.p.setPen(pen)
        self.p.setBrush(QColor(fill))
        self.p.drawRoundedRect(rect, 6, 6)
        self.p.setBrush(Qt.BrushStyle.NoBrush)

    # -- layout ----------------------------------------------------------------------------
    def draw(self) -> None:
        r = self.rect
        s = self.scale
        title_h = 54 * s
        legend_h = 34 * s
        cell = self.layers[0].get("cell", "rnn")
        names = " → ".join(_layer_name(rec) for rec in self.layers)
        title = (f"{names} unfolded in time: the same U, W, V at every step"
                 if len(self.layers) == 1 else f"Deep RNN ({names}) unfolded in time")
        self.text(QRectF(r.x() + 12, r.y() + 4, r.width() - 24, 24 * s), title, 16,
                  align=Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, bold=True)
        self.text(QRectF(r.x() + 12, r.y() + 4 + 24 * s, r.width() - 24, 22 * s),
                  FORMULAS.get(cell, FORMULAS["rnn"]), 13,
                  align=Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                  italic=True)
        body = QRectF(r.x() + 8, r.y() + title_h, r.width() - 16,
                      r.height() - title_h - legend_h - 16 * s)  # room for "t = …"
        folded_w = UnrolledView._folded_width(r.width())
        self.draw_folded(QRectF(body.x(), body.y(), folded_w - 10, body.height()))
        self.draw_unfolded(QRectF(body.x() + folded_w, body.y(), body.width() - folded_w,
                                  body.height()))
        self.draw_legend(QRectF(r.x() + 12, r.bottom() - legend_h, r.width() - 24, legend_h))

    def row_geometry(self, area: QRectF) -> list[tuple[float, float]]:
        """(top, height) of each row, bottom row first; the o row leaves room for targets."""
        n = len(self.rows)
        gap = 0.55  # arrow space between rows, as a fraction of a row
        target_h = 22 * self.scale
        unit = (area.height() - target_h) / (n + gap * (n - 1))
        out = []
        y = area.bottom()
        for _ in range(n):
            out.append((y - unit, unit))
            y -= unit * (1 + gap)
        return out

    # -- the folded network ----------------------------------------------------------------
    def draw_folded(self, area: QRectF) -> None:
        s = self.scale
        geo = self.row_geometry(area)
        w = min(92 * s, area.width() * 0.5)
        cx = area.x() + area.width() * 0.42
        boxes = [QRectF(cx - w / 2, top + h * 0.15, w, h * 0.7) for top, h in geo]
        for r in range(1, len(self.rows)):  # arrows first: skipped boxes hide them
            kind, li, direction = self.rows[r]
            sources = self._inputs_of(r)
            bidir = kind == "s" and self.layers[li].get("bidirectional")
            shift = (0.3 if direction == -1 else -0.15) if bidir else 0.0
            b = boxes[r]
            for k, src in enumerate(sources):
                offset = shift if len(sources) == 1 else (k - (len(sources) - 1) / 2) * 0.5
                x = b.center().x() + offset * b.width()
                self.arrow(QPointF(x, boxes[src].top()), QPointF(x, b.bottom()))
            if bidir and direction == -1:
                continue
            label = "V" if kind == "o" else (
                "U" if len(self.layers) == 1 else f"U{_sub(li + 1)}")
            x = b.center().x() + (shift if len(sources) == 1 else -0.25) * b.width()
            top = boxes[sources[-1]].top()
            self.text(QRectF(x - 28 * s, b.bottom(), 24 * s, top - b.bottom()), label, 13,
                      bold=True, align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        for (kind, li, direction), box in zip(self.rows, boxes, strict=True):
            if kind in ("x", "o"):
                self.box(box, "#F3F3F3")
                self.text(box, kind, 18, italic=True)
                continue
            self.box(box, "#EAF2FA")
            arrow = "" if not self.layers[li].get("bidirectional") else (
                " →" if direction == 1 else " ←")
            label = "s" + (f"{_sub(li + 1)}" if len(self.layers) > 1 else "") + arrow
            self.text(box, label, 18, italic=True)
            # the loop W: out of the right side, around, back in
            path = QPainterPath()
            y0 = box.center().y() - box.height() * 0.18
            y1 = box.center().y() + box.height() * 0.18
            x0 = box.right()
            loop = 34 * s
            path.moveTo(x0, y0)
            path.cubicTo(x0 + loop, y0 - loop * 0.8, x0 + loop, y1 + loop * 0.8, x0 + 2, y1)
            self.p.setPen(QPen(QColor(ARROW), 1.6))
            self.p.drawPath(path)
            self.arrow(QPointF(x0 + 9 * s, y1 + 2.5 * s), QPointF(x0 + 1, y1), head=6)
            self.text(QRectF(x0 + loop * 0.7, box.center().y() - 10 * s, 30 * s, 20 * s),
                      "W" if len(self.layers) == 1 else f"W{_sub(li + 1)}", 13, bold=True)
        # "unfold" arrow, level with the output row (free of the s₋₁ label)
        top, h = geo[-1]
        mid = top + h * 0.5
        self.arrow(QPointF(area.right() - 40 * s, mid), QPointF(area.right() + 4, mid),
                   color="#777777", width=3)
        self.text(QRectF(area.right() - 58 * s, mid - 26 * s, 60 * s, 20 * s), "unfold", 11,
                  color="#777777", italic=True)

    # -- the unfolded network --------------------------------------------------------------
    def draw_unfolded(self, area: QRectF) -> None:
        s = self.scale
        geo = self.row_geometry(area)
        ncol = len(self.steps)
        col_w = area.width() / max(ncol, 1)
        box_w = min(col_w * 0.76, 150 * s)
        self.col_boxes: dict = {}
        for c, t in enumerate(self.steps):
            cx = area.x() + col_w * (c + 0.5)
            for r, (top, h) in enumerate(geo):
                if t is not None:
                    self.col_boxes[(c, r)] = QRectF(cx - box_w / 2, top + h * 0.06, box_w,
                                                    h * 0.88)
        # vertical arrows first: those skipping a row pass behind its box
        for c, t in enumerate(self.steps):
            if t is not None:
                self.draw_verticals(c, t)
        self.draw_backward_summary()
        for c, t in enumerate(self.steps):
            cx = area.x() + col_w * (c + 0.5)
            for r, ((kind, li, _direction), (top, h)) in enumerate(zip(self.rows, geo,
                                                                         strict=True)):
                if t is None:
                    if kind == "x":
                        self.text(QRectF(cx - col_w / 2, top, col_w, h), "…", 26, FAINT)
                    continue
                box = self.col_boxes[(c, r)]
                if kind == "x":
                    self.draw_input(box, t)
                elif kind == "s":
                    self.draw_state(box, self.layers[li], t, self.rows[r][2])
                else:
                    self.draw_output(box, t)
            label = "…" if t is None else f"t = {t}"
            self.text(QRectF(cx - col_w / 2, area.bottom() + 1, col_w, 16 * s), label, 11,
                      FAINT)
        # horizontal arrows: W (and the gradients flowing back under it)
        for r, (kind, li, direction) in enumerate(self.rows):
            if kind == "s":
                self.draw_recurrence(area, r, li, direction, col_w)

    def _inputs_of(self, r: int) -> list[int]:
        """Rows feeding row ``r`` (the rows of the previous layer, or x)."""
        kind, li, _ = self.rows[r]
        if kind == "x":
            return []
        prev_layer = li - 1 if kind == "s" else len(self.layers) - 1
        if prev_layer < 0:
            return [0]
        return [i for i, row in enumerate(self.rows) if row[0] == "s" and row[1] == prev_layer]

    def draw_verticals(self, c: int, t: int) -> None:
        """U (x or the layer below → state), V (last layer → o); a bidirectional layer's
        two rows both read the row(s) below and both feed the row(s) above."""
        s = self.scale
        for r in range(1, len(self.rows)):
            kind, li, direction = self.rows[r]
            if kind == "o" and not self.has_output(t):
                continue
            if kind == "o" and not self.many_to_many and self._bidirectional_last():
                sources = [i for i in self._inputs_of(r) if self.rows[i][2] == 1]
            else:
                sources = self._inputs_of(r)
            b = self.col_boxes[(c, r)]
            bidir = kind == "s" and self.layers[li].get("bidirectional")
            shift = (0.3 if direction == -1 else -0.15) if bidir else 0.0
            for k, src in enumerate(sources):
                a = self.col_boxes[(c, src)]
                offset = shift if len(sources) == 1 else (k - (len(sources) - 1) / 2) * 0.5
                x = b.center().x() + offset * b.width()
                self.arrow(QPointF(x, a.top()), QPointF(x, b.bottom()), width=1.5)
            if not sources or (bidir and direction == -1):
                continue
            src_top = self.col_boxes[(c, sources[-1])].top()
            if kind == "o":
                label = "V"
            else:
                label = "U" if len(self.layers) == 1 else f"U{_sub(li + 1)}"
            x = b.center().x() + (shift if len(sources) == 1 else 0.25) * b.width()
            self.text(QRectF(x + 3 * s, b.bottom(), 24 * s, src_top - b.bottom()), label,
                      11, bold=True,
                      align=Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

    def _bidirectional_last(self) -> bool:
        return bool(self.layers[-1].get("bidirectional"))

    def draw_backward_summary(self) -> None:
        """Many-to-one bidirectional: the output reads the backward direction's last state,
        which is the one at t = 0 (it read the sequence from the end)."""
        if self.many_to_many or not self._bidirectional_last() or self.steps[0] != 0 \
                or self.steps[-1] is None:
            return
        r_b = max(i for i, row in enumerate(self.rows) if row[0] == "s" and row[2] == -1)
        r_o = len(self.rows) - 1
        a = self.col_boxes[(0, r_b)]
        b = self.col_boxes[(len(self.steps) - 1, r_o)]
        path = QPainterPath()
        start = QPointF(a.center().x(), a.top())
        end = QPointF(b.left(), b.center().y())
        path.moveTo(start)
        path.cubicTo(QPointF(start.x(), end.y()), QPointF(start.x() + 40, end.y()),
                     QPointF(end.x() - 12, end.y()))
        pen = QPen(QColor(ARROW), 1.5, Qt.PenStyle.DashLine)
        self.p.setPen(pen)
        self.p.drawPath(path)
        self.arrow(QPointF(end.x() - 12, end.y()), end, width=1.5)
        self.text(QRectF(start.x() + 6, end.y() - 18 * self.scale, 260 * self.scale,
                         16 * self.scale), "V · s←₀ (the backward state after reading all)",
                  10, FAINT, align=Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

    def draw_recurrence(self, area: QRectF, r: int, li: int, direction: int,
                        col_w: float) -> None:
        s = self.scale
        record = self.layers[li]
        norms = record.get("grad_norms")
        if direction == -1:
            norms = None  # the combined norm is drawn once, under the forward row
        logn = None
        if norms is not None:
            n = np.asarray(norms, dtype=float)
            with np.errstate(divide="ignore"):
                logn = np.log10(np.where(n > 0, n, np.nan))
            lo, hi = np.nanmin(logn) if np.isfinite(logn).any() else 0.0, \
                np.nanmax(logn) if np.isfinite(logn).any() else 1.0
        label_w = "W" if len(self.layers) == 1 else f"W{_sub(li + 1)}"
        boxes = [(c, t, self.col_boxes.get((c, r))) for c, t in enumerate(self.steps)]
        for k, (_c, t, box) in enumerate(boxes):
            if box is None:
                continue
            y = box.center().y() - box.height() * 0.12
            # the state arriving from the previous step (or from s_{-1} = 0)
            if direction == 1:
                prev = boxes[k - 1] if k > 0 else None
                start = (prev[2].right() if prev and prev[2] is not None else
                         box.left() - (col_w - box.width()) * 0.9)
                a, b = QPointF(start, y), QPointF(box.left(), y)
                dashed = prev is not None and prev[2] is None
                first = k == 0
            else:
                nxt = boxes[k + 1] if k + 1 < len(boxes) else None
                start = (nxt[2].left() if nxt and nxt[2] is not None else
                         box.right() + (col_w - box.width()) * 0.45)
                a, b = QPointF(start, y), QPointF(box.right(), y)
                dashed = nxt is not None and nxt[2] is None
                first = k == len(boxes) - 1
            self.arrow(a, b, dashed=dashed)
            mid = QPointF((a.x() + b.x()) / 2, y)
            if first:
                zero = "s₋₁ = 0" if direction == 1 else "0"
                self.text(QRectF(a.x() - 60 * s if direction == 1 else a.x(), y - 20 * s,
                                 60 * s + abs(b.x() - a.x()), 14 * s), zero, 10, FAINT,
                          align=(Qt.AlignmentFlag.AlignRight if direction == 1 else
                                 Qt.AlignmentFlag.AlignLeft) | Qt.AlignmentFlag.AlignVCenter)
            else:
                self.text(QRectF(mid.x() - 12 * s, y - 17 * s, 24 * s, 14 * s), label_w, 11,
                          bold=True)
            # the gradient flowing back through W: thickness ∝ log ‖∂L/∂s_t‖
            if logn is not None and direction == 1 and not first and t is not None:
                v = logn[t]
                if np.isfinite(v):
                    frac = 0.5 if hi - lo < 1e-9 else (v - lo) / (hi - lo)
                    width = 0.8 + 5.0 * frac
                    yb = y + box.height() * 0.3
                    self.arrow(QPointF(b.x(), yb), QPointF(a.x(), yb), color=GRADIENT_COLOR,
                               width=width, dashed=dashed, head=5)

    # -- box contents ----------------------------------------------------------------------
    def draw_input(self, box: QRectF, t: int) -> None:
        x = np.asarray(self.seq["inputs"], dtype=float)
        xt = x[t]
        self.box(box, "#F3F3F3")
        inner = box.adjusted(5, 4, -5, -4)
        vocab = self.seq.get("vocab")
        head = QRectF(inner.x(), inner.y(), inner.width(), inner.height() * 0.32)
        self.text(head, f"x{_sub(t)}", 11, FAINT, italic=True,
                  align=Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        body = QRectF(inner.x(), inner.y() + inner.height() * 0.3, inner.width(),
                      inner.height() * 0.7)
        if vocab:
            char = vocab[int(np.argmax(xt))]
            self.text(body, f"'{show_char(char)}'", 20, bold=True)
            return
        if xt.size == 1:
            self.text(body, format_value(float(xt[0])), 16, bold=True)
            return
        level = float(np.max(np.abs(x))) or 1.0
        self.cells(body, xt, level)
        if self.seq.get("dataset") == "delayed_recall" and t == 0:
            self.text(head, symbol_name(int(np.argmax(xt))), 13, "#000000", bold=True,
                      align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)

    def draw_state(self, box: QRectF, record: dict, t: int, direction: int) -> None:
        self.box(box, "#EAF2FA")
        inner = box.adjusted(5, 4, -5, -4)
        h = np.asarray(record["hidden"], dtype=float)[t]
        H = int(record["units"])
        if record.get("bidirectional"):
            h = h[:H] if direction == 1 else h[H:]
        level = 1.0 if np.nanmax(np.abs(h)) <= 1.0 else float(np.nanmax(np.abs(h)))
        self.cells(inner, h[:MAX_CELLS], level)

    def cells(self, rect: QRectF, values: np.ndarray, level: float) -> None:
        n = max(1, values.size)
        aspect = rect.width() / max(rect.height(), 1.0)
        cols = max(1, min(n, int(math.ceil(math.sqrt(n * aspect)))))
        rows = int(math.ceil(n / cols))
        cw, ch = rect.width() / cols, rect.height() / rows
        size = min(cw, ch)
        ox = rect.x() + (rect.width() - size * cols) / 2
        oy = rect.y() + (rect.height() - size * rows) / 2
        self.p.setPen(QPen(QColor("#BBBBBB"), 0.6))
        for i, v in enumerate(values):
            r, c = divmod(i, cols)
            self.p.setBrush(_rgb(float(v), level))
            self.p.drawRect(QRectF(ox + c * size + 0.5, oy + r * size + 0.5, size - 1,
                                   size - 1))
        self.p.setBrush(Qt.BrushStyle.NoBrush)

    def has_output(self, t: int) -> bool:
        return self.many_to_many or t == self.T - 1

    def draw_output(self, box: QRectF, t: int) -> None:
        s = self.scale
        if not self.has_output(t):
            return  # many-to-one: no output before the last step
        self.box(box, "#FFF4E0")
        inner = box.adjusted(5, 3, -5, -3)
        pred = np.asarray(self.seq["prediction"], dtype=float)
        target = np.asarray(self.seq["target"])
        p_t = pred[t] if self.many_to_many else pred
        y_t = target[t] if self.many_to_many else target
        head = QRectF(inner.x(), inner.y(), inner.width(), 14 * s)
        self.text(head, f"o{_sub(t)}", 11, FAINT, italic=True,
                  align=Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        body = QRectF(inner.x(), inner.y() + 12 * s, inner.width(), inner.height() - 12 * s)
        target_rect = QRectF(box.x() - 10, box.y() - 22 * s, box.width() + 20, 20 * s)
        if self.seq["task"] == "sequence_regression":
            self.text(body, format_value(float(np.ravel(p_t)[0])), 16, bold=True)
            self.text(target_rect, f"target {format_value(float(np.ravel(y_t)[0]))}", 11,
                      "#000000")
            return
        probs = np.ravel(p_t)
        k = int(np.argmax(probs))
        yk = int(np.ravel(y_t)[0])
        vocab = self.seq.get("vocab")
        name = (lambda i: f"'{show_char(vocab[i])}'") if vocab else (
            symbol_name if self.seq.get("dataset") == "delayed_recall" else str)
        ok = k == yk
        colour = "#009E73" if ok else "#D55E00"
        if probs.size <= 10 and not vocab:
            self.bars(body, probs, yk, name)
        else:
            self.text(body, f"{name(k)} {100 * probs[k]:.0f}%", 15, colour, bold=True)
        self.text(target_rect, f"target {name(yk)}  {'✓' if ok else '✗'}", 11, colour,
                  bold=True)

    def bars(self, rect: QRectF, probs: np.ndarray, target: int, name) -> None:
        s = self.scale
        n = probs.size
        label_h = 12 * s
        bw = rect.width() / n
        base = rect.bottom() - label_h
        top = rect.y() + 2
        for i, p in enumerate(probs):
            x = rect.x() + i * bw
            h = (base - top) * float(np.clip(p, 0, 1))
            color = colors.class_color(i)
            self.p.setPen(Qt.PenStyle.NoPen)
            self.p.setBrush(QColor(color))
            self.p.drawRect(QRectF(x + bw * 0.15, base - h, bw * 0.7, h))
            self.text(QRectF(x, base, bw, label_h), name(i), 9,
                      "#000000" if i == target else FAINT, bold=i == target)
        self.p.setBrush(Qt.BrushStyle.NoBrush)

    # -- legend ----------------------------------------------------------------------------
    def draw_legend(self, rect: QRectF) -> None:
        s = self.scale
        x = rect.x()
        y = rect.y() + rect.height() * 0.5
        self.text(QRectF(x, rect.y(), 70 * s, rect.height()), "state", 11, BOX_PEN,
                  align=Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        x += 42 * s
        w = 120 * s
        for i in range(60):
            v = -1 + 2 * i / 59
            self.p.setPen(Qt.PenStyle.NoPen)
            self.p.setBrush(_rgb(v))
            self.p.drawRect(QRectF(x + i * w / 60, y - 6 * s, w / 60 + 0.6, 12 * s))
        self.p.setBrush(Qt.BrushStyle.NoBrush)
        self.text(QRectF(x - 20 * s, y + 5 * s, 40 * s, 14 * s), "−1", 9, FAINT)
        self.text(QRectF(x + w / 2 - 20 * s, y + 5 * s, 40 * s, 14 * s), "0", 9, FAINT)
        self.text(QRectF(x + w - 20 * s, y + 5 * s, 40 * s, 14 * s), "+1", 9, FAINT)
        x += w + 30 * s
        self.arrow(QPointF(x + 50 * s, y), QPointF(x, y), color=GRADIENT_COLOR, width=3.5,
                   head=5)
        steps = self.seq.get("steps", 0)
        self.text(QRectF(x + 58 * s, rect.y(), rect.right() - x - 58 * s, rect.height()),
                  "‖∂L/∂s_t‖ flowing back through W (backpropagation through time; thicker = "
                  f"larger, log scale; latest training batch, step {steps:,})", 11, BOX_PEN,
                  align=Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


def _layer_name(record: dict) -> str:
    cell = CELL_TITLES.get(record.get("cell"), "RNN")
    return f"Bidirectional {cell}" if record.get("bidirectional") else cell


_SUBSCRIPTS = str.maketrans("0123456789-", "₀₁₂₃₄₅₆₇₈₉₋")


def _sub(n: int) -> str:
    return str(n).translate(_SUBSCRIPTS)
