"""Comparing recurrent cells on one task: RNN vs GRU vs LSTM (Qt-free).

:class:`CellComparison` takes the project and builds one training session per cell, with
every recurrent layer of the design switched to that cell (a Bidirectional layer keeps its
place and changes its ``cell``); the rest — data, sizes, optimizer, seed and so the batch
order — stays the same. :meth:`CellComparison.step` trains the three in turn, and
:meth:`CellComparison.snapshot` hands out plain numbers and copied arrays.
:meth:`CellComparison.run` trains to a target and measures the curves at the steps
:func:`history_steps` picks (the figure export: nobody watches, so no live snapshots).
"""

from __future__ import annotations

import numpy as np

from nnstudio.document.errors import ProjectError
from nnstudio.document.project import Node, Project
from nnstudio.document.recurrent_types import CELLS, RECURRENT_TYPE_IDS
from nnstudio.document.registry import LAYER_TYPES

CELL_LABELS = {"rnn": "RNN", "gru": "GRU", "lstm": "LSTM"}
#: one colour per cell in every view and figure (Okabe & Ito: grey-black, green, blue)
CELL_COLORS = {"rnn": "#555555", "gru": "#009E73", "lstm": "#0072B2"}
COMPARED_CELLS = ("rnn", "gru", "lstm")
#: curve points a finished run is measured at (:func:`history_steps`): a full evaluation of
#: both sets costs 5–70 training steps of the three cells, so measuring every step of a
#: short run (or 150 points of a long one) took most of an export's time
HISTORY_POINTS = 40


def project_with_cell(project: Project, cell: str) -> Project:
    """A copy of ``project`` whose recurrent layers all use ``cell`` (ids, sizes and the
    parameters the types share are kept; the others take the new type's defaults)."""
    if cell not in CELLS:
        raise ValueError(f"cell: expected one of {', '.join(CELLS)}, got {cell!r}")
    copy = project.clone()
    for node_id, node in list(copy.nodes.items()):
        if node.type not in RECURRENT_TYPE_IDS:
            continue
        if node.type == "bidirectional":
            node.params["cell"] = cell
            continue
        params = LAYER_TYPES[cell].defaults()
        params.update({k: v for k, v in node.params.items() if k in params})
        copy.nodes[node_id] = Node(node_id, cell, params, node.pos)
    copy.meta = dict(copy.meta, title=f"{copy.meta.get('title', 'Project')} ({CELL_LABELS[cell]})")
    return copy


def recurrent_cells(project: Project) -> list[str]:
    """The cells the project's recurrent layers use, in chain order."""
    out = []
    for node in project.chain():
        if node.type in CELLS:
            out.append(node.type)
        elif node.type == "bidirectional":
            out.append(node.params["cell"])
    return out


def history_steps(steps: int, points: int = HISTORY_POINTS) -> list[int]:
    """The steps (1 … ``steps``, always ``steps`` itself) at which :meth:`CellComparison.run`
    measures the curves: at most ``points``, half evenly spaced and half geometrically (a
    loss falls fastest at the start, where an even grid would have no point at all)."""
    steps, half = int(steps), max(int(points) // 2, 1)
    if steps < 1:
        return []
    if steps <= points:
        return list(range(1, steps + 1))
    even = {round(steps * i / half) for i in range(1, half + 1)}
    ratio = steps ** (1.0 / max(half - 1, 1))
    geometric = {round(ratio ** i) for i in range(half)}
    return sorted(s for s in even | geometric | {steps} if 1 <= s <= steps)


class CellComparison:
    """Three training sessions of the same design, one per cell."""

    def __init__(self, project: Project, cells: tuple[str, ...] = COMPARED_CELLS) -> None:
        from nnstudio.session import TrainingSession

        if not recurrent_cells(project):
            raise ProjectError("network", "Comparing cells needs a recurrent layer (RNN, LSTM, "
                                          "GRU or Bidirectional) in the network.")
        self.cells = tuple(cells)
        self.sessions = {cell: TrainingSession(project_with_cell(project, cell))
                         for cell in self.cells}
        self.task = next(iter(self.sessions.values())).dataset.task

    @property
    def steps(self) -> int:
        """The steps of the cells still training (a diverged cell stays at its last step,
        and would hold the count back for ever); of the furthest when all have diverged."""
        training = [s.steps for s in self.sessions.values() if not s.diverged]
        return min(training) if training else max(s.steps for s in self.sessions.values())

    @property
    def all_diverged(self) -> bool:
        return all(s.diverged for s in self.sessions.values())

    def step(self, n: int = 1) -> None:
        """``n`` steps of every cell (a diverged one stops, the others go on)."""
        for session in self.sessions.values():
            if not session.diverged:
                session.step(n)

    def run(self, steps: int, points: int = HISTORY_POINTS) -> list[dict]:
        """Train every cell to ``steps`` steps (or its divergence) and return the fresh
        snapshots measured at :func:`history_steps` (the last one at ``steps``)."""
        snaps = []
        for at in history_steps(steps, points):
            if self.steps < at:
                self.step(at - self.steps)
            snaps.append(self.snapshot(live=False))
            if self.all_diverged:
                break
        return snaps or [self.snapshot(live=False)]

    def cell_metrics(self, cell: str, live: bool = True) -> dict:
        session = self.sessions[cell]
        if live and session.sequence is not None:
            metrics = session.sequence.live_metrics()
        else:
            metrics = session.metrics()
            metrics["metrics_fresh"] = True
        norms = None
        if session.sequence is not None and session.sequence.layers:
            layer = session.sequence.layers[0][4]
            if layer.last_grad_h_norms is not None:
                norms = np.array(layer.last_grad_h_norms, dtype=np.float64)
        keys = ("steps", "train_loss", "test_loss", "train_accuracy", "test_accuracy",
                "train_r2", "test_r2", "diverged", "metrics_fresh")
        result = {k: metrics.get(k) for k in keys}
        result["grad_norms"] = norms
        return result

    def snapshot(self, live: bool = True) -> dict:
        return {
            "steps": self.steps,
            "task": self.task,
            "cells": {cell: self.cell_metrics(cell, live) for cell in self.cells},
        }
