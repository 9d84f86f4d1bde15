"""The panels of the inside views, fed with real snapshots of training sessions; the
figures of `nnstudio export` for them."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QImage

from nnstudio.document.lessons import load_lesson
from nnstudio.engine.activations import ACTIVATIONS
from nnstudio.session import TrainingSession
from nnstudio.ui.inside.activation_panel import ActivationPanel, curves
from nnstudio.ui.inside.confusion_panel import ConfusionPanel, shade
from nnstudio.ui.inside.gradient_panel import GradientPanel
from nnstudio.ui.inside.latent_panel import LatentPanel, image_strip
from nnstudio.ui.inside.weight_images import WeightImagesPanel, tile_images


def session_of(lesson: str, steps: int, **settings) -> TrainingSession:
    project = load_lesson(lesson)
    for key, value in settings.items():
        project.set(key, value)
    session = TrainingSession(project)
    session.step(steps)
    return session


def test_activation_panel_draws_f_derivative_and_the_layers_histogram(qtbot):
    panel = ActivationPanel()
    qtbot.addWidget(panel)
    assert set(panel.gallery) == set(ACTIVATIONS)  # every activation, with its derivative
    session = session_of("dead-relu", 300)
    snap = session.snapshot()
    panel.on_snapshot(snap)
    assert [panel.layer_box.itemData(i) for i in range(panel.layer_box.count())] == \
        ["dense1", "dense2", "output"]
    panel.select_node("dense2")
    assert panel.node == "dense2"
    x, y = panel.hist.getData()
    assert len(x) == len(y) + 1 and y.max() > 0  # stepMode: edges and counts
    z = snap["inside"]["preact"]["dense2"]
    assert x[0] <= np.percentile(z, 1) and x[-1] >= np.percentile(z, 99)
    f_x, f_y = panel.f_curve.getData()
    np.testing.assert_allclose(f_y, np.maximum(f_x, 0.0))
    flags = snap["inside"]["flags"]["dense2"]["units"]
    assert f"{int(flags.sum())} of 8 units dead" in panel.status.text()
    f, df = curves("sigmoid", np.array([0.0]))
    assert f[0] == 0.5 and df[0] == 0.25


def test_gradient_panel_shows_the_vanishing_gradient(qtbot):
    panel = GradientPanel()
    qtbot.addWidget(panel)
    session = session_of("vanishing-gradients-deep-sigmoid", 0)
    for _ in range(5):
        session.step(20)
        panel.on_snapshot(session.snapshot(run_id=1))
    first = panel.curves[("norm", "dense1")].getData()[1]
    last = panel.curves[("norm", "output")].getData()[1]
    assert len(first) == 5 and np.all(last > 100 * first)
    assert "vanishing gradient" in panel.summary.text()
    assert len(panel.curves[("ratio", "dense3")].getData()[0]) == 5
    assert len(panel.hist_plots) == 6  # at most six layers of histograms
    panel.on_snapshot(session.snapshot(run_id=2))  # a new run starts a new history
    assert len(panel.curves[("norm", "dense1")].getData()[0]) == 1


def test_confusion_panel_counts_and_shading(qtbot):
    panel = ConfusionPanel()
    qtbot.addWidget(panel)
    panel.on_dataset({"class_names": ["a", "b", "c"]})
    session = session_of("multiclass-spiral", 300)
    snap = session.snapshot()
    panel.on_snapshot(snap)
    m = snap["inside"]["confusion"]
    assert panel.matrix.shape == (3, 3) and panel.texts[4].toPlainText() == str(m[1, 1])
    accuracy = session.metrics()["test_accuracy"]
    assert f"({100 * accuracy:.1f} %)" in panel.title.text()
    rgb = shade(np.array([[4, 0], [0, 0]]))
    assert rgb[0, 1].tolist() == [255, 255, 255] and rgb[1, 1].tolist() == [255, 255, 255]
    assert rgb[0, 0, 0] < 50  # a full row: deep blue


def test_confusion_panel_of_a_diverged_run_says_so(qtbot):
    """It kept the matrix of the last finite step ("146 of 250 right") under a diverged
    run, while the run's accuracies are null."""
    panel = ConfusionPanel()
    qtbot.addWidget(panel)
    session = session_of("multiclass-spiral", 50)
    panel.on_snapshot(session.snapshot())
    assert panel.matrix is not None
    snap = session.snapshot()
    snap["diverged"] = True  # as the snapshot of the step that overflowed says
    panel.on_snapshot(snap)
    assert panel.matrix is None and panel.texts == []
    assert "diverged" in panel.title.text() and "right" not in panel.title.text()


def test_latent_panel_codes_coloured_by_class_and_reconstructions(qtbot):
    panel = LatentPanel()
    qtbot.addWidget(panel)
    session = session_of("autoencoder", 50)
    snap = session.snapshot()
    panel.on_dataset(session.dataset_payload())
    panel.on_snapshot(snap)
    latent = snap["inside"]["latent"]
    assert len(panel.scatter.data) == len(latent["codes"]) == session.dataset.n_test
    assert panel.recon_image.image.shape == image_strip(latent["inputs"], latent["outputs"],
                                                        (8, 8)).shape
    assert "dense2" in panel.title.text()
    strip = image_strip(np.ones((2, 4)), np.zeros((2, 4)), (2, 2))
    assert strip.shape == (7, 7) and strip[1, 1] == 1.0 and strip[4, 1] == 0.0


def test_first_layer_weights_as_digit_images(qtbot):
    panel = WeightImagesPanel()
    qtbot.addWidget(panel)
    session = session_of("digits", 20)
    panel.on_dataset(session.dataset_payload())
    panel.on_snapshot(session.snapshot())
    rows, cols = panel.image.image.shape[:2]
    assert (rows, cols) == tile_images(np.zeros((64, 32)), (8, 8)).shape[:2]
    assert "8 × 8 images" in panel.title.text()
    W = np.zeros((4, 1))
    W[1, 0] = 1.0
    mosaic = tile_images(W, (2, 2), columns=1)
    assert mosaic[1, 2].tolist() == [0, 114, 178] and mosaic[1, 1].tolist() == [247, 247, 247]
    panel.on_dataset({"image_shape": None, "feature_names": ["a", "b", "c", "d"]})
    panel.show_weights("dense1", np.ones((4, 3)))
    assert panel.image.image.shape == (4, 3, 3) and "input (rows)" in panel.title.text()


@pytest.mark.parametrize("figure, lesson", [
    ("neurons", "xor-hidden-layer"), ("activations", "dead-relu"),
    ("gradient-health", "vanishing-gradients-deep-sigmoid"), ("confusion", "iris"),
    ("latent", "autoencoder"), ("fit", "regression-sine"), ("first-layer-weights", "digits"),
])
def test_inside_figures_export(qtbot, tmp_path, figure, lesson):
    from nnstudio.export.figures import all_figures, export_figure

    assert figure in all_figures()
    out = tmp_path / f"{figure}.png"
    export_figure(load_lesson(lesson), figure, str(out), steps=30, width=420, height=300)
    image = QImage(str(out))
    assert (image.width(), image.height()) == (420, 300)
