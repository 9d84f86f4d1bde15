"""Editing comfort and looks: copy/paste of layers (undoable), keyboard shortcuts and the cheat
sheet generated from the actions, themes, presentation mode and palettes (remembered)."""

from __future__ import annotations

import pyqtgraph as pg
from classroom_fixtures import cwindow, open_window, settings_dir  # noqa: F401
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QKeySequence
from PySide6.QtWidgets import QApplication

from nnstudio.ui import help as help_ui
from nnstudio.ui import theme
from nnstudio.ui.editor import style as S
from nnstudio.ui.plots import colors


def test_copy_and_paste_layers_is_one_undoable_step(cwindow, qtbot):
    scene, project = cwindow.scene, cwindow.project
    scene.clearSelection()
    for node_id in ("dense1", "dense2", "input"):
        scene.node_item(node_id).setSelected(True)
    assert cwindow.classroom.copy() == 2  # the input layer stays with the dataset
    before_nodes, before_edges = set(project.nodes), list(project.edges)
    count = cwindow.undo_stack.count()
    new = cwindow.classroom.paste()
    assert len(new) == 2 and set(project.nodes) == before_nodes | set(new)
    assert project.nodes[new[0]].params == project.nodes["dense1"].params
    assert (new[0], new[1]) in project.edges  # the connection between the copies
    assert project.nodes[new[0]].pos[0] == project.nodes["dense1"].pos[0] + 40
    assert sorted(scene.selected_node_ids()) == sorted(new)
    assert cwindow.undo_stack.count() == count + 1
    again = cwindow.classroom.paste()  # pasting again shifts again
    assert project.nodes[again[0]].pos[0] == project.nodes["dense1"].pos[0] + 80
    cwindow.undo_stack.undo()
    cwindow.undo_stack.undo()
    assert set(project.nodes) == before_nodes and project.edges == before_edges
    cwindow.undo_stack.redo()
    assert set(new) <= set(project.nodes)


def test_ctrl_c_ctrl_v_on_the_canvas(cwindow, qtbot):
    view = cwindow.network_view
    cwindow.scene.clearSelection()
    cwindow.scene.node_item("dense2").setSelected(True)
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    n = len(cwindow.project.nodes)
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert len(cwindow.project.nodes) == n + 1
    qtbot.keyClick(view.viewport(), Qt.Key.Key_Delete)
    assert len(cwindow.project.nodes) == n


def test_paste_without_layers_on_the_clipboard_says_so(cwindow, qtbot):
    QApplication.clipboard().setText("hello")
    with qtbot.waitSignal(cwindow.scene.message) as blocker:
        assert cwindow.classroom.paste() == []
    assert "copy layers" in blocker.args[0]


def test_shortcuts_exist_and_the_cheat_sheet_lists_them(cwindow, qtbot):
    c = cwindow.classroom
    expected = {
        cwindow.play_action: QKeySequence(Qt.Key.Key_Space),
        cwindow.step_action: QKeySequence("Ctrl+Right"),
        cwindow.reset_action: QKeySequence("Ctrl+R"),
        c.copy_action: QKeySequence(QKeySequence.StandardKey.Copy),
        c.paste_action: QKeySequence(QKeySequence.StandardKey.Paste),
        c.delete_action: QKeySequence(QKeySequence.StandardKey.Delete),
    }
    for action, keys in expected.items():
        assert action.shortcut() == keys, action.text()
    texts = {name: keys for _, name, keys in help_ui.shortcut_rows(cwindow)}
    for name in ("Play", "Step", "Reset", "Save", "Open", "Whole window", "Export report",
                 "Delete", "Copy layers", "Paste layers", "Undo", "Redo", "Keyboard shortcuts"):
        assert name in texts, name
    assert texts["Play"] == "Space" and texts["Save"] == QKeySequence(
        QKeySequence.StandardKey.Save).toString(QKeySequence.SequenceFormat.NativeText)
    sheet = help_ui.show_cheat_sheet(cwindow)
    qtbot.waitUntil(sheet.isVisible)
    page = sheet.browser.toPlainText()
    for name, keys in texts.items():
        assert name in page and keys in page
    sheet.close()


