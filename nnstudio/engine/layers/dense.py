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
        z = x @ self.params["W"] + self.params["b"]
        out = self.act.f(z, self._alpha())
        self.last_x, self.last_z, self.last_out = x, z, out
        return out

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        """dL/dout (shape of the output) → dL/dx; fills ``grads``."""
        if self.last_x is None or self.last_z is None:
            raise RuntimeError("Dense.backward called before forward")
        a = self._alpha()
        gz = grad_out * self.act.df(self.last_z, a)
        x2 = self.last_x.reshape(-1, self.n_in)
        gz2 = gz.reshape(-1, self.n_out)
        self.grads["W"] = x2.T @ gz2
        self.grads["b"] = gz2.sum(axis=0)
        if self.act.has_alpha:
            self.grads["alpha"] = np.array([np.sum(grad_out * self.act.dalpha(self.last_z, a))])
        return gz @ self.params["W"].T

    def output_size(self) -> int:
        return self.n_out

    def describe(self) -> dict:
        return {
            "kind": self.kind,
            "n_in": self.n_in,
            "n_out": self.n_out,
            "activation": self.activation,
        }
