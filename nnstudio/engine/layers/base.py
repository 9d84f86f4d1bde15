"""The contract every engine layer follows (numpy only, no Qt).

A layer maps an input batch to an output batch and back-propagates a gradient:

* ``forward(x, training)`` caches what ``backward`` needs and returns the output;
* ``backward(grad_out)`` stores parameter gradients in ``self.grads`` (same keys and
  shapes as ``self.params``; overwritten, never accumulated) and returns ``dL/dx``;
* ``params`` / ``grads`` are dicts of float64 arrays; optimizers update ``params`` in place;
* ``describe()`` returns plain data for views (kind, sizes, activation name).

Feed-forward layers take ``x`` of shape (N, features); recurrent layers take
(N, T, features). Randomness comes only from a ``numpy.random.Generator`` passed in.
"""

from __future__ import annotations

import numpy as np


class Layer:
    """Base class: subclasses fill ``params`` and implement forward/backward."""

    kind = "layer"

    def __init__(self) -> None:
        self.params: dict[str, np.ndarray] = {}
        self.grads: dict[str, np.ndarray] = {}
        #: parameters the optimizer must not change (e.g. frozen for a loss landscape)
        self.frozen: set[str] = set()

    def forward(self, x: np.ndarray, training: bool = True) -> np.ndarray:
        raise NotImplementedError

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def output_size(self) -> int:
        raise NotImplementedError

    def describe(self) -> dict:
        return {"kind": self.kind}

    def zero_grads(self) -> None:
        self.grads = {k: np.zeros_like(v) for k, v in self.params.items()}

    def n_params(self) -> int:
        return int(sum(v.size for v in self.params.values()))
