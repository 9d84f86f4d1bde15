import numpy as np
import pytest
from reference import load_reference

from nnstudio.engine.layers.dense import Dense
from nnstudio.engine.network import Network

RTOL, ATOL = 1e-6, 1e-12
REF = load_reference("mlp_backprop")


def build() -> Network:
    sizes, acts = REF["sizes"], REF["activations"]
    layers = []
    for i, act in enumerate(acts):
        layer = Dense(sizes[i], sizes[i + 1], activation=act)
        layer.params["W"][...] = np.array(REF["W"][i])
        layer.params["b"][...] = np.array(REF["b"][i])
        layers.append(layer)
    return Network(layers, "ce")


def test_forward_logits():
    net = build()
    out = net.forward(np.array(REF["X"]))
    np.testing.assert_allclose(out, REF["logits"], rtol=RTOL, atol=ATOL)


def test_loss_and_gradients():
    net = build()
    loss = net.loss_and_grads(np.array(REF["X"]), np.array(REF["labels"]))
    np.testing.assert_allclose(loss, REF["loss"], rtol=RTOL, atol=ATOL)
    for i, layer in enumerate(net.layers):
        np.testing.assert_allclose(layer.grads["W"], REF["grad_W"][i], rtol=RTOL, atol=ATOL)
        np.testing.assert_allclose(layer.grads["b"], REF["grad_b"][i], rtol=RTOL, atol=ATOL)


def test_parameters_order_and_keys():
    net = build()
    net.loss_and_grads(np.array(REF["X"]), np.array(REF["labels"]))
    keys = [k for k, _, _ in net.parameters()]
    assert keys == ["0.W", "0.b", "1.W", "1.b", "2.W", "2.b"]
    k, p, g = net.parameters()[2]
    np.testing.assert_allclose(g, REF["grad_W"][1], rtol=RTOL, atol=ATOL)
    assert p is net.layers[1].params["W"]


def test_frozen_parameters_are_omitted():
    net = build()
    net.layers[0].frozen.add("W")
    assert "0.W" not in [k for k, _, _ in net.parameters()]
    assert "0.W" in net.state_dict()


def test_predict_and_layer_outputs():
    net = build()
    X = np.array(REF["X"])
    p = net.predict(X)
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    outs = net.layer_outputs(X)
    assert [o.shape for o in outs] == [(6, 4), (6, 3), (6, 3)]
    np.testing.assert_allclose(outs[-1], REF["logits"], rtol=RTOL, atol=ATOL)
    assert net.describe()[1] == {"kind": "dense", "n_in": 4, "n_out": 3, "activation": "sigmoid"}
    assert net.n_params() == 4 * 2 + 4 + 3 * 4 + 3 + 3 * 3 + 3


def test_state_dict_round_trip():
    net = build()
    sd = net.state_dict()
    sd["0.W"][0, 0] = 123.0  # a copy: the network is unchanged
    assert net.layers[0].params["W"][0, 0] != 123.0
    other = Network([Dense(2, 4), Dense(4, 3), Dense(3, 3)], "ce")
    other.load_state_dict(net.weights_copy())
    for k, v in net.state_dict().items():
        np.testing.assert_array_equal(other.state_dict()[k], v)
    with pytest.raises(ValueError, match="0.W"):
        other.load_state_dict({**net.state_dict(), "0.W": np.zeros((3, 3))})
    with pytest.raises(ValueError, match="missing"):
        other.load_state_dict({"0.W": np.zeros((2, 4))})


def test_l1_l2_penalty_on_weights_only():
    net = build()
    X, y = np.array(REF["X"]), np.array(REF["labels"])
    l1, l2 = 0.01, 0.1
    loss = net.loss_and_grads(X, y, l1=l1, l2=l2)
    ws = [layer.params["W"] for layer in net.layers]
    pen = l2 / 2 * sum(np.sum(w * w) for w in ws) + l1 * sum(np.sum(np.abs(w)) for w in ws)
    np.testing.assert_allclose(loss, REF["loss"] + pen, rtol=1e-12)
    for i, layer in enumerate(net.layers):
        w = layer.params["W"]
        np.testing.assert_allclose(
            layer.grads["W"], np.array(REF["grad_W"][i]) + l2 * w + l1 * np.sign(w), rtol=RTOL
        )
        np.testing.assert_allclose(layer.grads["b"], REF["grad_b"][i], rtol=RTOL, atol=ATOL)


def test_dense_sequence_input():
    rng = np.random.default_rng(0)
    layer = Dense(3, 2, activation="tanh", rng=rng)
    x = rng.normal(size=(4, 5, 3))
    out = layer.forward(x)
    assert out.shape == (4, 5, 2)
    np.testing.assert_allclose(out.reshape(20, 2), layer.forward(x.reshape(20, 3)))
    assert layer.last_z.shape == (20, 2)
