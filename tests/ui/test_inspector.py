"""The inspector: a form generated from the registry's ParamSpecs that edits through undo."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QSpinBox

from nnstudio.document.project import default_project
from nnstudio.document.registry import LAYER_TYPES
from nnstudio.ui.editor.scene import NetworkScene
from nnstudio.ui.panels.inspector import Inspector


@pytest.fixture
def setup(qtbot):
    project = default_project()
    stack = QUndoStack()
    inspector = Inspector(project, stack)
    qtbot.addWidget(inspector)
    inspector.show()
    yield project, stack, inspector
    inspector.dispose()
    stack.clear()


def test_nothing_selected_shows_the_hint(setup):
    _, _, inspector = setup
    assert inspector.stack.currentWidget() is inspector.empty_label
    assert inspector.empty_label.text() == "Select a layer to edit it"
    assert inspector.editors == {}


def test_form_is_generated_from_the_param_specs(setup):
    project, _, inspector = setup
    inspector.set_node("dense1")
    specs = {s.name: s for s in LAYER_TYPES["dense"].params}
    assert set(inspector.editors) == set(specs)
    assert inspector.title_label.text() == "Dense"
    assert inspector.description_label.text() == LAYER_TYPES["dense"].description
    units = inspector.editors["units"]
    assert isinstance(units, QSpinBox)
    assert (units.minimum(), units.maximum()) == (specs["units"].minimum, specs["units"].maximum)
    assert units.value() == 4
    slope = inspector.editors["slope"]
    assert isinstance(slope, QDoubleSpinBox)
    assert (slope.minimum(), slope.maximum()) == (specs["slope"].minimum, specs["slope"].maximum)
    assert slope.decimals() >= 2 and slope.value() == pytest.approx(0.01)
    activation = inspector.editors["activation"]
    assert isinstance(activation, QComboBox)
    assert [activation.itemData(i) for i in range(activation.count())] == \
        list(specs["activation"].choices)
    labels = [activation.itemText(i) for i in range(activation.count())]
    assert "ReLU" in labels and "Leaky ReLU" in labels
    assert activation.currentData() == "tanh"
    assert units.toolTip() == specs["units"].help


def test_input_layer_has_no_form(setup):
    _, _, inspector = setup
    inspector.set_node("input")
    assert inspector.editors == {} and not inspector.no_params_label.isHidden()


def test_editing_units_pushes_a_command_and_updates_the_canvas(setup):
    project, stack, inspector = setup
    scene = NetworkScene(project, stack)
    try:
        scene.selection_changed.connect(inspector.set_node)
        scene.select_node("dense1")
        assert inspector.node_id == "dense1"
        units = inspector.editors["units"]
        units.setValue(7)
        assert project.nodes["dense1"].params["units"] == 7
        assert scene.node_item("dense1").neuron_count == 7
        assert len(scene.edge_item("input", "dense1").link_pens()) == 2 * 7
        units.setValue(8)  # consecutive edits of one field: one undo step
        assert stack.count() == 1
        units.setValue(10_000)  # the spin box keeps the ParamSpec's range
        assert units.value() == LAYER_TYPES["dense"].param("units").maximum
        stack.undo()
        assert project.nodes["dense1"].params["units"] == 4
        assert units.value() == 4  # the form follows the document
        assert scene.node_item("dense1").neuron_count == 4
        scene.clearSelection()
        assert inspector.node_id is None
    finally:
        scene.dispose()


def test_choices_and_dependent_fields(setup):
    project, stack, inspector = setup
    inspector.set_node("dense2")
    activation = inspector.editors["activation"]
    slope = inspector.editors["slope"]
    assert not slope.isEnabled()  # the leaky slope only matters for leaky ReLU
    activation.setCurrentIndex(activation.findData("leaky_relu"))
    assert project.nodes["dense2"].params["activation"] == "leaky_relu"
    assert slope.isEnabled()
    slope.setValue(0.2)
    assert project.nodes["dense2"].params["slope"] == pytest.approx(0.2)
    assert stack.count() == 2
    stack.undo()
    stack.undo()
    assert activation.currentData() == "tanh" and not slope.isEnabled()


def test_the_form_follows_removal_and_outside_edits(setup):
    project, _, inspector = setup
    inspector.set_node("output")
    project.set_param("output", "units", 3)
    assert inspector.editors["units"].value() == 3
    assert inspector.editors["activation"].currentData() == "auto"
    project.remove_node("output")
    assert inspector.node_id is None
    assert inspector.stack.currentWidget() is inspector.empty_label
