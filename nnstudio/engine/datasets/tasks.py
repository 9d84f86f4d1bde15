"""More tasks on the plane (numpy only): k-class spirals and blobs, 1-D curve fitting and
2-D regression surfaces.

Like the two-class toys (``toy2d.py``) the data live in a disc of radius 5 and ``noise`` in
[0, 1] is a fraction of the data's scale. The same arguments always give the same data and
the same train/test split.

* ``spiral_arms``: ``classes`` interleaved spiral arms (class j turned by 2πj/k);
* ``blobs``: ``classes`` gaussian clouds on a circle of radius 3.5, std 0.5 + 2.5·noise;
* curves (x uniform in [−6, 6], one input): ``sine`` y = sin x, ``polynomial``
  y = (x³ − 20x)/60, ``step`` y = −1 for x < 0 and +1 from 0; targets get N(0, noise²);
* surfaces (x uniform in [−5, 5]²): ``plane`` y = 0.4·x1 − 0.25·x2, ``hills`` a sum of three
  gaussian bumps (two up, one down); targets get N(0, (noise·0.5)²).
"""

from __future__ import annotations

import numpy as np

from .base import split_indices
from .rich import RichDataset

__all__ = ["CURVES", "SURFACES", "make_spiral_arms", "make_blobs", "make_curve", "make_surface",
           "curve_function", "surface_function"]

RADIUS = 5.0
CURVES = ("sine", "polynomial", "step")
SURFACES = ("plane", "hills")
MAX_CLASSES = 8
CURVE_RANGE = (-6.0, 6.0)


def _check(samples, noise, test_fraction, classes=None) -> int:
    if isinstance(samples, bool) or int(samples) != samples or not 10 <= samples <= 5000:
        raise ValueError(f"samples: must be an integer in [10, 5000], got {samples!r}")
    if not 0.0 <= noise <= 1.0:
        raise ValueError(f"noise: must be in [0, 1], got {noise!r}")
    if not 0.0 <= test_fraction <= 0.9:
        raise ValueError(f"test_fraction: must be in [0, 0.9], got {test_fraction!r}")
    if classes is not None and (isinstance(classes, bool) or int(classes) != classes
                                or not 2 <= classes <= MAX_CLASSES):
        raise ValueError(f"classes: must be an integer in [2, {MAX_CLASSES}], got {classes!r}")
    return int(samples)


