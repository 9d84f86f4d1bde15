"""Texts that describe a plotted line name no colour it does not have. The curves take their
colours from the palette (View → Colour palette): the fitted curve and the test loss are
vermilion (#D55E00, an orange) in Okabe–Ito and a red (#EE6677) in Tol bright, so a "red line"
is wrong in one palette — the text of the ``fit`` figure said "red line" over an orange curve.
A colour word next to a line must be the colour's name in every palette (blue for the training
loss), or better, the text says which line without a colour."""

from __future__ import annotations

import colorsys
import re

import pytest

from nnstudio.document.lessons import list_lessons, load_lesson
from nnstudio.session import TrainingSession

COLOUR_WORDS = ("red", "orange", "yellow", "green", "cyan", "blue", "purple", "violet",
                "magenta", "pink", "vermilion", "vermillion", "brown")
#: a sentence about a plotted line mentions one of these
LINE_WORDS = ("curve", "line", "loss")


def hue_name(color: str) -> str:
    """The everyday name of a colour's hue ('#D55E00' → 'orange', '#EE6677' → 'red')."""
    r, g, b = (int(color.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4))
    hue = colorsys.rgb_to_hsv(r, g, b)[0] * 360
    for name, upper in (("red", 15), ("orange", 45), ("yellow", 70), ("green", 170),
                        ("cyan", 195), ("blue", 255), ("purple", 290), ("pink", 345)):
        if hue < upper:
            return name
    return "red"


def palettes():
    from nnstudio.ui.theme import PALETTES

    return PALETTES


def stable_line_colours() -> set[str]:
    """Colour names true of a line's colour in every palette (the training loss: blue)."""
    stable = set()
    for series in ("train", "test"):
        names = {hue_name(getattr(p, series)) for p in palettes().values()}
        if len(names) == 1:
            stable |= names
    return stable


def colour_words(text: str) -> set[str]:
    return set(re.findall(r"\b(" + "|".join(COLOUR_WORDS) + r")\b", text.lower()))


def line_sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?:;])\s+|\n+", text)
            if any(word in s.lower() for word in LINE_WORDS)]


def test_the_hue_names_are_right():
    assert hue_name("#D55E00") == "orange" and hue_name("#EE6677") == "red"
    assert hue_name("#0072B2") == "blue" and hue_name("#4477AA") == "blue"
    assert stable_line_colours() == {"blue"}


@pytest.mark.parametrize("lesson", [info.name for info in list_lessons()])
def test_lesson_texts_name_no_colour_a_line_lacks(lesson):
    text = load_lesson(lesson).meta.get("explanation", "")
    allowed = stable_line_colours()
    for sentence in line_sentences(text):
        wrong = colour_words(sentence) - allowed
        assert not wrong, f"{lesson}: {sorted(wrong)} in {sentence!r}"


@pytest.mark.parametrize("palette", ["okabe-ito", "tol-bright"])
def test_the_fit_figure_names_the_colour_of_its_curve_truly(palette, qtbot):
    """The ``fit`` figure of a 1-D regression: its note names at most the curve's colour."""
    from nnstudio.ui.inside.data_modes import modes_of
    from nnstudio.ui.plots.data_view import DataView
    from nnstudio.ui.theme import set_palette

    set_palette(palette)
    try:
        view = DataView()
        qtbot.addWidget(view)
        modes = modes_of(view)
        modes.show_dataset(TrainingSession(load_lesson("regression-sine")).dataset_payload())
        assert modes.mode == "curve"
        curve = modes.fit_curve.opts["pen"].color().name()
        words = colour_words(modes.note.text())
        assert words <= {hue_name(curve)}, (modes.note.text(), curve)
    finally:
        set_palette("okabe-ito")


def test_help_texts_name_no_colour_a_line_lacks(qtbot):
    """Help → About this view said "the held-out test data (red)" over a vermilion curve."""
    from nnstudio.ui.help import builtin_views

    allowed = stable_line_colours()
    for view, (_title, text) in builtin_views().items():
        # the loss view's text is all about its two curves (it says "cost", not "loss")
        sentences = re.split(r"(?<=[.!?:;])\s+", text) if view == "loss" else \
            line_sentences(text)
        for sentence in sentences:
            wrong = colour_words(sentence) - allowed
            assert not wrong, f"{view}: {sorted(wrong)} in {sentence!r}"
