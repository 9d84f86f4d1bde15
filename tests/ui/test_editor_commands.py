"""Undo commands of the editor: they change only the project, refuse bad edits without changing
anything, and undo restores exactly what was there."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QUndoStack

from nnstudio.document.io import dumps
from nnstudio.document.project import default_project
from nnstudio.ui.editor.commands import (
    AddEdgeCommand,
    AddNodeCommand,
    CompositeCommand,
    MoveNodesCommand,
    RemoveEdgeCommand,
    RemoveNodesCommand,
    SetParamCommand,
    SetSettingCommand,
    push_or_explain,
)


@pytest.fixture
def stack(qapp):
    stack = QUndoStack()
    yield stack
    stack.clear()


@pytest.fixture
def project():
    return default_project()


def test_add_node_undo_redo_keeps_the_id(stack, project):
    assert push_or_explain(stack, AddNodeCommand(project, "dense", (10, 20), {"units": 3})) is None
    assert stack.count() == 1
    node = project.nodes["dense3"]
    assert node.pos == (10.0, 20.0) and node.params["units"] == 3
    stack.undo()
    assert "dense3" not in project.nodes
    project.add_node("dense", node_id="dense9")  # ids around may change meanwhile
    project.remove_node("dense9")
    stack.redo()
    assert project.nodes["dense3"].params["units"] == 3


def test_refused_edits_change_nothing_and_explain(stack, project):
    before = dumps(project)
    reason = push_or_explain(stack, AddNodeCommand(project, "input", (0, 0)))
    assert reason == "the network already has an input layer"
    reason = push_or_explain(stack, AddEdgeCommand(project, "dense2", "dense1"))
    assert "already has an input" in reason
    reason = push_or_explain(stack, SetParamCommand(project, "dense1", "units", 100_000))
    assert reason and "maximum" in reason and "dense1.units" in reason
    reason = push_or_explain(stack, SetSettingCommand(project, "training.nope", 1))
    assert "unknown setting" in reason
    reason = push_or_explain(stack, RemoveNodesCommand(project, ["dense1", "ghost"]))
    assert "ghost" in reason
    assert stack.count() == 0
    assert dumps(project) == before


def test_remove_nodes_is_one_step_and_undo_restores_everything(stack, project):
    project.set_param("dense2", "activation", "relu")
    before = dumps(project)
    events = []
    project.subscribe(lambda e, p: events.append(e))
    cmd = RemoveNodesCommand(project, ["dense1", "dense2"])
    assert push_or_explain(stack, cmd) is None
    assert stack.count() == 1 and cmd.text() == "Delete 2 layers"
    assert set(project.nodes) == {"input", "output"} and project.edges == []
    assert events.count("node_removed") == 2 and events.count("edge_removed") == 3
    stack.undo()
    assert dumps(project) == before  # params, positions, edges and their order
    stack.redo()
    assert set(project.nodes) == {"input", "output"}
    stack.undo()
    assert dumps(project) == before


def test_remove_nodes_with_extra_edges_and_edges_only(stack, project):
    before = dumps(project)
    assert push_or_explain(stack, RemoveNodesCommand(project, ["output"],
                                                     edges=[("input", "dense1")])) is None
    assert ("input", "dense1") not in project.edges and "output" not in project.nodes
    assert stack.count() == 1
    stack.undo()
    assert dumps(project) == before
    assert push_or_explain(stack, RemoveNodesCommand(project, [], [("dense1", "dense2")])) is None
    assert ("dense1", "dense2") not in project.edges
    stack.undo()
    assert dumps(project) == before


def test_undo_restores_an_edge_the_rules_refuse(stack, project):
    """A loaded file may hold a cycle; deleting and undoing must give it back as it was."""
    project.edges.append(("dense2", "dense1"))  # as the loader keeps it
    before = dumps(project)
    assert push_or_explain(stack, RemoveNodesCommand(project, ["dense2"])) is None
    stack.undo()
    assert dumps(project) == before
    assert push_or_explain(stack, RemoveEdgeCommand(project, "dense2", "dense1")) is None
    stack.undo()
    assert dumps(project) == before


def test_edges_add_and_remove(stack, project):
    assert push_or_explain(stack, RemoveEdgeCommand(project, "dense2", "output")) is None
    assert push_or_explain(stack, AddEdgeCommand(project, "dense1", "output")) is None
    assert ("dense1", "output") in project.edges
    stack.undo()
    stack.undo()
    assert ("dense2", "output") in project.edges and ("dense1", "output") not in project.edges


def test_set_param_merges_consecutive_edits_of_one_field(stack, project):
    for units in (5, 6, 7):
        assert push_or_explain(stack, SetParamCommand(project, "dense1", "units", units)) is None
    assert stack.count() == 1
    assert project.nodes["dense1"].params["units"] == 7
    push_or_explain(stack, SetParamCommand(project, "dense1", "activation", "relu"))
    assert stack.count() == 2  # another field: its own step
    stack.undo()
    stack.undo()
    assert project.nodes["dense1"].params == default_project().nodes["dense1"].params


def test_set_param_back_to_the_original_value_leaves_no_step(stack, project):
    push_or_explain(stack, SetParamCommand(project, "dense1", "units", 5))
    push_or_explain(stack, SetParamCommand(project, "dense1", "units", 4))
    assert stack.count() == 0
    push_or_explain(stack, SetParamCommand(project, "dense1", "units", 4))  # no change at all
    assert stack.count() == 0


def test_move_nodes_before_after(stack, project):
    assert push_or_explain(stack, MoveNodesCommand(project, {"dense1": (5, 6),
                                                             "dense2": (7, 8)})) is None
    assert stack.count() == 1 and stack.text(0) == "Move 2 layers"
    stack.undo()
    assert project.nodes["dense1"].pos == (180.0, 0.0)
    assert project.nodes["dense2"].pos == (360.0, 0.0)
    assert push_or_explain(stack, MoveNodesCommand(project, {"dense1": (180, 0)})) is None
    assert stack.count() == 1  # a move to where it is: nothing to undo


def test_set_setting_merges_and_refuses(stack, project):
    push_or_explain(stack, SetSettingCommand(project, "training.learning_rate", 0.1))
    push_or_explain(stack, SetSettingCommand(project, "training.learning_rate", 0.3))
    assert stack.count() == 1 and project.get("training.learning_rate") == 0.3
    reason = push_or_explain(stack, SetSettingCommand(project, "training.learning_rate", -1))
    assert "minimum" in reason
    stack.undo()
    assert project.get("training.learning_rate") == 0.03


def test_composite_rolls_back_when_a_part_is_refused(stack, project):
    before = dumps(project)
    cmd = CompositeCommand(project, "Insert", [
        AddNodeCommand(project, "dense", (0, 100), node_id="extra"),
        RemoveEdgeCommand(project, "dense1", "dense2"),
        AddEdgeCommand(project, "dense1", "extra"),
        AddEdgeCommand(project, "extra", "input"),  # refused: the input takes no input
    ])
    assert "input layer takes no incoming" in push_or_explain(stack, cmd)
    assert dumps(project) == before and stack.count() == 0