def test_a_shortcut_added_later_appears_in_the_cheat_sheet(cwindow):
    action = cwindow.train_menu.addAction("Brand new")
    action.setShortcut(QKeySequence("Ctrl+Alt+B"))
    assert ("Training", "Brand new", "Ctrl+Alt+B") in help_ui.shortcut_rows(cwindow)


def test_space_plays_and_pauses(cwindow, qtbot):
    cwindow.activateWindow()
    cwindow.network_view.setFocus()
    with qtbot.waitSignal(cwindow.controller.state_changed, timeout=5000,
                          check_params_cb=lambda s: s == "running"):
        cwindow.play_action.trigger()
    with qtbot.waitSignal(cwindow.controller.state_changed, timeout=5000,
                          check_params_cb=lambda s: s == "paused"):
        cwindow.play_action.trigger()


def _plot_background(window) -> QColor:
    return window.loss_plot.plot_widget.backgroundBrush().color()


def test_dark_theme_presentation_and_palette_are_applied_and_remembered(cwindow, qtbot,
                                                                         settings_dir):
    c = cwindow.classroom
    base_font = QApplication.font().pointSizeF()
    axis = cwindow.loss_plot.plot_item.getAxis("left")
    width = cwindow.loss_plot.train_curve.opts["pen"].widthF()
    c.theme_actions["dark"].trigger()
    assert _plot_background(cwindow).name() == theme.CHROME["dark"]["plot_bg"].lower()
    assert QApplication.palette().window().color().lightness() < 80
    assert S.CANVAS.name() == theme.CHROME["dark"]["canvas"].lower()
    c.presentation_action.trigger()
    assert QApplication.font().pointSizeF() == base_font * theme.PRESENTATION_FONT_SCALE
    assert axis.textPen().color().name() == "#ffffff"  # full contrast on dark
    assert pg.mkPen(cwindow.loss_plot.train_curve.opts["pen"]).widthF() == 2 * width
    c.palette_actions["tol-bright"].trigger()
    assert colors.class_color(0) == "#EE6677"
    assert S.POSITIVE.name() == "#4477aa"

    again = open_window(qtbot)  # a new window (next start) comes up the same way
    assert again.classroom.theme_actions["dark"].isChecked()
    assert again.classroom.presentation_action.isChecked()
    assert again.classroom.palette_actions["tol-bright"].isChecked()
    again.close()

    c.theme_actions["light"].trigger()
    c.presentation_action.trigger()
    c.palette_actions["okabe-ito"].trigger()
    assert QApplication.font().pointSizeF() == base_font
    assert _plot_background(cwindow).name() == "#ffffff"
    assert colors.class_color(0) == "#E69F00"
    assert pg.mkPen(cwindow.loss_plot.train_curve.opts["pen"]).widthF() == width


def test_palettes_are_colour_blind_safe():
    """Class 0 and class 1 stay apart under simulated deuteranopia, protanopia, tritanopia."""
    import numpy as np

    # Machado et al. (2009) simulation matrices at full severity, linear RGB
    sims = {
        "protan": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                   [-0.003882, -0.048116, 1.051998]],
        "deutan": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                   [-0.011820, 0.042940, 0.968881]],
        "tritan": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602],
                   [0.004733, 0.691367, 0.303900]],
    }

    def lin(hex_color):
        c = np.array([int(hex_color[i:i + 2], 16) for i in (1, 3, 5)]) / 255
        return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)

    for palette in theme.PALETTES.values():
        a, b = lin(palette.classes[0]), lin(palette.classes[1])
        for name, m in sims.items():
            sa, sb = np.clip(np.array(m) @ a, 0, 1), np.clip(np.array(m) @ b, 0, 1)
            assert np.abs(sa - sb).max() > 0.2, (palette.name, name)
