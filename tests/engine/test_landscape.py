import numpy as np
import pytest

from nnstudio.engine.datasets.toy2d import make_toy2d
from nnstudio.engine.gradcheck import numeric_grad, rel_error
from nnstudio.engine.landscape import (
    SURFACES,
    NetworkSurface,
    network_loss_surface,
    optimizer_paths,
    surface_grid,
)
from nnstudio.engine.layers.dense import Dense
from nnstudio.engine.network import Network
from nnstudio.engine.optimizers import OPTIMIZER_INFO, make_optimizer


@pytest.mark.parametrize("name", sorted(SURFACES))
def test_surface_gradients(name):
    s = SURFACES[name]
    rng = np.random.default_rng(0)
    x0, x1, y0, y1 = s.extent
    for _ in range(5):
        p = np.array([rng.uniform(x0, x1), rng.uniform(y0, y1)])
        num = numeric_grad(lambda q: float(s.value(q)), p.copy())
        assert rel_error(s.grad(p), num) < 1e-7
    for m in s.minima:
        np.testing.assert_allclose(s.grad(np.array(m)), 0.0, atol=1e-12)
    assert s.name == name and s.label and s.formula


@pytest.mark.parametrize("name", sorted(SURFACES))
def test_surface_grid_and_batch_shapes(name):
    s = SURFACES[name]
    xs, ys, Z = surface_grid(s, 30)
    assert xs.shape == (30,) and ys.shape == (30,) and Z.shape == (30, 30)
    assert Z[4, 7] == pytest.approx(float(s.value(np.array([xs[7], ys[4]]))))
    assert s.grad(np.zeros((3, 4, 2))).shape == (3, 4, 2)


def test_optimizer_paths_behave():
    valley = SURFACES["valley"]
    opts = {
        "sgd": make_optimizer("sgd", 0.05),
        "momentum": make_optimizer("momentum", 0.05, momentum=0.9),
    }
    paths = optimizer_paths(valley, opts, steps=200)
    for p in paths.values():
        assert p.shape == (201, 2)
        np.testing.assert_array_equal(p[0], valley.start)
    f = {k: float(valley.value(p[-1])) for k, p in paths.items()}
    assert f["momentum"] < f["sgd"] < valley.value(np.array(valley.start))
    # paths are reproducible: optimizers are reset
    again = optimizer_paths(valley, opts, steps=200)
    np.testing.assert_array_equal(again["momentum"], paths["momentum"])


def test_saddle_escape_and_rosenbrock():
    adam = {"adam": make_optimizer("adam", 0.05)}
    p = optimizer_paths(SURFACES["saddle"], adam, steps=400)["adam"]
    np.testing.assert_allclose(np.abs(p[-1]), [0.0, 1.0], atol=0.05)
    r = SURFACES["rosenbrock"]
    p = optimizer_paths(r, adam, steps=500)["adam"]
    assert r.value(p[-1]) < 0.5 < r.value(p[0])


def test_divergent_path_is_truncated_without_warnings():
    p = optimizer_paths(SURFACES["rosenbrock"], {"sgd": make_optimizer("sgd", 0.1)}, steps=100)
    assert len(p["sgd"]) < 101 and np.isfinite(p["sgd"]).all()


@pytest.mark.parametrize("name", sorted(OPTIMIZER_INFO))
def test_every_optimizer_runs_on_every_surface(name):
    for s in SURFACES.values():
        path = optimizer_paths(s, {name: make_optimizer(name, 0.001)}, steps=20)[name]
        assert path.shape[1] == 2 and np.isfinite(path).all()


def small_net():
    rng = np.random.default_rng(0)
    net = Network([Dense(2, 3, "tanh", rng=rng), Dense(3, 1, "linear", rng=rng)], "bce")
    data = make_toy2d("gaussians", 60, 0.1, 0.0, 0)
    return net, data


def test_network_loss_surface():
    net, data = small_net()
    before = net.state_dict()
    a, b, Z = network_loss_surface(net, data, "0.W[1,2]", ("1.b", (0,)), grid=9, span=1.0)
    assert a.shape == (9,) and b.shape == (9,) and Z.shape == (9, 9)
    for k, v in before.items():
        np.testing.assert_array_equal(net.state_dict()[k], v)  # restored
    np.testing.assert_allclose(a[4], before["0.W"][1, 2])
    np.testing.assert_allclose(Z[4, 4], net.loss_value(data.X_train, data.y_train))
    net.layers[0].params["W"][1, 2] = a[2]
    net.layers[1].params["b"][0] = b[6]
    np.testing.assert_allclose(Z[6, 2], net.loss_value(data.X_train, data.y_train))
    a2, b2, Z2 = network_loss_surface(net, data, "0.W[0,0]", "1.b", grid=([0.0, 1.0], [2.0]))
    assert Z2.shape == (1, 2)


def test_network_surface_gradient_and_paths():
    net, data = small_net()
    s = NetworkSurface(net, data, "0.W[0,1]", "1.W[2,0]")
    p = s.center + 0.3
    num = numeric_grad(lambda q: float(s.value(q)), p.copy())
    assert rel_error(s.grad(p), num) < 1e-7
    path = optimizer_paths(s, {"sgd": make_optimizer("sgd", 0.5)}, start=s.center, steps=30)["sgd"]
    assert s.value(path[-1]) < s.value(path[0])


def test_bad_keys():
    net, data = small_net()
    for key in ("5.W[0,0]", "0.W[9,9]", "0.Q[0,0]", "0.W"):
        with pytest.raises(ValueError, match="key"):
            NetworkSurface(net, data, key, "1.b")
    with pytest.raises(ValueError, match="key_b"):
        NetworkSurface(net, data, "1.b", "1.b[0]")
