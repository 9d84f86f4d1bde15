"""Loss landscapes in two parameters, and optimizer paths across them (numpy only).

A *surface* has ``value(xy)`` with xy of shape (..., 2) → (...) and ``grad(xy)`` with
xy of shape (2,) → (2,). Three classic analytic surfaces are in ``SURFACES``; a
``NetworkSurface`` is the training loss of a network as a function of two of its scalar
weights, everything else held fixed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

from .datasets.base import Dataset
from .network import Network
from .optimizers import Optimizer

__all__ = [
    "Surface",
    "SURFACES",
    "NetworkSurface",
    "network_loss_surface",
    "optimizer_paths",
    "surface_grid",
]


@dataclass(frozen=True)
class Surface:
    """An analytic f(x, y) with its gradient, a plotting extent and a suggested start."""

    name: str
    label: str
    formula: str
    _f: Callable[[np.ndarray, np.ndarray], np.ndarray]
    _g: Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]
    extent: tuple[float, float, float, float]
    start: tuple[float, float]
    minima: tuple[tuple[float, float], ...] = field(default_factory=tuple)

    def value(self, xy: np.ndarray) -> np.ndarray:
        """f at points xy of shape (..., 2) → shape (...)."""
        xy = np.asarray(xy, dtype=np.float64)
        return self._f(xy[..., 0], xy[..., 1])

    def grad(self, xy: np.ndarray) -> np.ndarray:
        """∇f at xy of shape (..., 2) → shape (..., 2)."""
        xy = np.asarray(xy, dtype=np.float64)
        gx, gy = self._g(xy[..., 0], xy[..., 1])
        return np.stack([gx, gy], axis=-1)


def _valley_f(x, y):
    return 0.05 * x * x + y * y


def _valley_g(x, y):
    return 0.1 * x, 2.0 * y


def _saddle_f(x, y):
    return x * x - y * y + 0.5 * y**4


def _saddle_g(x, y):
    return 2.0 * x, -2.0 * y + 2.0 * y**3


def _rosen_f(x, y):
    return (1.0 - x) ** 2 + 100.0 * (y - x * x) ** 2


def _rosen_g(x, y):
    r = y - x * x
    return -2.0 * (1.0 - x) - 400.0 * x * r, 200.0 * r


#: name → Surface
SURFACES: dict[str, Surface] = {
    s.name: s
    for s in (
        Surface(
            "valley",
            "Ill-conditioned valley",
            "f(x, y) = 0.05·x² + y²   (curvatures differ 20×)",
            _valley_f,
            _valley_g,
            (-10.0, 10.0, -4.0, 4.0),
            (-9.0, 3.0),
            ((0.0, 0.0),),
        ),
        Surface(
            "saddle",
            "Saddle point",
            "f(x, y) = x² − y² + y⁴/2   (saddle at 0, minima at (0, ±1))",
            _saddle_f,
            _saddle_g,
            (-2.0, 2.0, -2.0, 2.0),
            (-1.8, 1e-3),
            ((0.0, 1.0), (0.0, -1.0)),
        ),
        Surface(
            "rosenbrock",
            "Rosenbrock",
            "f(x, y) = (1 − x)² + 100·(y − x²)²",
            _rosen_f,
            _rosen_g,
            (-2.0, 2.0, -1.0, 3.0),
            (-1.5, 2.0),
            ((1.0, 1.0),),
        ),
    )
}


def surface_grid(surface, n: int = 100, extent=None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sample ``surface.value`` on an n×n grid: (xs (n,), ys (n,), Z (n, n) with Z[j, i] at
    (xs[i], ys[j]))."""
    x0, x1, y0, y1 = extent if extent is not None else surface.extent
    xs, ys = np.linspace(x0, x1, n), np.linspace(y0, y1, n)
    X, Y = np.meshgrid(xs, ys)
    return xs, ys, surface.value(np.stack([X, Y], axis=-1))


_KEY = re.compile(r"^(\d+\.[A-Za-z_]\w*)\[([\d,\s]*)\]$")


def _parse_key(network: Network, key) -> tuple[str, tuple[int, ...]]:
    """ "0.W[1,2]" or ("0.W", (1, 2)) → ("0.W", (1, 2)); a 1-element array may omit the index."""
    if isinstance(key, str):
        m = _KEY.match(key.strip())
        if m:
            pk = m.group(1)
            idx = tuple(int(v) for v in m.group(2).split(",") if v.strip())
        else:
            pk, idx = key, ()
    else:
        pk, idx = key[0], tuple(np.atleast_1d(key[1]).astype(int).tolist())
    try:
        p = network.get_param(pk)
    except KeyError:
        raise ValueError(f"key: no parameter {key!r}") from None
    if idx == () and p.size == 1:
        idx = (0,) * p.ndim
    if len(idx) != p.ndim or any(not 0 <= i < s for i, s in zip(idx, p.shape, strict=True)):
        raise ValueError(f"key: index {idx} does not fit parameter {pk!r} of shape {p.shape}")
    return pk, idx


