"""Projects: recent files, autosave and crash recovery, trained weights saved beside the project
and restored on open."""

from __future__ import annotations

import json
import os

import numpy as np
import pytest
from classroom_fixtures import cwindow, open_window, settings_dir  # noqa: F401
from PySide6.QtWidgets import QMessageBox

from nnstudio.document.errors import ProjectError
from nnstudio.document.io import load_project
from nnstudio.document.weights import load_weights, save_weights, weights_path
from nnstudio.export.figures import train_and_wait
from nnstudio.ui import app_settings
from nnstudio.ui.autosave import Autosaver, autosave_folder, recoveries


def test_recent_files_follow_save_and_open(cwindow, tmp_path):
    a, b = tmp_path / "a.nnstudio", tmp_path / "b.nnstudio"
    assert cwindow.save_to(a) and cwindow.save_to(b)
    assert app_settings.recent_files()[:2] == [str(b.resolve()), str(a.resolve())]
    assert cwindow.open_path(a)
    assert app_settings.recent_files()[0] == str(a.resolve())
    menu = cwindow.classroom.recent_menu
    cwindow.classroom._fill_recent()
    assert [act.toolTip() for act in menu.actions()][:2] == [str(a.resolve()), str(b.resolve())]
    a.unlink()  # a file that is gone drops out of the list
    assert str(a.resolve()) not in app_settings.recent_files()


def test_weights_are_saved_beside_the_project_and_restored(cwindow, qtbot, tmp_path):
    train_and_wait(cwindow, 300)
    trained = {n: {k: v.copy() for k, v in p.items()}
               for n, p in cwindow.last_snapshot["weights"].items()}
    path = tmp_path / "trained.nnstudio"
    assert cwindow.save_to(path)
    npz = weights_path(path)
    assert npz.name == "trained.weights.npz" and npz.is_file()
    weights, steps = load_weights(npz)
    assert steps == 300
    np.testing.assert_array_equal(weights["dense1"]["W"], trained["dense1"]["W"])

    other = open_window(qtbot)  # a fresh window opens it: the worker gets the weights
    with qtbot.waitSignal(other.snapshot_drawn, timeout=10_000,
                          check_params_cb=lambda s: np.array_equal(
                              s["weights"]["dense1"]["W"], trained["dense1"]["W"])):
        assert other.open_path(path)
    assert other.last_snapshot["train_loss"] == pytest.approx(
        cwindow.last_snapshot["train_loss"], rel=1e-9)
    other.close()


def test_untrained_projects_get_no_weights_file(cwindow, tmp_path):
    path = tmp_path / "fresh.nnstudio"
    weights_path(path).write_bytes(b"stale")
    assert cwindow.save_to(path)  # step 0: the seed gives the weights
    assert not weights_path(path).exists()


def test_weights_that_do_not_fit_are_refused_with_a_message(cwindow, qtbot, tmp_path):
    path = tmp_path / "p.nnstudio"
    train_and_wait(cwindow, 5)
    assert cwindow.save_to(path)
    weights, _ = load_weights(weights_path(path))
    weights["dense1"]["W"] = np.zeros((3, 3))
    save_weights(weights, weights_path(path))
    with qtbot.waitSignal(cwindow.controller.failed, timeout=10_000) as blocker:
        assert cwindow.open_path(path)
    assert "dense1.W" in blocker.args[0] and "(3, 3)" in blocker.args[0]
    box = cwindow.findChild(QMessageBox)
    if box is not None:
        box.close()


def test_weights_file_is_loaded_safely(tmp_path):
    bad = tmp_path / "bad.weights.npz"
    np.savez(bad, **{"dense1/W": np.array([object()], dtype=object)})
    with pytest.raises(ProjectError):
        load_weights(bad)
    (tmp_path / "junk.weights.npz").write_bytes(b"not a zip")
    with pytest.raises(ProjectError, match="not a weights file"):
        load_weights(tmp_path / "junk.weights.npz")
    nan = tmp_path / "nan.weights.npz"
    np.savez(nan, **{"dense1/W": np.array([np.nan])})
    with pytest.raises(ProjectError, match="NaN"):
        load_weights(nan)


def test_autosave_writes_while_dirty_and_is_removed_on_save(cwindow, qtbot, tmp_path):
    saver = cwindow.classroom.autosaver
    saver.timer.setInterval(50)
    assert saver.autosave_if_dirty() is None  # clean: nothing to save
    cwindow.new_seed()  # an edit
    qtbot.waitUntil(lambda: saver.current is not None and saver.current.exists(),
                    timeout=5000)
    saved = load_project(saver.current)
    assert saved.settings["training.seed"] == cwindow.project.settings["training.seed"]
    assert saver.current.parent == autosave_folder()
    assert [r.autosave for r in recoveries()] == [saver.current]  # what a crash would leave
    autosave = saver.current
    assert cwindow.save_to(tmp_path / "saved.nnstudio")
    assert not autosave.exists() and recoveries() == []


def test_after_a_crash_the_autosave_is_offered_and_recovered(qtbot, settings_dir, tmp_path):
    path = tmp_path / "work.nnstudio"
    first = open_window(qtbot)
    assert first.save_to(path)
    first.new_seed()
    seed = first.project.settings["training.seed"]
    autosave = first.classroom.autosaver.autosave()
    # a crash: the window goes away without its normal close
    first.classroom.autosaver.stop()
    first.classroom.autosaver.current = None
    first.close()
    assert autosave.exists()
    os.utime(path, (1, 1))  # the file is older than the autosave

    second = open_window(qtbot, load_project(path), path=str(path))
    box = second.classroom.offer_recovery()
    assert box is not None and "work.nnstudio" in box.text()
    box.button(QMessageBox.StandardButton.Yes).click()
    assert second.project.settings["training.seed"] == seed
    assert not second.undo_stack.isClean() and second.path == path
    assert not autosave.exists()
    assert second.classroom.offer_recovery() is None
    second.close()


def test_an_autosave_older_than_its_file_is_not_offered(qtbot, settings_dir, tmp_path):
    path = tmp_path / "newer.nnstudio"
    win = open_window(qtbot)
    win.save_to(path)
    win.new_seed()
    win.classroom.autosaver.autosave()
    note = next(autosave_folder().glob("*.json"))
    data = json.loads(note.read_text())
    data["saved_at"] = 1.0
    note.write_text(json.dumps(data))
    assert recoveries(path) == []
    win.close()


def test_autosave_interval_comes_from_the_settings(qtbot, settings_dir):
    app_settings.set_value("autosave/seconds", 5)
    win = open_window(qtbot)
    assert win.classroom.autosaver.timer.interval() == 5000
    assert isinstance(win.classroom.autosaver, Autosaver)
    win.close()
