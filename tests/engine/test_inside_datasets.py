"""Multi-class, regression, real and user datasets; extra input features (numpy only)."""

from __future__ import annotations

import numpy as np
import pytest

from nnstudio.engine.datasets import real, tasks
from nnstudio.engine.datasets.features import FEATURES, expand_plane, with_features
from nnstudio.engine.datasets.rich import class_names, feature_names, plane_dim
from nnstudio.engine.datasets.table import make_table_dataset
from nnstudio.engine.datasets.toy2d import make_toy2d

BUILDERS = {
    "spiral_arms": lambda seed: tasks.make_spiral_arms(4, 300, 0.1, 0.3, seed),
    "blobs": lambda seed: tasks.make_blobs(5, 300, 0.2, 0.3, seed),
    "sine": lambda seed: tasks.make_curve("sine", 100, 0.1, 0.3, seed),
    "polynomial": lambda seed: tasks.make_curve("polynomial", 100, 0.1, 0.3, seed),
    "step": lambda seed: tasks.make_curve("step", 100, 0.0, 0.3, seed),
    "plane": lambda seed: tasks.make_surface("plane", 200, 0.1, 0.3, seed),
    "hills": lambda seed: tasks.make_surface("hills", 200, 0.1, 0.3, seed),
    "iris": lambda seed: real.make_iris(0.3, seed),
    "digits": lambda seed: real.make_digits(0.3, seed),
    "digits_ae": lambda seed: real.make_digits(0.3, seed, autoencoder=True),
}


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_same_seed_same_data_other_seed_other_split(name):
    a, b, c = BUILDERS[name](3), BUILDERS[name](3), BUILDERS[name](4)
    for field in ("X_train", "y_train", "X_test", "y_test"):
        np.testing.assert_array_equal(getattr(a, field), getattr(b, field))
    assert not np.array_equal(a.X_train, c.X_train)
    assert np.isfinite(a.X_train).all() and np.isfinite(a.X_test).all()
    assert a.X_train.shape[1] == a.input_dim == len(feature_names(a))


def test_k_class_tasks_have_every_class_and_the_softmax_shape():
    d = tasks.make_spiral_arms(5, 500, 0.0, 0.0, 1)
    assert d.task == "multiclass" and d.n_classes == d.output_dim == 5
    assert d.y_train.dtype == np.int64 and d.y_train.shape == (500,)
    assert np.bincount(d.y_train).tolist() == [100] * 5
    two = tasks.make_blobs(2, 100, 0.1, 0.5, 1)  # two classes: the binary task (one logit)
    assert two.task == "binary" and two.output_dim == 1 and two.y_train.shape[1] == 1
    with pytest.raises(ValueError, match="classes"):
        tasks.make_blobs(9, 100, 0.1, 0.5, 1)


def test_curves_follow_their_function_without_noise():
    for kind in tasks.CURVES:
        d = tasks.make_curve(kind, 200, 0.0, 0.0, 2)
        assert d.task == "regression" and d.input_dim == 1 and plane_dim(d) == 1
        np.testing.assert_allclose(d.y_train[:, 0], tasks.curve_function(kind, d.X_train[:, 0]))
        assert d.x_range[0] < d.X_train.min() and d.X_train.max() < d.x_range[1]
    d = tasks.make_surface("plane", 100, 0.0, 0.0, 2)
    np.testing.assert_allclose(d.y_train[:, 0], 0.4 * d.X_train[:, 0] - 0.25 * d.X_train[:, 1])


def test_real_data_shapes_scaling_and_names():
    iris = real.make_iris(0.3, 0)
    assert (iris.n_train, iris.n_test) == (105, 45) and iris.n_classes == 3
    np.testing.assert_allclose(iris.X_train.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(iris.X_train.std(axis=0), 1.0)
    assert class_names(iris) == ["setosa", "versicolor", "virginica"]
    digits = real.make_digits(0.3, 0)
    assert digits.n_train + digits.n_test == 1797 and digits.input_dim == 64
    assert 0.0 <= digits.X_train.min() and digits.X_train.max() <= 1.0
    assert digits.image_shape == (8, 8) and plane_dim(digits) == 0


def test_autoencoder_targets_are_the_inputs_and_labels_are_kept():
    d = real.make_iris(0.2, 1, autoencoder=True)
    assert d.task == "regression" and d.output_dim == d.input_dim == 4 and d.n_classes == 0
    np.testing.assert_array_equal(d.y_train, d.X_train)
    assert d.y_train is not d.X_train
    assert set(np.unique(d.labels_train)) == {0, 1, 2} and len(d.labels_test) == d.n_test
    assert class_names(d) == ["setosa", "versicolor", "virginica"]


def test_feature_expansion_columns_and_order():
    P = np.array([[1.0, 2.0], [-3.0, 0.5]])
    X = expand_plane(P, ["sin_x2", "x1_squared", "x1x2"])  # fixed order, whatever given
    np.testing.assert_allclose(X, [[1, 2, 1, 2, np.sin(2.0)], [-3, 0.5, 9, -1.5, np.sin(0.5)]])
    # 1-D data: the features that need x2 are skipped
    np.testing.assert_allclose(expand_plane(P[:, :1], list(FEATURES)),
                               [[1, 1, np.sin(1.0)], [-3, 9, np.sin(-3.0)]])
    with pytest.raises(ValueError, match="unknown feature"):
        expand_plane(P, ["x3"])


def test_with_features_keeps_the_plane_first_and_expands_the_grid():
    base = make_toy2d("circle", 100, 0.0, 0.5, 1)
    d = with_features(base, ["x1_squared", "x2_squared"])
    assert d.input_dim == 4 and feature_names(d) == ["x1", "x2", "x1²", "x2²"]
    np.testing.assert_array_equal(d.X_train[:, :2], base.X_train)
    np.testing.assert_allclose(d.X_train[:, 2], base.X_train[:, 0] ** 2)
    assert d.expand(np.zeros((3, 2))).shape == (3, 4) and plane_dim(d) == 2
    assert with_features(base, []) is base
    assert with_features(real.make_iris(), ["x1_squared"]).input_dim == 4  # not a plane


def test_table_dataset_tasks_and_errors():
    rows = [[0.0, 0.0, 0], [1.0, 1.0, 1], [2.0, 0.0, 2], [0.5, 0.2, 0]]
    d = make_table_dataset(rows, "classification", test_fraction=0.0)
    assert d.task == "multiclass" and d.n_classes == 3 and plane_dim(d) == 2
    two = make_table_dataset([r for r in rows if r[2] < 2], "classification")
    assert two.task == "binary" and two.y_train.shape == (3, 1)
    reg = make_table_dataset([[0.0, 1.5], [1.0, 2.5], [2.0, 3.0]], "regression",
                             standardize=True)
    assert reg.task == "regression" and abs(reg.y_train.mean()) < 1e-12 and plane_dim(reg) == 1
    assert reg.x_range[0] < reg.X_train.min() < 0 < reg.X_train.max() < reg.x_range[1]
    with pytest.raises(ValueError, match="at least 2"):
        make_table_dataset([[0.0, 0.0, 1]])
    with pytest.raises(ValueError, match="whole numbers"):
        make_table_dataset([[0.0, 0.0, 0.5], [1.0, 1.0, 1]])
    with pytest.raises(ValueError, match="finite"):
        make_table_dataset([[np.inf, 0.0, 0], [1.0, 1.0, 1]])
