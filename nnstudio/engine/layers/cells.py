"""The maths of one time step of a recurrent cell (numpy only, no Qt).

Each cell works on *pre-activations* split in an input part and a hidden part,
in PyTorch's layout (``gates`` blocks of ``H`` rows, PyTorch's gate order)::

    a_x = x_t @ W_ih.T + b_ih        (N, G*H)   computed for all t at once by the layer
    a_h = h_{t-1} @ W_hh.T + b_hh    (N, G*H)   computed step by step

* ``rnn``:  h = act(a_x + a_h), act = tanh or relu
* ``lstm``: [i, f, g, o] = [σ, σ, tanh, σ](a_x + a_h); c = f*c_prev + i*g; h = o*tanh(c)
* ``gru``:  r = σ(a_x,r + a_h,r); z = σ(a_x,z + a_h,z); n = tanh(a_x,n + r*a_h,n);
  h = (1-z)*n + z*h_prev

``step`` returns the new state and a cache (dict of (N, H) arrays). ``step_back`` takes the
gradient reaching the step's output state and returns the gradients of the two
pre-activations and of the previous state. The incoming gradients may carry extra
leading axes (e.g. (A, N, H), one slice per truncated-BPTT source age): every operation
broadcasts the (N, H) cache against them, which is what makes truncation vectorised.

(``step`` writes ``h_prev.dot(W_hh.T)``: the same BLAS product as ``h_prev @ W_hh.T``, bit
for bit, with half the call overhead, which counts when it runs at every time step.)
"""

from __future__ import annotations

import numpy as np

__all__ = ["sigmoid", "Cell", "RNNCell", "LSTMCell", "GRUCell", "CELLS", "make_cell"]


def sigmoid(z: np.ndarray) -> np.ndarray:
    """Numerically stable logistic 1/(1+e^(−z)); same shape as ``z``, never overflows."""
    e = np.exp(-np.abs(z))
    # 1/(1+e) for z ≥ 0, e/(1+e) for z < 0: one division with the numerator picked per
    # element gives exactly the two branches' values with fewer temporaries
    return np.where(z >= 0, 1.0, e) / (1.0 + e)


class Cell:
    """One recurrent step. ``gates`` is the number of H-row blocks in W_ih / W_hh."""

    name = "cell"
    gates = 1
    #: display names of the gate activations recorded for views, in PyTorch's order
    gate_names: tuple[str, ...] = ()
    has_cell_state = False

    def step(
        self,
        a_x: np.ndarray,
        h_prev: np.ndarray,
        c_prev: np.ndarray | None,
        W_hh: np.ndarray,
        b_hh: np.ndarray,
    ) -> tuple[np.ndarray, np.ndarray | None, dict[str, np.ndarray]]:
        """One step forward.

        a_x (N, G*H) input pre-activation; h_prev, c_prev (N, H) previous state (c only for
        LSTM, else None). Returns (h (N, H), c (N, H) or None, cache).
        """
        raise NotImplementedError

    def step_back(
        self,
        dh: np.ndarray,
        dc: np.ndarray | None,
        cache: dict[str, np.ndarray],
        W_hh: np.ndarray,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray | None]:
        """One step backward.

        dh, dc (..., N, H): gradient reaching this step's h (and c). Returns
        (d a_x (..., N, G*H), d a_h (..., N, G*H), dh_prev (..., N, H), dc_prev or None).
        """
        raise NotImplementedError


class RNNCell(Cell):
    """Elman RNN: h = tanh(a_x + a_h) (or relu)."""

    name = "rnn"
    gates = 1

    def __init__(self, nonlinearity: str = "tanh") -> None:
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"nonlinearity: must be 'tanh' or 'relu', got {nonlinearity!r}")
        self.nonlinearity = nonlinearity

    def step(self, a_x, h_prev, c_prev, W_hh, b_hh):
        pre = a_x + h_prev.dot(W_hh.T) + b_hh
        h = np.tanh(pre) if self.nonlinearity == "tanh" else np.maximum(pre, 0.0)
        return h, None, {"h": h, "h_prev": h_prev}

    def step_back(self, dh, dc, cache, W_hh):
        h = cache["h"]
        if self.nonlinearity == "tanh":
            d_pre = dh * (1.0 - h * h)
        else:
            d_pre = dh * (h > 0.0)
        return d_pre, d_pre, d_pre @ W_hh, None


