"""Recurrent layers against PyTorch's float64 reference (tests/reference_data/recurrent.json)
and the layer contract. The reference test iterates over the cells present in the file."""

from __future__ import annotations

import numpy as np
import pytest
from reference import load_reference

from nnstudio.engine.layers.recurrent import (
    Bidirectional,
    Recurrent,
    build_stacked,
    load_torch_state,
    torch_state,
)

RTOL, ATOL = 1e-6, 1e-12
REF = load_reference("recurrent")
X = np.array(REF["X"], dtype=np.float64)
C = np.array(REF["C"], dtype=np.float64)
B, T, I, H = int(REF["B"]), int(REF["T"]), int(REF["I"]), int(REF["H"])
CELLS = sorted(REF["cells"])


def _batch_first(a: np.ndarray) -> np.ndarray:
    """The file stores h as (T, B, H) (torch's stacked steps); X, C are batch-first."""
    a = np.asarray(a, dtype=np.float64)
    return a.transpose(1, 0, 2) if a.shape[:2] == (T, B) else a


def _layer(cell: str, **kw) -> Recurrent:
    ref = REF["cells"][cell]
    layer = Recurrent(I, H, cell, forget_bias=0.0, **kw)
    assert layer.cell.gates == int(ref["gates"])
    for name, value in ref["params"].items():
        layer.params[name][...] = np.array(value)
    return layer


def test_reference_file_has_cells():
    assert CELLS, "recurrent.json lists no cells"
    assert X.shape == (B, T, I) and C.shape == (B, T, H)


