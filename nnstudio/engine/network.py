"""A feed-forward stack of layers with a loss (numpy only)."""

from __future__ import annotations

import numpy as np

from .layers.base import Layer
from .losses import get_loss

__all__ = ["Network"]

Param = tuple[str, np.ndarray, np.ndarray]


class Network:
    """Layers applied in order, then ``loss`` ("mse", "bce" or "ce") on the last output.

    Parameter keys are "<layer index>.<name>" ("0.W", "0.b", "1.W", …), in layer order
    and, within a layer, in the order of its ``params`` dict.
    """

    def __init__(self, layers: list[Layer], loss: str) -> None:
        if not layers:
            raise ValueError("layers: a network needs at least one layer")
        self.layers: list[Layer] = list(layers)
        self.loss_name = loss
        self.loss = get_loss(loss)

    # -- forward / backward ---------------------------------------------------------
    def forward(self, x: np.ndarray, training: bool = True) -> np.ndarray:
        """Raw output (logits for bce/ce) for ``x`` of shape (N, …)."""
        out = np.asarray(x, dtype=np.float64)
        for layer in self.layers:
            out = layer.forward(out, training)
        return out

    def backward(self, grad: np.ndarray) -> np.ndarray:
        """Back-propagate dL/dout through every layer (fills each layer's grads); → dL/dx."""
        for layer in reversed(self.layers):
            grad = layer.backward(grad)
        return grad

    def _backward_params(self, grad: np.ndarray) -> None:
        """``backward`` for training: fills the grads, skips dL/dx of the data.

        The first layer's input gradient is a full matrix product nobody uses; layers that
        can skip it offer ``backward_params`` (Dense does), the others run ``backward``.
        """
        for layer in self.layers[:0:-1]:  # every layer but the first, last to second
            grad = layer.backward(grad)
        first = self.layers[0]
        getattr(first, "backward_params", first.backward)(grad)

    def loss_and_grads(
        self, x: np.ndarray, y: np.ndarray, l1: float = 0.0, l2: float = 0.0
    ) -> float:
        """Forward + backward on one batch; returns the loss plus penalty.

        The penalty l2/2·Σw² + l1·Σ|w| covers parameters whose name starts with "W"
        (weights, not biases or PReLU slopes); its gradient is added to the grads.
        """
        out = self.forward(x, training=True)
        loss, grad = self.loss.value_and_grad(out, y)
        self._backward_params(grad)
        if l1 or l2:
            pen = 0.0
            for layer in self.layers:
                for name, w in layer.params.items():
                    if not name.startswith("W"):
                        continue
                    g = layer.grads[name]
                    if l2:
                        pen += 0.5 * l2 * float(np.sum(w * w))
                        g += l2 * w
                    if l1:
                        pen += l1 * float(np.sum(np.abs(w)))
                        g += l1 * np.sign(w)
            loss += pen
        return float(loss)

    def loss_value(self, x: np.ndarray, y: np.ndarray) -> float:
        """Data loss (no penalty) without back-propagation."""
        return self.loss.value(self.forward(x, training=False), y)

    # -- parameters -----------------------------------------------------------------
    def parameters(self) -> list[Param]:
        """(key, param, grad) for every trainable (not frozen) parameter, stable order.

        The arrays are live: optimizers update ``param`` in place. Call after
        ``loss_and_grads`` (backward replaces the grad arrays).
        """
        out: list[Param] = []
        for i, layer in enumerate(self.layers):
            for name, p in layer.params.items():
                if name in layer.frozen:
                    continue
                g = layer.grads.get(name)
                if g is None:
                    g = np.zeros_like(p)
                    layer.grads[name] = g
                out.append((f"{i}.{name}", p, g))
        return out

    def param_keys(self) -> list[str]:
        """All parameter keys (frozen included), stable order."""
        return [f"{i}.{n}" for i, layer in enumerate(self.layers) for n in layer.params]

    def get_param(self, key: str) -> np.ndarray:
        """The live parameter array for ``key`` ("<layer>.<name>")."""
        layer, name = self._resolve(key)
        return layer.params[name]

    def _resolve(self, key: str) -> tuple[Layer, str]:
        idx, _, name = key.partition(".")
        try:
            layer = self.layers[int(idx)]
        except (ValueError, IndexError):
            raise KeyError(f"key: no layer for parameter {key!r}") from None
        if name not in layer.params:
            raise KeyError(f"key: layer {idx} has no parameter {name!r}")
        return layer, name

    def n_params(self) -> int:
        return sum(layer.n_params() for layer in self.layers)

    # -- views ----------------------------------------------------------------------
    def predict(self, x: np.ndarray) -> np.ndarray:
        """Output with the loss link applied: identity (mse), probabilities (bce, ce)."""
        return self.loss.predict(self.forward(x, training=False))

    def layer_outputs(self, x: np.ndarray) -> list[np.ndarray]:
        """Each layer's output (copies) for ``x``, first layer first."""
        outs = []
        out = np.asarray(x, dtype=np.float64)
        for layer in self.layers:
            out = layer.forward(out, training=False)
            outs.append(out.copy())
        return outs

    def describe(self) -> list[dict]:
        return [layer.describe() for layer in self.layers]

    # -- state ----------------------------------------------------------------------
    def state_dict(self) -> dict[str, np.ndarray]:
        """key → copy of every parameter (frozen included)."""
        return {
            f"{i}.{n}": p.copy()
            for i, layer in enumerate(self.layers)
            for n, p in layer.params.items()
        }

    def weights_copy(self) -> dict[str, np.ndarray]:
        """Snapshot of all parameters (same as ``state_dict``)."""
        return self.state_dict()

    def load_state_dict(self, d: dict[str, np.ndarray]) -> None:
        """Copy values into the live parameters; every key must exist with equal shape.

        Checked completely before anything changes (ValueError naming the key).
        """
        keys = set(self.param_keys())
        missing = keys - set(d)
        extra = set(d) - keys
        if missing or extra:
            raise ValueError(
                f"state: missing keys {sorted(missing)}, unexpected keys {sorted(extra)}"
            )
        for k in keys:
            p = self.get_param(k)
            if np.shape(d[k]) != p.shape:
                raise ValueError(f"state[{k!r}]: shape {np.shape(d[k])} != {p.shape}")
        for k in keys:
            self.get_param(k)[...] = np.asarray(d[k], dtype=np.float64)
