"""Element-wise activation functions with their derivatives (numpy only).

Every function maps an array ``z`` of any shape to an array of the same shape.
Derivatives at exactly 0 follow PyTorch (relu'(0) = 0, leaky/prelu'(0) = alpha);
the threshold unit's derivative is 0 everywhere (it cannot be trained by gradients).
All functions are finite and warning-free for extreme inputs (|z| = 1e4 and beyond).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

__all__ = [
    "Activation",
    "ACTIVATIONS",
    "sigmoid",
    "sigmoid_from_exp",
    "softmax",
    "log_softmax",
    "get_activation",
]

ArrayFn = Callable[[np.ndarray, float], np.ndarray]


def sigmoid(z: np.ndarray) -> np.ndarray:
    """Numerically stable logistic function 1/(1+e^(−z)); same shape as ``z``."""
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(-np.abs(z))  # in (0, 1]: never overflows
    return sigmoid_from_exp(z, e)


def sigmoid_from_exp(z: np.ndarray, e: np.ndarray) -> np.ndarray:
    """σ(z) given ``e`` = exp(−|z|): 1/(1+e) where z ≥ 0, e/(1+e) where z < 0.

    One division with the numerator chosen per element gives exactly the values of the two
    branches (fewer temporaries than computing both). The sigmoid cross-entropy loss
    passes the ``e`` it has already computed, saving an exp.
    """
    return np.where(z >= 0, 1.0, e) / (1.0 + e)


def log_softmax(z: np.ndarray, axis: int = -1) -> np.ndarray:
    """Stable log of the softmax along ``axis``; same shape as ``z``."""
    z = np.asarray(z, dtype=np.float64)
    shifted = z - np.max(z, axis=axis, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


def softmax(z: np.ndarray, axis: int = -1) -> np.ndarray:
    """Stable softmax along ``axis`` (subtracts the maximum first); same shape as ``z``."""
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def _softplus(z: np.ndarray) -> np.ndarray:
    return np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))


def _elu(z: np.ndarray, a: float) -> np.ndarray:
    return np.where(z > 0, z, a * np.expm1(np.minimum(z, 0.0)))


def _elu_d(z: np.ndarray, a: float) -> np.ndarray:
    return np.where(z > 0, 1.0, a * np.exp(np.minimum(z, 0.0)))


def _tanh_d(z: np.ndarray, a: float) -> np.ndarray:
    t = np.tanh(z)
    return 1.0 - t * t


def _sigmoid_d(z: np.ndarray, a: float) -> np.ndarray:
    s = sigmoid(z)
    return s * (1.0 - s)


@dataclass(frozen=True)
class Activation:
    """One activation: ``f(z, alpha)`` and ``df(z, alpha)`` = dy/dz, element-wise.

    ``alpha`` is the negative slope for leaky_relu (a fixed hyper-parameter) and prelu
    (learned: ``has_alpha`` is True and ``dalpha`` gives dy/dalpha), the scale of elu's
    negative branch, and ignored otherwise; ``None`` means ``default_alpha``.
    """

    name: str
    label: str
    formula: str
    _f: ArrayFn
    _df: ArrayFn
    _dalpha: ArrayFn | None = None
    has_alpha: bool = False
    default_alpha: float = 0.0
    #: True when the function is a hard step/kink that gradient checks must avoid at 0
    kink_at_zero: bool = False
    #: dy/dz written with the output y instead of z (tanh: 1 − y², sigmoid: y·(1 − y),
    #: relu: the boolean mask y > 0, which multiplies as 0/1), for the functions where that
    #: is exact; None for the others. Layers use it in backward to skip evaluating the
    #: function a second time.
    df_out: Callable[[np.ndarray], np.ndarray] | None = None
    #: True for the identity (linear): layers then skip the copy and the multiply by 1
    identity: bool = False

    def f(self, z: np.ndarray, alpha: float | None = None) -> np.ndarray:
        """y = f(z); same shape as ``z``."""
        a = self.default_alpha if alpha is None else alpha
        return self._f(np.asarray(z, dtype=np.float64), a)

    def df(self, z: np.ndarray, alpha: float | None = None) -> np.ndarray:
        """dy/dz at ``z``; same shape as ``z``."""
        a = self.default_alpha if alpha is None else alpha
        return self._df(np.asarray(z, dtype=np.float64), a)

    def dalpha(self, z: np.ndarray, alpha: float | None = None) -> np.ndarray:
        """dy/dalpha at ``z`` (prelu only; zeros for the others); same shape as ``z``."""
        z = np.asarray(z, dtype=np.float64)
        if self._dalpha is None:
            return np.zeros_like(z)
        a = self.default_alpha if alpha is None else alpha
        return self._dalpha(z, a)


def _make() -> dict[str, Activation]:
    acts = [
        Activation(
            "threshold",
            "Threshold (step)",
            "H(z) = 1 if z > 0 else 0",
            lambda z, a: (z > 0).astype(np.float64),
            lambda z, a: np.zeros_like(z),
            kink_at_zero=True,
        ),
        Activation(
            "sigmoid",
            "Sigmoid",
            "σ(z) = 1/(1+e^(−z))",
            lambda z, a: sigmoid(z),
            _sigmoid_d,
            df_out=lambda y: y * (1.0 - y),
        ),
        Activation(
            "tanh",
            "Tanh",
            "tanh(z) = (e^z − e^(−z))/(e^z + e^(−z))",
            lambda z, a: np.tanh(z),
            _tanh_d,
            df_out=lambda y: 1.0 - y * y,
        ),
        Activation(
            "linear",
            "Linear (identity)",
            "f(z) = z",
            lambda z, a: z.copy(),
            lambda z, a: np.ones_like(z),
            identity=True,
        ),
        Activation(
            "relu",
            "ReLU",
            "ReLU(z) = max(0, z)",
            lambda z, a: np.maximum(z, 0.0),
            lambda z, a: (z > 0).astype(np.float64),
            kink_at_zero=True,
            df_out=lambda y: y > 0,  # max(z, 0) > 0 exactly when z > 0; a mask: × gives 0 or g
        ),
        Activation(
            "leaky_relu",
            "Leaky ReLU",
            "f(z) = z if z > 0 else a·z (fixed a)",
            lambda z, a: np.where(z > 0, z, a * z),
            lambda z, a: np.where(z > 0, 1.0, a),
            default_alpha=0.01,
            kink_at_zero=True,
        ),
        Activation(
            "prelu",
            "PReLU",
            "f(z) = z if z > 0 else α·z (α learned)",
            lambda z, a: np.where(z > 0, z, a * z),
            lambda z, a: np.where(z > 0, 1.0, a),
            lambda z, a: np.where(z > 0, 0.0, z),
            has_alpha=True,
            default_alpha=0.25,
            kink_at_zero=True,
        ),
        Activation(
            "softplus",
            "Softplus",
            "f(z) = ln(1 + e^z)",
            lambda z, a: _softplus(z),
            lambda z, a: sigmoid(z),
        ),
        Activation(
            "elu",
            "ELU",
            "f(z) = z if z > 0 else e^z − 1",
            _elu,
            _elu_d,
            default_alpha=1.0,
        ),
    ]
    return {a.name: a for a in acts}


#: name → Activation, in display order
ACTIVATIONS: dict[str, Activation] = _make()


def get_activation(name: str) -> Activation:
    """Look up an activation by name; ValueError naming the value if unknown."""
    try:
        return ACTIVATIONS[name]
    except KeyError:
        raise ValueError(
            f"activation: unknown activation {name!r} (choose from {', '.join(ACTIVATIONS)})"
        ) from None
