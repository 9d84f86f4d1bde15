"""Trained weights saved with a project: ``NAME.weights.npz`` beside ``NAME.nnstudio``.

The file holds one array per layer parameter, named ``<node id>/<parameter>`` (``dense1/W``,
``lstm1/W_hh``), plus ``__steps__`` (the training steps done). It is read with
``allow_pickle=False`` (never executes anything), and every array is checked — a name of a
node and parameter the network has, the exact shape, finite float values — before a single
weight changes (:func:`apply_weights`). Qt-free.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path

import numpy as np

from .errors import ProjectError
from .io import atomic_write_bytes

SUFFIX = ".weights.npz"
STEPS_KEY = "__steps__"
MAX_BYTES = 200 * 1024 * 1024
_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_\-]{0,63}/[A-Za-z_][A-Za-z0-9_]{0,63}$")

Weights = dict[str, dict[str, np.ndarray]]


def weights_path(project_path: str | Path) -> Path:
    """``lesson.nnstudio`` → ``lesson.weights.npz`` (same folder)."""
    path = Path(project_path)
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    return path.with_name(stem + SUFFIX)


def save_weights(weights: Mapping[str, Mapping[str, np.ndarray]], path: str | Path,
                 steps: int = 0) -> Path:
    """Write ``{node id: {param: array}}`` atomically to ``path`` (.npz, uncompressed)."""
    arrays = {STEPS_KEY: np.array([int(steps)], dtype=np.int64)}
    for node_id, params in weights.items():
        for name, value in params.items():
            key = f"{node_id}/{name}"
            if not _KEY.match(key):
                raise ValueError(f"weights: cannot store parameter {key!r}")
            arrays[key] = np.asarray(value, dtype=np.float64)
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    atomic_write_bytes(Path(path), buffer.getvalue())
    return Path(path)


def load_weights(path: str | Path) -> tuple[Weights, int]:
    """Read a weights file: ``({node id: {param: array}}, steps)``; ProjectError naming the
    problem if the file is not a weights file nnstudio wrote."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ProjectError("weights", f"cannot read {path}: {exc.strerror}") from None
    if size > MAX_BYTES:
        raise ProjectError("weights", f"{path.name} is too large ({size} bytes)")
    weights: Weights = {}
    steps = 0
    try:
        with np.load(path, allow_pickle=False) as data:
            for key in data.files:
                array = data[key]
                if key == STEPS_KEY:
                    if array.shape != (1,) or array.dtype.kind not in "iu":
                        raise ProjectError(f"weights.{key}", "expected one whole number")
                    steps = max(0, int(array[0]))
                    continue
                if not _KEY.match(key):
                    raise ProjectError(f"weights.{key}", "not a '<layer>/<parameter>' name")
                if array.dtype.kind != "f":
                    raise ProjectError(f"weights.{key}", f"expected floats, got {array.dtype}")
                if not np.isfinite(array).all():
                    raise ProjectError(f"weights.{key}", "contains NaN or infinite values")
                node_id, name = key.split("/")
                weights.setdefault(node_id, {})[name] = array.astype(np.float64)
    except (ValueError, OSError, zipfile.BadZipFile, EOFError) as exc:
        raise ProjectError("weights", f"{path.name} is not a weights file ({exc})") from None
    return weights, steps


def session_weights(session) -> Weights:
    """``{node id: {param: copy}}`` of a :class:`TrainingSession`'s network."""
    return {node_id: {k: v.copy() for k, v in session.network.layers[i].params.items()}
            for node_id, i in session.node_layers.items()}


def check_weights(session, weights: Mapping[str, Mapping[str, np.ndarray]]) -> None:
    """ValueError naming the first parameter that does not fit ``session``'s network."""
    expected = session_weights(session)
    for node_id in weights:
        if node_id not in expected:
            raise ValueError(f"{node_id}: the network has no layer with this id")
    for node_id, params in expected.items():
        given = weights.get(node_id)
        if given is None:
            raise ValueError(f"{node_id}: no saved weights for this layer")
        for name, value in params.items():
            if name not in given:
                raise ValueError(f"{node_id}.{name}: missing")
            if np.shape(given[name]) != value.shape:
                raise ValueError(f"{node_id}.{name}: saved shape {np.shape(given[name])}, "
                                 f"the network needs {value.shape}")
        extra = set(given) - set(params)
        if extra:
            raise ValueError(f"{node_id}.{sorted(extra)[0]}: the layer has no such parameter")


def apply_weights(session, weights: Mapping[str, Mapping[str, np.ndarray]]) -> None:
    """Copy ``weights`` into ``session``'s network; checked completely first (ValueError)."""
    check_weights(session, weights)
    for node_id, index in session.node_layers.items():
        layer = session.network.layers[index]
        for name, value in weights[node_id].items():
            layer.params[name][...] = np.asarray(value, dtype=np.float64)
        sync = getattr(layer, "_sync", None)
        if callable(sync):
            sync()
