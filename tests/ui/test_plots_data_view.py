"""DataView: surface orientation checked on rendered pixels; points, multiclass, regression."""

import os
from pathlib import Path

import numpy as np
import pytest
from PySide6 import QtCore, QtGui

from nnstudio.ui.plots import colors
from nnstudio.ui.plots.data_view import DataView
from nnstudio.ui.plots.grid import surface_axes, surface_points

EXTENT = (-2.0, 2.0, -1.5, 1.5)
NO_POINTS = np.empty((0, 2))


@pytest.fixture
def view(qtbot):
    widget = DataView()
    qtbot.addWidget(widget)
    widget.resize(500, 420)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def grab(view: DataView) -> QtGui.QImage:
    QtCore.QCoreApplication.processEvents()
    return view.grab().toImage()


def pixel_at(view: DataView, image: QtGui.QImage, x: float, y: float) -> np.ndarray:
    """RGB of the rendered widget at data coordinates (x, y)."""
    vb = view.plot_item.getViewBox()
    scene_pt = vb.mapViewToScene(QtCore.QPointF(x, y))
    local = view.plot_widget.mapFromScene(scene_pt)
    pt = view.plot_widget.mapTo(view, local)
    dpr = image.devicePixelRatio()
    c = image.pixelColor(round(pt.x() * dpr), round(pt.y() * dpr))
    return np.array([c.red(), c.green(), c.blue()], dtype=float)


def surface_color(k: int) -> np.ndarray:
    """What a fully confident cell of class k looks like."""
    return colors.lighten(colors.hex_to_rgb(colors.class_color(k)))


def close(rgb: np.ndarray, expected: np.ndarray, tol: float = 12.0) -> bool:
    return float(np.abs(rgb - expected).max()) <= tol


def test_surface_row_zero_is_at_the_bottom_x2_up(view):
    view.set_dataset(NO_POINTS, np.empty(0), task="binary", extent=EXTENT)
    nx, ny = 40, 30  # not square, so a transposition would show
    xs, ys = surface_axes(EXTENT, nx, ny)
    gx, gy = np.meshgrid(xs, ys)
    view.set_surface((gy > 0).astype(float))
    image = grab(view)
    blue, orange = surface_color(1), surface_color(0)
    for x in (-1.5, -0.5, 0.5, 1.5):
        assert close(pixel_at(view, image, x, 0.8), blue), f"upper half at x={x} is class 1"
        assert close(pixel_at(view, image, x, -0.8), orange), f"lower half at x={x} is class 0"


def test_surface_column_zero_is_at_the_left_x1_right(view):
    view.set_dataset(NO_POINTS, np.empty(0), task="binary", extent=EXTENT)
    pts = surface_points(EXTENT, 40, 30)
    view.set_surface((pts[:, 0] > 0.5).astype(float).reshape(30, 40))  # off-centre threshold
    image = grab(view)
    blue, orange = surface_color(1), surface_color(0)
    for y in (-1.0, 0.0, 1.0):
        assert close(pixel_at(view, image, 1.2, y), blue)
        assert close(pixel_at(view, image, -0.5, y), orange)
        assert close(pixel_at(view, image, 0.2, y), orange)


def test_surface_fills_its_extent_exactly(view):
    view.set_dataset(NO_POINTS, np.empty(0), task="binary", extent=(-3, 3, -3, 3))
    view.set_surface(np.ones((10, 10)), extent=(-1, 1, -2, 2))
    rect = view.surface_item.mapRectToParent(view.surface_item.boundingRect())
    assert (rect.left(), rect.right(), rect.top(), rect.bottom()) == pytest.approx((-1, 1, -2, 2))
    image = grab(view)
    assert close(pixel_at(view, image, 0.9, 1.9), surface_color(1))
    assert close(pixel_at(view, image, 1.2, 0.0), np.array([255.0, 255.0, 255.0]), tol=3)


def test_binary_levels_are_fixed_probabilities(view):
    view.set_dataset(NO_POINTS, np.empty(0), task="binary", extent=EXTENT)
    view.set_surface(np.full((8, 8), 0.5))  # a uniform surface must NOT be auto-stretched
    levels = view.surface_item.getLevels()
    assert tuple(np.asarray(levels, dtype=float)) == (0.0, 1.0)
    image = grab(view)
    mid = colors.lighten(colors.hex_to_rgb(colors.MIDDLE))
    assert close(pixel_at(view, image, 0.0, 0.0), mid)


def test_clear_surface(view):
    view.set_dataset(NO_POINTS, np.empty(0), task="binary", extent=EXTENT)
    view.set_surface(np.ones((4, 4)))
    view.clear_surface()
    image = grab(view)
    assert close(pixel_at(view, image, 0.5, 0.5), np.array([255.0, 255.0, 255.0]), tol=3)


