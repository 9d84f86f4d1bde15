"""Look of the whole app: light or dark theme, presentation mode, colour-blind-safe palettes.

* **Theme** — a QPalette for the widgets (Fusion's light palette, or a dark one), the pyqtgraph
  plots' background and foreground, and the network canvas's colours (``ui/editor/style.py``;
  its QColor constants are updated in place, so every item picks them up at its next paint).
* **Presentation mode** — for a lecture hall: the interface font 1.4× larger, plot axes and
  legends larger and bolder, curves twice as thick, and full-contrast text (pure black on
  white, or white on black).
* **Palette** — the colours of classes, weights and curves. Both offered palettes are safe for
  the common colour-vision deficiencies: Okabe & Ito's (the default) and Paul Tol's "bright".

:func:`apply` does all three; the View menu calls it and remembers the choice (QSettings).
"""

from __future__ import annotations

from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from nnstudio.ui.editor import style as S
from nnstudio.ui.plots import colors

THEMES = ("light", "dark")
PRESENTATION_FONT_SCALE = 1.4
PRESENTATION_LINE_SCALE = 2.0


@dataclass(frozen=True)
class Palette:
    name: str
    title: str
    #: qualitative colours: class 0, class 1, then further classes
    classes: tuple[str, ...]
    train: str
    test: str


PALETTES = {
    "okabe-ito": Palette("okabe-ito", "Okabe–Ito (colour-blind safe)", colors.OKABE_ITO,
                         "#0072B2", "#D55E00"),
    "tol-bright": Palette("tol-bright", "Tol bright (colour-blind safe)",
                          ("#EE6677", "#4477AA", "#228833", "#CCBB44", "#66CCEE", "#AA3377",
                           "#BBBBBB", "#555555"), "#4477AA", "#EE6677"),
}

#: chrome colours per theme: plots and canvas
CHROME = {
    "light": {"plot_bg": "#FFFFFF", "plot_fg": "#333333", "canvas": "#F5F6F8",
              "grid_dot": "#D3D8DF", "card": "#FFFFFF", "card_border": "#C5CCD6",
              "text": "#1F2933", "text_muted": "#66727F", "neuron_fill": "#F1F3F6",
              "neuron_border": "#8A96A3", "neutral_link": "#AEB6C1"},
    "dark": {"plot_bg": "#1E1F22", "plot_fg": "#D8DADF", "canvas": "#25272B",
             "grid_dot": "#3A3D43", "card": "#2F3237", "card_border": "#4A4F57",
             "text": "#E8EAED", "text_muted": "#A4ABB5", "neuron_fill": "#3A3E45",
             "neuron_border": "#9AA3AE", "neutral_link": "#6B7380"},
}
_CANVAS_COLORS = {"canvas": "CANVAS", "grid_dot": "GRID_DOT", "card": "CARD",
                  "card_border": "CARD_BORDER", "text": "TEXT", "text_muted": "TEXT_MUTED",
                  "neuron_fill": "NEURON_FILL", "neuron_border": "NEURON_BORDER",
                  "neutral_link": "NEUTRAL_LINK"}


@dataclass
class Look:
    theme: str = "light"
    presentation: bool = False
    palette: str = "okabe-ito"


_current = Look()
_base_font: QFont | None = None


def current() -> Look:
    return Look(_current.theme, _current.presentation, _current.palette)


def chrome(theme: str | None = None, presentation: bool | None = None) -> dict:
    theme = theme or _current.theme
    presentation = _current.presentation if presentation is None else presentation
    values = dict(CHROME[theme])
    if presentation:  # full contrast
        values["plot_fg"] = "#000000" if theme == "light" else "#FFFFFF"
        values["text"] = values["plot_fg"]
        values["text_muted"] = "#222222" if theme == "light" else "#E0E0E0"
        values["card_border"] = "#555555" if theme == "light" else "#BBBBBB"
    return values


def canvas_background() -> QColor:
    return QColor(S.CANVAS)


