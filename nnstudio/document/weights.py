"""Trained weights saved with a project: ``NAME.weights.npz`` beside ``NAME.nnstudio``.

The file holds one array per layer parameter, named ``<node id>/<parameter>`` (``dense1/W``,
``lstm1/W_hh``), plus ``__steps__`` (the training steps done). It is read as a zip archive
of arrays, never unpickled (see :func:`load_weights`), and every array is checked — a name of
a node and parameter the network has, the exact shape, finite float values — before a single
weight changes (:func:`apply_weights`). A file that is none of this is refused with one line
naming it and what is wrong. Qt-free.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
import zlib
from collections.abc import Mapping
from pathlib import Path

import numpy as np

from .errors import ProjectError, short_repr
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
    file and what is wrong (one line, in plain words) if it is not a weights file nnstudio
    wrote, or is damaged.

    The archive is read member by member with :mod:`zipfile` and NumPy's array format reader,
    never with ``np.load``: a file that is not a zip archive is refused rather than tried as
    a pickle, an array of Python objects is refused from its header, before any of it is
    read, and nothing is ever unpickled."""
    path = Path(path)

    def refused(problem: str) -> ProjectError:
        return ProjectError("weights", f"{path}: {problem}")

    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ProjectError("weights", f"cannot read {path}: {exc.strerror}") from None
    if size > MAX_BYTES:
        raise refused(f"too large for a weights file ({size:,} bytes)")
    try:
        archive = zipfile.ZipFile(path)
    except OSError as exc:
        raise ProjectError("weights", f"cannot read {path}: {exc.strerror}") from None
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise refused("not a weights file, or a damaged one (nnstudio saves weights as a "
                      ".npz archive of arrays)") from None
    weights: Weights = {}
    steps = 0
    with archive:
        members = archive.infolist()
        if sum(info.file_size for info in members) > MAX_BYTES:
            raise refused("too large for a weights file")
        for info in members:
            key = info.filename[:-4] if info.filename.endswith(".npy") else None
            if key is None:
                raise refused(f"not a weights file (it holds {short_repr(info.filename)}, "
                              "which is no array)")
            shown = short_repr(key)
            array = _read_array(archive, info, refused, shown)
            if key == STEPS_KEY:
                if array.shape != (1,) or array.dtype.kind not in "iu":
                    raise refused(f"{shown} (the training steps done) is not one whole number")
                steps = max(0, int(array[0]))
                continue
            if not _KEY.match(key):
                raise refused(f"{shown} is not a '<layer>/<parameter>' name")
            if array.dtype.kind != "f":
                raise refused(f"{shown} holds {_kind_words(array.dtype)}, not decimal weights")
            if not np.isfinite(array).all():
                raise refused(f"{shown} contains NaN or infinite values")
            node_id, name = key.split("/")
            weights.setdefault(node_id, {})[name] = array.astype(np.float64)
    return weights, steps


def _kind_words(dtype: np.dtype) -> str:
    return {"i": "whole numbers", "u": "whole numbers", "b": "true/false values",
            "c": "complex numbers", "U": "text", "S": "bytes", "O": "Python objects"}.get(
                dtype.kind, "records")


def _read_array(archive: zipfile.ZipFile, info: zipfile.ZipInfo, refused, key: str):
    """One member of the archive as an array: its header first (numbers only, a size the
    member can hold), then its data; ``refused(problem)`` for anything else."""
    fmt = np.lib.format
    damaged = refused(f"{key} is damaged (cut short or corrupt)")
    try:
        with archive.open(info) as handle:
            version = fmt.read_magic(handle)
            if version == (1, 0):
                shape, fortran, dtype = fmt.read_array_header_1_0(handle)
            elif version == (2, 0):
                shape, fortran, dtype = fmt.read_array_header_2_0(handle)
            else:
                raise damaged
            if dtype.hasobject or dtype.kind not in "biufc":
                raise refused(f"{key} holds {_kind_words(dtype)}, not numbers")
            count = math.prod(shape)
            if count * dtype.itemsize > info.file_size:
                raise damaged
            data = handle.read(count * dtype.itemsize + 1)
            if len(data) != count * dtype.itemsize:
                raise damaged
    except ProjectError:
        raise
    except (ValueError, OSError, EOFError, zipfile.BadZipFile, zlib.error, RuntimeError,
            NotImplementedError, SyntaxError, TypeError, OverflowError, MemoryError):
        # a bad header, a wrong checksum, an unknown or encrypted compression, ...
        raise damaged from None
    array = np.frombuffer(data, dtype=dtype)
    order = "F" if fortran else "C"
    return array.reshape(shape, order=order).copy()


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
