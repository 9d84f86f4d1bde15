import numpy as np
import pytest

from nnstudio.engine.activations import ACTIVATIONS
from nnstudio.engine.gradcheck import (
    check_layer_gradients,
    check_network_gradients,
    numeric_grad,
    rel_error,
)
from nnstudio.engine.layers.dense import Dense
from nnstudio.engine.network import Network

TOL = 1e-6


def test_numeric_grad_of_known_function():
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    g = numeric_grad(lambda v: float(np.sum(v**3)), x)
    np.testing.assert_allclose(g, 3 * x**2, rtol=1e-8)
    np.testing.assert_array_equal(x, [[1.0, -2.0], [0.5, 3.0]])  # restored


def _inputs_away_from_kinks(layer: Dense, rng, shape) -> np.ndarray:
    """Draw inputs whose pre-activations stay clear of 0 (relu/leaky/prelu/threshold)."""
    for _ in range(200):
        x = rng.normal(size=shape)
        z = x @ layer.params["W"] + layer.params["b"]
        if np.min(np.abs(z)) > 0.05:
            return x
    raise AssertionError("could not find kink-free inputs")


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
@pytest.mark.parametrize("shape", [(5, 3), (2, 4, 3)])
def test_dense_every_activation(name, shape):
    rng = np.random.default_rng(4)
    layer = Dense(3, 4, activation=name, init="xavier", rng=rng)
    layer.params["b"][...] = rng.normal(size=4) * 0.1
    x = _inputs_away_from_kinks(layer, rng, shape)
    assert check_layer_gradients(layer, x) < TOL


def test_prelu_alpha_gradient_is_checked():
    rng = np.random.default_rng(5)
    layer = Dense(2, 3, activation="prelu", rng=rng)
    assert "alpha" in layer.params and layer.params["alpha"].shape == (1,)
    assert layer.params["alpha"][0] == 0.25
    x = _inputs_away_from_kinks(layer, rng, (6, 2))
    layer.forward(x)
    layer.backward(np.ones((6, 3)))
    assert layer.grads["alpha"][0] != 0.0
    assert check_layer_gradients(layer, x) < TOL


def test_threshold_has_zero_gradient():
    rng = np.random.default_rng(6)
    layer = Dense(2, 2, activation="threshold", rng=rng)
    x = rng.normal(size=(4, 2))
    layer.forward(x)
    dx = layer.backward(np.ones((4, 2)))
    assert np.all(dx == 0) and np.all(layer.grads["W"] == 0)


def _net(loss: str, n_out: int, rng) -> Network:
    return Network(
        [
            Dense(3, 5, "tanh", rng=rng),
            Dense(5, 4, "softplus", rng=rng),
            Dense(4, 4, "sigmoid", rng=rng),
            Dense(4, n_out, "linear", rng=rng),
        ],
        loss,
    )


@pytest.mark.parametrize("loss", ["mse", "bce", "ce"])
def test_whole_network(loss):
    rng = np.random.default_rng(7)
    n_out = 3
    net = _net(loss, n_out, rng)
    x = rng.normal(size=(8, 3))
    if loss == "ce":
        y = rng.integers(0, n_out, size=8)
    elif loss == "bce":
        y = (rng.random((8, n_out)) > 0.5).astype(float)
    else:
        y = rng.normal(size=(8, n_out))
    assert check_network_gradients(net, x, y) < TOL
    assert check_network_gradients(net, x, y, l1=0.01, l2=0.1) < TOL


def test_rel_error():
    assert rel_error(np.zeros(3), np.zeros(3)) == 0.0
    assert rel_error(np.array([1.0]), np.array([1.1])) == pytest.approx(0.1 / 2.1)
