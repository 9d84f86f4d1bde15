"""The feed-forward probe: neuron maps, pre-activations, gradient health, confusion, latent."""

from __future__ import annotations

import numpy as np
import pytest

from nnstudio.document.project import Project, default_project
from nnstudio.inside_probe import confusion_matrix, predicted_classes, saturation_flags
from nnstudio.session import TrainingSession


def test_confusion_matrix_counts_true_rows_predicted_columns():
    labels = np.array([0, 0, 1, 2, 2, 2])
    predicted = np.array([0, 1, 1, 2, 0, 2])
    m = confusion_matrix(labels, predicted, 3)
    np.testing.assert_array_equal(m, [[1, 1, 0], [0, 1, 0], [1, 0, 2]])
    assert m.sum() == 6 and np.trace(m) / m.sum() == pytest.approx(4 / 6)
    assert confusion_matrix([], [], 2).tolist() == [[0, 0], [0, 0]]
    with pytest.raises(ValueError):
        confusion_matrix([0, 1], [0], 2)


def test_predicted_classes_from_logits():
    assert predicted_classes("bce", np.array([[-1.0], [0.5]])).tolist() == [0, 1]
    assert predicted_classes("mse", np.array([[0.4], [0.6]])).tolist() == [0, 1]
    assert predicted_classes("ce", np.array([[0.1, 2.0, 0.0], [3.0, 0.0, 0.0]])).tolist() == [1, 0]


def test_dead_and_saturated_units():
    z = np.array([[-1.0, 2.0], [-0.5, -1.0], [-3.0, 0.5]])
    relu = saturation_flags("relu", z)
    assert relu["kind"] == "dead" and relu["units"].tolist() == [True, False]
    assert relu["fraction"] == 0.5 and relu["activations"] == pytest.approx(4 / 6)
    big = np.array([[10.0, 0.1], [-12.0, 0.0], [9.0, -0.2]])
    for act in ("sigmoid", "tanh"):
        flags = saturation_flags(act, big)
        assert flags["kind"] == "saturated" and flags["units"].tolist() == [True, False]
    assert saturation_flags("linear", z) is None
    assert saturation_flags("sigmoid", np.array([[1e308, -1e308]]))["fraction"] == 1.0


def _session(dataset: str, units=(4, 2), out: int = 1, loss: str = "bce", act: str = "tanh",
             **settings) -> TrainingSession:
    project = Project()
    project.add_node("input", (0, 0), node_id="input")
    previous = "input"
    for i, n in enumerate(units):
        project.add_node("dense", (0, 0), {"units": n, "activation": act}, node_id=f"d{i + 1}")
        project.add_edge(previous, f"d{i + 1}")
        previous = f"d{i + 1}"
    project.add_node("output", (0, 0), {"units": out}, node_id="output")
    project.add_edge(previous, "output")
    project.set("dataset.name", dataset)
    project.set("training.loss", loss)
    for key, value in settings.items():
        project.set(key.replace("__", "."), value)
    return TrainingSession(project)


def test_neuron_maps_cover_every_layer_and_the_input_features():
    s = _session("circle", **{"dataset.features__x1_squared": True})
    s.step(20)
    inside = s.snapshot()["inside"]
    maps = inside["neuron_maps"]
    n = s.surface_resolution
    assert maps["input"].shape == (3, n, n) and maps["d1"].shape == (4, n, n)
    assert maps["output"].shape == (1, n, n) and maps["output"].dtype == np.float32
    # the input maps are the features over the plane: x1 grows along a row, x1² is its square
    np.testing.assert_allclose(maps["input"][2], maps["input"][0] ** 2, rtol=1e-5)
    assert np.all(np.diff(maps["input"][0][0]) > 0)
    # the output map is the probability surface the data view draws
    np.testing.assert_allclose(maps["output"][0], s.surface(), rtol=1e-5)
    assert inside["map_levels"]["d1"].tolist() == [[-1.0, 1.0]] * 4
    assert inside["map_levels"]["output"].tolist() == [[0.0, 1.0]]


