"""The dataset container shared by every data source (numpy only)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Dataset", "TASKS", "split_indices"]

TASKS = ("binary", "multiclass", "regression")


@dataclass
class Dataset:
    """Train/test arrays plus what views need to know.

    * ``X_*``: float64 (N, input_dim) (or (N, T, input_dim) for sequences);
    * ``y_*``: binary → float64 (N, 1) in {0, 1}; multiclass → int64 (N,) class indices;
      regression → float64 (N, output_dim);
    * ``n_classes``: 2 for binary, K for multiclass, 0 for regression;
    * ``extent``: (xmin, xmax, ymin, ymax) of the 2-D input plane, for decision surfaces
      (None when the input is not 2-D).
    """

    name: str
    task: str
    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    input_dim: int
    output_dim: int
    n_classes: int
    extent: tuple[float, float, float, float] | None = None

    def __post_init__(self) -> None:
        if self.task not in TASKS:
            raise ValueError(f"task: must be one of {TASKS}, got {self.task!r}")

    @property
    def n_train(self) -> int:
        return int(self.X_train.shape[0])

    @property
    def n_test(self) -> int:
        return int(self.X_test.shape[0])

    @property
    def loss_hint(self) -> str:
        """The natural loss for the task: bce, ce or mse."""
        return {"binary": "bce", "multiclass": "ce", "regression": "mse"}[self.task]


def split_indices(
    n: int, test_fraction: float, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Shuffle range(n) with ``rng`` and split: (train indices, test indices).

    The test set gets round(n·test_fraction) samples; the train set keeps at least one.
    """
    if not (0.0 <= test_fraction <= 0.9):
        raise ValueError(f"test_fraction: must be in [0, 0.9], got {test_fraction}")
    perm = rng.permutation(n)
    n_test = min(int(round(n * test_fraction)), n - 1)
    return perm[n_test:], perm[:n_test]
