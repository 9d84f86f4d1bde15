"""Finite-difference checks of back-propagation through time (float64, central differences).

Every check runs over T ≥ 4 steps so gradients cross at least 3 recurrent transitions.
Truncated BPTT is checked against its definition: the loss at step s sees only the steps
s-k..s, starting from the (constant) state that the full forward pass had at s-k-1.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from nnstudio.engine.layers.recurrent import Bidirectional, Recurrent, build_stacked

EPS = 1e-6
RTOL, ATOL = 1e-6, 1e-9
N, T, I, H = 2, 5, 3, 4
CELLS = [("rnn", "tanh"), ("rnn", "relu"), ("lstm", "tanh"), ("gru", "tanh")]


def numeric_grad(f: Callable[[], float], a: np.ndarray) -> np.ndarray:
    """Central differences of the scalar f() with respect to every entry of ``a`` (in place)."""
    g = np.zeros_like(a)
    it = np.nditer(a, flags=["multi_index"])
    for _ in it:
        i = it.multi_index
        old = a[i]
        a[i] = old + EPS
        fp = f()
        a[i] = old - EPS
        fm = f()
        a[i] = old
        g[i] = (fp - fm) / (2 * EPS)
    return g


def check_layer(layer, x: np.ndarray, rng: np.random.Generator) -> None:
    """Analytic vs numeric gradients of L = Σ y * C for every parameter and for x."""
    y = layer.forward(x)
    C = rng.normal(size=y.shape)
    dx = layer.backward(C)
    grads = {k: v.copy() for k, v in layer.grads.items()}

    def loss() -> float:
        return float(np.sum(layer.forward(x) * C))

    for name, p in layer.params.items():
        np.testing.assert_allclose(
            grads[name], numeric_grad(loss, p), rtol=RTOL, atol=ATOL, err_msg=name
        )
    np.testing.assert_allclose(dx, numeric_grad(loss, x), rtol=RTOL, atol=ATOL, err_msg="x")


def _x(rng: np.random.Generator) -> np.ndarray:
    return rng.normal(size=(N, T, I))


@pytest.mark.parametrize("cell,nl", CELLS)
@pytest.mark.parametrize("return_sequences", [True, False])
def test_full_bptt(cell, nl, return_sequences):
    rng = np.random.default_rng(10)
    layer = Recurrent(I, H, cell, return_sequences, rng=rng, nonlinearity=nl, init="torch")
    check_layer(layer, _x(rng), rng)


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
@pytest.mark.parametrize("return_sequences", [True, False])
def test_bidirectional(cell, return_sequences):
    rng = np.random.default_rng(11)
    bi = Bidirectional(
        Recurrent(I, H, cell, return_sequences, rng=rng, init="torch"),
        Recurrent(I, 3, cell, return_sequences, rng=rng, init="torch"),
    )
    check_layer(bi, _x(rng), rng)


def test_stacked_bidirectional_lstm_end_to_end():
    rng = np.random.default_rng(12)
    layers = build_stacked(
        I, 3, 2, "lstm", bidirectional=True, rng=rng, init="torch", return_sequences=False
    )
    x = _x(rng)

    def fwd() -> np.ndarray:
        y = x
        for la in layers:
            y = la.forward(y)
        return y

    C = rng.normal(size=fwd().shape)
    g = C
    for la in reversed(layers):
        g = la.backward(g)
    analytic = [{k: v.copy() for k, v in la.grads.items()} for la in layers]

    def loss() -> float:
        return float(np.sum(fwd() * C))

    for la, grads in zip(layers, analytic, strict=True):
        for name, p in la.params.items():
            np.testing.assert_allclose(
                grads[name], numeric_grad(loss, p), rtol=RTOL, atol=ATOL, err_msg=name
            )
    np.testing.assert_allclose(g, numeric_grad(loss, x), rtol=RTOL, atol=ATOL)


# ---------------------------------------------------------------- truncated BPTT
def truncated_loss(layer: Recurrent, x: np.ndarray, C: np.ndarray, k: int, states) -> float:
    """Σ_s Σ C_s * h_s where h_s is recomputed from the frozen state at s-k-1 over k+1 steps."""
    total = 0.0
    steps = range(T) if layer.return_sequences else [T - 1]
    seq = layer.return_sequences
    layer.return_sequences = False
    try:
        for s in steps:
            start = max(0, s - k)
            h_s = layer.forward(x[:, start : s + 1], state=states[start])
            c_s = C[:, s] if seq else C
            total += float(np.sum(h_s * c_s))
    finally:
        layer.return_sequences = seq
    return total


def frozen_states(layer: Recurrent, x: np.ndarray) -> list:
    """states[t] = the state entering step t in the full forward pass (copies)."""
    layer.forward(x)
    zeros = np.zeros((x.shape[0], layer.hidden))
    states = [(zeros, zeros if layer.cell.has_cell_state else None)]
    for t in range(1, x.shape[1]):
        c = layer.last_c[:, t - 1].copy() if layer.last_c is not None else None
        states.append((layer.last_h[:, t - 1].copy(), c))
    return states


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
@pytest.mark.parametrize("k", [1, 2])
@pytest.mark.parametrize("return_sequences", [True, False])
def test_truncated_bptt_matches_its_definition(cell, k, return_sequences):
    rng = np.random.default_rng(13)
    layer = Recurrent(I, H, cell, return_sequences, rng=rng, init="torch", bptt_steps=k)
    x = _x(rng)
    y = layer.forward(x)
    C = rng.normal(size=y.shape)
    dx = layer.backward(C)
    grads = {n: v.copy() for n, v in layer.grads.items()}
    states = frozen_states(layer, x)

    def loss() -> float:
        return truncated_loss(layer, x, C, k, states)

    for name, p in layer.params.items():
        np.testing.assert_allclose(
            grads[name], numeric_grad(loss, p), rtol=RTOL, atol=ATOL, err_msg=name
        )
    np.testing.assert_allclose(dx, numeric_grad(loss, x), rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_truncated_equals_full_when_k_covers_the_sequence_and_differs_when_small(cell):
    rng = np.random.default_rng(14)
    x = _x(rng)
    C = rng.normal(size=(N, T, H))
    results = {}
    for k in (0, T - 1, T, T + 3, 1):
        layer = Recurrent(I, H, cell, rng=np.random.default_rng(0), init="torch", bptt_steps=k)
        layer.forward(x)
        dx = layer.backward(C)
        results[k] = (dx, dict(layer.grads), layer.last_grad_h_norms)
    full = results[0]
    for k in (T - 1, T, T + 3):
        np.testing.assert_allclose(results[k][0], full[0], rtol=1e-12, atol=1e-15)
        for name in full[1]:
            np.testing.assert_allclose(results[k][1][name], full[1][name], rtol=1e-12, atol=1e-15)
    short = results[1]
    assert not np.allclose(short[0], full[0])
    assert not np.allclose(short[1]["W_hh"], full[1]["W_hh"])
    # the last step's gradient is the loss's own at T-1 whatever k is
    np.testing.assert_allclose(short[2][-1], full[2][-1], rtol=1e-12)


def test_truncated_one_step_stops_gradient_reaching_early_inputs():
    """With return_sequences=False and k=1 only the last two steps get a gradient."""
    rng = np.random.default_rng(15)
    layer = Recurrent(I, H, "lstm", return_sequences=False, rng=rng, bptt_steps=1)
    x = _x(rng)
    layer.forward(x)
    dx = layer.backward(np.ones((N, H)))
    assert np.all(dx[:, : T - 2] == 0) and np.all(np.abs(dx[:, T - 2 :]) > 0)
    assert np.all(layer.last_grad_h_norms[: T - 2] == 0)
