"""Two-class toy datasets in the plane, after TensorFlow Playground (numpy only).

The data live in a disc of radius 5 (like the Playground). ``noise`` in [0, 1] is a
fraction of that scale: every coordinate gets uniform jitter U(−5·noise, 5·noise)
(labels keep the class the point was drawn from, so noise makes classes overlap);
for "gaussians" the clusters' standard deviation is 0.5 + 2.5·noise instead.
"""

from __future__ import annotations

import numpy as np

from .base import Dataset, split_indices

__all__ = ["DATASETS_2D", "make_toy2d"]

RADIUS = 5.0

#: name → (label, description)
DATASETS_2D: dict[str, tuple[str, str]] = {
    "circle": ("Circle", "One class inside a disc, the other on a ring around it."),
    "xor": ("XOR", "Quadrants: class 1 where x·y > 0 — not linearly separable."),
    "gaussians": ("Two Gaussians", "Two blobs around (2, 2) and (−2, −2): linearly separable."),
    "spiral": ("Spiral", "Two interleaved spiral arms — hard; needs depth or features."),
}


def _circle(n0: int, n1: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    # class 1 inside r ≤ 0.5·R, class 0 on the ring 0.7·R ≤ r ≤ R (Playground's shape)
    r_in = rng.uniform(0.0, 0.5 * RADIUS, n1)
    r_out = rng.uniform(0.7 * RADIUS, RADIUS, n0)
    t = rng.uniform(0.0, 2 * np.pi, n0 + n1)
    r = np.concatenate([r_out, r_in])
    X = np.stack([r * np.sin(t), r * np.cos(t)], axis=1)
    y = np.concatenate([np.zeros(n0), np.ones(n1)])
    return X, y


def _xor(n0: int, n1: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    pad = 0.3  # keep points off the axes, as the Playground does

    def draw(n: int, same_sign: bool) -> np.ndarray:
        a = rng.uniform(pad, RADIUS, (n, 2)) * rng.choice([-1.0, 1.0], (n, 1))
        if not same_sign:
            a[:, 1] = -a[:, 1]
        return a

    X = np.concatenate([draw(n0, False), draw(n1, True)])
    y = np.concatenate([np.zeros(n0), np.ones(n1)])
    return X, y


def _gaussians(
    n0: int, n1: int, rng: np.random.Generator, noise: float
) -> tuple[np.ndarray, np.ndarray]:
    std = 0.5 + 2.5 * noise
    X = np.concatenate([rng.normal(-2.0, std, (n0, 2)), rng.normal(2.0, std, (n1, 2))])
    y = np.concatenate([np.zeros(n0), np.ones(n1)])
    return X, y


def _spiral(n0: int, n1: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    def arm(n: int, dt: float) -> np.ndarray:
        i = np.arange(n, dtype=np.float64)
        r = i / max(n, 1) * RADIUS
        t = 1.75 * i / max(n, 1) * 2 * np.pi + dt
        return np.stack([r * np.sin(t), r * np.cos(t)], axis=1)

    X = np.concatenate([arm(n0, np.pi), arm(n1, 0.0)])
    y = np.concatenate([np.zeros(n0), np.ones(n1)])
    return X, y


def make_toy2d(
    name: str,
    samples: int = 500,
    noise: float = 0.0,
    test_fraction: float = 0.5,
    seed: int = 0,
) -> Dataset:
    """A binary 2-D dataset: X (N, 2) float64, y (N, 1) float64 in {0, 1}.

    ``samples`` in [10, 5000] (split evenly between the classes); ``noise`` in [0, 1];
    ``test_fraction`` in [0, 0.9]. The same arguments always give identical data and
    an identical split. ``extent`` is symmetric, at least (−6, 6, −6, 6).
    """
    if name not in DATASETS_2D:
        raise ValueError(f"name: unknown dataset {name!r} (choose from {', '.join(DATASETS_2D)})")
    if isinstance(samples, bool) or int(samples) != samples or not 10 <= samples <= 5000:
        raise ValueError(f"samples: must be an integer in [10, 5000], got {samples!r}")
    if not (0.0 <= noise <= 1.0):
        raise ValueError(f"noise: must be in [0, 1], got {noise!r}")
    if not (0.0 <= test_fraction <= 0.9):
        raise ValueError(f"test_fraction: must be in [0, 0.9], got {test_fraction!r}")
    samples = int(samples)
    rng = np.random.default_rng(seed)
    n0 = samples // 2
    n1 = samples - n0
    if name == "gaussians":
        X, y = _gaussians(n0, n1, rng, noise)
    else:
        X, y = {"circle": _circle, "xor": _xor, "spiral": _spiral}[name](n0, n1, rng)
        if noise > 0:
            X = X + rng.uniform(-RADIUS * noise, RADIUS * noise, X.shape)
    tr, te = split_indices(samples, test_fraction, rng)
    m = max(6.0, float(np.max(np.abs(X))) * 1.05)
    y = y.reshape(-1, 1)
    return Dataset(
        name=name,
        task="binary",
        X_train=np.ascontiguousarray(X[tr]),
        y_train=np.ascontiguousarray(y[tr]),
        X_test=np.ascontiguousarray(X[te]),
        y_test=np.ascontiguousarray(y[te]),
        input_dim=2,
        output_dim=1,
        n_classes=2,
        extent=(-m, m, -m, m),
    )
