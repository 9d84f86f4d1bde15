"""The optimizer panel: only the chosen optimizer's hyperparameters, undoable edits, the
update rule as a formula (pytest-qt)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QUndoStack

from nnstudio.document.lessons import load_lesson
from nnstudio.document.project import default_project
from nnstudio.document.settings import OPTIMIZER_CHOICES
from nnstudio.engine.optimizers import OPTIMIZER_INFO
from nnstudio.ui.compare import OptimizerHelp, OptimizerPanel
from nnstudio.ui.compare.optimizer_panel import formula_html, formula_lines, hyper_keys

COMMON = {"training.rule", "training.optimizer", "training.learning_rate",
          "training.lr_schedule", "training.clip_norm", "training.l1", "training.l2"}


@pytest.fixture
def panel(qtbot):
    project = default_project()
    stack = QUndoStack()
    widget = OptimizerPanel(project, stack)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def shown(panel) -> set[str]:
    return {key for key, editor in panel.editors.items() if editor.isVisible()}


@pytest.mark.parametrize("name", OPTIMIZER_CHOICES)
def test_only_the_chosen_optimizers_hyperparameters(panel, name):
    box = panel.editors["training.optimizer"]
    box.setCurrentIndex(box.findData(name))
    assert panel.project.settings["training.optimizer"] == name
    expected = COMMON | {f"training.{name}.{h}" for h in OPTIMIZER_INFO[name]["hyper"]}
    assert shown(panel) == expected == panel.visible_keys()
    assert OPTIMIZER_INFO[name]["label"] in panel.help.text()
    for line in formula_lines(name):
        assert line.replace("<", "&lt;").replace(">", "&gt;") in panel.help.text()


def test_edits_are_undoable_commands(panel):
    project, stack = panel.project, panel.stack
    box = panel.editors["training.optimizer"]
    box.setCurrentIndex(box.findData("adam"))
    panel.editors["training.adam.beta1"].setValue(0.8)
    assert project.settings["training.adam.beta1"] == 0.8
    assert stack.count() == 2 and "training.adam.beta1" in stack.text(1)
    stack.undo()
    assert project.settings["training.adam.beta1"] == 0.9
    assert panel.editors["training.adam.beta1"].value() == 0.9  # the panel follows the document
    stack.undo()
    assert project.settings["training.optimizer"] == "sgd"
    assert "training.adam.beta1" not in shown(panel)


def test_tiny_values_and_their_ranges(panel):
    box = panel.editors["training.optimizer"]
    box.setCurrentIndex(box.findData("rmsprop"))
    eps = panel.editors["training.rmsprop.eps"]
    assert eps.text() == "1e-08"
    eps.setValue(1e-10)
    assert panel.project.settings["training.rmsprop.eps"] == 1e-10
    eps.stepBy(1)  # 1-2-5 steps per decade
    assert panel.project.settings["training.rmsprop.eps"] == pytest.approx(2e-10)
    eps.setValue(0.0)  # clamped to the schema's minimum, never 0
    assert panel.project.settings["training.rmsprop.eps"] == 1e-12
    lr = panel.editors["training.learning_rate"]
    lr.stepBy(-1)
    assert panel.project.settings["training.learning_rate"] == pytest.approx(0.02)


def test_schedule_rows_appear_with_a_schedule(panel):
    assert "training.lr_gamma" not in shown(panel)
    box = panel.editors["training.lr_schedule"]
    box.setCurrentIndex(box.findData("step"))
    assert {"training.lr_gamma", "training.lr_step_size"} <= shown(panel)
    panel.editors["training.lr_step_size"].setValue(250)
    assert panel.project.settings["training.lr_step_size"] == 250


def test_perceptron_rule_hides_the_optimizer(qtbot):
    project = load_lesson("perceptron")
    widget = OptimizerPanel(project, QUndoStack())
    qtbot.addWidget(widget)
    widget.show()
    assert shown(widget) == {"training.rule", "training.learning_rate"}
    assert "Perceptron rule" in widget.help.text() and "t − ŷ" in widget.help.text()
    box = widget.editors["training.rule"]
    box.setCurrentIndex(box.findData("gradient"))
    assert "training.optimizer" in shown(widget)


def test_the_panel_follows_a_replaced_project(panel):
    other = load_lesson("optimizer-race")  # adam
    panel.project.replace_with(other)
    assert panel.editors["training.optimizer"].currentData() == "adam"
    assert hyper_keys("adam")[0] in shown(panel)


def test_help_widget_alone_and_formulas(qtbot):
    help_widget = OptimizerHelp()
    qtbot.addWidget(help_widget)
    assert "SGD" in help_widget.text()
    help_widget.show_method("nesterov")
    assert "θ ← θ − η·(g + μ·v)" in help_widget.text()
    for name in (*OPTIMIZER_CHOICES, "perceptron"):
        assert formula_lines(name) and "<b>" in formula_html(name)
    assert formula_lines("adam")[-1] == "θ ← θ − η·m̂/(√v̂ + ε)"


def test_optimizer_tooltips_show_the_rule(panel):
    from PySide6.QtCore import Qt

    box = panel.editors["training.optimizer"]
    i = box.findData("adagrad")
    assert box.itemData(i, Qt.ItemDataRole.ToolTipRole) == OPTIMIZER_INFO["adagrad"]["formula"]
