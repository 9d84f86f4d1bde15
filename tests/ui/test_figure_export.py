"""Figure export from the app: PNG (chosen size, default twice the screen), SVG, PDF, the
clipboard and CSV, from the plots, the canvas and the window; and the report. Exported files
open and match what the screen shows, offscreen and with QT_SCALE_FACTOR=2."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from classroom_fixtures import cwindow, settings_dir  # noqa: F401
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QMenu

from nnstudio.export import files
from nnstudio.export.figures import train_and_wait
from nnstudio.ui import figure_export


@pytest.fixture
def trained(cwindow):
    train_and_wait(cwindow, 150)
    return cwindow


def _array(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    w, h = image.width(), image.height()
    data = np.frombuffer(image.constBits(), np.uint8).reshape(h, image.bytesPerLine() // 4, 4)
    return data[:, :w, 2::-1].astype(float)  # memory order is B, G, R, A: give R, G, B


def _pdf_pages(path) -> list[tuple[float, float]]:
    raw = path.read_bytes()
    assert raw.startswith(b"%PDF-") and raw.rstrip().endswith(b"%%EOF")
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", raw)
    return [(float(w), float(h)) for w, h in boxes]


@pytest.mark.parametrize("key", ["surface", "loss", "network", "window"])
def test_png_default_is_twice_the_screen_and_exact(trained, tmp_path, key):
    source = trained.figure_targets[key].source()
    size = source.size()
    out = files.export(source, tmp_path / f"{key}.png")
    image = QImage(str(out))
    assert (image.width(), image.height()) == (2 * size.width(), 2 * size.height())
    assert round(image.dotsPerMeterX() * 0.0254) == files.DEFAULT_DPI
    chosen = files.export(source, tmp_path / f"{key}-chosen.png", 1234, 567, dpi=300)
    image = QImage(str(chosen))
    assert (image.width(), image.height()) == (1234, 567)
    assert round(image.dotsPerMeterX() * 0.0254) == 300


@pytest.mark.parametrize("key", ["surface", "loss", "window"])
def test_png_matches_the_screen(trained, key):
    widget = {"surface": trained.data_view, "loss": trained.loss_plot, "window": trained}[key]
    source = trained.figure_targets[key].source()
    size = source.size()
    exported = _array(files.render_image(source, size.width(), size.height()))
    screen = _array(widget.grab().toImage().scaled(size.width(), size.height()))
    assert exported.shape == screen.shape
    assert np.abs(exported - screen).mean() < 4.0  # the same picture (antialiasing aside)


def test_network_png_shows_the_canvas_colours(trained, tmp_path):
    out = files.export(trained.figure_targets["network"].source(), tmp_path / "n.png")
    pixels = _array(QImage(str(out)))
    corner = pixels[2, 2]
    assert np.allclose(corner, (0xF5, 0xF6, 0xF8), atol=2)  # the canvas background
    blue = np.sum((pixels[..., 2] > 150) & (pixels[..., 0] < 80))
    orange = np.sum((pixels[..., 0] > 200) & (pixels[..., 2] < 80))
    assert blue > 50 and orange > 50  # weights drawn in both colours


@pytest.mark.parametrize("key", ["surface", "loss", "network", "window"])
def test_svg_and_pdf_open(trained, tmp_path, key):
    source = trained.figure_targets[key].source()
    size = source.size()
    svg = files.export(source, tmp_path / f"{key}.svg")
    root = ET.parse(svg).getroot()
    assert root.tag.endswith("svg")
    assert root.get("viewBox").split()[2:] == [str(size.width()), str(size.height())]
    assert len(list(root.iter())) > 10  # drawn content
    pdf = files.export(source, tmp_path / f"{key}.pdf")
    pages = _pdf_pages(pdf)
    assert len(pages) == 1
    w, h = pages[0]
    assert w / h == pytest.approx(size.width() / size.height(), rel=0.01)
    assert w == pytest.approx(size.width() * 0.75, rel=0.01)  # on-screen size at 96 dpi


def test_copy_to_clipboard(trained):
    source = trained.figure_targets["loss"].source()
    image = files.copy_to_clipboard(source)
    got = QApplication.clipboard().image()
    assert (got.width(), got.height()) == (image.width(), image.height())


def test_csv_of_every_plot(trained, tmp_path):
    loss = figure_export.window_targets(trained)["loss"].csv[0][1]()
    lines = loss.strip().splitlines()
    assert lines[0].startswith("step,train_loss,test_loss")
    assert len(lines) == len(trained.loss_plot) + 1
    data, surface = (provider() for _, provider in trained.figure_targets["surface"].csv)
    assert data.splitlines()[0] == "split,x1,x2,label"
    assert len(data.splitlines()) == 1 + 500
    rows = surface.strip().splitlines()
    assert rows[0] == "x1,x2,output" and len(rows) == 1 + 60 * 60
    values = np.array([float(r.split(",")[2]) for r in rows[1:]])
    assert values.min() >= 0 and values.max() <= 1


def test_right_click_menus_offer_export(trained, qtbot):
    scene = trained.data_view.plot_widget.scene()
    menu = scene._nnstudio_menu
    assert scene.contextMenu == [menu.menuAction()]  # pyqtgraph's dialog is replaced
    labels = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert labels[:4] == ["Image (PNG)…", "Vector drawing (SVG)…", "PDF…", "Copy image"]
    assert "Decision surface as CSV…" in labels
    copy = [a for a in menu.actions() if a.text() == "Copy image"][0]
    QApplication.clipboard().clear()
    copy.trigger()
    assert not QApplication.clipboard().image().isNull()
    # panels' plots get it too
    for view in trained.findChildren(figure_export.pg.GraphicsView):
        assert getattr(view.scene(), "_nnstudio_export", False), view
    # the canvas and the window
    canvas_menu = QMenu()
    for extend in trained.network_view.menu_extenders:
        extend(canvas_menu)
    assert any(a.menu() is not None and a.text() == "Export" for a in canvas_menu.actions())
    popup = trained.createPopupMenu()
    assert any(a.menu() is not None and a.text() == "Export" for a in popup.actions())


def test_export_dialog_defaults_and_writes(trained, qtbot, tmp_path):
    dialog = trained.classroom.export_figure("surface")
    qtbot.waitUntil(dialog.isVisible)
    size = trained.data_view.size()
    assert (dialog.width_box.value(), dialog.height_box.value()) == (2 * size.width(),
                                                                      2 * size.height())
    dialog.width_box.setValue(1000)  # keeps the proportions
    assert dialog.height_box.value() == round(1000 * size.height() / size.width())
    dialog.path_edit.setText(str(tmp_path / "slide.png"))
    dialog.accept()
    image = QImage(str(tmp_path / "slide.png"))
    assert image.width() == 1000
    dialog = trained.classroom.export_figure("window", "pdf")
    assert dialog.path_edit.text().endswith(".pdf") and not dialog.dpi_box.isEnabled()
    dialog.reject()


def test_report_html_and_pdf(trained, tmp_path):
    html_path = trained.classroom.export_report(tmp_path / "report.html")
    page = html_path.read_text(encoding="utf-8")
    assert page.count("data:image/png;base64,") == 3
    assert "Final metrics" in page and "Test accuracy" in page and "training.learning_rate" in page
    pdf = trained.classroom.export_report(tmp_path / "report.pdf")
    pages = _pdf_pages(pdf)
    assert 1 <= len(pages) <= 3
    assert pages[0] == pytest.approx((595.0, 842.0), abs=1.0)  # A4


SCALED = textwrap.dedent("""
    import sys
    from nnstudio.app import make_application
    app = make_application()
    from nnstudio.export import files
    from nnstudio.export.figures import train_and_wait
    from nnstudio.ui.main_window import MainWindow
    win = MainWindow()
    win.resize(1200, 800)
    win.show()
    train_and_wait(win, 50)
    for key in ("surface", "window", "network"):
        source = win.figure_targets[key].source()
        files.export(source, f"{sys.argv[1]}/{key}.png", 800, 600)
        files.export(source, f"{sys.argv[1]}/{key}.pdf")
    print(app.devicePixelRatio())
    win.close()
