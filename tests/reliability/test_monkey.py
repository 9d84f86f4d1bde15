"""A scripted monkey on the real main window (issue 7): hundreds of seeded random actions while
training runs — network edits through the undo commands (add/remove layers and connections,
units, activations), settings (learning rate, batch size, optimizer, dataset, noise), Reset,
Step, Play, Pause, Undo, Redo — with the events processed between actions.

Afterwards: nothing raised (pytest-qt fails the test on an exception in a Qt slot), no error
was shown (``MainWindow.last_error`` and no message box), the worker still answers (a Step
draws a new snapshot), and closing leaves no thread (checked here and by tests/conftest.py).
The normal tier runs 200 actions; ``pytest -m slow`` runs 1,000 on each of two seeds.
"""

from __future__ import annotations

import random
import time

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from nnstudio.document.project import default_project
from nnstudio.document.registry import LAYER_TYPES
from nnstudio.document.settings import SETTINGS
from nnstudio.ui.editor.commands import (
    AddEdgeCommand,
    AddNodeCommand,
    RemoveEdgeCommand,
    RemoveNodesCommand,
    SetParamCommand,
    SetSettingCommand,
    push_or_explain,
)
from nnstudio.workers import running_threads

ACTIVATIONS = LAYER_TYPES["dense"].param("activation").choices
DATASETS = SETTINGS["dataset.name"].choices
OPTIMIZERS = SETTINGS["training.optimizer"].choices


class Monkey:
    def __init__(self, win, seed: int) -> None:
        self.win = win
        self.rng = random.Random(seed)
        self.counts: dict[str, int] = {}
        self.refused = 0
        self.snapshots = 0
        win.snapshot_drawn.connect(self._count)

    def _count(self, _snap) -> None:
        self.snapshots += 1

    # -- helpers -------------------------------------------------------------------------------
    @property
    def project(self):
        return self.win.project

    def push(self, command) -> None:
        if push_or_explain(self.win.undo_stack, command) is not None:
            self.refused += 1  # the model said no and nothing changed: fine

    def hidden_ids(self) -> list[str]:
        return [n for n, node in self.project.nodes.items() if node.type == "dense"]

    # -- actions -------------------------------------------------------------------------------
    def add_layer(self) -> None:
        """Insert a dense layer into a connection (keeps the chain valid) or drop it loose."""
        rng, project, stack = self.rng, self.project, self.win.undo_stack
        params = {"units": rng.randint(1, 12), "activation": rng.choice(ACTIVATIONS)}
        pos = (rng.uniform(-200, 800), rng.uniform(-200, 300))
        if project.edges and rng.random() < 0.7:
            source, target = rng.choice(project.edges)
            node_id = project.new_node_id("dense")
            stack.beginMacro("insert layer")
            self.push(RemoveEdgeCommand(project, source, target))
            self.push(AddNodeCommand(project, "dense", pos, params, node_id=node_id))
            self.push(AddEdgeCommand(project, source, node_id))
            self.push(AddEdgeCommand(project, node_id, target))
            stack.endMacro()
        else:
            self.push(AddNodeCommand(project, "dense", pos, params))

    def remove_layer(self) -> None:
        ids = list(self.project.nodes)
        if ids:
            self.push(RemoveNodesCommand(self.project, [self.rng.choice(ids)]))

    def add_edge(self) -> None:
        ids = list(self.project.nodes)
        if len(ids) >= 2:
            self.push(AddEdgeCommand(self.project, *self.rng.sample(ids, 2)))

    def remove_edge(self) -> None:
        if self.project.edges:
            self.push(RemoveEdgeCommand(self.project, *self.rng.choice(self.project.edges)))

    def units(self) -> None:
        ids = self.hidden_ids()
        if ids:
            self.push(SetParamCommand(self.project, self.rng.choice(ids), "units",
                                      self.rng.randint(1, 16)))

    def activation(self) -> None:
        ids = self.hidden_ids()
        if ids:
            self.push(SetParamCommand(self.project, self.rng.choice(ids), "activation",
                                      self.rng.choice(ACTIVATIONS)))

    def learning_rate(self) -> None:
        value = self.rng.choice([1e-4, 0.003, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0])
        self.push(SetSettingCommand(self.project, "training.learning_rate", value))

    def batch_size(self) -> None:
        value = self.rng.choice([1, 2, 10, 32, 100, 500])
        self.push(SetSettingCommand(self.project, "training.batch_size", value))

    def optimizer(self) -> None:
        self.push(SetSettingCommand(self.project, "training.optimizer",
                                    self.rng.choice(OPTIMIZERS)))

    def dataset(self) -> None:
        # mostly the 2-D datasets the default network fits; sometimes anything
        choices = ("circle", "xor", "gaussians", "spiral") if self.rng.random() < 0.8 else DATASETS
        self.push(SetSettingCommand(self.project, "dataset.name", self.rng.choice(choices)))

    def noise(self) -> None:
        self.push(SetSettingCommand(self.project, "dataset.noise",
                                    round(self.rng.uniform(0.0, 1.0), 3)))

    def reset(self) -> None:
        self.win.reset()

    def step(self) -> None:
        self.win.step()

    def play(self) -> None:
        self.win.play()

    def pause(self) -> None:
        self.win.pause()

    def toggle(self) -> None:
        self.win.toggle_play()

    def undo(self) -> None:
        self.win.undo_stack.undo()

    def redo(self) -> None:
        self.win.undo_stack.redo()

    def undo_all(self) -> None:
        """Back to the opening design (valid), so training resumes between bursts of edits."""
        self.win.undo_stack.setIndex(0)

    ACTIONS = {  # name: weight
        "add_layer": 6, "remove_layer": 3, "add_edge": 3, "remove_edge": 3, "units": 6,
        "activation": 5, "learning_rate": 5, "batch_size": 4, "optimizer": 3, "dataset": 3,
        "noise": 4, "reset": 5, "step": 8, "play": 8, "pause": 5, "toggle": 4, "undo": 10,
        "redo": 6, "undo_all": 2,
    }

    def run(self, qtbot, n_actions: int) -> None:
        names = list(self.ACTIONS)
        weights = [self.ACTIONS[n] for n in names]
        for i in range(n_actions):
            name = self.rng.choices(names, weights)[0]
            self.counts[name] = self.counts.get(name, 0) + 1
            getattr(self, name)()
            QApplication.processEvents()
            if i % 10 == 9:  # let the design sync and the worker's snapshots be drawn
                QApplication.processEvents()
                qtbot.waitUntil(lambda: not self.win._sync_timer.isActive(), timeout=10_000)
            assert self.win.last_error is None, f"after action {i} ({name}): {self.win.last_error}"


