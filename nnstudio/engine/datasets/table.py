"""The user's own data as a dataset: points clicked on the plane or rows imported from CSV
(numpy only).

``rows`` is a sequence of equal-length rows ``[feature_1, ..., feature_d, target]`` of finite
numbers (the project file's ``dataset.points``, validated when it is loaded). For
classification the target is a class index 0..k−1 (k ≤ 10; two classes give the binary task);
for regression it is a value. With two features the data live on the plane (x1, x2), so every
plane view works; with ``standardize`` each feature (and a regression target) is scaled to
mean 0, standard deviation 1 with the training set's statistics.
"""

from __future__ import annotations

import numpy as np

from .base import split_indices
from .rich import RichDataset

__all__ = ["MAX_ROWS", "MAX_FEATURES", "MAX_CLASSES", "MIN_ROWS", "make_table_dataset"]

MAX_ROWS = 5000
MAX_FEATURES = 64
MAX_CLASSES = 10
MIN_ROWS = 2


def _scale(train: np.ndarray, *others: np.ndarray) -> list[np.ndarray]:
    mean = train.mean(axis=0) if len(train) else np.zeros(train.shape[1:])
    std = train.std(axis=0) if len(train) else np.ones(train.shape[1:])
    std = np.where(std > 1e-12, std, 1.0)
    return [(a - mean) / std for a in (train, *others)]


def make_table_dataset(rows, task: str = "classification", names=(), class_names=(),
                       standardize: bool = False, test_fraction: float = 0.0,
                       seed: int = 0) -> RichDataset:
    """A dataset from ``rows`` (see the module text); ValueError naming the problem."""
    if len(rows) < MIN_ROWS:
        raise ValueError(f"points: {len(rows)} point(s); add at least {MIN_ROWS} "
                         "(click on the data view, or import a CSV file)")
    data = np.asarray(rows, dtype=np.float64)
    if data.ndim != 2 or data.shape[1] < 2:
        raise ValueError("points: expected rows of at least one feature and a target")
    n, width = data.shape
    d = width - 1
    if n < MIN_ROWS:
        raise ValueError(f"points: {n} point(s); add at least {MIN_ROWS} "
                         "(click on the data view, or import a CSV file)")
    if n > MAX_ROWS or d > MAX_FEATURES:
        raise ValueError(f"points: at most {MAX_ROWS} rows of {MAX_FEATURES} features")
    if not np.isfinite(data).all():
        raise ValueError("points: every value must be a finite number")
    if task not in ("classification", "regression"):
        raise ValueError(f"points_task: expected classification or regression, got {task!r}")
    if not 0.0 <= test_fraction <= 0.9:
        raise ValueError(f"test_fraction: must be in [0, 0.9], got {test_fraction!r}")
    X, t = data[:, :d], data[:, d]
    rng = np.random.default_rng(seed)
    tr, te = split_indices(n, test_fraction, rng)
    X_train, X_test = X[tr], X[te]
    if standardize:
        X_train, X_test = _scale(X_train, X_test)
    names = tuple(names)[:d] if len(names) >= d else tuple(f"x{i + 1}" for i in range(d))
    plane = d if d <= 2 else 0  # (standardised, the plane of the scaled features)
    extent = None
    shown = np.concatenate([X_train, X_test])
    if plane == 2:
        m = max(6.0 if not standardize else 3.0, float(np.max(np.abs(shown))) * 1.1)
        extent = (-m, m, -m, m)
    common = dict(X_train=np.ascontiguousarray(X_train), X_test=np.ascontiguousarray(X_test),
                  input_dim=d, extent=extent, feature_names=names, plane_dim=plane)
    if plane == 1:
        lo, hi = float(shown[:, 0].min()), float(shown[:, 0].max())
        pad = max(0.05 * (hi - lo), 0.5)
        common["x_range"] = (lo - pad, hi + pad)
    if task == "regression":
        y_train, y_test = t[tr].reshape(-1, 1), t[te].reshape(-1, 1)
        if standardize:
            y_train, y_test = _scale(y_train, y_test)
        return RichDataset(name="points", task="regression", y_train=y_train, y_test=y_test,
                           output_dim=1, n_classes=0, **common)
    labels = t.astype(np.int64)
    if np.any(labels != t) or labels.min() < 0 or labels.max() >= MAX_CLASSES:
        raise ValueError(f"points: class labels must be whole numbers 0 to {MAX_CLASSES - 1}")
    k = max(2, int(labels.max()) + 1)
    cls = tuple(class_names)[:k] if len(class_names) >= k else ()
    if k == 2:
        y_train = labels[tr].reshape(-1, 1).astype(np.float64)
        y_test = labels[te].reshape(-1, 1).astype(np.float64)
        return RichDataset(name="points", task="binary", y_train=y_train, y_test=y_test,
                           output_dim=1, n_classes=2, class_names=cls, **common)
    return RichDataset(name="points", task="multiclass", y_train=labels[tr].copy(),
                       y_test=labels[te].copy(), output_dim=k, n_classes=k, class_names=cls,
                       **common)