# -- widgets -------------------------------------------------------------------------------------
def dark_palette() -> QPalette:
    p = QPalette()
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    base = {
        role.Window: "#2B2D31", role.WindowText: "#E8EAED", role.Base: "#1E1F22",
        role.AlternateBase: "#2F3237", role.ToolTipBase: "#2F3237", role.ToolTipText: "#E8EAED",
        role.PlaceholderText: "#8C939D", role.Text: "#E8EAED", role.Button: "#35383D",
        role.ButtonText: "#E8EAED", role.BrightText: "#FF6B6B", role.Light: "#45484F",
        role.Midlight: "#3C3F45", role.Mid: "#2A2C30", role.Dark: "#1A1B1E",
        role.Shadow: "#000000", role.Highlight: "#3D7BD9", role.HighlightedText: "#FFFFFF",
        role.Link: "#8AB4F8", role.LinkVisited: "#C58AF9",
    }
    for r, c in base.items():
        p.setColor(r, QColor(c))
    for r in (role.WindowText, role.Text, role.ButtonText):
        p.setColor(group.Disabled, r, QColor("#7D838C"))
    return p


def _widget_palette(theme: str, presentation: bool) -> QPalette:
    app = QApplication.instance()
    palette = dark_palette() if theme == "dark" else app.style().standardPalette()
    if presentation:
        fg = QColor("#000000" if theme == "light" else "#FFFFFF")
        for r in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text,
                  QPalette.ColorRole.ButtonText):
            palette.setColor(QPalette.ColorGroup.Active, r, fg)
            palette.setColor(QPalette.ColorGroup.Inactive, r, fg)
    return palette


def _apply_font(presentation: bool) -> None:
    global _base_font
    app = QApplication.instance()
    if _base_font is None:
        _base_font = QFont(app.font())
    font = QFont(_base_font)
    if presentation:
        size = _base_font.pointSizeF()
        if size > 0:
            font.setPointSizeF(size * PRESENTATION_FONT_SCALE)
        else:
            font.setPixelSize(round(_base_font.pixelSize() * PRESENTATION_FONT_SCALE))
    app.setFont(font)


# -- plots ---------------------------------------------------------------------------------------
def style_plots(root, theme: str, presentation: bool) -> None:
    """Background, axes, labels, legends and line widths of every pyqtgraph view under ``root``."""
    c = chrome(theme, presentation)
    fg = c["plot_fg"]
    axis_pt = 13 if presentation else 9
    for view in root.findChildren(pg.GraphicsView):
        view.setBackground(c["plot_bg"])
        scene = view.scene()
        if scene is None:
            continue
        for item in scene.items():
            if isinstance(item, pg.AxisItem):
                item.setPen(pg.mkPen(fg, width=2 if presentation else 1))
                item.setTextPen(pg.mkPen(fg))
                font = QFont()
                font.setPointSize(axis_pt)
                font.setBold(presentation)
                item.setTickFont(font)
                if item.labelText:
                    item.labelStyle = {**item.labelStyle, "color": fg,
                                       "font-size": f"{axis_pt + 1}pt"}
                    item._updateLabel()
            elif isinstance(item, pg.LegendItem):
                legend_pt = axis_pt - 2 if presentation else axis_pt
                item.setLabelTextColor(fg)
                item.setLabelTextSize(f"{legend_pt}pt")
                for _sample, label in item.items:
                    label.setText(label.text, color=fg, size=f"{legend_pt}pt")
            elif isinstance(item, (pg.PlotDataItem, pg.PlotCurveItem)) and not isinstance(
                    item.parentItem(), pg.PlotDataItem):
                _scale_pen(item, PRESENTATION_LINE_SCALE if presentation else 1.0)
            elif isinstance(item, pg.PlotItem):
                item.showGrid(x=item.ctrl.xGridCheck.isChecked(),
                              y=item.ctrl.yGridCheck.isChecked(),
                              alpha=0.3 if presentation else colors.GRID_ALPHA)


def _scale_pen(item, factor: float) -> None:
    opts = getattr(item, "opts", {})
    pen = opts.get("pen")
    if pen is None:
        return
    pen = pg.mkPen(pen)
    if not hasattr(item, "_nn_base_width"):
        item._nn_base_width = pen.widthF()
    width = item._nn_base_width * factor
    if abs(pen.widthF() - width) < 1e-9:
        return
    pen.setWidthF(width)
    item.setPen(pen)


