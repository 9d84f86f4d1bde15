"""Real data bundled with nnstudio: Fisher's iris and the 8 × 8 handwritten digits (numpy only).

The files come from scikit-learn's wheel (see ``resources/datasets/README.md`` for source and
licence). Iris's four measurements are standardised with the training set's mean and
standard deviation; digit pixels (0–16) are scaled to 0–1. With ``autoencoder`` the targets
are the inputs themselves (a regression task) and the classes are kept only to colour the
code space.
"""

from __future__ import annotations

import gzip
from functools import lru_cache
from pathlib import Path

import numpy as np

from .base import split_indices
from .rich import RichDataset

__all__ = ["load_iris_arrays", "load_digits_arrays", "make_iris", "make_digits", "data_dir"]

IRIS_FEATURES = ("sepal length", "sepal width", "petal length", "petal width")


def data_dir() -> Path:
    from nnstudio.resources_path import resource

    return resource("datasets")


def _read_lines(path: Path) -> list[str]:
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rt", encoding="ascii") as handle:
            return handle.read().splitlines()
    except (OSError, UnicodeDecodeError, EOFError) as exc:
        raise ValueError(f"{path.name}: cannot read the bundled data ({exc})") from None


def _parse(lines: list[str], width: int, name: str) -> np.ndarray:
    rows = [line.split(",") for line in lines if line.strip()]
    bad = next((i for i, r in enumerate(rows) if len(r) != width), None)
    if bad is not None:
        raise ValueError(f"{name}: line {bad + 1} has {len(rows[bad])} values, expected {width}")
    try:
        data = np.array(rows, dtype=np.float64)
    except ValueError:
        raise ValueError(f"{name}: not all values are numbers") from None
    if not np.isfinite(data).all():
        raise ValueError(f"{name}: values must be finite")
    return data


@lru_cache(maxsize=1)
def load_iris_arrays() -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    """X (150, 4) in cm, y int64 (150,), class names."""
    lines = _read_lines(data_dir() / "iris.csv")
    header = lines[0].split(",")
    data = _parse(lines[1:], 5, "iris.csv")
    X, y = data[:, :4], data[:, 4].astype(np.int64)
    X.setflags(write=False)
    y.setflags(write=False)
    return X, y, tuple(header[2:5])


@lru_cache(maxsize=1)
def load_digits_arrays() -> tuple[np.ndarray, np.ndarray]:
    """X (1797, 64) pixel values 0–16 (8 × 8 images row by row), y int64 (1797,)."""
    data = _parse(_read_lines(data_dir() / "digits.csv.gz"), 65, "digits.csv.gz")
    X, y = data[:, :64], data[:, 64].astype(np.int64)
    X.setflags(write=False)
    y.setflags(write=False)
    return X, y


def _finish(name: str, X: np.ndarray, y: np.ndarray, k: int, test_fraction: float, seed: int,
            autoencoder: bool, **extra) -> RichDataset:
    if not 0.0 <= test_fraction <= 0.9:
        raise ValueError(f"test_fraction: must be in [0, 0.9], got {test_fraction!r}")
    rng = np.random.default_rng(seed)
    tr, te = split_indices(len(X), test_fraction, rng)
    X_train, X_test = X[tr], X[te]
    if name == "iris":  # standardise with the training set's statistics
        mean, std = X_train.mean(axis=0), X_train.std(axis=0)
        std = np.where(std > 1e-12, std, 1.0)
        X_train, X_test = (X_train - mean) / std, (X_test - mean) / std
    X_train, X_test = np.ascontiguousarray(X_train), np.ascontiguousarray(X_test)
    d = X.shape[1]
    if autoencoder:
        return RichDataset(
            name=name, task="regression", X_train=X_train, y_train=X_train.copy(),
            X_test=X_test, y_test=X_test.copy(), input_dim=d, output_dim=d, n_classes=0,
            labels_train=y[tr].copy(), labels_test=y[te].copy(), autoencoder=True, **extra)
    return RichDataset(
        name=name, task="multiclass", X_train=X_train, y_train=y[tr].copy(), X_test=X_test,
        y_test=y[te].copy(), input_dim=d, output_dim=k, n_classes=k,
        labels_train=y[tr].copy(), labels_test=y[te].copy(), **extra)


def make_iris(test_fraction: float = 0.3, seed: int = 0, autoencoder: bool = False) -> RichDataset:
    """Iris: 150 flowers, 4 standardised measurements, 3 species."""
    X, y, names = load_iris_arrays()
    return _finish("iris", X, y, 3, test_fraction, seed, autoencoder,
                   feature_names=IRIS_FEATURES, class_names=names)


def make_digits(test_fraction: float = 0.3, seed: int = 0,
                autoencoder: bool = False) -> RichDataset:
    """Digits: 1797 8 × 8 images (pixels scaled to 0–1), 10 classes."""
    X, y = load_digits_arrays()
    return _finish("digits", X / 16.0, y, 10, test_fraction, seed, autoencoder,
                   feature_names=tuple(f"p{r}{c}" for r in range(8) for c in range(8)),
                   class_names=tuple(str(i) for i in range(10)), image_shape=(8, 8))
