"""A :class:`Dataset` that also tells the views what its columns mean (numpy only).

``RichDataset`` adds, with defaults, what the "seeing inside" views need:

* ``feature_names``: one name per input column ("x1", "x2", "x1²", "petal length", ...);
* ``class_names``: one name per class (empty: "class 0", "class 1", ...);
* ``plane_dim``: 1 or 2 when the first ``plane_dim`` input columns are the coordinates of
  the plane the data live on (curve fitting: x; 2-D data: x1, x2), so that views can draw
  the data, the surface and every neuron over that plane; 0 for other data (iris, digits);
* ``x_range``: (x_min, x_max) of a 1-D plane (curve fitting);
* ``expand``: maps plane coordinates (n, plane_dim) to the network's input (n, input_dim)
  when extra features (x1², sin x1, ...) are fed; None when the input is the plane itself;
* ``image_shape``: (rows, cols) when an input is an image (digits: 8 × 8);
* ``labels_train`` / ``labels_test``: class labels kept for colouring when the targets are
  not the classes (an autoencoder's targets are its inputs);
* ``autoencoder``: True when the target is the input.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from .base import Dataset

__all__ = ["RichDataset", "plane_dim", "feature_names", "class_names"]


@dataclass
class RichDataset(Dataset):
    feature_names: tuple[str, ...] = ()
    class_names: tuple[str, ...] = ()
    plane_dim: int = 0
    x_range: tuple[float, float] | None = None
    expand: Callable[[np.ndarray], np.ndarray] | None = field(default=None, repr=False)
    image_shape: tuple[int, int] | None = None
    labels_train: np.ndarray | None = field(default=None, repr=False)
    labels_test: np.ndarray | None = field(default=None, repr=False)
    autoencoder: bool = False


def plane_dim(dataset) -> int:
    """1 or 2 when the dataset's first input columns are plane coordinates, else 0.

    Datasets that don't say (the two-class toys) are planes when their input is 2-D and they
    have an extent."""
    dim = getattr(dataset, "plane_dim", None)
    if dim is not None:
        return int(dim)
    if getattr(dataset, "task", "").startswith("sequence"):
        return 0
    return 2 if dataset.input_dim == 2 and getattr(dataset, "extent", None) is not None else 0


def feature_names(dataset) -> list[str]:
    names = list(getattr(dataset, "feature_names", ()) or ())
    if len(names) == dataset.input_dim:
        return names
    if plane_dim(dataset) and dataset.input_dim <= 2:
        return ["x1", "x2"][: dataset.input_dim]
    return [f"x{i + 1}" for i in range(dataset.input_dim)]


def class_names(dataset) -> list[str]:
    names = list(getattr(dataset, "class_names", ()) or ())
    n = dataset.n_classes or (0 if getattr(dataset, "labels_train", None) is None else
                              int(np.max(dataset.labels_train, initial=-1)) + 1)
    if len(names) == n:
        return names
    return [f"class {i}" for i in range(n)]
