"""Figures of the views inside a feed-forward network (registered in export/figures.py):
``neurons``, ``activations``, ``gradient-health``, ``confusion``, ``latent``, ``fit`` and
``first-layer-weights``.

Each opens the main window offscreen on the project, trains it ``steps`` steps in its worker,
shows the view and renders it alone at the asked size (PNG or SVG).
"""

from __future__ import annotations

from pathlib import Path

from .figures import (
    Figure,
    ensure_application,
    export_scene,
    export_widget_at_size,
    register_figure,
    train_and_wait,
)

#: figure → (panel id or a window part, description, default size)
INSIDE_FIGURES = {
    "neurons": ("scene", "the network with every neuron's output drawn over the input plane",
                (1200, 600)),
    "activations": ("activations", "the selected layer's activation, derivative and "
                    "pre-activation histogram, and every activation with its derivative",
                    (800, 900)),
    "gradient-health": ("gradient-health", "per-layer gradient norms and update/weight ratios "
                        "over training (log scale), weight and gradient histograms",
                        (1000, 900)),
    "confusion": ("confusion", "the confusion matrix on the test set", (700, 700)),
    "latent": ("latent", "an autoencoder's 2-D code space coloured by class, and "
               "reconstructions", (1100, 600)),
    "fit": ("data", "the data with the fitted curve (1-D) or surface (2-D)", (900, 700)),
    "first-layer-weights": ("first-layer-weights", "the first layer's weights (as 8 × 8 images "
                            "for digits)", (900, 700)),
}


def check_applies(name: str, project) -> None:
    """Refuse (ProjectError, exit 2) a figure the project's task has nothing to show in: a
    confusion matrix of a regression, the code space of a network that is no autoencoder
    (they came out as empty axes with exit 0, while compare-cells of a feed-forward network
    was refused)."""
    from nnstudio.document.compile import make_dataset
    from nnstudio.document.errors import ProjectError

    if name not in ("confusion", "latent"):
        return
    dataset = make_dataset(project.settings)
    if name == "confusion" and not dataset.n_classes:
        raise ProjectError("--figure", "confusion: the confusion matrix needs a "
                           "classification task; this dataset is a regression")
    if name == "latent" and not getattr(dataset, "autoencoder", False):
        raise ProjectError("--figure", "latent: the code space needs an autoencoder "
                           "(dataset option 'Autoencoder', e.g. --lesson autoencoder)")


def _render(name: str):
    part = INSIDE_FIGURES[name][0]

    def render(project, out: Path, steps: int, w: int, h: int) -> None:
        check_applies(name, project)
        app = ensure_application()
        from nnstudio.document.errors import ProjectError
        from nnstudio.ui.main_window import MainWindow

        window = MainWindow(project)
        window.show()
        try:
            if window.issues:
                raise ProjectError("network", window.issues[0].message)
            panel = window.show_panel(part) if part in window.panels else None
            if name == "activations" and panel is not None:
                _select_first_hidden(window, panel)
            train_and_wait(window, steps)
            svg = Path(out).suffix.lower() == ".svg"
            if part == "scene":
                export_scene(window.scene, Path(out), w, h, svg)
            elif part == "data":
                export_widget_at_size(window.data_view, Path(out), w, h, svg)
            else:
                export_widget_at_size(panel, Path(out), w, h, svg)
        finally:
            window.close()
            app.processEvents()

    return render


def _select_first_hidden(window, panel) -> None:
    chain = window.project.chain()
    if len(chain) > 2:
        panel.select_node(chain[1].id)


for _name, (_part, _description, _size) in INSIDE_FIGURES.items():
    register_figure(Figure(_name, _description, _size, _render(_name)))
