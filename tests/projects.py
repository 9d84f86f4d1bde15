"""Small projects built in code for tests (imported as ``from projects import make_project``;
tests/ is on the path like tests/reference.py)."""

from __future__ import annotations

from nnstudio.document.project import Project


def make_project(dataset: dict, layers: list, loss: str) -> Project:
    """A chain input → ``layers`` ((node id, type id, params), …) on ``dataset`` settings,
    trained with Adam (η 0.01, batch 8, seed 0) on ``loss``."""
    p = Project()
    for key, value in dataset.items():
        p.set(f"dataset.{key}", value)
    for key, value in {"loss": loss, "optimizer": "adam", "learning_rate": 0.01,
                       "batch_size": 8, "seed": 0}.items():
        p.set(f"training.{key}", value)
    p.add_node("input", (0, 0), node_id="input")
    previous = "input"
    for node_id, type_id, params in layers:
        p.add_node(type_id, (0, 0), params, node_id=node_id)
        p.add_edge(previous, node_id)
        previous = node_id
    return p
