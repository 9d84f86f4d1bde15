"""Typed errors of the project model: each names the field that is wrong."""

from __future__ import annotations


def short_repr(value, limit: int = 40) -> str:
    """``repr(value)`` cut to ``limit`` characters, for messages naming a bad value (a file may
    hold a 4,000-digit number or a megabyte of text)."""
    try:
        text = repr(value)
    except ValueError:  # an integer beyond Python's digit limit for str()
        return "a number too large to show"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def range_message(what: str, low: int, high: int, shown: str) -> str:
    """The one message for a whole number that is refused — out of ``low`` … ``high``, or no
    whole number at all — so that ``--steps -5``, ``--steps 2.5`` and ``"steps": 0`` in a file
    all state the range that is allowed. ``shown`` is the value as given (see
    :func:`short_repr`)."""
    return f"expected a whole number {low:,} … {high:,} ({what}), got {shown}"


class ProjectError(ValueError):
    """A project file, setting or edit is invalid.

    ``field`` is the dotted path of the offending value (e.g. ``training.batch_size`` or
    ``network.nodes[2].params.units``) so that the UI and the CLI can name it.
    """

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}" if field else message)


class DesignError(ProjectError):
    """An edit of the network graph that the model refuses (cycle, duplicate edge, ...)."""