def test_multiclass_surface_argmax_colour_blended_by_confidence(view):
    view.set_dataset(NO_POINTS, np.empty(0, dtype=int), task="multiclass", extent=EXTENT)
    nx, ny, k = 30, 20, 3
    xs, ys = surface_axes(EXTENT, nx, ny)
    gx, gy = np.meshgrid(xs, ys)
    probs = np.full((ny, nx, k), 1.0 / k)  # chance level → white
    probs[(gx < 0) & (gy > 0)] = [1.0, 0.0, 0.0]
    probs[(gx > 0) & (gy > 0)] = [0.0, 1.0, 0.0]
    probs[(gx > 0) & (gy < 0)] = [0.0, 0.0, 1.0]
    view.set_surface(probs)
    image = grab(view)
    assert close(pixel_at(view, image, -1.0, 0.8), surface_color(0))
    assert close(pixel_at(view, image, 1.0, 0.8), surface_color(1))
    assert close(pixel_at(view, image, 1.0, -0.8), surface_color(2))
    assert close(pixel_at(view, image, -1.0, -0.8), np.array([255.0, 255.0, 255.0]), tol=3)
    # half-way confidence is half-way to white
    rgba = view.surface_rgba(np.array([[[0.0, 2 / 3, 1 / 3]]]))
    full = colors.hex_to_rgb(colors.class_color(1))
    expected = 255 + (full - 255) * 0.5 * colors.SURFACE_STRENGTH
    np.testing.assert_allclose(rgba[0, 0, :3], expected, atol=1)


def test_train_and_test_points_are_distinguishable(view):
    X = np.array([[-1.0, -1.0], [1.0, 1.0]])
    y = np.array([0, 1])
    view.set_dataset(X, y, X + 0.1, y, task="binary", extent=EXTENT)
    train, test = view.train_scatter.points(), view.test_scatter.points()
    assert len(train) == 2 and len(test) == 2
    for a, b in zip(train, test, strict=True):
        assert a.brush().color() != b.brush().color()
        assert a.pen().color() != b.pen().color()
    # class colours: orange for 0, blue for 1 (fill of train, ring of test)
    assert train[0].brush().color().name().upper() == colors.CLASS_0
    assert train[1].brush().color().name().upper() == colors.CLASS_1
    assert test[1].pen().color().name().upper() == colors.CLASS_1
    labels = [label.text for _, label in view.legend.items]
    assert labels == ["class 0", "class 1", "train", "test"]


def test_show_test_toggle_and_rendered_points(view):
    X = np.array([[-1.0, 0.5]])
    view.set_dataset(X, [1], np.array([[1.0, -0.5]]), [0], task="binary", extent=EXTENT)
    image = grab(view)
    assert close(pixel_at(view, image, -1.0, 0.5), colors.hex_to_rgb(colors.CLASS_1), tol=20)
    assert close(pixel_at(view, image, 1.0, -0.5), np.array([255.0, 255.0, 255.0]), tol=20)
    view.show_test(False)
    assert not view.is_test_shown()
    view.show_test(True)
    assert view.is_test_shown()


def test_axes_aspect_and_labels(view):
    view.set_dataset(NO_POINTS, np.empty(0), task="binary", extent=EXTENT)
    assert view.plot_item.getViewBox().state["aspectLocked"] == 1.0
    assert "x₁" in view.plot_item.getAxis("bottom").labelText
    assert "x₂" in view.plot_item.getAxis("left").labelText
    (x0, x1), (y0, y1) = view.plot_item.getViewBox().viewRange()
    assert x0 <= -2 + 1e-6 and x1 >= 2 - 1e-6 and y0 <= -1.5 + 1e-6 and y1 >= 1.5 - 1e-6


def test_multiclass_points_and_one_hot_labels(view):
    X = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    one_hot = np.eye(4)[[0, 1, 2, 3]]
    view.set_dataset(X, one_hot, task="multiclass", class_names=["a", "b", "c", "d"])
    assert view.n_classes == 4
    fills = [p.brush().color().name().upper() for p in view.train_scatter.points()]
    assert fills == [colors.class_color(k) for k in range(4)]
    labels = [label.text for _, label in view.legend.items]
    assert labels == ["a", "b", "c", "d", "train", "test"]


def test_regression_colours_points_and_surface_by_value(view):
    X = np.array([[-1.0, 0.0], [0.0, 0.0], [1.0, 0.0]])
    view.set_dataset(X, [-2.0, 0.0, 2.0], X, [-2.0, 0.0, 2.0], task="regression", extent=EXTENT)
    fills = [p.brush().color() for p in view.train_scatter.points()]
    assert fills[0].red() > fills[0].blue() and fills[2].blue() > fills[2].red()
    view.set_surface(np.full((5, 5), 2.0))
    assert tuple(np.asarray(view.surface_item.getLevels(), dtype=float)) == (-2.0, 2.0)


