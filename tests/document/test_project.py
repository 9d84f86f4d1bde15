"""The project model: edits validate first and change nothing when refused."""

from __future__ import annotations

import pytest

from nnstudio.document.errors import DesignError, ProjectError
from nnstudio.document.io import dumps, loads
from nnstudio.document.project import Project, default_project
from nnstudio.document.validate import TaskInfo, check_design

BINARY = TaskInfo("binary", 2, 1, 2)


def snapshot(project: Project) -> str:
    return dumps(project)


def test_default_project_is_the_issue_network():
    project = default_project()
    chain = project.chain()
    assert [n.type for n in chain] == ["input", "dense", "dense", "output"]
    assert [n.params.get("units") for n in chain[1:]] == [4, 2, 1]
    assert [n.params["activation"] for n in chain[1:3]] == ["tanh", "tanh"]
    s = project.settings
    assert (s["dataset.name"], s["dataset.samples"], s["dataset.test_fraction"]) == (
        "circle", 500, 0.5)
    assert (s["training.learning_rate"], s["training.batch_size"]) == (0.03, 10)
    assert check_design(project, BINARY) == []


def test_events_are_emitted_for_every_edit():
    project = default_project()
    events = []
    project.subscribe(lambda e, p: events.append((e, p)))
    node = project.add_node("dense", (10, 20))
    project.set_param(node.id, "units", 7)
    project.move_node(node.id, (30, 40))
    project.remove_edge("dense2", "output")
    project.add_edge("dense2", node.id)
    project.set("training.learning_rate", 0.1)
    project.remove_node(node.id)
    kinds = [e for e, _ in events]
    assert kinds == ["node_added", "node_changed", "node_moved", "edge_removed", "edge_added",
                     "setting_changed", "edge_removed", "node_removed"]


@pytest.mark.parametrize(
    "edit",
    [
        lambda p: p.add_edge("output", "dense1"),  # from the output
        lambda p: p.add_edge("dense1", "input"),  # into the input
        lambda p: p.add_edge("dense2", "dense1"),  # cycle / second input
        lambda p: p.add_edge("dense1", "dense1"),  # self loop
        lambda p: p.add_edge("dense1", "dense2"),  # duplicate
        lambda p: p.add_node("input"),  # a second input
        lambda p: p.add_node("nonsense"),
        lambda p: p.set_param("dense1", "units", 0),
        lambda p: p.set_param("dense1", "units", 10_000),
        lambda p: p.set_param("dense1", "activation", "swish"),
        lambda p: p.set_param("dense1", "colour", 1),
        lambda p: p.set_param("ghost", "units", 3),
        lambda p: p.set("training.batch_size", 0),
        lambda p: p.set("training.learning_rate", float("nan")),
        lambda p: p.set("training.nope", 1),
        lambda p: p.remove_edge("input", "output"),
    ],
)
def test_refused_edits_change_nothing(edit):
    project = default_project()
    before = snapshot(project)
    with pytest.raises(ProjectError) as info:
        edit(project)
    assert info.value.field  # the error names what is wrong
    assert snapshot(project) == before


def test_cycle_refused_with_reason():
    project = default_project()
    project.remove_edge("input", "dense1")
    reason = project.can_connect("dense2", "dense1")
    assert reason and "cycle" in reason
    with pytest.raises(DesignError):
        project.add_edge("dense2", "dense1")


def test_design_issues_name_the_layer():
    project = default_project()
    project.add_node("dense", (0, 300), node_id="loose")
    issues = check_design(project, BINARY)
    assert any(i.node_id == "loose" and "Disconnected" in i.message for i in issues)

    project = default_project()
    project.remove_node("output")
    assert any("no output layer" in i.message for i in check_design(project, BINARY))

    project = default_project()
    project.set_param("output", "units", 3)
    issues = check_design(project, BINARY)
    assert issues and issues[0].node_id == "output" and "needs" in issues[0].message


def test_cycle_from_a_file_is_marked_not_refused():
    text = dumps(default_project()).replace(
        '"edges": [', '"edges": [\n      {"source": "dense2", "target": "dense1"},')
    project = loads(text)
    issues = check_design(project, BINARY)
    assert any("cycle" in i.message for i in issues)


def test_clone_is_independent():
    project = default_project()
    copy = project.clone()
    copy.set_param("dense1", "units", 9)
    copy.set("training.seed", 5)
    assert project.nodes["dense1"].params["units"] == 4
    assert project.settings["training.seed"] == 0


def test_replace_with_keeps_listeners():
    project = default_project()
    events = []
    project.subscribe(lambda e, p: events.append(e))
    other = default_project()
    other.set("dataset.name", "xor")
    project.replace_with(other)
    assert events == ["replaced"]
    assert project.settings["dataset.name"] == "xor"
