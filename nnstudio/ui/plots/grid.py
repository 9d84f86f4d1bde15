"""The decision-surface grid contract, shared by the worker (which evaluates the network on the
grid) and :class:`~nnstudio.ui.plots.data_view.DataView` (which draws it). Numpy only, no Qt.

``extent = (x_min, x_max, y_min, y_max)`` — the rectangle the surface covers, in data units
(matplotlib's ``imshow`` order: left, right, bottom, top).

A surface of ``nx`` columns and ``ny`` rows is an array ``values`` of shape ``(ny, nx)`` (binary:
probability of class 1; regression: predicted value) or ``(ny, nx, k)`` (multiclass: class
probabilities), where ``values[j, i]`` is the model output at the CENTRE of grid cell ``(i, j)``::

    x_i = x_min + (i + 0.5) * (x_max - x_min) / nx      # column 0 at the LEFT  (x = x_min side)
    y_j = y_min + (j + 0.5) * (y_max - y_min) / ny      # row 0 at the BOTTOM   (y = y_min side)

i.e. x₁ grows along a row (to the right) and x₂ grows with the row index (upward), exactly what
``np.meshgrid(xs, ys)`` (default ``indexing="xy"``) produces::

    xs, ys = surface_axes(extent, nx, ny)
    gx, gy = np.meshgrid(xs, ys)                       # both (ny, nx)
    points = np.column_stack([gx.ravel(), gy.ravel()])  # (ny*nx, 2), = surface_points(...)
    values = predict(points).reshape(ny, nx)           # or (ny, nx, k)

Cell-centred sampling makes the image fill ``extent`` exactly, pixel for pixel.
"""

from __future__ import annotations

import numpy as np

Extent = tuple[float, float, float, float]


def check_extent(extent) -> Extent:
    """Validate and normalise ``(x_min, x_max, y_min, y_max)``."""
    x0, x1, y0, y1 = (float(v) for v in extent)
    if not all(np.isfinite([x0, x1, y0, y1])) or x1 <= x0 or y1 <= y0:
        raise ValueError(
            f"extent must be finite (x_min, x_max, y_min, y_max) with min < max: {extent}"
        )
    return x0, x1, y0, y1


def surface_axes(extent, nx: int, ny: int) -> tuple[np.ndarray, np.ndarray]:
    """Cell-centre coordinates ``xs`` (nx,) and ``ys`` (ny,) of a surface grid, both ascending."""
    x0, x1, y0, y1 = check_extent(extent)
    xs = x0 + (np.arange(nx) + 0.5) * (x1 - x0) / nx
    ys = y0 + (np.arange(ny) + 0.5) * (y1 - y0) / ny
    return xs, ys


def surface_points(extent, nx: int, ny: int) -> np.ndarray:
    """The ``(ny * nx, 2)`` points to evaluate, in the order ``values.reshape(ny, nx)`` expects."""
    xs, ys = surface_axes(extent, nx, ny)
    gx, gy = np.meshgrid(xs, ys)
    return np.column_stack([gx.ravel(), gy.ravel()])


def data_extent(*arrays: np.ndarray, margin: float = 0.1) -> Extent:
    """An extent around all the 2-D points given (ignoring None/empty), with a relative margin."""
    pts = [np.asarray(a, dtype=float).reshape(-1, 2) for a in arrays if a is not None and len(a)]
    if not pts:
        return (-1.0, 1.0, -1.0, 1.0)
    p = np.concatenate(pts)
    p = p[np.all(np.isfinite(p), axis=1)]
    if not len(p):
        return (-1.0, 1.0, -1.0, 1.0)
    lo, hi = p.min(axis=0), p.max(axis=0)
    span = np.maximum(hi - lo, 1e-9)
    lo, hi = lo - margin * span, hi + margin * span
    return float(lo[0]), float(hi[0]), float(lo[1]), float(hi[1])
