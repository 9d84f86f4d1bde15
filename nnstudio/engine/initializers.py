"""Weight initialisers. Biases always start at 0 (the layers do that, not this module).

``init_weights(kind, n_in, n_out, rng)`` returns a float64 array of shape (n_in, n_out):

* ``uniform``: U(−0.5, 0.5), as TensorFlow Playground does;
* ``xavier``: Glorot uniform, U(−a, a) with a = √(6/(n_in + n_out));
* ``he``: He (Kaiming) normal, N(0, 2/n_in);
* ``zeros``: all zero (shows why symmetry must be broken).
"""

from __future__ import annotations

import numpy as np

__all__ = ["INITIALIZERS", "init_weights"]

#: (name, display label), in display order
INITIALIZERS: list[tuple[str, str]] = [
    ("uniform", "Uniform U(−0.5, 0.5)"),
    ("xavier", "Xavier / Glorot uniform"),
    ("he", "He (Kaiming) normal"),
    ("zeros", "Zeros"),
]


def init_weights(kind: str, n_in: int, n_out: int, rng: np.random.Generator) -> np.ndarray:
    """Initial weight matrix of shape (n_in, n_out) drawn from ``rng``."""
    if n_in < 1 or n_out < 1:
        raise ValueError(f"n_in/n_out: sizes must be ≥ 1, got ({n_in}, {n_out})")
    if kind == "uniform":
        return rng.uniform(-0.5, 0.5, size=(n_in, n_out))
    if kind == "xavier":
        a = np.sqrt(6.0 / (n_in + n_out))
        return rng.uniform(-a, a, size=(n_in, n_out))
    if kind == "he":
        return rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out))
    if kind == "zeros":
        return np.zeros((n_in, n_out))
    names = ", ".join(n for n, _ in INITIALIZERS)
    raise ValueError(f"init: unknown initializer {kind!r} (choose from {names})")
