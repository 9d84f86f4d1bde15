"""Loss functions on network outputs (numpy only), all computed stably from logits.

Every leading dimension of ``out`` counts as a sample: an output of shape (N, T, K)
(a recurrent many-to-many net) is treated as N·T samples of K values.

* ``mse``: C = 1/(2N) Σ_j ‖ŷ_j − y_j‖²; target has the shape of ``out``.
* ``bce``: sigmoid binary cross-entropy from logits, mean over *all elements*
  (PyTorch's ``BCEWithLogitsLoss``); target in [0, 1] with the shape of ``out``.
* ``ce``: softmax cross-entropy from logits, mean over samples; target holds integer
  class labels of shape ``out.shape[:-1]`` (or a trailing 1), or a one-hot /
  probability array of the shape of ``out``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .activations import log_softmax, sigmoid, sigmoid_from_exp, softmax

__all__ = ["Loss", "LOSSES", "get_loss", "accuracy"]


def _as_2d(out: np.ndarray) -> np.ndarray:
    """(…, K) → (M, K); a 1-D output counts as M samples of one value."""
    out = np.asarray(out, dtype=np.float64)
    if out.ndim == 1:
        return out.reshape(-1, 1)
    return out.reshape(-1, out.shape[-1])


def _mse(out: np.ndarray, target: np.ndarray) -> tuple[float, np.ndarray]:
    out = np.asarray(out, dtype=np.float64)
    target = np.asarray(target, dtype=np.float64)
    if target.shape != out.shape:
        target = target.reshape(out.shape)
    n = _as_2d(out).shape[0]
    diff = out - target
    return float(0.5 * np.sum(diff * diff) / n), diff / n


def _bce(out: np.ndarray, target: np.ndarray) -> tuple[float, np.ndarray]:
    z = np.asarray(out, dtype=np.float64)
    y = np.asarray(target, dtype=np.float64)
    if y.shape != z.shape:
        y = y.reshape(z.shape)
    m = max(z.size, 1)
    e = np.exp(-np.abs(z))  # shared by the loss and σ(z) in the gradient
    # −[y log σ(z) + (1−y) log(1−σ(z))] = max(z,0) − z·y + log(1 + e^(−|z|))
    per = np.maximum(z, 0.0) - z * y + np.log1p(e)
    return float(np.sum(per) / m), (sigmoid_from_exp(z, e) - y) / m


def _ce_targets(
    z2: np.ndarray, out_shape: tuple, target: np.ndarray
) -> tuple[np.ndarray | None, np.ndarray | None]:
    """(class indices (M,), None) for label targets; (None, (M, K) probabilities) for
    one-hot / probability targets of the output's shape."""
    target = np.asarray(target)
    k = z2.shape[1]
    if target.shape == tuple(out_shape) and np.issubdtype(target.dtype, np.floating) and k > 1:
        return None, target.reshape(z2.shape).astype(np.float64)
    labels = target.reshape(-1)
    if labels.size != z2.shape[0]:
        raise ValueError(f"target: {target.shape} labels do not match output {tuple(out_shape)}")
    idx = labels.astype(np.int64, copy=False)
    # integer labels need only the range check (two reductions, the common training case);
    # others must also be whole numbers
    whole = np.issubdtype(labels.dtype, np.integer) or not np.any(idx != labels)
    if not whole or (idx.size and (idx.min() < 0 or idx.max() >= k)):
        raise ValueError(f"target: class labels must be integers in [0, {k - 1}]")
    return idx, None


def _ce(out: np.ndarray, target: np.ndarray) -> tuple[float, np.ndarray]:
    out = np.asarray(out, dtype=np.float64)
    z2 = _as_2d(out)
    labels, probs = _ce_targets(z2, out.shape, target)
    n = z2.shape[0]
    logp = log_softmax(z2, axis=1)
    grad = np.exp(logp)  # softmax(z); dC/dz = (softmax(z) − y)/n, computed in place
    if labels is not None:
        # y is one-hot: pick each sample's log-probability and subtract 1 at its label
        # instead of building the (n, K) one-hot array and multiplying by it
        rows = np.arange(n)
        loss = -float(np.sum(logp[rows, labels])) / n
        grad[rows, labels] -= 1.0
    else:
        loss = -float(np.sum(probs * logp)) / n
        grad -= probs
    grad /= n
    return loss, grad.reshape(out.shape)


