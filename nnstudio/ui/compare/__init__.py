"""Comparing training methods: the optimizer race, the loss landscape and the optimizer panel.

Entry points for the main window (e.g. a "View" menu)::

    open_race_window(project, parent)        # → RaceWindow, shown
    open_landscape_window(project, parent)   # → LandscapeWindow, shown
    OptimizerPanel(project, undo_stack)      # training.rule/optimizer + its hyperparameters

The windows follow the live ``project``; their edits are undoable commands pushed onto
``stack`` (default: ``parent.undo_stack``). Each owns one worker thread, stopped when the
window closes.
"""

from __future__ import annotations

__all__ = [
    "LandscapeWindow",
    "OptimizerHelp",
    "OptimizerPanel",
    "RaceWindow",
    "open_landscape_window",
    "open_race_window",
]


def open_race_window(project, parent=None, stack=None):
    """Open the optimizer race on ``project`` (a top-level window); returns it."""
    from .race_view import RaceWindow

    window = RaceWindow(project, stack, parent)
    window.show()
    return window


def open_landscape_window(project, parent=None, stack=None):
    """Open the loss landscape on ``project`` (a top-level window); returns it."""
    from .landscape_view import LandscapeWindow

    window = LandscapeWindow(project, stack, parent)
    window.show()
    return window


def __getattr__(name: str):
    if name in ("RaceWindow",):
        from .race_view import RaceWindow

        return RaceWindow
    if name == "LandscapeWindow":
        from .landscape_view import LandscapeWindow

        return LandscapeWindow
    if name in ("OptimizerPanel", "OptimizerHelp"):
        from . import optimizer_panel

        return getattr(optimizer_panel, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
