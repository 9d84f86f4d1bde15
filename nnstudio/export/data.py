"""The data behind the plots as CSV text (numpy only, no Qt): loss curves, dataset points,
decision surfaces and generic (x, y) curves. Written atomically by :func:`write_csv`."""

from __future__ import annotations

import io
import math
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np


def _fmt(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    value = float(value)
    if math.isnan(value):
        return ""
    return repr(value) if math.isfinite(value) else ("inf" if value > 0 else "-inf")


def table_csv(header: Sequence[str], rows) -> str:
    out = io.StringIO()
    out.write(",".join(header) + "\n")
    for row in rows:
        out.write(",".join(_fmt(v) if not isinstance(v, str) else _quote(v) for v in row) + "\n")
    return out.getvalue()


def _quote(text: str) -> str:
    if any(c in text for c in ',"\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def curves_csv(data: Mapping[str, np.ndarray]) -> str:
    """Aligned columns (e.g. ``LossPlot.curve_data()``: step, train_loss, ...); NaN → empty."""
    names = list(data)
    columns = [np.asarray(data[n]).reshape(-1) for n in names]
    n = max((len(c) for c in columns), default=0)
    return table_csv(names, (tuple(c[i] if i < len(c) else None for c in columns)
                             for i in range(n)))


def dataset_csv(payload: Mapping) -> str:
    """Points of a dataset payload (TrainingSession.dataset_payload): split, features, target."""
    X_train, X_test = np.asarray(payload["X_train"]), np.asarray(payload["X_test"])
    y_train, y_test = np.asarray(payload["y_train"]), np.asarray(payload["y_test"])
    if X_train.ndim != 2:
        raise ValueError("only tabular (non-sequence) data can be written as CSV")
    features = [f"x{i + 1}" for i in range(X_train.shape[1])]

    def targets(y):
        y = y.reshape(len(y), -1)
        if payload.get("task") in ("binary", "multiclass") and y.shape[1] > 1:
            return np.argmax(y, axis=1)[:, None], ["label"]
        names = ["label"] if payload.get("task") in ("binary", "multiclass") else (
            ["target"] if y.shape[1] == 1 else [f"target{i + 1}" for i in range(y.shape[1])])
        return y, names

    t_train, names = targets(y_train)
    t_test, _ = targets(y_test)
    rows = [("train", *x, *t) for x, t in zip(X_train, t_train, strict=True)]
    rows += [("test", *x, *t) for x, t in zip(X_test, t_test, strict=True)]
    return table_csv(["split", *features, *names], rows)


def surface_csv(values: np.ndarray, extent: Sequence[float]) -> str:
    """A decision surface (``values[j, i]`` at the cell centres, row 0 at the bottom): x1, x2
    and the output (P(class 1), the value, or one column per class)."""
    values = np.asarray(values, dtype=float)
    ny, nx = values.shape[:2]
    x0, x1, y0, y1 = (float(v) for v in extent)
    xs = x0 + (np.arange(nx) + 0.5) * (x1 - x0) / nx
    ys = y0 + (np.arange(ny) + 0.5) * (y1 - y0) / ny
    if values.ndim == 3:
        names = [f"p{k}" for k in range(values.shape[2])]
    else:
        names = ["output"]
        values = values[:, :, None]
    rows = ((xs[i], ys[j], *values[j, i]) for j in range(ny) for i in range(nx))
    return table_csv(["x1", "x2", *names], rows)


def xy_curves_csv(curves: Sequence[tuple[str, np.ndarray, np.ndarray]]) -> str:
    """Any plot's curves in long form: series, x, y."""
    rows = []
    for name, x, y in curves:
        x = np.asarray(x).reshape(-1)
        y = np.asarray(y).reshape(-1)
        rows.extend((name, a, b) for a, b in zip(x, y, strict=False))
    return table_csv(["series", "x", "y"], rows)


def write_csv(text: str, out: str | Path) -> Path:
    from nnstudio.document.io import atomic_write_text

    atomic_write_text(Path(out), text)
    return Path(out)