""")


def test_exports_are_the_same_with_qt_scale_factor_2(tmp_path):
    """On a 2× screen (QT_SCALE_FACTOR=2) figures have the same pixel size and content."""
    results = {}
    for scale in ("1", "2"):
        folder = tmp_path / scale
        folder.mkdir()
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_SCALE_FACTOR=scale,
                   NNSTUDIO_CONFIG_DIR=str(tmp_path / "settings"))
        run = subprocess.run([sys.executable, "-c", SCALED, str(folder)], env=env,
                             capture_output=True, text=True, timeout=180)
        assert run.returncode == 0, run.stderr
        assert float(run.stdout.split()[-1]) == float(scale)
        results[scale] = folder
    for key in ("surface", "window", "network"):
        one, two = (QImage(str(results[s] / f"{key}.png")) for s in ("1", "2"))
        assert (two.width(), two.height()) == (800, 600) == (one.width(), one.height())
        assert np.abs(_array(one) - _array(two)).mean() < 8.0, key
        assert len(_pdf_pages(results["2"] / f"{key}.pdf")) == 1


def test_panel_plots_export_their_curves_or_images(qtbot):
    """A plot of any panel: its curves, or the values of its heatmap, as CSV."""
    view = figure_export.pg.PlotWidget()
    qtbot.addWidget(view)
    view.plot([0, 1, 2], [3.0, 4.0, 5.0], name="norm")
    text = figure_export.plot_curves_csv(view)
    assert text.splitlines() == ["series,x,y", "norm,0,3.0", "norm,1,4.0", "norm,2,5.0"]
    heat = figure_export.pg.PlotWidget()
    qtbot.addWidget(heat)
    heat.addItem(figure_export.pg.ImageItem(np.arange(6.0).reshape(2, 3)))
    rows = figure_export.plot_curves_csv(heat).splitlines()
    assert rows[0] == "image,row,column,value" and rows[-1] == "image1,1,2,5.0"


def test_svg_and_pdf_draw_scatter_points_as_vectors_in_their_colours(qtbot, tmp_path):
    """Found by a new user: in SVG every point came out as two half symbols in two colours
    (the pixmap atlas pyqtgraph stamps symbols from on screen). Every figure path draws
    pyqtgraph items in export mode for vector files and resets them after."""
    import pyqtgraph as pg

    plot = pg.PlotWidget()
    qtbot.addWidget(plot)
    plot.resize(300, 200)
    red = pg.ScatterPlotItem(x=[0, 1, 2], y=[0, 1, 0], brush=pg.mkBrush("#ff0000"),
                             pen=None, size=12)
    blue = pg.ScatterPlotItem(x=[0.5, 1.5], y=[0.5, 0.2], brush=pg.mkBrush("#0000ff"),
                              pen=None, size=12)
    plot.addItem(red)
    plot.addItem(blue)
    plot.show()
    qtbot.waitExposed(plot)
    svg = files.export(files.WidgetSource(plot), tmp_path / "points.svg")
    text = svg.read_text()
    assert text.lower().count('fill="#ff0000"') >= 3
    assert text.lower().count('fill="#0000ff"') >= 2
    assert red._exportOpts is False and blue._exportOpts is False  # back to screen drawing
    files.export(files.WidgetSource(plot), tmp_path / "points.pdf")
    assert red._exportOpts is False


@pytest.mark.parametrize("name", ["figure.png", "figure.svg", "figure.pdf"])
def test_exported_files_get_an_ordinary_file_mode(qtbot, tmp_path, name):
    """Found by a new user: files written through a temporary file were private (0600)."""
    import pyqtgraph as pg

    plot = pg.PlotWidget()
    qtbot.addWidget(plot)
    plot.resize(120, 90)
    umask = os.umask(0o022)
    try:
        out = files.export(files.WidgetSource(plot), tmp_path / name)
    finally:
        os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o644