class NetworkSurface:
    """The loss of ``network`` on ``data``'s training set as a function of two scalar
    weights, given as "0.W[1,2]" or ("0.W", (1, 2)); every other weight keeps its value.

    ``value``/``grad`` set the two weights, evaluate (full batch, no penalty) and restore
    them. ``center`` holds the two weights' values when the surface was made.
    """

    def __init__(self, network: Network, data: Dataset, key_a, key_b) -> None:
        self.network = network
        self.X, self.y = data.X_train, data.y_train
        self.keys = [_parse_key(network, key_a), _parse_key(network, key_b)]
        if self.keys[0] == self.keys[1]:
            raise ValueError("key_b: choose two different weights")
        self.center = np.array([network.get_param(k)[i] for k, i in self.keys])

    def _set(self, ab: np.ndarray) -> None:
        for (k, i), v in zip(self.keys, ab, strict=True):
            self.network.get_param(k)[i] = v

    def value(self, xy: np.ndarray) -> np.ndarray:
        """Loss at points xy of shape (..., 2) → shape (...)."""
        xy = np.asarray(xy, dtype=np.float64)
        flat = xy.reshape(-1, 2)
        out = np.empty(flat.shape[0])
        try:
            for j, ab in enumerate(flat):
                self._set(ab)
                out[j] = self.network.loss_value(self.X, self.y)
        finally:
            self._set(self.center)
        return out.reshape(xy.shape[:-1])

    def grad(self, xy: np.ndarray) -> np.ndarray:
        """∂loss/∂(a, b) at one point xy of shape (2,) → (2,)."""
        try:
            self._set(np.asarray(xy, dtype=np.float64))
            self.network.loss_and_grads(self.X, self.y)
            g = []
            for k, i in self.keys:
                layer = self.network.layers[int(k.split(".")[0])]
                g.append(layer.grads[k.split(".", 1)[1]][i])
        finally:
            self._set(self.center)
        return np.array(g)


def network_loss_surface(
    network: Network,
    data: Dataset,
    key_a,
    key_b,
    grid: int | tuple[np.ndarray, np.ndarray] = 41,
    span: float = 2.0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Training loss over two scalar weights with the rest fixed.

    ``grid`` is n (an n×n grid over current value ± ``span`` for each weight) or explicit
    (a_values, b_values). Returns (a_values (na,), b_values (nb,), Z (nb, na)) with
    Z[j, i] the loss at (a_values[i], b_values[j]). The network is left unchanged.
    """
    s = NetworkSurface(network, data, key_a, key_b)
    if isinstance(grid, (int, np.integer)):
        if grid < 2:
            raise ValueError(f"grid: need at least 2 points, got {grid}")
        a = np.linspace(s.center[0] - span, s.center[0] + span, int(grid))
        b = np.linspace(s.center[1] - span, s.center[1] + span, int(grid))
    else:
        a, b = (np.asarray(v, dtype=np.float64) for v in grid)
    A, B = np.meshgrid(a, b)
    with np.errstate(all="ignore"):
        Z = s.value(np.stack([A, B], axis=-1))
    return a, b, Z


def optimizer_paths(
    surface,
    optimizers: Mapping[str, Optimizer],
    start: tuple[float, float] | np.ndarray | None = None,
    steps: int = 200,
) -> dict[str, np.ndarray]:
    """Run each optimizer (reset first) from ``start`` for ``steps`` steps on ``surface``.

    Returns label → path of shape (k + 1, 2), the start then each iterate; k = ``steps``
    unless the iterate became non-finite, where the path stops (last finite point).
    """
    p0 = np.array(surface.start if start is None else start, dtype=np.float64).reshape(2)
    paths: dict[str, np.ndarray] = {}
    for label, opt in optimizers.items():
        opt.reset()
        p = p0.copy()
        path = [p.copy()]
        with np.errstate(all="ignore"):
            for _ in range(int(steps)):
                g = np.asarray(surface.grad(p), dtype=np.float64)
                opt.step([("p", p, g)])
                if not np.isfinite(p).all():
                    break
                path.append(p.copy())
        paths[label] = np.array(path)
    return paths