def test_one_dimensional_regression_gives_the_fitted_curve():
    s = _session("curve_sine", loss="mse")
    s.step(30)
    snap = s.snapshot()
    inside = snap["inside"]
    x = inside["curve"]["x"]
    np.testing.assert_allclose(inside["curve"]["y"],
                               s.network.predict(x.reshape(-1, 1).astype(float))[:, 0],
                               rtol=1e-5, atol=1e-6)
    assert inside["neuron_curves"]["d1"].shape == (4, x.size)
    assert "neuron_maps" not in inside and "confusion" not in inside


def test_update_ratio_is_one_sgd_step_and_training_is_untouched():
    s = _session("xor", **{"training.learning_rate": 0.1})
    s.step(5)
    before = {k: p.copy() for k, p, _ in s.network.parameters()}
    inside = s.snapshot()["inside"]
    for key, p, _ in s.network.parameters():  # the probe changed no weight
        np.testing.assert_array_equal(p, before[key])
    layer = s.network.layers[s.node_layers["d1"]]
    g, W = layer.grads["W"], layer.params["W"]
    assert inside["grad_norms"]["d1"] == pytest.approx(np.linalg.norm(g))
    assert inside["update_ratios"]["d1"] == pytest.approx(0.1 * np.linalg.norm(g) /
                                                          np.linalg.norm(W))


def test_a_deep_sigmoid_network_shows_vanishing_gradients():
    s = _session("circle", units=(8,) * 6, act="sigmoid", **{"training.learning_rate": 0.1})
    s.step(20)
    norms = s.snapshot()["inside"]["grad_norms"]
    assert norms["d1"] < norms["d6"] / 10  # each sigmoid layer multiplies by σ′ ≤ 1/4


def test_dead_relu_units_are_flagged():
    s = _session("circle", units=(6,), act="relu")
    layer = s.network.layers[s.node_layers["d1"]]
    layer.params["b"][:3] = -100.0  # three units that never fire
    flags = s.snapshot()["inside"]["flags"]["d1"]
    assert flags["kind"] == "dead" and flags["units"].tolist() == [True] * 3 + [False] * 3


def test_confusion_matrix_of_a_multiclass_task():
    s = _session("blobs", units=(8,), out=3, loss="ce")
    s.step(300)
    inside = s.snapshot()["inside"]
    m = inside["confusion"]
    assert m.shape == (3, 3) and m.sum() == s.dataset.n_test
    assert np.trace(m) / m.sum() == pytest.approx(s.metrics()["test_accuracy"])


def test_autoencoder_codes_and_reconstructions():
    s = _session("iris", units=(8, 2, 8), out=4, loss="mse", **{"dataset.autoencoder": True})
    s.step(200)
    snap = s.snapshot()
    latent = snap["inside"]["latent"]
    assert latent["node"] == "d2" and latent["codes"].shape == (s.dataset.n_test, 2)
    assert latent["labels"].shape == (s.dataset.n_test,)
    assert latent["inputs"].shape == latent["outputs"].shape == (8, 4)
    X = s.dataset.X_test
    residual = np.sum((s.network.predict(X) - X) ** 2) / np.sum((X - X.mean(axis=0)) ** 2)
    assert residual < 0.7  # it learned to reconstruct something through two numbers
    assert snap["test_accuracy"] is None


def test_diverged_training_keeps_the_snapshot_finite():
    s = _session("circle", act="relu", loss="mse", **{"training.learning_rate": 10.0})
    s.step(200)
    inside = s.snapshot()["inside"]
    for maps in inside.get("neuron_maps", {}).values():
        assert np.isfinite(maps).all()
    for values in inside["preact"].values():
        assert np.isfinite(values).all()


def test_the_default_project_probe_is_cheap_to_copy():
    s = TrainingSession(default_project())
    inside = s.snapshot()["inside"]
    assert "grad_norms" not in inside  # no step yet: no gradient
    total = sum(a.nbytes for m in ("neuron_maps", "preact") for a in inside[m].values())
    assert total < 200_000
