"""The main window end to end: opens, drag and drop, live training, controls, files."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from nnstudio.document.io import dumps, project_to_dict
from nnstudio.document.project import default_project
from nnstudio.ui.editor.palette import layer_mime_data
from nnstudio.ui.main_window import MainWindow
from nnstudio.workers import running_threads


def _drag(cls, point, *args):
    try:
        return cls(QPointF(point), *args)
    except TypeError:  # older PySide6 takes a QPoint
        return cls(point, *args)


def drop_layer(view, type_id: str, point: QPoint) -> None:
    mime = layer_mime_data(type_id)
    args = (Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier)
    for cls in (QDragEnterEvent, QDragMoveEvent):
        event = _drag(cls, point, *args)
        QApplication.sendEvent(view.viewport(), event)
        assert event.isAccepted()
    QApplication.sendEvent(view.viewport(), QDropEvent(QPointF(point), *args))


def losses_of_steps(qtbot, win, n):
    losses = []
    for _ in range(n):
        with qtbot.waitSignal(win.snapshot_drawn, timeout=10_000) as blocker:
            win.step()
        losses.append(blocker.args[0]["train_loss"])
    return losses


def test_window_opens_on_the_default_project(window):
    assert window.project.settings["dataset.name"] == "circle"
    assert set(window.scene.node_items()) and len(window.scene.node_items()) == 4
    assert window.play_action.isEnabled()
    assert "dense" in window.palette.layer_ids()
    snap = window.last_snapshot
    assert snap["steps"] == 0 and snap["surface"].shape == (60, 60)
    assert window.data_view.extent is not None


def test_dropping_a_palette_layer_adds_it(window, qtbot):
    view = window.network_view
    rect = view.viewport().rect()
    point = QPoint(rect.width() // 2, rect.height() - 30)
    before = set(window.project.nodes)
    drop_layer(view, "dense", point)
    added = set(window.project.nodes) - before
    assert len(added) == 1
    node = window.project.nodes[added.pop()]
    assert node.type == "dense"
    target = view.mapToScene(point)
    assert abs(node.pos[0] - target.x()) < 200 and abs(node.pos[1] - target.y()) < 200
    # the new layer is disconnected: marked, and Play disabled with the reason
    qtbot.waitUntil(lambda: not window.play_action.isEnabled())
    assert "Disconnected" in window.play_action.toolTip()
    assert window.scene.node_item(node.id).issues
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: window.play_action.isEnabled())


def test_play_trains_and_updates_the_plots(window, qtbot):
    window.play_action.trigger()
    qtbot.waitUntil(lambda: window.controller.running, timeout=10_000)
    qtbot.waitUntil(lambda: window.last_snapshot["steps"] > 300, timeout=20_000)
    qtbot.waitUntil(lambda: len(window.loss_plot.curve_data()["step"]) >= 3, timeout=10_000)
    first_surface = window.data_view.surface_item.image.copy()
    qtbot.waitUntil(lambda: not np.array_equal(window.data_view.surface_item.image,
                                               first_surface), timeout=10_000)
    assert "Step" in window.status_label.text()
    window.play_action.trigger()  # pause
    qtbot.waitUntil(lambda: not window.controller.running, timeout=10_000)
    assert window.play_action.text().endswith("Play")


def test_step_pause_and_reset_repeat_exactly(window, qtbot):
    first = losses_of_steps(qtbot, window, 8)
    assert window.last_snapshot["steps"] == 8
    with qtbot.waitSignal(window.snapshot_drawn, timeout=10_000):
        window.reset()
    assert window.last_snapshot["steps"] == 0
    assert len(window.loss_plot.curve_data()["step"]) == 1  # the plot starts again
    assert losses_of_steps(qtbot, window, 8) == first


def test_new_seed_changes_the_run(window, qtbot):
    first = losses_of_steps(qtbot, window, 3)
    old_seed = window.project.settings["training.seed"]
    window.new_seed()
    assert window.project.settings["training.seed"] != old_seed
    qtbot.waitUntil(lambda: str(window.project.settings["training.seed"])
                    in window.seed_label.text())
    qtbot.waitUntil(lambda: window.last_snapshot["steps"] == 0, timeout=10_000)
    assert losses_of_steps(qtbot, window, 3) != first


def test_settings_edits_reach_the_worker(window, qtbot):
    window.optimizer_panel.editors["training.learning_rate"].setValue(0.3)
    assert window.project.settings["training.learning_rate"] == 0.3
    qtbot.waitUntil(lambda: window.last_snapshot["learning_rate"] == 0.3, timeout=10_000)
    window.undo_stack.undo()
    assert window.project.settings["training.learning_rate"] == 0.03
    data_field = window.data_form.fields["dataset.name"]
    data_field.editor.setCurrentIndex(data_field.editor.findData("xor"))
    qtbot.waitUntil(lambda: window.last_snapshot is not None
                    and window.project.settings["dataset.name"] == "xor", timeout=10_000)


def test_wrong_output_size_disables_play(window, qtbot):
    window.project.set_param("output", "units", 3)
    qtbot.waitUntil(lambda: not window.play_action.isEnabled())
    assert "needs" in window.play_action.toolTip()
    window.toggle_play()  # does nothing
    assert not window.controller.running


def test_save_and_open_round_trip(window, qtbot, tmp_path):
    window.project.set_param("dense1", "units", 6)
    window.project.set("training.learning_rate", 0.1)
    path = tmp_path / "mine.nnstudio"
    assert window.save_to(path)
    assert json.loads(path.read_text())["training"]["learning_rate"] == 0.1
    assert "mine.nnstudio" in window.windowTitle()
    window.new_project()
    assert window.project.nodes["dense1"].params["units"] == 4
    assert window.open_path(path)
    assert window.project.nodes["dense1"].params["units"] == 6
    assert dumps(window.project) == path.read_text()


@pytest.mark.parametrize("content,field", [
    ("{ broken", "file"),
    (None, "training.batch_size"),
])
def test_bad_file_shows_the_field_and_changes_nothing(window, qtbot, tmp_path, content, field):
    path = tmp_path / "bad.nnstudio"
    if content is None:
        data = project_to_dict(default_project())
        data["training"]["batch_size"] = -3
        content = json.dumps(data)
    path.write_text(content)
    window.project.set("training.learning_rate", 0.2)
    before = dumps(window.project)
    assert not window.open_path(path)
    assert field in window.last_error
    assert dumps(window.project) == before
    box = next(w for w in QApplication.topLevelWidgets()
               if w.isVisible() and w.windowTitle() == "Cannot open project")
    assert field in box.text()
    box.close()


def test_open_lesson(window, qtbot):
    assert window.open_lesson("spiral")
    assert window.project.settings["dataset.name"] == "spiral"
    assert len(window.project.nodes) == 4
    qtbot.waitUntil(lambda: window.last_snapshot["steps"] == 0
                    and window.data_view.extent is not None, timeout=10_000)


def test_closing_while_training_stops_the_thread(qtbot):
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    win.play()
    qtbot.waitUntil(lambda: win.last_snapshot is not None and win.last_snapshot["steps"] > 50,
                    timeout=20_000)
    win.close()
    assert running_threads() == []


def test_app_process_exits_cleanly_when_closed_mid_training(tmp_path):
    """A real process: open the app, train, close the window mid-training: status 0 and no
    'QThread: Destroyed while thread is still running'."""
    script = textwrap.dedent("""
        import os, sys
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from nnstudio.app import make_application
        app = make_application()
        from nnstudio.ui.main_window import MainWindow
        win = MainWindow()
        win.show()
        def on_snapshot(snap):
            if snap["steps"] > 200:
                win.close()
        win.snapshot_drawn.connect(on_snapshot)
        win.play()
        sys.exit(app.exec())
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert "QThread" not in result.stderr


