"""The user's own data in the project file: ``dataset.points``, checked strictly.

``dataset.points`` is a list of rows ``[feature_1, ..., feature_d, target]`` (numbers). The
loader refuses anything else with a message naming the row and the column, and keeps the size
bounded: at most :data:`MAX_ROWS` rows of at most :data:`MAX_FEATURES` features, finite
numbers of magnitude at most :data:`MAX_ABS`. Rows are stored as tuples (immutable), so project
copies can share them safely.
"""

from __future__ import annotations

import json
import math

from nnstudio.engine.datasets.table import MAX_FEATURES, MAX_ROWS

from .errors import ProjectError
from .errors import short_repr as _short

__all__ = ["MAX_ABS", "MAX_ROWS", "MAX_FEATURES", "coerce_points", "points_from_arrays"]

MAX_ABS = 1e9
MAX_TEXT = 8_000_000  # characters of a --set value


def coerce_points(value, where: str = "dataset.points") -> tuple[tuple[float, ...], ...]:
    """Validate ``value`` (a list of rows, or its JSON text) → tuple of tuples of floats."""
    if isinstance(value, str):
        if len(value) > MAX_TEXT:
            raise ProjectError(where, "the text is too long")
        try:
            value = json.loads(value, parse_constant=_no_constant)
        except (json.JSONDecodeError, ValueError) as exc:
            raise ProjectError(where, f"expected a JSON list of rows ({str(exc)[:80]})") from None
        except RecursionError:
            raise ProjectError(where, "the JSON list of rows is nested too deeply") from None
    if not isinstance(value, (list, tuple)):
        raise ProjectError(where, "expected a list of rows [feature, ..., target]")
    if len(value) > MAX_ROWS:
        raise ProjectError(where, f"too many rows ({len(value)} > {MAX_ROWS})")
    rows = []
    width = None
    for i, row in enumerate(value):
        here = f"{where}[{i}]"
        if not isinstance(row, (list, tuple)):
            raise ProjectError(here, "expected a row [feature, ..., target]")
        if width is None:
            width = len(row)
            if not 2 <= width <= MAX_FEATURES + 1:
                raise ProjectError(here, f"a row holds 1 to {MAX_FEATURES} features and a "
                                         f"target, got {width} value(s)")
        elif len(row) != width:
            raise ProjectError(here, f"{len(row)} values, but the first row has {width}")
        out = []
        for j, v in enumerate(row):
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                raise ProjectError(f"{here}[{j}]", f"expected a number, got {_short(v)}")
            try:
                v = float(v)
            except OverflowError:  # an integer too large for a float (JSON allows 10**400)
                v = math.inf
            if not math.isfinite(v) or abs(v) > MAX_ABS:
                raise ProjectError(f"{here}[{j}]", f"expected a finite number of magnitude at "
                                                   f"most {MAX_ABS:g}, got {v}")
            out.append(v)
        rows.append(tuple(out))
    return tuple(rows)


def points_from_arrays(X, labels) -> tuple[tuple[float, ...], ...]:
    """Rows from features X (n, d) and targets (n,), rounded to 6 significant digits so that
    project files stay readable."""
    rows = []
    for x, t in zip(X, labels, strict=True):
        rows.append(tuple(float(f"{float(v):.6g}") for v in (*x, t)))
    return coerce_points(rows)


def _no_constant(name: str):
    raise ValueError(f"{name} is not a number")