def _monkey(window, qtbot, n_actions: int, seed: int) -> Monkey:
    win = window
    win.play()
    monkey = Monkey(win, seed)
    started = time.perf_counter()
    monkey.run(qtbot, n_actions)
    elapsed = time.perf_counter() - started

    # the worker still answers: a fresh valid design (a seed the monkey never sets), then a
    # Step draws step 1 of that run
    win.pause()
    fresh = default_project()
    fresh.set("training.seed", 424_242)
    old_run = win.last_snapshot["run_id"]
    win.set_project(fresh, None)
    qtbot.waitUntil(lambda: win.last_snapshot["run_id"] != old_run
                    and win.last_snapshot["steps"] == 0, timeout=10_000)
    run = win.last_snapshot["run_id"]
    win.step()
    qtbot.waitUntil(lambda: win.last_snapshot["run_id"] == run
                    and win.last_snapshot["steps"] == 1, timeout=10_000)
    assert win.last_error is None
    assert not [b for b in win.findChildren(QMessageBox) if b.isVisible()]
    assert monkey.snapshots > 0 and len(running_threads()) == 1
    print(f"\nmonkey seed {seed}: {n_actions} actions in {elapsed:.1f} s, "
          f"{monkey.snapshots} snapshots drawn, {monkey.refused} edits refused; {monkey.counts}")
    win.close()
    qtbot.waitUntil(lambda: running_threads() == [], timeout=2_000)
    return monkey


def test_monkey_200_actions(window, qtbot):
    _monkey(window, qtbot, 200, seed=7)


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2])
def test_monkey_1000_actions(window, qtbot, seed):
    _monkey(window, qtbot, 1_000, seed=seed)