def test_race_and_landscape_windows_open_from_the_view_menu(window, qtbot):
    titles = [a.text() for a in window.view_menu.actions()]
    assert any("race" in t for t in titles) and any("landscape" in t for t in titles)
    race = window.open_race()
    landscape = window.open_landscape()
    qtbot.waitUntil(lambda: race.isVisible() and landscape.isVisible())
    race.close()
    landscape.close()
    # only the main window's own training thread is left
    qtbot.waitUntil(lambda: len(running_threads()) == 1, timeout=10_000)


def test_invalid_design_shows_the_chosen_data_and_no_stale_run(window, qtbot):
    """Found by a new user: with an invalid design, changing the dataset left the old data,
    surface and losses on screen."""
    losses_of_steps(qtbot, window, 3)
    window.project.remove_edge("dense2", "output")
    window.project.set("dataset.name", "spiral")
    qtbot.waitUntil(lambda: not window.play_action.isEnabled())
    qtbot.waitUntil(lambda: window.last_dataset["name"] == "spiral")
    assert not window.data_view.surface_item.isVisible()
    assert len(window.loss_plot.curve_data()["step"]) == 0
    window.project.add_edge("dense2", "output")  # valid again: a fresh run on the new data
    qtbot.waitUntil(lambda: window.play_action.isEnabled())
    qtbot.waitUntil(lambda: window.last_snapshot["steps"] == 0, timeout=10_000)


def test_worker_build_failure_disables_play(window, qtbot):
    window._on_state("invalid")
    assert not window.play_action.isEnabled()
    assert "could not be built" in window.play_action.toolTip()
