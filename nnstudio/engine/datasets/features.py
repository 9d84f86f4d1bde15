"""Extra input features computed from the plane coordinates (numpy only).

TensorFlow Playground's classic teaching point: with x1², x2² as inputs a single layer
separates the circle; with x1·x2 it separates XOR. :func:`with_features` appends the chosen
features after the plane coordinates, so the first ``plane_dim`` columns stay x1 (and x2) and
views can still draw everything over the plane. Features that need x2 are skipped for 1-D
data.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from .rich import RichDataset, feature_names, plane_dim

__all__ = ["FEATURES", "expand_plane", "with_features"]

#: feature id → (display name, needs x2, function of the plane coordinates P (n, d))
FEATURES: dict[str, tuple[str, bool, object]] = {
    "x1_squared": ("x1²", False, lambda P: P[:, 0] ** 2),
    "x2_squared": ("x2²", True, lambda P: P[:, 1] ** 2),
    "x1x2": ("x1·x2", True, lambda P: P[:, 0] * P[:, 1]),
    "sin_x1": ("sin x1", False, lambda P: np.sin(P[:, 0])),
    "sin_x2": ("sin x2", True, lambda P: np.sin(P[:, 1])),
}


def _usable(features, dim: int) -> list[str]:
    unknown = [f for f in features if f not in FEATURES]
    if unknown:
        raise ValueError(f"features: unknown feature {unknown[0]!r} "
                         f"(choose from {', '.join(FEATURES)})")
    return [f for f in FEATURES if f in features and (dim == 2 or not FEATURES[f][1])]


def expand_plane(P: np.ndarray, features) -> np.ndarray:
    """Plane coordinates P (n, 1 or 2) → [P, chosen features...] (n, d + len(features)).

    Features come in the fixed order of :data:`FEATURES`, whatever the order given."""
    P = np.asarray(P, dtype=np.float64)
    if P.ndim != 2 or P.shape[1] not in (1, 2):
        raise ValueError(f"P: expected plane coordinates (n, 1) or (n, 2), got {P.shape}")
    chosen = _usable(features, P.shape[1])
    if not chosen:
        return P.copy()
    return np.column_stack([P] + [FEATURES[f][2](P) for f in chosen])


def with_features(dataset, features) -> object:
    """``dataset`` with the chosen extra features appended to its inputs.

    Returns the dataset unchanged when nothing applies (no feature chosen, or data that do not
    live on a plane, such as iris or sequences)."""
    dim = plane_dim(dataset)
    if dim == 0:
        return dataset
    chosen = _usable(features, dim)
    if not chosen:
        return dataset
    if dataset.input_dim != dim:
        raise ValueError(f"features: the dataset already has {dataset.input_dim} inputs")
    names = feature_names(dataset) + [FEATURES[f][0] for f in chosen]
    base = dataset if isinstance(dataset, RichDataset) else RichDataset(
        name=dataset.name, task=dataset.task, X_train=dataset.X_train, y_train=dataset.y_train,
        X_test=dataset.X_test, y_test=dataset.y_test, input_dim=dataset.input_dim,
        output_dim=dataset.output_dim, n_classes=dataset.n_classes, extent=dataset.extent,
        plane_dim=dim)

    def expand(P: np.ndarray) -> np.ndarray:
        return expand_plane(P, chosen)

    return replace(
        base,
        X_train=np.ascontiguousarray(expand(dataset.X_train)),
        X_test=np.ascontiguousarray(expand(dataset.X_test)),
        input_dim=dim + len(chosen),
        feature_names=tuple(names),
        plane_dim=dim,
        expand=expand,
    )
