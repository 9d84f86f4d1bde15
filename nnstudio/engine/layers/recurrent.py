"""Recurrent layers (RNN, LSTM, GRU), a bidirectional wrapper and stacking helpers.

Numpy only. Inputs are batch-first ``x`` (N, T, I); the initial state is zero
(h0 = c0 = 0). Weights follow PyTorch's layout and gate order, so a layer maps weight for
weight onto ``torch.nn.RNN/LSTM/GRU``:

* ``W_ih`` (G*H, I), ``W_hh`` (G*H, H), ``b_ih`` (G*H,), ``b_hh`` (G*H,), G = 1 (rnn),
  4 (lstm: i, f, g, o) or 3 (gru: r, z, n). The maths of one step is in ``cells.py``.

Back-propagation through time runs over every step (``bptt_steps=0``) or is truncated
(``bptt_steps=k``): the gradient that the loss puts on h_s flows back at most k steps,
to h_s, h_{s-1}, ..., h_{s-k}; contributions older than that are dropped. Truncation is
exact per source step (not chunked), so with k ≥ T - 1 it equals full BPTT.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .base import Layer
from .cells import Cell, make_cell

__all__ = ["Recurrent", "Bidirectional", "build_stacked", "load_torch_state", "torch_state"]

PARAM_NAMES = ("W_ih", "W_hh", "b_ih", "b_hh")
INITS = ("xavier", "orthogonal", "torch")


def _init_block(kind: str, rows: int, cols: int, fan_in: int, rng: np.random.Generator):
    """One gate block (rows, cols) of a weight matrix."""
    if kind == "torch":
        k = 1.0 / np.sqrt(rows)  # rows = H for every block
        return rng.uniform(-k, k, size=(rows, cols))
    if kind == "orthogonal" and rows == cols:
        q, r = np.linalg.qr(rng.normal(size=(rows, cols)))
        return q * np.sign(np.diag(r))
    a = np.sqrt(6.0 / (fan_in + rows))
    return rng.uniform(-a, a, size=(rows, cols))


class Recurrent(Layer):
    """A recurrent layer over a whole sequence.

    ``forward`` maps x (N, T, n_in) to (N, T, hidden) if ``return_sequences`` else to the
    last step's h (N, hidden). ``backward`` takes the gradient of that output and returns
    dL/dx (N, T, n_in), filling ``grads`` for "W_ih", "W_hh", "b_ih", "b_hh".

    ``init``: "xavier" (Glorot uniform per gate block, biases 0), "orthogonal" (Glorot for
    W_ih, orthogonal blocks for W_hh) or "torch" (PyTorch's U(-1/√H, 1/√H) for all four).
    ``forget_bias`` (LSTM) is added to the forget-gate slice of ``b_ih``; 0 keeps the init.

    Records for views (plain copies, refreshed by every forward/backward):
    ``last_h`` (N, T, H); ``last_c`` (N, T, H) for LSTM else None; ``last_gates`` dict
    gate name → (N, T, H) ("input", "forget", "cell", "output" for LSTM; "reset",
    "update", "new" for GRU; empty for rnn); ``last_grad_h_norms`` (T,) = ‖∂L/∂h_t‖ over
    batch and units, the total gradient reaching h_t (from the output at t and from t+1).
    """

    kind = "recurrent"

    def __init__(
        self,
        n_in: int,
        hidden: int,
        cell: str = "rnn",
        return_sequences: bool = True,
        rng: np.random.Generator | None = None,
        nonlinearity: str = "tanh",
        init: str = "xavier",
        forget_bias: float = 1.0,
        bptt_steps: int = 0,
    ) -> None:
        super().__init__()
        if n_in < 1 or hidden < 1:
            raise ValueError(f"n_in/hidden: sizes must be ≥ 1, got ({n_in}, {hidden})")
        if init not in INITS:
            raise ValueError(f"init: unknown initializer {init!r} (choose from {', '.join(INITS)})")
        if bptt_steps < 0:
            raise ValueError(f"bptt_steps: must be ≥ 0 (0 = full BPTT), got {bptt_steps}")
        self.cell: Cell = make_cell(cell, nonlinearity)
        self.cell_name = cell
        self.nonlinearity = nonlinearity
        self.n_in, self.hidden = int(n_in), int(hidden)
        self.return_sequences = bool(return_sequences)
        self.init = init
        self.forget_bias = float(forget_bias)
        self.bptt_steps = int(bptt_steps)
        rng = rng if rng is not None else np.random.default_rng(0)
        G, H, n = self.cell.gates, self.hidden, self.n_in
        self.params["W_ih"] = np.concatenate([_init_block(init, H, n, n, rng) for _ in range(G)])
        self.params["W_hh"] = np.concatenate([_init_block(init, H, H, H, rng) for _ in range(G)])
        if init == "torch":
            k = 1.0 / np.sqrt(H)
            self.params["b_ih"] = rng.uniform(-k, k, size=G * H)
            self.params["b_hh"] = rng.uniform(-k, k, size=G * H)
        else:
            self.params["b_ih"] = np.zeros(G * H)
            self.params["b_hh"] = np.zeros(G * H)
        if cell == "lstm":
            self.params["b_ih"][H : 2 * H] += self.forget_bias
        self.zero_grads()
        self._x: np.ndarray | None = None
        self._caches: list[dict[str, np.ndarray]] = []
        self.last_h: np.ndarray | None = None
        self.last_c: np.ndarray | None = None
        self.last_gates: dict[str, np.ndarray] = {}
        self.last_grad_h_norms: np.ndarray | None = None
        self.last_state: tuple[np.ndarray, np.ndarray | None] | None = None

    # ------------------------------------------------------------------ forward
    def forward(
        self,
        x: np.ndarray,
        training: bool = True,
        state: tuple[np.ndarray, np.ndarray | None] | None = None,
    ) -> np.ndarray:
        """x (N, T, n_in) → (N, T, H) if return_sequences else (N, H).

        ``state`` = (h0 (N, H), c0 (N, H) or None) starts from a given state instead of
        zeros; it is a constant (no gradient flows into it). Used to continue a sequence
        step by step (text sampling) and by the truncated-BPTT tests. The final state is
        kept in ``last_state`` = (h_T, c_T or None).
        """
        x = np.asarray(x, dtype=np.float64)
        if x.ndim != 3 or x.shape[2] != self.n_in:
            raise ValueError(f"x: expected shape (N, T, {self.n_in}), got {x.shape}")
        N, T, _ = x.shape
        if T < 1:
            raise ValueError("x: the sequence needs at least one time step")
        p, H = self.params, self.hidden
        # (N, T, G*H): the input side of every step at once, as one 2-D product (a 3-D
        # ``x @ W_ih.T`` runs a slow loop over the batch: 50× slower for n_in = 1)
        a_x = (x.reshape(N * T, self.n_in).dot(p["W_ih"].T) + p["b_ih"]).reshape(N, T, -1)
        h = np.zeros((N, H))
        c = np.zeros((N, H)) if self.cell.has_cell_state else None
        if state is not None:
            h = np.array(state[0], dtype=np.float64).reshape(N, H)
            if c is not None and state[1] is not None:
                c = np.array(state[1], dtype=np.float64).reshape(N, H)
        hs = np.empty((N, T, H))
        cs = np.empty((N, T, H)) if c is not None else None
        gates = {g: np.empty((N, T, H)) for g in self.cell.gate_names}
        caches = []
        for t in range(T):
            h, c, cache = self.cell.step(a_x[:, t], h, c, p["W_hh"], p["b_hh"])
            hs[:, t] = h
            if cs is not None:
                cs[:, t] = c
            for g, rec in gates.items():
                rec[:, t] = cache[g]
            caches.append(cache)
        self._x, self._caches = x, caches
        self.last_h = hs.copy()
        self.last_c = cs
        self.last_state = (h.copy(), None if c is None else c.copy())
        self.last_gates = gates
        return hs if self.return_sequences else hs[:, -1].copy()

    # ----------------------------------------------------------------- backward
    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        """dL/d(output) ((N, T, H) or (N, H)) → dL/dx (N, T, n_in); fills ``grads``."""
        if self._x is None:
            raise RuntimeError("Recurrent.backward called before forward")
        x, caches, p = self._x, self._caches, self.params
        N, T, _ = x.shape
        H, GH = self.hidden, self.cell.gates * self.hidden
        grad_out = np.asarray(grad_out, dtype=np.float64)
        if self.return_sequences:
            if grad_out.shape != (N, T, H):
                raise ValueError(f"grad_out: expected {(N, T, H)}, got {grad_out.shape}")
            g_out = grad_out
        else:
            if grad_out.shape != (N, H):
                raise ValueError(f"grad_out: expected {(N, H)}, got {grad_out.shape}")
            g_out = np.zeros((N, T, H))
            g_out[:, -1] = grad_out
        k = self.bptt_steps
        truncated = 0 < k < T - 1
        # carries[a] is the gradient reaching h_t from the output at step t + a (a ≤ k);
        # with full BPTT a single bucket holds the sum over every later step.
        n_ages = k + 1 if truncated else 1
        carry_h = np.zeros((n_ages, N, H))
        carry_c = np.zeros((n_ages, N, H)) if self.cell.has_cell_state else None
        d_ax_all = np.empty((N, T, GH))
        d_ah_all = None  # the hidden side's, when it differs from d_ax (GRU; rnn/lstm share it)
        dh_all = np.empty((T, N, H))  # total gradient reaching h_t, for the norms
        for t in range(T - 1, -1, -1):
            carry_h[0] += g_out[:, t]
            # with full BPTT there is one age bucket: take it rather than sum over one slice
            dh_all[t] = carry_h.sum(axis=0) if truncated else carry_h[0]
            d_ax, d_ah, dh_prev, dc_prev = self.cell.step_back(
                carry_h, carry_c, caches[t], p["W_hh"]
            )
            d_ax_all[:, t] = d_ax.sum(axis=0) if truncated else d_ax[0]
            if d_ah is not d_ax:
                if d_ah_all is None:
                    d_ah_all = np.empty((N, T, GH))
                d_ah_all[:, t] = d_ah.sum(axis=0) if truncated else d_ah[0]
            if truncated:  # age every contribution by one step; drop those older than k
                carry_h[1:] = dh_prev[:-1]
                carry_h[0] = 0.0
                if carry_c is not None:
                    carry_c[1:] = dc_prev[:-1]
                    carry_c[0] = 0.0
            else:
                carry_h = dh_prev
                carry_c = dc_prev
        flat = d_ax_all.reshape(N * T, GH)
        # W_hh's gradient Σ_t d_ah,t^T h_{t-1} as one product over all steps (instead of T
        # small ones inside the loop), like W_ih's
        flat_h = flat if d_ah_all is None else d_ah_all.reshape(N * T, GH)
        h_prev = np.stack([cache["h_prev"] for cache in caches], axis=1).reshape(N * T, H)
        self.grads = {
            "W_ih": flat.T.dot(x.reshape(N * T, self.n_in)),
            "W_hh": flat_h.T.dot(h_prev),
            "b_ih": flat.sum(axis=0),
            "b_hh": flat_h.sum(axis=0),
        }
        self.last_grad_h_norms = np.sqrt(np.sum(dh_all**2, axis=(1, 2)))
        return flat.dot(p["W_ih"]).reshape(N, T, self.n_in)  # 2-D product, as in forward

    def output_size(self) -> int:
        return self.hidden

    def describe(self) -> dict:
        return {
            "kind": self.kind,
            "cell": self.cell_name,
            "n_in": self.n_in,
            "hidden": self.hidden,
            "return_sequences": self.return_sequences,
            "nonlinearity": self.nonlinearity,
            "init": self.init,
            "forget_bias": self.forget_bias,
            "bptt_steps": self.bptt_steps,
        }


class Bidirectional(Layer):
    """Runs ``layer_fwd`` over x and ``layer_bwd`` over x reversed in time.

    Output: [forward ; backward] concatenated on the last axis, both in the original time
    order: (N, T, H_f + H_b) with return_sequences, else (N, H_f + H_b) made of the forward
    layer's last step and the backward layer's last step over the reversed sequence (the
    original t = 0), as PyTorch's h_n. Parameters are the forward layer's "W_ih", ... and
    the backward layer's under PyTorch's suffix: "W_ih_reverse", ...; the wrapper's
    ``params`` are the truth (pushed into the two layers at every forward).

    Records: ``last_h`` (N, T, H_f + H_b) in original time order and
    ``last_grad_h_norms`` (T,) = ‖∂L/∂[h_f,t ; h_b,t]‖ in original time order; the inner
    layers keep their own records (the backward one in reversed time).
    """

    kind = "bidirectional"

    def __init__(self, layer_fwd: Recurrent, layer_bwd: Recurrent) -> None:
        super().__init__()
        if layer_fwd.n_in != layer_bwd.n_in:
            raise ValueError("layer_bwd: both directions must read the same input size")
        if layer_fwd.return_sequences != layer_bwd.return_sequences:
            raise ValueError("layer_bwd: both directions need the same return_sequences")
        self.fwd, self.bwd = layer_fwd, layer_bwd
        self.n_in = layer_fwd.n_in
        self.return_sequences = layer_fwd.return_sequences
        for name in PARAM_NAMES:
            self.params[name] = layer_fwd.params[name]
            self.params[name + "_reverse"] = layer_bwd.params[name]
        self.zero_grads()
        self.last_h: np.ndarray | None = None
        self.last_grad_h_norms: np.ndarray | None = None

    def _sync(self) -> None:
        for name in PARAM_NAMES:
            self.fwd.params[name] = self.params[name]
            self.bwd.params[name] = self.params[name + "_reverse"]

    def forward(self, x: np.ndarray, training: bool = True) -> np.ndarray:
        """x (N, T, n_in) → (N, T, H_f + H_b) or (N, H_f + H_b)."""
        self._sync()
        x = np.asarray(x, dtype=np.float64)
        y_f = self.fwd.forward(x, training)
        y_b = self.bwd.forward(x[:, ::-1], training)
        if self.return_sequences:
            y_b = y_b[:, ::-1]
        self.last_h = np.concatenate([self.fwd.last_h, self.bwd.last_h[:, ::-1]], axis=-1)
        return np.concatenate([y_f, y_b], axis=-1)

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        """dL/d(output) → dL/dx (N, T, n_in); fills ``grads`` for both directions."""
        H_f = self.fwd.output_size()
        g_f, g_b = grad_out[..., :H_f], grad_out[..., H_f:]
        if self.return_sequences:
            g_b = g_b[:, ::-1]
        dx = self.fwd.backward(g_f) + self.bwd.backward(g_b)[:, ::-1]
        self.grads = {}
        for name in PARAM_NAMES:
            self.grads[name] = self.fwd.grads[name]
            self.grads[name + "_reverse"] = self.bwd.grads[name]
        self.last_grad_h_norms = np.sqrt(
            self.fwd.last_grad_h_norms**2 + self.bwd.last_grad_h_norms[::-1] ** 2
        )
        return dx

    def zero_grads(self) -> None:
        super().zero_grads()
        self.fwd.zero_grads()
        self.bwd.zero_grads()

    def output_size(self) -> int:
        return self.fwd.output_size() + self.bwd.output_size()

    def describe(self) -> dict:
        d = self.fwd.describe()
        d.update(
            kind=self.kind,
            hidden=self.output_size(),
            forward=self.fwd.describe(),
            backward=self.bwd.describe(),
        )
        return d


def build_stacked(
    n_in: int,
    hidden: int,
    layers: int = 1,
    cell: str = "lstm",
    bidirectional: bool = False,
    rng: np.random.Generator | None = None,
    return_sequences: bool = True,
    **kwargs,
) -> list[Layer]:
    """A deep RNN as consecutive layers, like ``torch.nn.LSTM(n_in, hidden, layers, ...)``.

    Layer k > 0 reads the previous layer's sequence (hidden, or 2*hidden if bidirectional);
    only the last layer follows ``return_sequences``. ``kwargs`` go to every ``Recurrent``
    (nonlinearity, init, forget_bias, bptt_steps).
    """
    if layers < 1:
        raise ValueError(f"layers: need at least 1, got {layers}")
    rng = rng if rng is not None else np.random.default_rng(0)
    out: list[Layer] = []
    size = n_in
    for k in range(layers):
        seq = return_sequences or k < layers - 1
        if bidirectional:
            out.append(
                Bidirectional(
                    Recurrent(size, hidden, cell, seq, rng, **kwargs),
                    Recurrent(size, hidden, cell, seq, rng, **kwargs),
                )
            )
            size = 2 * hidden
        else:
            out.append(Recurrent(size, hidden, cell, seq, rng, **kwargs))
            size = hidden
    return out


_TORCH_NAMES = {"W_ih": "weight_ih", "W_hh": "weight_hh", "b_ih": "bias_ih", "b_hh": "bias_hh"}


def _torch_keys(layers: list[Layer]) -> list[tuple[Layer, str, str]]:
    """(layer, our param name, PyTorch state-dict name) for every parameter."""
    keys = []
    for k, layer in enumerate(layers):
        if not isinstance(layer, (Recurrent, Bidirectional)):
            raise TypeError(f"layers[{k}]: not a recurrent layer ({type(layer).__name__})")
        suffixes = ("", "_reverse") if isinstance(layer, Bidirectional) else ("",)
        for suffix in suffixes:
            for ours, theirs in _TORCH_NAMES.items():
                keys.append((layer, ours + suffix, f"{theirs}_l{k}{suffix}"))
    return keys


def load_torch_state(layers: list[Layer], state: Mapping[str, np.ndarray]) -> None:
    """Copy PyTorch-named weights (``weight_ih_l{k}[_reverse]``, ``weight_hh_l{k}``,
    ``bias_ih_l{k}``, ``bias_hh_l{k}``) into ``layers`` (from ``build_stacked``), in place.
    Raises KeyError naming a missing entry and ValueError naming a shape mismatch."""
    for layer, ours, theirs in _torch_keys(layers):
        if theirs not in state:
            raise KeyError(f"{theirs}: missing from the state dict")
        value = np.asarray(state[theirs], dtype=np.float64)
        if value.shape != layer.params[ours].shape:
            raise ValueError(
                f"{theirs}: shape {value.shape}, the layer expects {layer.params[ours].shape}"
            )
        layer.params[ours][...] = value


def torch_state(layers: list[Layer]) -> dict[str, np.ndarray]:
    """The inverse of ``load_torch_state``: PyTorch state-dict names → copies of weights."""
    return {theirs: layer.params[ours].copy() for layer, ours, theirs in _torch_keys(layers)}