class LSTMCell(Cell):
    """Long short-term memory, gates [input i, forget f, cell g, output o]."""

    name = "lstm"
    gates = 4
    gate_names = ("input", "forget", "cell", "output")
    has_cell_state = True

    def step(self, a_x, h_prev, c_prev, W_hh, b_hh):
        H = h_prev.shape[-1]
        pre = a_x + h_prev.dot(W_hh.T) + b_hh
        s = sigmoid(pre)  # one call for the three sigmoid gates (g's slice is unused)
        i, f, o = s[:, :H], s[:, H : 2 * H], s[:, 3 * H :]
        g = np.tanh(pre[:, 2 * H : 3 * H])
        c = f * c_prev + i * g
        tc = np.tanh(c)
        h = o * tc
        cache = {
            "input": i,
            "forget": f,
            "cell": g,
            "output": o,
            "tc": tc,
            "c_prev": c_prev,
            "h_prev": h_prev,
        }
        return h, c, cache

    def step_back(self, dh, dc, cache, W_hh):
        i, f, g, o = cache["input"], cache["forget"], cache["cell"], cache["output"]
        tc = cache["tc"]
        dc_tot = dh * o * (1.0 - tc * tc)
        if dc is not None:
            dc_tot = dc_tot + dc
        d_pre = np.concatenate(
            [
                dc_tot * g * i * (1.0 - i),
                dc_tot * cache["c_prev"] * f * (1.0 - f),
                dc_tot * i * (1.0 - g * g),
                dh * tc * o * (1.0 - o),
            ],
            axis=-1,
        )
        return d_pre, d_pre, d_pre @ W_hh, dc_tot * f


class GRUCell(Cell):
    """Gated recurrent unit, gates [reset r, update z, new n] (PyTorch's formulation)."""

    name = "gru"
    gates = 3
    gate_names = ("reset", "update", "new")

    def step(self, a_x, h_prev, c_prev, W_hh, b_hh):
        H = h_prev.shape[-1]
        a_h = h_prev.dot(W_hh.T) + b_hh
        rz = sigmoid(a_x[:, : 2 * H] + a_h[:, : 2 * H])
        r, z = rz[:, :H], rz[:, H:]
        hn = a_h[:, 2 * H :]
        n = np.tanh(a_x[:, 2 * H :] + r * hn)
        h = (1.0 - z) * n + z * h_prev
        cache = {"reset": r, "update": z, "new": n, "hn": hn, "h_prev": h_prev}
        return h, None, cache

    def step_back(self, dh, dc, cache, W_hh):
        r, z, n, hn = cache["reset"], cache["update"], cache["new"], cache["hn"]
        dn_pre = dh * (1.0 - z) * (1.0 - n * n)
        dz_pre = dh * (cache["h_prev"] - n) * z * (1.0 - z)
        dr_pre = dn_pre * hn * r * (1.0 - r)
        d_ax = np.concatenate([dr_pre, dz_pre, dn_pre], axis=-1)
        d_ah = np.concatenate([dr_pre, dz_pre, dn_pre * r], axis=-1)
        return d_ax, d_ah, d_ah @ W_hh + dh * z, None


CELLS: dict[str, type[Cell]] = {"rnn": RNNCell, "lstm": LSTMCell, "gru": GRUCell}


def make_cell(cell: str, nonlinearity: str = "tanh") -> Cell:
    """A cell object by name ("rnn", "lstm" or "gru")."""
    if cell not in CELLS:
        raise ValueError(f"cell: unknown cell {cell!r} (choose from {', '.join(CELLS)})")
    if cell == "rnn":
        return RNNCell(nonlinearity)
    if nonlinearity != "tanh":
        raise ValueError(f"nonlinearity: only the rnn cell takes one, got {nonlinearity!r}")
    return CELLS[cell]()
