"""Optional panels of the main window (View menu), registered as data.

A panel is a QWidget made by ``factory(window)``; the main window puts it in a dock, lists it
in the View menu and forwards what the worker sends to the panels that are visible, calling
whichever of these methods the widget has:

* ``on_snapshot(snap: dict)`` — every drawn snapshot (plain copies; never the live network);
* ``on_dataset(payload: dict)`` — when the data changes;
* ``on_project_replaced()`` — after File → Open / New / a lesson.

A new panel is one :func:`register_panel` call in its own module, plus that module's name in
:data:`PANEL_MODULES` (imported when the window is built).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PanelSpec:
    id: str
    title: str
    #: "left" | "right" | "bottom"
    area: str
    factory: Callable
    visible: bool = False
    #: Help → "About this view" text
    about: str = ""


PANELS: dict[str, PanelSpec] = {}
#: modules that register panels, imported by the main window
PANEL_MODULES: list[str] = ["nnstudio.ui.recurrent.window_panel"]
PANEL_MODULES += [f"nnstudio.ui.inside.{m}" for m in (  # seeing inside (issue 5)
    "data_tools", "activation_panel", "gradient_panel", "confusion_panel", "latent_panel",
    "weight_images")]


def register_panel(spec: PanelSpec) -> PanelSpec:
    PANELS[spec.id] = spec
    return spec


def load_panels() -> dict[str, PanelSpec]:
    import importlib

    for module in PANEL_MODULES:
        importlib.import_module(module)
    return PANELS
