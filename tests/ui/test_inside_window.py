"""Seeing inside, in the main window: neuron pictures on the canvas, hover and click, the data
view's modes, drawing points, CSV import and the Data tools panel."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt

from nnstudio.document.lessons import load_lesson
from nnstudio.document.project import default_project
from nnstudio.ui import app_settings
from nnstudio.ui.inside.csv_dialog import CsvImportDialog, import_csv
from nnstudio.ui.inside.data_modes import modes_of
from nnstudio.ui.main_window import MainWindow
from nnstudio.workers import running_threads


@pytest.fixture
def open_window(qtbot, tmp_path):
    before = app_settings._folder
    app_settings.use_folder(tmp_path)
    windows = []

    def make(project=None) -> MainWindow:
        win = MainWindow(project if project is not None else default_project())
        qtbot.addWidget(win)
        win.resize(1400, 880)
        win.show()
        qtbot.waitUntil(lambda: win.last_snapshot is not None and win.last_dataset is not None,
                        timeout=10_000)
        windows.append(win)
        return win

    yield make
    for win in windows:
        win.close()
    app_settings.use_folder(before)
    assert running_threads() == []


def train(qtbot, win, steps: int) -> dict:
    target = win.last_snapshot["steps"] + steps
    with qtbot.waitSignal(win.snapshot_drawn, timeout=20_000,
                          check_params_cb=lambda snap: snap["steps"] >= target) as blocker:
        win.controller.step(steps)
    return blocker.args[0]


def test_every_neuron_is_drawn_as_its_output_over_the_plane(open_window, qtbot):
    win = open_window()
    train(qtbot, win, 20)
    dense1 = win.scene.node_item("dense1")
    assert dense1.pictures.active and len(dense1.pictures.images) == 4
    assert dense1.pictures.images[0].width() == 30  # the card's picture; the popup: 60 × 60
    assert dense1.pictures.maps.shape == (4, 60, 60)
    assert len(win.scene.node_item("input").pictures.images) == 2
    assert win.scene.node_item("output").pictures.levels.tolist() == [[0.0, 1.0]]


def test_hover_shows_a_larger_picture_and_the_formula(open_window, qtbot):
    win = open_window()
    snap = train(qtbot, win, 10)
    item = win.scene.node_item("dense1")
    win.scene.hover_neuron(item, 2, item.neuron_scene(2))
    popup = win.scene._neuron_popup
    assert popup.isVisible() and popup.title == "dense1 · neuron 3"
    w = snap["weights"]["dense1"]["W"][:, 2]
    assert popup.lines[0].startswith("tanh(") and f"{abs(w[0]):.2f}·x₁" in popup.lines[0]
    assert any("data view" in line for line in popup.lines)
    win.scene.hover_neuron(item, None, item.neuron_scene(2))
    assert not popup.isVisible()
    out = win.scene.node_item("output")
    win.scene.hover_neuron(out, 0, out.neuron_scene(0))
    assert popup.lines[0].startswith("σ(") and "dense2.h₁" in popup.lines[0]


def test_clicking_a_neuron_shows_it_in_the_data_view_and_back(open_window, qtbot):
    win = open_window()
    snap = train(qtbot, win, 30)
    view = win.network_view
    item = win.scene.node_item("dense1")
    point = view.mapFromScene(item.neuron_scene(1))
    with qtbot.waitSignal(win.scene.neuron_clicked, timeout=5_000) as clicked:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert clicked.args == ["dense1", 1]
    modes = modes_of(win.data_view)
    assert modes.selected == ("dense1", 1) and modes.back_button.isVisible()
    shown = win.data_view.surface_item.image
    maps = snap["inside"]["neuron_maps"]["dense1"][1]
    expected = (maps + 1) / 2  # tanh levels −1..1 onto the view's 0..1
    np.testing.assert_allclose(shown, expected, atol=1e-5)
    qtbot.mouseClick(modes.back_button, Qt.MouseButton.LeftButton)
    assert modes.selected is None and not modes.back_button.isVisible()
    np.testing.assert_allclose(win.data_view.surface_item.image, snap["surface"], atol=1e-6)


def test_dead_units_are_flagged_on_the_canvas(open_window, qtbot):
    win = open_window()
    inside = dict(win.last_snapshot["inside"])
    inside["flags"] = {"dense1": {"kind": "dead", "units": np.array([True, False, True, False])}}
    win.scene.set_inside(inside)
    item = win.scene.node_item("dense1")
    assert item.pictures.flagged(0) and not item.pictures.flagged(1)
    assert item.footer_text() == "2/4 dead · tanh"


def test_one_dimensional_data_is_a_curve_fit(open_window, qtbot):
    win = open_window(load_lesson("regression-sine"))
    modes = modes_of(win.data_view)
    assert modes.mode == "curve" and not win.data_view.plot_item.vb.state["aspectLocked"]
    snap = train(qtbot, win, 50)
    assert modes.fit_curve.isVisible()
    x, y = modes.fit_curve.getData()
    np.testing.assert_allclose(y, snap["inside"]["curve"]["y"])
    assert win.scene.node_item("dense1").pictures.curves.shape == (12, x.size)
    modes.show_neuron("dense1", 0)
    assert modes.neuron_curve.isVisible()


def test_many_inputs_are_shown_as_a_projection_with_named_inputs(open_window, qtbot):
    win = open_window(load_lesson("iris"))
    modes = modes_of(win.data_view)
    assert modes.mode == "projection" and "PCA" in modes.note.text()
    assert win.scene.features[:2] == ["sepal length", "sepal width"]
    assert win.data_view.n_classes == 3
    assert len(win.data_view.train_scatter.data) == win.last_dataset["X_train"].shape[0]


def test_drawing_points_starts_from_the_data_and_undoes(open_window, qtbot):
    win = open_window()
    editor = win.inside.editor
    n = len(win.last_dataset["X_train"]) + len(win.last_dataset["X_test"])
    editor.set_enabled(True)
    editor.current_class = 1
    assert editor.click_at(1.0, 2.0) is None
    settings = win.project.settings
    assert settings["dataset.name"] == "points" and len(settings["dataset.points"]) == n + 1
    assert settings["dataset.points"][-1] == (1.0, 2.0, 1.0)
    editor.click_at(-1.0, 0.5, Qt.KeyboardModifier.ShiftModifier)  # the other class
    assert settings["dataset.points"][-1] == (-1.0, 0.5, 0.0)
    editor.click_at(-1.0, 0.5, Qt.KeyboardModifier.ControlModifier)  # erase it
    assert len(win.project.settings["dataset.points"]) == n + 1
    assert editor.click_at(40.0, 40.0, Qt.KeyboardModifier.ControlModifier) is not None
    for _ in range(3):
        win.undo_stack.undo()
    assert win.project.settings["dataset.name"] == "circle"
    assert win.project.settings["dataset.points"] == ()


def test_a_real_click_on_the_data_view_adds_a_point(open_window, qtbot):
    win = open_window()
    win.inside.editor.set_enabled(True)
    vb = win.data_view.plot_item.vb
    scene_point = vb.mapViewToScene(QPointF(2.0, -3.0))
    widget_point = win.data_view.plot_widget.mapFromScene(scene_point)
    qtbot.mouseClick(win.data_view.plot_widget.viewport(), Qt.MouseButton.LeftButton,
                     pos=widget_point)
    qtbot.waitUntil(lambda: win.project.settings["dataset.name"] == "points", timeout=5_000)
    x, y, cls = win.project.settings["dataset.points"][-1]
    assert abs(x - 2.0) < 0.2 and abs(y + 3.0) < 0.2 and cls == 0.0
    with qtbot.waitSignal(win.controller.dataset_changed, timeout=10_000):
        pass  # the worker rebuilds the data from the points


def test_cleared_points_are_previewed_and_explained(open_window, qtbot):
    win = open_window()
    editor = win.inside.editor
    assert editor.clear() is None
    assert win.project.settings["dataset.points"] == ()
    qtbot.waitUntil(lambda: bool(win.issues), timeout=5_000)  # checked on the next turn
    assert "add at least 2" in win.issues[0].message
    editor.click_at(1.0, 1.0)  # the data view follows the edit at once
    assert len(win.data_view.train_scatter.data) == 1


def test_csv_import_with_column_choice_and_errors(open_window, qtbot, tmp_path):
    win = open_window()
    good = tmp_path / "flowers.csv"
    good.write_text("a,b,kind\n1,2,x\n2,1,y\n3,3,x\n0.5,2,z\n", encoding="utf-8")
    dialog = import_csv(win, str(good))
    assert isinstance(dialog, CsvImportDialog)
    assert dialog.selection() == ([0, 1], 2, "classification")
    dialog.set_selection([0, 1], 1, "regression")  # b is a feature and the target
    assert not dialog.try_accept() and "both a feature and the target" in dialog.error.text()
    assert win.project.settings["dataset.name"] == "circle"  # nothing imported
    dialog.set_selection([0, 1], 2, "classification")
    assert dialog.try_accept()
    settings = win.project.settings
    assert settings["dataset.name"] == "points" and settings["dataset.points_classes"] == "x,y,z"
    assert len(settings["dataset.points"]) == 4
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n3\n", encoding="utf-8")
    assert import_csv(win, str(bad)) is None
    assert "line 3 has 1 columns" in win.last_error
    win.undo_stack.undo()
    assert win.project.settings["dataset.name"] == "circle"


def test_data_tools_toggle_features_and_show_the_options_that_apply(open_window, qtbot):
    win = open_window()
    tools = win.panels["data-tools"]
    assert win.panel_docks["data-tools"].isVisible()
    assert tools.features_box.isVisible() and not tools.options_box.isVisible()
    field = tools.features.fields["dataset.features.x1_squared"]
    with qtbot.waitSignal(win.controller.dataset_changed, timeout=10_000):
        field.editor.setChecked(True)
    assert win.project.settings["dataset.features.x1_squared"] is True
    assert win.scene.features == ["x1", "x2", "x1²"]
    win.project.set("dataset.name", "blobs")
    assert tools.options_box.isVisible() and tools.options.fields["dataset.classes"].isVisible()
    assert not tools.options.fields["dataset.autoencoder"].isVisible()
    tools.draw_button.setChecked(True)
    assert win.inside.editor.enabled
    tools.class_box.setValue(2)
    assert win.inside.editor.current_class == 2