def _identity(out: np.ndarray) -> np.ndarray:
    return np.asarray(out, dtype=np.float64).copy()


@dataclass(frozen=True)
class Loss:
    """A loss: ``value_and_grad(out, target) -> (C, dC/dout)`` and ``predict(out)``.

    ``predict`` applies the output link: identity (mse), sigmoid (bce), softmax (ce).
    """

    name: str
    label: str
    formula: str
    _vg: Callable[[np.ndarray, np.ndarray], tuple[float, np.ndarray]]
    _predict: Callable[[np.ndarray], np.ndarray]

    def value_and_grad(self, out: np.ndarray, target: np.ndarray) -> tuple[float, np.ndarray]:
        """Loss value (float) and gradient with the shape of ``out``."""
        return self._vg(out, target)

    def value(self, out: np.ndarray, target: np.ndarray) -> float:
        return self._vg(out, target)[0]

    def predict(self, out: np.ndarray) -> np.ndarray:
        """Network output → prediction (probabilities for bce/ce); shape of ``out``."""
        return self._predict(out)


LOSSES: dict[str, Loss] = {
    "mse": Loss("mse", "Mean squared error", "C = 1/(2N) Σⱼ ‖ŷⱼ − yⱼ‖²", _mse, _identity),
    "bce": Loss(
        "bce",
        "Binary cross-entropy (sigmoid)",
        "C = −1/M Σ [y·ln σ(z) + (1−y)·ln(1−σ(z))]",
        _bce,
        sigmoid,
    ),
    "ce": Loss(
        "ce",
        "Cross-entropy (softmax)",
        "C = −1/N Σⱼ ln softmax(zⱼ)[yⱼ]",
        _ce,
        lambda out: softmax(out, axis=-1),
    ),
}


def get_loss(name: str) -> Loss:
    """Look up a loss by name; ValueError naming the value if unknown."""
    try:
        return LOSSES[name]
    except KeyError:
        raise ValueError(f"loss: unknown loss {name!r} (choose from {', '.join(LOSSES)})") from None


def r2_score(pred: np.ndarray, target: np.ndarray) -> float:
    """Coefficient of determination 1 − SS_res / SS_tot over all outputs (per output column
    means); nan when the targets are constant or the predictions are not finite."""
    p = np.asarray(pred, dtype=np.float64).reshape(-1, np.shape(pred)[-1])
    y = np.asarray(target, dtype=np.float64).reshape(p.shape)
    ss_res = float(np.sum((y - p) ** 2))
    ss_tot = float(np.sum((y - y.mean(axis=0)) ** 2))
    if ss_tot <= 0 or not np.isfinite(ss_res):
        return float("nan")
    return 1.0 - ss_res / ss_tot


def accuracy(loss_name: str, out: np.ndarray, target: np.ndarray) -> float:
    """Fraction of correct predictions from raw outputs (logits for bce/ce).

    bce: σ(out) > 0.5 (i.e. out > 0) vs target; ce: argmax over the last axis vs labels
    (or argmax of one-hot targets); mse: out > 0.5 vs targets > 0.5 (binary 0/1 targets).
    """
    out = np.asarray(out, dtype=np.float64)
    target = np.asarray(target)
    if loss_name == "ce":
        z2 = _as_2d(out)
        pred = np.argmax(z2, axis=1)
        if (
            target.shape == out.shape
            and np.issubdtype(target.dtype, np.floating)
            and z2.shape[1] > 1
        ):
            labels = np.argmax(target.reshape(z2.shape), axis=1)
        else:
            labels = target.reshape(-1).astype(np.int64)
        return float(np.mean(pred == labels)) if labels.size else float("nan")
    t = target.reshape(out.shape).astype(np.float64)
    if loss_name == "bce":
        pred = out > 0.0
    elif loss_name == "mse":
        pred = out > 0.5
    else:
        raise ValueError(f"loss_name: unknown loss {loss_name!r}")
    return float(np.mean(pred == (t > 0.5))) if t.size else float("nan")
