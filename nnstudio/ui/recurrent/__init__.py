"""Views of recurrent networks: unfolded in time, hidden states, gradients through time,
predictions, generated text and the cell comparison, together in :class:`SequencePanel`."""

from __future__ import annotations

__all__ = [
    "CompareCellsPanel",
    "GeneratedTextView",
    "GradientsView",
    "HiddenStateView",
    "PredictionView",
    "SequencePanel",
    "UnrolledView",
]


def __getattr__(name: str):
    import importlib

    modules = {
        "CompareCellsPanel": "compare", "GeneratedTextView": "text_view",
        "GradientsView": "gradients", "HiddenStateView": "hidden_states",
        "PredictionView": "predictions", "SequencePanel": "panel", "UnrolledView": "unrolled",
    }
    if name in modules:
        return getattr(importlib.import_module(f"{__name__}.{modules[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
