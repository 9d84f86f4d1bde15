"""Lessons gallery (start page and File → Lessons), explanation panel, locked settings, and
Help → About this view for every panel."""

from __future__ import annotations

import json

import shiboken6
from classroom_fixtures import cwindow, open_window, settings_dir  # noqa: F401
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from nnstudio.document.io import load_project
from nnstudio.document.lessons import list_lessons, load_lesson
from nnstudio.ui.lessons_ui import LessonGallery, excerpt, explanation_html
from nnstudio.ui.panels.registry import load_panels
from nnstudio.workers import running_threads

#: the lecture from the perceptron to LSTMs: lessons that must come in this order (others'
#: lessons sit between them)
WALK = ["perceptron", "perceptron-xor", "xor", "circle", "backpropagation", "gd-vs-sgd",
        "learning-rate", "overfitting", "rnn-unrolled", "vanishing-gradients-rnn",
        "exploding-gradients", "lstm-memory"]


def test_at_least_15_lessons_walk_from_the_perceptron_to_lstms():
    lessons = list_lessons()
    names = [info.name for info in lessons]
    assert len(lessons) >= 15
    present = [n for n in names if n in WALK]
    assert present == [n for n in WALK if n in names], "gallery order follows the lecture"
    for mine in ("backpropagation", "learning-rate", "overfitting", "exploding-gradients"):
        assert mine in names
    for info in lessons:
        meta = load_project(info.path).meta
        assert meta.get("title") and meta.get("explanation"), info.name
        assert "order" in meta, info.name


def test_bridging_lessons_teach_what_they_say():
    """nnstudio train with each added lesson's defaults shows its point."""
    from nnstudio.session import TrainingSession

    def trained(name):
        project = load_lesson(name)
        session = TrainingSession(project)
        session.step(project.meta["steps"])
        return session.metrics()

    assert trained("backpropagation")["test_accuracy"] >= 0.95
    overfit = trained("overfitting")
    assert overfit["train_loss"] < 0.01 and overfit["test_loss"] > 1.0  # memorized
    assert trained("learning-rate")["test_accuracy"] >= 0.75
    assert trained("exploding-gradients")["diverged"]  # until the student turns clipping on
    clipped = load_lesson("exploding-gradients")
    clipped.set("training.clip_norm", 1.0)
    session = TrainingSession(clipped)
    session.step(clipped.meta["steps"])
    assert not session.diverged and session.metrics()["test_r2"] > 0.9


def test_gallery_shows_a_card_per_lesson_and_opens_one(cwindow, qtbot):
    gallery = cwindow.classroom.show_lessons()
    qtbot.waitUntil(gallery.isVisible)
    assert list(gallery.cards) == [info.name for info in list_lessons()]
    card = gallery.cards["xor"]
    texts = " ".join(label.text() for label in card.findChildren(type(card.children()[1])))
    assert "XOR" in texts
    with qtbot.waitSignal(cwindow.snapshot_drawn, timeout=10_000):
        qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
    assert cwindow.project.meta["lesson"] == "xor"
    assert not shiboken6.isValid(gallery) or not gallery.isVisible()  # closed (and deleted)
    assert cwindow.classroom.explanation_dock.isVisible()
    assert "XOR" in cwindow.classroom.explanation.toPlainText()


def test_start_page_offers_new_open_and_recent(qtbot, settings_dir, tmp_path):
    from nnstudio.ui import app_settings

    recent = tmp_path / "mine.nnstudio"
    recent.write_text("{}")
    app_settings.add_recent_file(recent)
    gallery = LessonGallery(start_page=True, recent=app_settings.recent_files())
    qtbot.addWidget(gallery)
    assert gallery.recent_list is not None and gallery.recent_list.count() == 1
    with qtbot.waitSignal(gallery.new_requested):
        [b for b in gallery.findChildren(type(gallery.show_at_start).__mro__[1])
         if b.text() == "New project"][0].click()
    gallery.show_at_start.setChecked(False)
    assert app_settings.get_bool("startpage/show", True) is False


def test_main_window_shows_the_start_page_only_when_asked(qtbot, settings_dir):
    from nnstudio.ui.main_window import MainWindow

    plain = open_window(qtbot)
    assert getattr(plain.classroom, "gallery", None) is None
    plain.close()
    win = MainWindow(show_start_page=True)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: getattr(win.classroom, "gallery", None) is not None
                    and win.classroom.gallery.isVisible(), timeout=5000)
    win.classroom.gallery.reject()
    win.close()
    assert running_threads() == []


def test_explanation_formats_try_watch_formula():
    meta = load_lesson("perceptron").meta
    page = explanation_html(meta)
    assert "<b>Try:</b>" in page and "<b>Formula:</b>" in page and "monospace" in page
    assert excerpt("word " * 100).endswith("…") and len(excerpt("word " * 100)) <= 172


def _editors(window, key):
    """Every editor of setting ``key`` in the window's settings forms."""
    return [form.fields[key] for form in window.findChildren(QWidget)
            if isinstance(getattr(form, "fields", None), dict) and key in form.fields]


def test_locked_settings_are_disabled_with_a_tooltip(cwindow, qtbot, tmp_path):
    data = json.loads((list_lessons()[0].path).read_text())
    data["meta"]["locked"] = ["training.batch_size", "dataset.name", "training.seed"]
    path = tmp_path / "locked.nnstudio"
    path.write_text(json.dumps(data))
    assert cwindow.open_path(path)
    for key in ("training.batch_size", "dataset.name"):
        editors = _editors(cwindow, key)
        assert editors, key
        for field in editors:
            assert not field.isEnabled() and "lesson" in field.toolTip()
    assert all(f.isEnabled() for f in _editors(cwindow, "training.loss"))
    assert not cwindow.seed_action.isEnabled()
    cwindow.new_project()  # another project: unlocked again
    assert all(f.isEnabled() for f in _editors(cwindow, "training.batch_size"))
    assert cwindow.seed_action.isEnabled()


def test_about_this_view_covers_every_panel(cwindow, qtbot):
    actions = cwindow.classroom.about_actions
    for view in ("canvas", "data", "loss", "palette", "inspector", "lesson"):
        assert view in actions
    for panel_id in load_panels():
        assert panel_id in actions, panel_id
    actions["loss"].trigger()
    box = cwindow._about_box
    qtbot.waitUntil(box.isVisible)
    assert box.windowTitle() == "Loss curves" and "overfitting" in box.text()
    box.button(QMessageBox.StandardButton.Ok).click()
