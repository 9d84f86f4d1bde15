"""Fully connected layer y = act(x @ W + b) (numpy only)."""

from __future__ import annotations

import numpy as np

from ..activations import get_activation
from ..initializers import init_weights
from .base import Layer

__all__ = ["Dense"]


class Dense(Layer):
    """Dense layer with parameters ``W`` (n_in, n_out), ``b`` (n_out,) and, for prelu,
    ``alpha`` (1,) (one learned negative slope shared by the layer, initially 0.25).

    ``x`` is (N, n_in) or (N, T, n_in) (applied at every time step); the output is
    (N, n_out) or (N, T, n_out). ``slope`` is leaky_relu's fixed negative slope.
    After ``forward``, ``last_z`` holds the pre-activation and ``last_out`` the output.
    """

    kind = "dense"

    def __init__(
        self,
        n_in: int,
        n_out: int,
        activation: str = "tanh",
        init: str = "xavier",
        rng: np.random.Generator | None = None,
        slope: float = 0.01,
    ) -> None:
        super().__init__()
        self.n_in = int(n_in)
        self.n_out = int(n_out)
        self.act = get_activation(activation)
        self.activation = activation
        self.slope = float(slope)
        rng = rng if rng is not None else np.random.default_rng(0)
        self.params["W"] = init_weights(init, self.n_in, self.n_out, rng)
        self.params["b"] = np.zeros(self.n_out)
        if self.act.has_alpha:
            self.params["alpha"] = np.array([self.act.default_alpha])
        self.zero_grads()
        self.last_x: np.ndarray | None = None
        self.last_z: np.ndarray | None = None
        self.last_out: np.ndarray | None = None

    def _alpha(self) -> float | None:
        if self.act.has_alpha:
            return float(self.params["alpha"][0])
        if self.activation == "leaky_relu":
            return self.slope
        return None

    def forward(self, x: np.ndarray, training: bool = True) -> np.ndarray:
        """(N, n_in) or (N, T, n_in) → same leading shape with n_out features."""
        x = np.asarray(x, dtype=np.float64)
        if x.shape[-1] != self.n_in:
            raise ValueError(f"x: expected {self.n_in} input features, got shape {x.shape}")
        # ndarray.dot is the same BLAS product as ``@`` (bit for bit) with about half the
        # call overhead, which is most of the cost for a playground-size layer (10 × 8).
        z = x.dot(self.params["W"]) if x.ndim == 2 else x @ self.params["W"]
        z += self.params["b"]  # in place: one temporary fewer than z = x @ W + b
        if self.act.identity:
            out = z  # linear: the output is z itself (no copy; nothing writes to either)
        else:
            out = self.act.f(z, self._alpha())
        self.last_x, self.last_z, self.last_out = x, z, out
        return out

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        """dL/dout (shape of the output) → dL/dx; fills ``grads``."""
        gz = self._grad_params(grad_out)
        W = self.params["W"]
        return gz.dot(W.T) if gz.ndim == 2 else gz @ W.T

    def backward_params(self, grad_out: np.ndarray) -> None:
        """``backward`` without dL/dx: fills ``grads`` only (a network's first layer, whose
        input is the data, needs no input gradient; for 784-128-10 that skips a third of the
        matrix work of a training step)."""
        self._grad_params(grad_out)

    def _grad_params(self, grad_out: np.ndarray) -> np.ndarray:
        """Fill ``grads`` from dL/dout; returns dL/dz (shape of the output)."""
        if self.last_x is None or self.last_z is None:
            raise RuntimeError("Dense.backward called before forward")
        grad_out = np.asarray(grad_out, dtype=np.float64)
        act = self.act
        if act.identity:
            gz = grad_out  # dy/dz = 1
        elif act.df_out is not None:
            gz = grad_out * act.df_out(self.last_out)  # e.g. tanh' = 1 − y²: no second tanh
        else:
            gz = grad_out * act.df(self.last_z, self._alpha())
        x2 = self.last_x.reshape(-1, self.n_in)
        gz2 = gz.reshape(-1, self.n_out)
        self.grads["W"] = x2.T.dot(gz2)
        self.grads["b"] = gz2.sum(axis=0)
        if act.has_alpha:
            a = self._alpha()
            self.grads["alpha"] = np.array([np.sum(grad_out * act.dalpha(self.last_z, a))])
        return gz

    def output_size(self) -> int:
        return self.n_out

    def describe(self) -> dict:
        return {
            "kind": self.kind,
            "n_in": self.n_in,
            "n_out": self.n_out,
            "activation": self.activation,
        }
