"""Colours shared by the plots (colour-blind-safe; no Qt widgets needed).

The qualitative palette is Okabe & Ito's (https://jfly.uni-koeln.de/color/), safe for the common
forms of colour blindness. Class 0 is orange and class 1 is blue, as in TensorFlow Playground, so
the two-class diverging map orange → white → blue shares its ends with the point colours.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

# Okabe-Ito, reordered so that classes 0 and 1 are orange and blue.
OKABE_ITO: tuple[str, ...] = (
    "#E69F00",  # orange
    "#0072B2",  # blue
    "#009E73",  # bluish green
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
    "#555555",  # dark grey (Okabe-Ito's black, softened)
)

CLASS_0 = OKABE_ITO[0]
CLASS_1 = OKABE_ITO[1]
MIDDLE = "#F7F7F7"  # centre of the diverging map (p = 0.5, or value 0 for regression)

# Loss curves.
TRAIN_COLOR = "#0072B2"  # blue
TEST_COLOR = "#D55E00"  # vermillion

# Chrome.
BACKGROUND = "#FFFFFF"
FOREGROUND = "#333333"  # axis lines, tick labels, text
POINT_RIM = "#FFFFFF"  # outline of train points (classification)
VALUE_RIM = "#555555"  # outline of points coloured by value (regression), visible on white
GRID_ALPHA = 0.12

# Surfaces are drawn lighter than the points so the points stand out on top of them.
SURFACE_STRENGTH = 0.55  # 1 = as saturated as the points, 0 = white


def hex_to_rgb(color: str) -> np.ndarray:
    """``"#RRGGBB"`` → float array ``[r, g, b]`` in 0..255."""
    c = color.lstrip("#")
    return np.array([int(c[i : i + 2], 16) for i in (0, 2, 4)], dtype=float)


def class_color(k: int) -> str:
    """Colour of class ``k`` (the palette repeats after 8 classes)."""
    return OKABE_ITO[int(k) % len(OKABE_ITO)]


def class_rgb_table(n_classes: int) -> np.ndarray:
    """``(n_classes, 3)`` float array of the class colours in 0..255."""
    return np.array([hex_to_rgb(class_color(k)) for k in range(n_classes)])


def lighten(rgb: np.ndarray, strength: float = SURFACE_STRENGTH) -> np.ndarray:
    """Blend colours toward white: ``strength`` 1 keeps them, 0 gives white."""
    white = np.array([255.0, 255.0, 255.0])
    return white + (np.asarray(rgb, dtype=float) - white) * strength


def diverging_colormap(strength: float = 1.0) -> pg.ColorMap:
    """Orange (0) → near-white (0.5) → blue (1); ``strength`` < 1 gives the lighter surface map."""
    stops = [hex_to_rgb(CLASS_0), hex_to_rgb(MIDDLE), hex_to_rgb(CLASS_1)]
    colors = [lighten(c, strength).round().astype(np.uint8) for c in stops]
    return pg.ColorMap(pos=np.array([0.0, 0.5, 1.0]), color=np.array(colors))


def diverging_lut(n: int = 256, strength: float = SURFACE_STRENGTH) -> np.ndarray:
    """``(n, 4)`` uint8 lookup table of :func:`diverging_colormap` for an ImageItem."""
    return diverging_colormap(strength).getLookupTable(0.0, 1.0, n, alpha=True)


def map_diverging(t: np.ndarray, strength: float = 1.0) -> np.ndarray:
    """Map values ``t`` in 0..1 (clipped) to ``(..., 3)`` float RGB in 0..255."""
    t = np.clip(np.nan_to_num(np.asarray(t, dtype=float), nan=0.5), 0.0, 1.0)
    c0, cm, c1 = (lighten(hex_to_rgb(c), strength) for c in (CLASS_0, MIDDLE, CLASS_1))
    lo = (t < 0.5)[..., None]
    s = np.where(lo[..., 0], t * 2.0, (t - 0.5) * 2.0)[..., None]
    return np.where(lo, c0 + (cm - c0) * s, cm + (c1 - cm) * s)
