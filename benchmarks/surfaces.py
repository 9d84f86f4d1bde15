"""Surface benchmark: what the views compute at every refresh, on a 100×100 grid.

The default project (``default_project()``: circle data, 2-4-2-1 tanh, bce) is compiled
through ``TrainingSession`` with ``surface_resolution=100``. One refresh is the decision
surface (``session.surface()``: P(class 1) per grid point) plus every neuron's map
(``network.layer_outputs(grid)``: each layer's output over the grid, one column per unit).
A hand-fused forward pass over the same grid producing the same arrays is the reference.
"""

from __future__ import annotations

import numpy as np

from nnstudio.document.project import default_project
from nnstudio.session import TrainingSession

RESOLUTION = 100


def make_session(resolution: int = RESOLUTION, train_steps: int = 200) -> TrainingSession:
    """The default project's session, trained a little so the maps are not the init."""
    session = TrainingSession(default_project(), surface_resolution=resolution)
    session.step(train_steps)
    return session


def engine_surface(session: TrainingSession):
    return session.surface()


def engine_neuron_maps(session: TrainingSession):
    return session.network.layer_outputs(session._grid)


def engine_refresh(session: TrainingSession):
    """What one refresh of every view costs: the surface and all per-neuron maps."""
    return engine_surface(session), engine_neuron_maps(session)


def fused_refresh(session: TrainingSession):
    """The same arrays from a hand-written forward pass (tanh/linear layers, bce link)."""
    grid, n = session._grid, session.surface_resolution
    outs = []
    a = grid
    for layer in session.network.layers:
        z = a @ layer.params["W"] + layer.params["b"]
        a = np.tanh(z) if layer.activation == "tanh" else z
        outs.append(a)
    z = outs[-1][:, 0]
    e = np.exp(-np.abs(z))
    surface = np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e)).reshape(n, n)
    return surface, outs
