"""Finite-difference gradient checks (numpy only)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .layers.base import Layer
from .network import Network

__all__ = ["numeric_grad", "rel_error", "check_layer_gradients", "check_network_gradients"]


def numeric_grad(
    f: Callable[[], float] | Callable[[np.ndarray], float], x: np.ndarray, eps: float = 1e-6
) -> np.ndarray:
    """Central-difference gradient of scalar ``f`` w.r.t. array ``x`` (same shape as x).

    ``x`` is perturbed in place and restored; ``f`` is called as ``f(x)``.
    """
    g = np.zeros_like(x, dtype=np.float64)
    it = np.nditer(x, flags=["multi_index"])
    for _ in it:
        i = it.multi_index
        old = x[i]
        x[i] = old + eps
        fp = f(x)
        x[i] = old - eps
        fm = f(x)
        x[i] = old
        g[i] = (fp - fm) / (2 * eps)
    return g


def rel_error(a: np.ndarray, b: np.ndarray) -> float:
    """‖a − b‖ / max(‖a‖ + ‖b‖, 1e-12): a norm-wise relative error."""
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    return float(np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), 1e-12))


def check_layer_gradients(layer: Layer, x: np.ndarray, eps: float = 1e-6, seed: int = 0) -> float:
    """Max relative error between ``layer.backward`` and finite differences.

    Uses the scalar L = Σ forward(x) ⊙ R with a fixed random R, and checks dL/dx and
    dL/dparam for every parameter. ``x`` has the layer's input shape.
    """
    x = np.array(x, dtype=np.float64)
    out = layer.forward(x, training=True)
    R = np.random.default_rng(seed).normal(size=out.shape)
    dx = layer.backward(R)
    analytic = {"x": dx, **{k: v.copy() for k, v in layer.grads.items()}}

    def loss(_: np.ndarray) -> float:
        return float(np.sum(layer.forward(x, training=True) * R))

    errs = [rel_error(analytic["x"], numeric_grad(loss, x, eps))]
    for k, p in layer.params.items():
        errs.append(rel_error(analytic[k], numeric_grad(loss, p, eps)))
    return max(errs)


def check_network_gradients(
    network: Network,
    x: np.ndarray,
    y: np.ndarray,
    l1: float = 0.0,
    l2: float = 0.0,
    eps: float = 1e-6,
) -> float:
    """Max relative error of ``loss_and_grads`` against finite differences, over all
    parameters (frozen included)."""
    network.loss_and_grads(x, y, l1, l2)
    analytic = {
        f"{i}.{k}": g.copy()
        for i, layer in enumerate(network.layers)
        for k, g in layer.grads.items()
    }

    def loss(_: np.ndarray) -> float:
        return network.loss_and_grads(x, y, l1, l2)

    errs = []
    for key in network.param_keys():
        errs.append(rel_error(analytic[key], numeric_grad(loss, network.get_param(key), eps)))
    return max(errs)