@pytest.mark.parametrize("cell", CELLS)
def test_hidden_states(cell):
    layer = _layer(cell)
    h = layer.forward(X)
    np.testing.assert_allclose(h, _batch_first(REF["cells"][cell]["h"]), rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(layer.last_h, h, rtol=0, atol=0)


@pytest.mark.parametrize("cell", CELLS)
def test_loss_all_steps_and_gradients(cell):
    ref = REF["cells"][cell]
    layer = _layer(cell)
    h = layer.forward(X)
    np.testing.assert_allclose(np.sum(h * C), ref["loss_all_steps"], rtol=RTOL, atol=ATOL)
    dx = layer.backward(C)  # dL/dh_t = C[:, t] for L = Σ_t Σ h_t * C[:, t]
    np.testing.assert_allclose(dx, ref["grad_x_all_steps"], rtol=RTOL, atol=ATOL)
    for name, value in ref["grad_params_all_steps"].items():
        np.testing.assert_allclose(layer.grads[name], value, rtol=RTOL, atol=ATOL, err_msg=name)


@pytest.mark.parametrize("cell", CELLS)
def test_last_step_loss_and_gradient_norms(cell):
    ref = REF["cells"][cell]
    layer = _layer(cell, return_sequences=False)
    h_last = layer.forward(X)
    assert h_last.shape == (B, H)
    np.testing.assert_allclose(
        np.sum(h_last * C[:, -1]), ref["loss_last_step"], rtol=RTOL, atol=ATOL
    )
    layer.backward(C[:, -1])
    norms = layer.last_grad_h_norms
    assert norms.shape == (T,)
    np.testing.assert_allclose(norms, ref["grad_h_norm_last_step_loss"], rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize("cell", CELLS)
def test_return_sequences_false_matches_last_step_of_sequence(cell):
    seq, last = _layer(cell), _layer(cell, return_sequences=False)
    np.testing.assert_allclose(last.forward(X), seq.forward(X)[:, -1], rtol=0, atol=0)
    g = np.zeros_like(C)
    g[:, -1] = C[:, -1]
    np.testing.assert_allclose(last.backward(C[:, -1]), seq.backward(g), rtol=1e-12, atol=0)


def test_bidirectional_two_layer_lstm_output():
    ref = REF["bidirectional_lstm_2layer"]
    state = {k: np.array(v) for k, v in ref["params"].items()}
    n_layers = 1 + max(int(k.split("_l")[-1].split("_")[0]) for k in state)
    layers = build_stacked(I, H, n_layers, "lstm", bidirectional=True, forget_bias=0.0)
    load_torch_state(layers, state)
    y = X
    for layer in layers:
        y = layer.forward(y)
    np.testing.assert_allclose(y, ref["output"], rtol=RTOL, atol=ATOL)
    back = torch_state(layers)
    assert list(back) == list(state)  # PyTorch's named order
    for k, v in state.items():
        np.testing.assert_array_equal(back[k], v)


def test_load_torch_state_names_missing_and_bad_shapes():
    layers = build_stacked(I, H, 1, "gru")
    state = torch_state(layers)
    del state["bias_hh_l0"]
    with pytest.raises(KeyError, match="bias_hh_l0"):
        load_torch_state(layers, state)
    state = torch_state(layers)
    state["weight_ih_l0"] = np.zeros((3, 3))
    with pytest.raises(ValueError, match="weight_ih_l0"):
        load_torch_state(layers, state)


# ------------------------------------------------------------------------ contract
@pytest.mark.parametrize("cell,gates", [("rnn", 1), ("lstm", 4), ("gru", 3)])
def test_shapes_params_and_records(cell, gates):
    rng = np.random.default_rng(1)
    layer = Recurrent(3, 5, cell, rng=rng)
    assert set(layer.params) == {"W_ih", "W_hh", "b_ih", "b_hh"}
    assert layer.params["W_ih"].shape == (gates * 5, 3)
    assert layer.params["W_hh"].shape == (gates * 5, 5)
    assert layer.params["b_ih"].shape == layer.params["b_hh"].shape == (gates * 5,)
    assert all(v.dtype == np.float64 for v in layer.params.values())
    x = rng.normal(size=(4, 6, 3))
    y = layer.forward(x)
    assert y.shape == (4, 6, 5) and layer.last_h.shape == (4, 6, 5)
    dx = layer.backward(np.ones_like(y))
    assert dx.shape == x.shape
    assert {k: v.shape for k, v in layer.grads.items()} == {
        k: v.shape for k, v in layer.params.items()
    }
    assert layer.last_grad_h_norms.shape == (6,)
    for g in layer.last_gates.values():
        assert g.shape == (4, 6, 5)
    if cell == "lstm":
        assert list(layer.last_gates) == ["input", "forget", "cell", "output"]
        assert layer.last_c.shape == (4, 6, 5)
        assert np.all(layer.last_gates["forget"] > 0) and np.all(layer.last_gates["forget"] < 1)
    elif cell == "gru":
        assert list(layer.last_gates) == ["reset", "update", "new"]
        assert layer.last_c is None
    else:
        assert layer.last_gates == {} and layer.last_c is None
    assert layer.output_size() == 5
    d = layer.describe()
    assert d["kind"] == "recurrent" and d["cell"] == cell and d["hidden"] == 5
    assert layer.n_params() == sum(v.size for v in layer.params.values())


def test_records_are_copies():
    layer = Recurrent(2, 3, "lstm")
    y = layer.forward(np.ones((1, 4, 2)))
    y[...] = 99.0
    assert not np.any(layer.last_h == 99.0)


def test_forget_bias_and_inits_are_deterministic():
    a = Recurrent(3, 4, "lstm", rng=np.random.default_rng(5), forget_bias=1.0)
    b = Recurrent(3, 4, "lstm", rng=np.random.default_rng(5), forget_bias=0.0)
    diff = a.params["b_ih"] - b.params["b_ih"]
    np.testing.assert_array_equal(diff, np.r_[np.zeros(4), np.ones(4), np.zeros(8)])
    np.testing.assert_array_equal(a.params["b_hh"], b.params["b_hh"])
    np.testing.assert_array_equal(a.params["W_ih"], b.params["W_ih"])
    o = Recurrent(3, 4, "gru", init="orthogonal", rng=np.random.default_rng(0))
    block = o.params["W_hh"][:4]
    np.testing.assert_allclose(block @ block.T, np.eye(4), atol=1e-12)
    t = Recurrent(3, 4, "rnn", init="torch", rng=np.random.default_rng(0))
    assert np.all(np.abs(t.params["b_hh"]) <= 0.5) and np.any(t.params["b_hh"] != 0)


@pytest.mark.parametrize(
    "kwargs,match",
    [
        ({"cell": "transformer"}, "cell"),
        ({"cell": "rnn", "nonlinearity": "sigmoid"}, "nonlinearity"),
        ({"cell": "lstm", "nonlinearity": "relu"}, "nonlinearity"),
        ({"cell": "rnn", "init": "he"}, "init"),
        ({"cell": "rnn", "bptt_steps": -1}, "bptt_steps"),
    ],
)
def test_bad_arguments_are_named(kwargs, match):
    with pytest.raises(ValueError, match=match):
        Recurrent(2, 3, **kwargs)


def test_bad_input_shape_is_refused():
    layer = Recurrent(2, 3)
    with pytest.raises(ValueError, match="x"):
        layer.forward(np.zeros((4, 2)))
    with pytest.raises(RuntimeError):
        Recurrent(2, 3).backward(np.zeros((1, 2, 3)))


def test_extreme_inputs_stay_finite_and_silent():
    for cell in ("rnn", "lstm", "gru"):
        layer = Recurrent(2, 3, cell, rng=np.random.default_rng(0))
        layer.params["W_ih"] *= 1e4
        x = np.array([[[1e3, -1e3], [-1e4, 1e4], [0.0, 0.0]]])
        y = layer.forward(x)
        dx = layer.backward(np.ones_like(y))
        assert np.all(np.isfinite(y)) and np.all(np.isfinite(dx))


def test_relu_rnn_runs_and_is_nonnegative():
    layer = Recurrent(2, 3, "rnn", nonlinearity="relu", rng=np.random.default_rng(0))
    y = layer.forward(np.random.default_rng(1).normal(size=(2, 5, 2)))
    assert np.all(y >= 0)


def test_initial_state_continues_a_sequence():
    rng = np.random.default_rng(3)
    x = rng.normal(size=(2, 6, 3))
    for cell in ("rnn", "lstm", "gru"):
        layer = Recurrent(3, 4, cell, rng=np.random.default_rng(0))
        full = layer.forward(x)
        layer.forward(x[:, :4])
        rest = layer.forward(x[:, 4:], state=layer.last_state)
        np.testing.assert_allclose(rest, full[:, 4:], rtol=1e-12, atol=1e-14)


def test_bidirectional_layout_and_params():
    rng = np.random.default_rng(2)
    f, b = Recurrent(3, 4, "gru", rng=rng), Recurrent(3, 2, "gru", rng=rng)
    bi = Bidirectional(f, b)
    assert set(bi.params) == {
        "W_ih",
        "W_hh",
        "b_ih",
        "b_hh",
        "W_ih_reverse",
        "W_hh_reverse",
        "b_ih_reverse",
        "b_hh_reverse",
    }
    x = rng.normal(size=(2, 5, 3))
    y = bi.forward(x)
    assert y.shape == (2, 5, 6) and bi.output_size() == 6
    f2, b2 = Recurrent(3, 4, "gru"), Recurrent(3, 2, "gru")
    for k in f2.params:
        f2.params[k][...] = f.params[k]
        b2.params[k][...] = b.params[k]
    np.testing.assert_allclose(y[..., :4], f2.forward(x), rtol=1e-12)
    np.testing.assert_allclose(y[..., 4:], b2.forward(x[:, ::-1])[:, ::-1], rtol=1e-12)
    bi.backward(np.ones_like(y))
    assert set(bi.grads) == set(bi.params)
    assert bi.last_grad_h_norms.shape == (5,) and bi.last_h.shape == (2, 5, 6)
    # the optimizer may replace arrays in the wrapper's dict: the next forward uses them
    bi.params["W_ih"] = bi.params["W_ih"] * 0.0
    bi.forward(x)
    assert np.all(f.params["W_ih"] == 0)
    assert bi.describe()["kind"] == "bidirectional"


def test_bidirectional_last_step_is_torch_h_n():
    rng = np.random.default_rng(4)
    f = Recurrent(3, 4, "lstm", return_sequences=False, rng=rng)
    b = Recurrent(3, 4, "lstm", return_sequences=False, rng=rng)
    bi = Bidirectional(f, b)
    x = rng.normal(size=(2, 5, 3))
    y_last = bi.forward(x)
    f.return_sequences = b.return_sequences = bi.return_sequences = True
    y_seq = bi.forward(x)
    np.testing.assert_allclose(y_last[:, :4], y_seq[:, -1, :4], rtol=1e-12)
    np.testing.assert_allclose(y_last[:, 4:], y_seq[:, 0, 4:], rtol=1e-12)


def test_build_stacked_sizes():
    layers = build_stacked(
        3,
        5,
        3,
        "gru",
        bidirectional=True,
        return_sequences=False,
        rng=np.random.default_rng(0),
        bptt_steps=4,
    )
    assert [la.n_in for la in layers] == [3, 10, 10]
    assert [la.return_sequences for la in layers] == [True, True, False]
    y = np.random.default_rng(0).normal(size=(2, 6, 3))
    for la in layers:
        y = la.forward(y)
    assert y.shape == (2, 10)
    plain = build_stacked(3, 5, 2, "rnn")
    assert all(isinstance(la, Recurrent) for la in plain)
    with pytest.raises(ValueError, match="layers"):
        build_stacked(3, 5, 0)


def test_engine_layers_do_not_import_qt():
    from pathlib import Path

    import nnstudio.engine.layers.cells as cells
    import nnstudio.engine.layers.recurrent as rec

    for mod in (cells, rec):
        src = Path(mod.__file__).read_text(encoding="utf-8")
        assert "PySide6" not in src and "pyqtgraph" not in src