def test_bad_input_is_refused(view):
    with pytest.raises(ValueError):
        view.set_dataset(np.zeros((3, 3)), [0, 1, 0])
    with pytest.raises(ValueError):
        view.set_dataset(np.zeros((3, 2)), [0, 1])
    with pytest.raises(ValueError):
        view.set_dataset(np.zeros((3, 2)), [0, 1, 0], task="ranking")
    with pytest.raises(ValueError):
        view.set_surface(np.zeros(5))


# ---------------------------------------------------------------------- rendered examples
def _circle(rng, n):
    r = np.concatenate([rng.uniform(0, 2.5, n // 2), rng.uniform(3.5, 5, n - n // 2)])
    a = rng.uniform(0, 2 * np.pi, n)
    X = np.column_stack([r * np.cos(a), r * np.sin(a)]) + rng.normal(0, 0.2, (n, 2))
    return X, (r < 3).astype(int)


def test_render_pngs(qtbot, tmp_path):
    """Realistic data rendered offscreen (set NNSTUDIO_PLOT_PNG_DIR to keep the PNGs)."""
    out = Path(os.environ.get("NNSTUDIO_PLOT_PNG_DIR", tmp_path))
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(0)
    extent = (-6.0, 6.0, -6.0, 6.0)
    pts = surface_points(extent, 100, 100)
    r = np.hypot(pts[:, 0], pts[:, 1])

    views = []
    for _ in range(3):
        v = DataView()
        qtbot.addWidget(v)
        v.resize(520, 520)
        views.append(v)
    binary, multi, regression = views

    X, y = _circle(rng, 400)
    Xt, yt = _circle(rng, 120)
    binary.set_dataset(X, y, Xt, yt, "binary", extent)
    binary.set_surface((1 / (1 + np.exp(2.0 * (r - 3)))).reshape(100, 100))

    centres = np.array([[-3.0, -2.0], [3.0, -2.0], [0.0, 3.0]])
    yk = rng.integers(0, 3, 600)
    Xk = centres[yk] + rng.normal(0, 1.1, (600, 2))
    multi.set_dataset(Xk[:450], yk[:450], Xk[450:], yk[450:], "multiclass", extent)
    logits = -((pts[:, None, :] - centres[None]) ** 2).sum(-1) / 4
    p = np.exp(logits - logits.max(1, keepdims=True))
    multi.set_surface((p / p.sum(1, keepdims=True)).reshape(100, 100, 3))

    Xr = rng.uniform(-5, 5, (300, 2))
    yr = np.sin(Xr[:, 0] / 2) * Xr[:, 1] / 5
    regression.set_dataset(Xr[:220], yr[:220], Xr[220:], yr[220:], "regression", extent)
    regression.set_surface((np.sin(pts[:, 0] / 2) * pts[:, 1] / 5).reshape(100, 100))

    for name, v in (("binary", binary), ("multiclass", multi), ("regression", regression)):
        v.show()
        qtbot.waitExposed(v)
        image = grab(v)
        path = out / f"data_view_{name}.png"
        assert image.save(str(path))
        assert path.stat().st_size > 10_000
    # circle: blue inside, orange outside (checked away from the points' exact positions)
    image = grab(binary)
    centre, corner = pixel_at(binary, image, 0.0, 0.0), pixel_at(binary, image, 5.5, 5.5)
    assert centre[2] > centre[0] and corner[0] > corner[2]


def test_plot_item_exports_with_pyqtgraph(view, tmp_path):
    import pyqtgraph.exporters as exporters

    X = np.array([[-1.0, 0.5], [1.0, -0.5]])
    view.set_dataset(X, [1, 0], task="binary", extent=EXTENT)
    view.set_surface(np.linspace(0, 1, 12).reshape(3, 4))
    exporter = exporters.ImageExporter(view.plot_item)
    exporter.parameters()["width"] = 400
    path = tmp_path / "data_view_export.png"
    exporter.export(str(path))
    image = QtGui.QImage(str(path))
    assert image.width() == 400 and image.height() > 0


def test_non_finite_input_does_not_break_the_view(view):
    X = np.array([[0.0, 0.0], [np.nan, 1.0], [1.0, 1.0]])
    view.set_dataset(X, [0, 1, 1], task="binary", extent=EXTENT)
    assert len(view.train_scatter.points()) == 2
    surface = np.full((6, 8), 0.7)
    surface[2, 3] = np.nan
    view.set_surface(surface)
    probs = np.full((6, 8, 3), 1 / 3)
    probs[0, 0] = np.nan
    view.set_surface(probs)
    assert view.surface_rgba(probs)[0, 0, 3] == 0  # transparent
    grab(view)
