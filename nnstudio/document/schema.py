"""Parameter schemas: one description of every setting, read by the UI, the loader and the CLI.

A :class:`ParamSpec` knows a value's kind, default, range or choices, label and help text,
and turns raw input (JSON values or ``--set`` strings) into a validated value or raises a
:class:`ProjectError` naming the field.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from .errors import ProjectError
from .errors import short_repr as _short


@dataclass(frozen=True)
class ParamSpec:
    name: str
    kind: str  # "int" | "float" | "choice" | "bool" | "str"
    default: Any
    label: str = ""
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple = ()
    help: str = ""
    #: log-scale hint for spin boxes / sliders (learning rates)
    log: bool = False
    #: free-form extra data for views (e.g. choice labels)
    extra: dict = field(default_factory=dict)

    @property
    def display(self) -> str:
        return self.label or self.name.replace("_", " ")

    def coerce(self, value: Any, where: str, from_text: bool = False) -> Any:
        """Validate ``value``; raise ProjectError naming ``where``.

        Values from files and widgets must have their type already (``"4"`` is not a number);
        ``from_text=True`` parses text typed on the command line (``--set KEY=VALUE``).
        """
        kind = self.kind
        if kind == "bool":
            if isinstance(value, bool):
                return value
            if from_text and isinstance(value, str) and value.lower() in (
                    "true", "false", "1", "0", "yes", "no"):
                return value.lower() in ("true", "1", "yes")
            raise ProjectError(where, f"expected true or false, got {_short(value)}")
        if kind == "choice":
            if not isinstance(value, str) or value not in self.choices:
                raise ProjectError(
                    where, f"{_short(value)} is not one of {', '.join(map(str, self.choices))}"
                )
            return value
        if kind == "str":
            if not isinstance(value, str) or len(value) > 10_000:
                raise ProjectError(where, f"expected a text, got {_short(value)}")
            return value
        if kind in ("int", "float"):
            if isinstance(value, str) and not from_text:
                raise ProjectError(
                    where, f"expected {_kind_word(kind)}, got the text {_short(value)}")
            number = _to_number(value, kind, where)
            if self.minimum is not None and number < self.minimum:
                raise ProjectError(where, f"{_short(number)} is below the minimum {self.minimum}")
            if self.maximum is not None and number > self.maximum:
                raise ProjectError(where, f"{_short(number)} is above the maximum {self.maximum}")
            return number
        if kind == "data":  # structured values (e.g. rows of numbers): the spec's own check
            return self.extra["coerce"](value, where)
        raise AssertionError(f"unknown kind {kind}")  # pragma: no cover

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "kind": self.kind,
            "default": self.default,
            "min": self.minimum,
            "max": self.maximum,
            "choices": list(self.choices),
            "help": self.help,
        }


def _to_number(value: Any, kind: str, where: str) -> int | float:
    if isinstance(value, bool):
        raise ProjectError(where, f"expected a number, got {value!r}")
    if isinstance(value, str):
        text = value.strip()
        if "_" in text or len(text) > 400:  # Python would read 1_0 as 10
            raise ProjectError(where, f"expected {_kind_word(kind)}, got {_short(text)}")
        try:
            value = int(text) if kind == "int" else float(text)
        except ValueError:
            raise ProjectError(where, f"expected {_kind_word(kind)}, got {_short(text)}") from None
    if kind == "int":
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if not isinstance(value, int):
            raise ProjectError(where, f"expected a whole number, got {_short(value)}")
        return value
    if not isinstance(value, (int, float)):
        raise ProjectError(where, f"expected a number, got {_short(value)}")
    try:
        value = float(value)
    except OverflowError:  # JSON allows integers such as 10**400
        raise ProjectError(where, f"expected a finite number, got {_short(value)}") from None
    if not math.isfinite(value):
        raise ProjectError(where, f"expected a finite number, got {value}")
    return value


def _kind_word(kind: str) -> str:
    return "a whole number" if kind == "int" else "a number"