def _counts(n: int, k: int) -> list[int]:
    """n points shared between k classes as evenly as possible."""
    return [n // k + (1 if j < n % k else 0) for j in range(k)]


def _classification(name: str, X: np.ndarray, y: np.ndarray, k: int, test_fraction: float,
                    rng: np.random.Generator) -> RichDataset:
    tr, te = split_indices(len(X), test_fraction, rng)
    m = max(6.0, float(np.max(np.abs(X))) * 1.05)
    return RichDataset(
        name=name, task="multiclass" if k > 2 else "binary",
        X_train=np.ascontiguousarray(X[tr]),
        y_train=(y[tr] if k > 2 else y[tr].reshape(-1, 1).astype(np.float64)),
        X_test=np.ascontiguousarray(X[te]),
        y_test=(y[te] if k > 2 else y[te].reshape(-1, 1).astype(np.float64)),
        input_dim=2, output_dim=k if k > 2 else 1, n_classes=k, extent=(-m, m, -m, m),
        feature_names=("x1", "x2"), plane_dim=2,
    )


def make_spiral_arms(classes: int = 3, samples: int = 600, noise: float = 0.1,
                     test_fraction: float = 0.5, seed: int = 0) -> RichDataset:
    """``classes`` spiral arms; X (N, 2), y int64 (N,) (float (N, 1) in {0, 1} for two)."""
    samples = _check(samples, noise, test_fraction, classes)
    k = int(classes)
    rng = np.random.default_rng(seed)
    parts, labels = [], []
    for j, n in enumerate(_counts(samples, k)):
        t = np.arange(n, dtype=np.float64) / max(n, 1)
        r = t * RADIUS
        angle = 1.75 * t * 2 * np.pi + 2 * np.pi * j / k
        parts.append(np.stack([r * np.sin(angle), r * np.cos(angle)], axis=1))
        labels.append(np.full(n, j, dtype=np.int64))
    X = np.concatenate(parts)
    if noise > 0:
        X = X + rng.uniform(-RADIUS * noise, RADIUS * noise, X.shape)
    return _classification("spiral_arms", X, np.concatenate(labels), k, test_fraction, rng)


def make_blobs(classes: int = 3, samples: int = 600, noise: float = 0.1,
               test_fraction: float = 0.5, seed: int = 0) -> RichDataset:
    """``classes`` gaussian blobs on a circle of radius 3.5 (std 0.5 + 2.5·noise)."""
    samples = _check(samples, noise, test_fraction, classes)
    k = int(classes)
    rng = np.random.default_rng(seed)
    std = 0.5 + 2.5 * noise
    parts, labels = [], []
    for j, n in enumerate(_counts(samples, k)):
        angle = np.pi / 2 + 2 * np.pi * j / k
        centre = 3.5 * np.array([np.cos(angle), np.sin(angle)])
        parts.append(rng.normal(centre, std, (n, 2)))
        labels.append(np.full(n, j, dtype=np.int64))
    return _classification("blobs", np.concatenate(parts), np.concatenate(labels), k,
                           test_fraction, rng)


def curve_function(kind: str, x: np.ndarray) -> np.ndarray:
    """The noiseless curve ``kind`` at ``x`` (any shape)."""
    x = np.asarray(x, dtype=np.float64)
    if kind == "sine":
        return np.sin(x)
    if kind == "polynomial":
        return (x**3 - 20.0 * x) / 60.0
    if kind == "step":
        return np.where(x < 0, -1.0, 1.0)
    raise ValueError(f"curve: unknown curve {kind!r} (choose from {', '.join(CURVES)})")


def make_curve(kind: str, samples: int = 200, noise: float = 0.1, test_fraction: float = 0.5,
               seed: int = 0) -> RichDataset:
    """1-D regression: X (N, 1) uniform in [−6, 6], y (N, 1) = f(x) + N(0, noise²)."""
    samples = _check(samples, noise, test_fraction)
    curve_function(kind, 0.0)  # validates kind
    rng = np.random.default_rng(seed)
    x = rng.uniform(*CURVE_RANGE, samples)
    y = curve_function(kind, x) + (rng.normal(0.0, noise, samples) if noise > 0 else 0.0)
    tr, te = split_indices(samples, test_fraction, rng)
    X, Y = x.reshape(-1, 1), y.reshape(-1, 1)
    return RichDataset(
        name=f"curve_{kind}", task="regression",
        X_train=np.ascontiguousarray(X[tr]), y_train=np.ascontiguousarray(Y[tr]),
        X_test=np.ascontiguousarray(X[te]), y_test=np.ascontiguousarray(Y[te]),
        input_dim=1, output_dim=1, n_classes=0, extent=None,
        feature_names=("x1",), plane_dim=1, x_range=(CURVE_RANGE[0] - 0.5, CURVE_RANGE[1] + 0.5),
    )


_HILLS = ((2.0, 2.0, 1.5, 1.2), (-2.0, -1.0, 1.7, -1.0), (-1.5, 3.0, 1.2, 0.8))


def surface_function(kind: str, X: np.ndarray) -> np.ndarray:
    """The noiseless surface ``kind`` at points X (n, 2) → (n,)."""
    X = np.asarray(X, dtype=np.float64)
    if kind == "plane":
        return 0.4 * X[:, 0] - 0.25 * X[:, 1]
    if kind == "hills":
        out = np.zeros(len(X))
        for cx, cy, s, h in _HILLS:
            out += h * np.exp(-((X[:, 0] - cx) ** 2 + (X[:, 1] - cy) ** 2) / (2 * s * s))
        return out
    raise ValueError(f"surface: unknown surface {kind!r} (choose from {', '.join(SURFACES)})")


def make_surface(kind: str, samples: int = 500, noise: float = 0.1, test_fraction: float = 0.5,
                 seed: int = 0) -> RichDataset:
    """2-D regression: X (N, 2) uniform in [−5, 5]², y (N, 1) = f(X) + N(0, (0.5·noise)²)."""
    samples = _check(samples, noise, test_fraction)
    surface_function(kind, np.zeros((1, 2)))
    rng = np.random.default_rng(seed)
    X = rng.uniform(-RADIUS, RADIUS, (samples, 2))
    y = surface_function(kind, X)
    if noise > 0:
        y = y + rng.normal(0.0, 0.5 * noise, samples)
    tr, te = split_indices(samples, test_fraction, rng)
    Y = y.reshape(-1, 1)
    return RichDataset(
        name=kind, task="regression",
        X_train=np.ascontiguousarray(X[tr]), y_train=np.ascontiguousarray(Y[tr]),
        X_test=np.ascontiguousarray(X[te]), y_test=np.ascontiguousarray(Y[te]),
        input_dim=2, output_dim=1, n_classes=0, extent=(-6.0, 6.0, -6.0, 6.0),
        feature_names=("x1", "x2"), plane_dim=2,
    )