# -- canvas --------------------------------------------------------------------------------------
def style_canvas(theme: str, presentation: bool) -> None:
    values = chrome(theme, presentation)
    for key, name in _CANVAS_COLORS.items():
        getattr(S, name).setRgba(QColor(values[key]).rgba())


# -- palette -------------------------------------------------------------------------------------
def set_palette(name: str) -> Palette:
    """Switch the data colours (classes, weights, curves) to the palette ``name``."""
    palette = PALETTES[name]
    colors.OKABE_ITO = tuple(palette.classes)
    colors.CLASS_0, colors.CLASS_1 = palette.classes[0], palette.classes[1]
    colors.TRAIN_COLOR, colors.TEST_COLOR = palette.train, palette.test
    S.NEGATIVE.setRgba(QColor(palette.classes[0]).rgba())
    S.POSITIVE.setRgba(QColor(palette.classes[1]).rgba())
    return palette


def _restyle_window_data(window) -> None:
    """Redraw the main window's data with the current palette."""
    window.data_view._surface_lut = colors.diverging_lut(256)
    for curve, color in ((window.loss_plot.train_curve, colors.TRAIN_COLOR),
                         (window.loss_plot.test_curve, colors.TEST_COLOR)):
        pen = pg.mkPen(curve.opts["pen"])
        pen.setColor(QColor(color))
        curve.setPen(pen)
    if window.last_dataset is not None:
        window._on_dataset(window.last_dataset)
    snap = window.last_snapshot
    if snap is not None and snap.get("surface") is not None:
        window.data_view.set_surface(snap["surface"], snap["extent"])


# -- all together --------------------------------------------------------------------------------
def apply(window, theme: str | None = None, presentation: bool | None = None,
          palette: str | None = None) -> Look:
    """Apply the look to the application and ``window`` (None keeps the current choice)."""
    look = _current
    if theme is not None:
        if theme not in THEMES:
            raise ValueError(f"theme: {theme!r} is not one of {', '.join(THEMES)}")
        look.theme = theme
    zoom = 1.0
    if presentation is not None:
        if bool(presentation) != look.presentation:
            zoom = PRESENTATION_FONT_SCALE if presentation else 1 / PRESENTATION_FONT_SCALE
        look.presentation = bool(presentation)
    palette_changed = palette is not None and palette != look.palette
    if palette is not None:
        if palette not in PALETTES:
            raise ValueError(f"palette: {palette!r} is not one of {', '.join(PALETTES)}")
        look.palette = palette
    app = QApplication.instance()
    if look.theme == "dark" and app.style().name().lower() != "fusion":
        app.setStyle(QStyleFactory.create("Fusion"))
    app.setPalette(_widget_palette(look.theme, look.presentation))
    _apply_font(look.presentation)
    style_canvas(look.theme, look.presentation)
    set_palette(look.palette)
    if window is not None:
        from PySide6.QtWidgets import QWidget

        for widget in [window, *window.findChildren(QWidget)]:
            sheet = widget.styleSheet()
            if sheet:  # widgets with a style sheet keep their old palette until re-polished
                widget.setStyleSheet("")
                widget.setStyleSheet(sheet)
        if palette_changed:
            _restyle_window_data(window)
        lp = window.loss_plot
        pal = lp.palette()
        c = chrome(look.theme, look.presentation)
        pal.setColor(QPalette.ColorRole.Window, QColor(c["plot_bg"]))
        pal.setColor(QPalette.ColorRole.WindowText, QColor(c["plot_fg"]))
        lp.setPalette(pal)
        style_plots(window, look.theme, look.presentation)
        if zoom != 1.0:  # the fonts changed size: show the whole network as large as it fits
            from PySide6.QtCore import QTimer

            QTimer.singleShot(0, window.network_view.fit_to_contents)  # after the new layout
        window.scene.update()
        window.network_view.resetCachedContent()  # the dot grid is cached (CacheBackground)
        window.network_view.viewport().update()
    return current()
