"""Shared pieces of the recurrent views: colour maps, labels and small formatting helpers.

Every view takes the ``"sequence"`` part of a training snapshot (see
:mod:`nnstudio.sequence_probe`): plain dicts and copied numpy arrays.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg

from nnstudio.ui.plots import colors

CELL_TITLES = {"rnn": "RNN", "lstm": "LSTM", "gru": "GRU"}
GATE_LABELS = {
    "input": "input gate i_t", "forget": "forget gate f_t", "cell": "candidate g_t",
    "output": "output gate o_t", "reset": "reset gate r_t", "update": "update gate z_t",
    "new": "candidate n_t",
}
#: gates whose values lie in [0, 1] (sigmoid); the candidates are tanh, in [−1, 1]
SIGMOID_GATES = ("input", "forget", "output", "reset", "update")
GRADIENT_COLOR = "#D55E00"  # vermillion: gradients flowing back


def layer_title(record: dict) -> str:
    cell = CELL_TITLES.get(record.get("cell"), str(record.get("cell")))
    kind = f"Bidirectional {cell}" if record.get("bidirectional") else cell
    return f"{record['node_id']} ({kind}, {record['units']} units)"


def diverging_lut() -> np.ndarray:
    """Orange (−) → white (0) → blue (+), as the data view's classes and the canvas' weights."""
    return colors.diverging_colormap(1.0).getLookupTable(0.0, 1.0, 256, alpha=True)


def sequential_lut() -> np.ndarray:
    """White → blue, for values in [0, 1] such as gates."""
    stops = np.array([colors.hex_to_rgb("#FFFFFF"), colors.hex_to_rgb("#9ECAE1"),
                      colors.hex_to_rgb(colors.CLASS_1)]).astype(np.uint8)
    return pg.ColorMap(np.array([0.0, 0.5, 1.0]), stops).getLookupTable(0.0, 1.0, 256, alpha=True)


def magnitude_colormap() -> pg.ColorMap:
    """Perceptually uniform map for log-magnitudes (gradient norms)."""
    return pg.colormap.get("viridis")


def symmetric_level(values: np.ndarray, floor: float = 1e-6) -> float:
    finite = np.asarray(values, dtype=float)
    finite = finite[np.isfinite(finite)]
    if finite.size == 0:
        return 1.0
    return max(float(np.max(np.abs(finite))), floor)


def value_levels(name: str, values: np.ndarray) -> tuple[float, float, str]:
    """Colour levels and map ('diverging' or 'sequential') of a layer's quantity: 'hidden',
    'cell_state' or a gate name. Fixed levels where the range is known (gates in [0, 1], tanh
    values in [−1, 1]) so colours mean the same at every step of training."""
    if name in SIGMOID_GATES:
        return 0.0, 1.0, "sequential"
    m = symmetric_level(values)
    if name in ("cell", "new") or (name == "hidden" and m <= 1.0):
        return -1.0, 1.0, "diverging"
    return -m, m, "diverging"


def format_value(v: float) -> str:
    if not math.isfinite(v):
        return "nan"
    if v == 0:
        return "0"
    if 0.01 <= abs(v) < 1000:
        return f"{v:.2f}"
    return f"{v:.1e}"


def symbol_name(k: int) -> str:
    """Delayed recall's symbols are shown as letters A, B, C, …"""
    return chr(ord("A") + int(k)) if 0 <= k < 26 else str(k)


def show_char(c: str) -> str:
    return {"\n": "⏎", " ": "␣", "\t": "⇥"}.get(c, c)


def input_labels(seq: dict) -> list[str] | None:
    """One short label per time step for one-hot inputs (characters, symbols), else None."""
    x = np.asarray(seq["inputs"])
    if seq.get("vocab"):
        return [show_char(seq["vocab"][int(i)]) for i in np.argmax(x, axis=-1)]
    return None
