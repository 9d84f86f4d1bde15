import numpy as np
import pytest

from nnstudio.engine.datasets.base import Dataset
from nnstudio.engine.datasets.toy2d import DATASETS_2D, make_toy2d


@pytest.mark.parametrize("name", sorted(DATASETS_2D))
def test_shapes_and_labels(name):
    d = make_toy2d(name, samples=201, noise=0.1, test_fraction=0.3, seed=1)
    assert isinstance(d, Dataset)
    assert d.task == "binary" and d.input_dim == 2 and d.output_dim == 1 and d.n_classes == 2
    assert d.n_train + d.n_test == 201 and d.n_test == 60
    assert d.X_train.shape == (141, 2) and d.y_train.shape == (141, 1)
    assert d.X_train.dtype == np.float64 and d.y_train.dtype == np.float64
    y = np.concatenate([d.y_train, d.y_test])
    assert set(np.unique(y)) == {0.0, 1.0}
    assert abs(int(y.sum()) - 100) <= 1  # balanced
    xmin, xmax, ymin, ymax = d.extent
    assert xmin == -xmax and ymin == -ymax and xmax >= 6.0
    X = np.concatenate([d.X_train, d.X_test])
    assert np.all(np.abs(X) <= xmax)
    assert name in DATASETS_2D and all(DATASETS_2D[name])


@pytest.mark.parametrize("name", sorted(DATASETS_2D))
def test_deterministic(name):
    a = make_toy2d(name, 300, 0.2, 0.5, seed=7)
    b = make_toy2d(name, 300, 0.2, 0.5, seed=7)
    c = make_toy2d(name, 300, 0.2, 0.5, seed=8)
    for f in ("X_train", "y_train", "X_test", "y_test"):
        np.testing.assert_array_equal(getattr(a, f), getattr(b, f))
    assert not np.array_equal(a.X_train, c.X_train)


def test_shapes_look_right():
    c = make_toy2d("circle", 1000, 0.0, 0.0, 0)
    r = np.linalg.norm(c.X_train, axis=1)
    inside = c.y_train[:, 0] == 1
    assert r[inside].max() <= 2.5 + 1e-12 and r[~inside].min() >= 3.5 - 1e-12
    x = make_toy2d("xor", 1000, 0.0, 0.0, 0)
    prod = x.X_train[:, 0] * x.X_train[:, 1]
    np.testing.assert_array_equal(prod > 0, x.y_train[:, 0] == 1)
    g = make_toy2d("gaussians", 1000, 0.0, 0.0, 0)
    s = g.X_train.sum(axis=1)
    np.testing.assert_array_equal(s > 0, g.y_train[:, 0] == 1)  # separable by x+y=0


def test_edge_sizes():
    d = make_toy2d("spiral", 10, 0.0, 0.9, 0)
    assert d.n_train == 1 and d.n_test == 9
    d = make_toy2d("circle", 5000, 1.0, 0.0, 0)
    assert d.n_test == 0 and d.X_test.shape == (0, 2) and d.y_test.shape == (0, 1)


@pytest.mark.parametrize(
    "kwargs, word",
    [
        (dict(name="moons"), "name"),
        (dict(name="circle", samples=9), "samples"),
        (dict(name="circle", samples=5001), "samples"),
        (dict(name="circle", samples=10.5), "samples"),
        (dict(name="circle", noise=-0.1), "noise"),
        (dict(name="circle", noise=1.5), "noise"),
        (dict(name="circle", test_fraction=0.95), "test_fraction"),
    ],
)
def test_validation(kwargs, word):
    with pytest.raises(ValueError, match=word):
        make_toy2d(**kwargs)


def test_bad_task():
    z = np.zeros((1, 2))
    with pytest.raises(ValueError, match="task"):
        Dataset("x", "ranking", z, z, z, z, 2, 1, 2)
