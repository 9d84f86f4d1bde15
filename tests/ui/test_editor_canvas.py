"""The network canvas: real drag-and-drop events, mouse gestures, keys, weights and issues."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QUndoStack,
    QWheelEvent,
)
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from nnstudio.document.io import dumps
from nnstudio.document.project import default_project
from nnstudio.document.registry import MIME_TYPE
from nnstudio.document.validate import DesignIssue
from nnstudio.ui.editor import style
from nnstudio.ui.editor.commands import RemoveEdgeCommand, push_or_explain
from nnstudio.ui.editor.items import EdgeItem, NodeItem
from nnstudio.ui.editor.palette import layer_mime_data
from nnstudio.ui.editor.scene import NetworkScene
from nnstudio.ui.editor.view import NetworkView


class Editor:
    def __init__(self, project, stack, scene, view):
        self.project, self.stack, self.scene, self.view = project, stack, scene, view
        self.messages: list[str] = []
        scene.message.connect(self.messages.append)

    def point(self, scene_pos: QPointF) -> QPoint:
        """Viewport coordinates of a scene position."""
        return self.view.mapFromScene(scene_pos)


@pytest.fixture
def editor(qtbot):
    project = default_project()
    stack = QUndoStack()
    scene = NetworkScene(project, stack)
    view = NetworkView(scene)
    qtbot.addWidget(view)  # closed and deleted after the test
    view.resize(1000, 600)
    view.show()
    qtbot.waitExposed(view)
    view.fit_to_contents()
    yield Editor(project, stack, scene, view)
    scene.dispose()
    stack.clear()


# -- drawing the project ------------------------------------------------------------------------
def test_scene_draws_the_project(editor):
    scene = editor.scene
    assert {i.node_id for i in scene.node_items()} == set(editor.project.nodes)
    assert {i.edge for i in scene.edge_items()} == set(editor.project.edges)
    assert scene.node_item("input").neuron_count == 2
    assert scene.node_item("dense1").neuron_count == 4
    assert len(scene.edge_item("input", "dense1").link_pens()) == 2 * 4  # neuron to neuron
    for item in scene.node_items():
        assert item.pos() == QPointF(*editor.project.nodes[item.node_id].pos)


def test_large_layers_use_the_compact_form(editor):
    editor.project.set_param("dense1", "units", 64)
    item = editor.scene.node_item("dense1")
    assert item.compact and item.footer_text() == "tanh"  # the body says "… 64 units"
    assert len(editor.scene.edge_item("input", "dense1").link_pens()) == 1  # one thick link
    assert len(editor.scene.edge_item("dense1", "dense2").link_pens()) == 1


# -- drag and drop from the palette -------------------------------------------------------------
def _drag_event(cls, point: QPoint, *args):
    """Newer PySide6 takes a QPointF (and deprecates QPoint); older ones only a QPoint."""
    try:
        return cls(QPointF(point), *args)
    except TypeError:
        return cls(point, *args)


def _send_drag(view, mime: QMimeData, point: QPoint):
    actions = Qt.DropAction.CopyAction
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = _drag_event(QDragEnterEvent, point, actions, mime, buttons, mods)
    QApplication.sendEvent(view.viewport(), enter)
    move = _drag_event(QDragMoveEvent, point, actions, mime, buttons, mods)
    QApplication.sendEvent(view.viewport(), move)
    drop = QDropEvent(QPointF(point), actions, mime, buttons, mods)
    QApplication.sendEvent(view.viewport(), drop)
    return enter, move, drop


def _empty_spot(editor) -> QPoint:
    """A viewport point over empty canvas (below the network)."""
    rect = editor.view.viewport().rect()
    point = QPoint(rect.width() // 3, rect.height() - 40)
    assert editor.scene.items(editor.view.mapToScene(point)) == []
    return point


def test_drop_from_the_palette_adds_a_layer_at_the_drop_position(editor):
    point = _empty_spot(editor)
    expected = editor.view.mapToScene(point)
    enter, move, drop = _send_drag(editor.view, layer_mime_data("dense"), point)
    assert enter.isAccepted() and move.isAccepted() and drop.isAccepted()
    assert "dense3" in editor.project.nodes
    x, y = editor.project.nodes["dense3"].pos
    assert (x, y) == pytest.approx((expected.x(), expected.y()))
    item = editor.scene.node_item("dense3")
    assert item is not None and item.pos() == QPointF(x, y) and item.isSelected()
    assert len(editor.project.edges) == 3  # not connected automatically
    assert editor.stack.count() == 1
    editor.stack.undo()
    assert "dense3" not in editor.project.nodes and editor.scene.node_item("dense3") is None


def test_drop_of_another_mime_type_is_ignored(editor):
    mime = QMimeData()
    mime.setText("dense")
    mime.setData("application/x-other", b"dense")
    enter, move, drop = _send_drag(editor.view, mime, _empty_spot(editor))
    assert not enter.isAccepted() and not move.isAccepted() and not drop.isAccepted()
    unknown = QMimeData()
    unknown.setData(MIME_TYPE, b"no-such-layer")
    enter, _, _ = _send_drag(editor.view, unknown, _empty_spot(editor))
    assert not enter.isAccepted()
    assert len(editor.project.nodes) == 4 and editor.stack.count() == 0


def test_drop_onto_a_connection_inserts_the_layer(editor):
    # the middle of the gap between dense2 (x=360) and output (x=540)
    before = dumps(editor.project)
    point = editor.point(QPointF(450, 0))
    _send_drag(editor.view, layer_mime_data("dense"), point)
    edges = editor.project.edges
    assert ("dense2", "dense3") in edges and ("dense3", "output") in edges
    assert ("dense2", "output") not in edges
    assert editor.stack.count() == 1
    editor.stack.undo()
    assert dumps(editor.project) == before


# -- connecting with the mouse -------------------------------------------------------------------
def _drag(editor, start: QPointF, end: QPointF) -> None:
    viewport = editor.view.viewport()
    a, b = editor.point(start), editor.point(end)
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a)
    middle = QPoint((a.x() + b.x()) // 2, (a.y() + b.y()) // 2)
    QTest.mouseMove(viewport, middle)
    QTest.mouseMove(viewport, b)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, b)


def test_dragging_from_an_output_port_to_an_input_port_connects(editor):
    push_or_explain(editor.stack, RemoveEdgeCommand(editor.project, "dense2", "output"))
    scene = editor.scene
    start = scene.node_item("dense2").port_scene("out")
    end = scene.node_item("output").port_scene("in")
    _drag(editor, start, end)
    assert ("dense2", "output") in editor.project.edges
    assert scene.edge_item("dense2", "output") is not None
    assert editor.stack.count() == 2
    assert not scene.connecting and editor.messages[-1].startswith("Connected")
    editor.stack.undo()
    assert ("dense2", "output") not in editor.project.edges
    assert scene.edge_item("dense2", "output") is None


def test_a_refused_connection_is_not_made_and_says_why(editor):
    # without input → dense1, dense2 → dense1 would close the loop dense1 → dense2 → dense1
    push_or_explain(editor.stack, RemoveEdgeCommand(editor.project, "input", "dense1"))
    scene = editor.scene
    start = scene.node_item("dense2").port_scene("out")
    end = scene.node_item("dense1").port_scene("in")
    viewport = editor.view.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     editor.point(start))
    QTest.mouseMove(viewport, editor.point(end))
    assert scene.node_item("dense1").in_port.target_state == "bad"  # red while hovering
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       editor.point(end))
    assert ("dense2", "dense1") not in editor.project.edges
    assert editor.stack.count() == 1
    assert "cycle" in editor.messages[-1]
    assert scene.node_item("dense1").in_port.target_state is None


def test_a_connection_drag_lights_up_an_allowed_target(editor):
    push_or_explain(editor.stack, RemoveEdgeCommand(editor.project, "dense2", "output"))
    scene = editor.scene
    viewport = editor.view.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     editor.point(scene.node_item("dense2").port_scene("out")))
    QTest.mouseMove(viewport, editor.point(scene.node_item("output").pos()))  # anywhere on it
    assert scene.node_item("output").in_port.target_state == "ok"
    QTest.keyClick(editor.view, Qt.Key.Key_Escape)  # cancels
    assert not scene.connecting and scene.node_item("output").in_port.target_state is None
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       editor.point(scene.node_item("output").pos()))
    assert ("dense2", "output") not in editor.project.edges


# -- moving and deleting ------------------------------------------------------------------------
def test_dragging_a_layer_moves_it_in_one_undo_step(editor):
    item = editor.scene.node_item("dense2")
    grab = item.mapToScene(QPointF(0, item.card_rect().top() + 12))  # the header
    _drag(editor, grab, grab + QPointF(0, 120))
    x, y = editor.project.nodes["dense2"].pos
    assert x == pytest.approx(360, abs=2) and y == pytest.approx(120, abs=2)
    assert editor.stack.count() == 1 and editor.stack.text(0) == "Move layer"
    editor.stack.undo()
    assert editor.project.nodes["dense2"].pos == (360.0, 0.0)
    assert item.pos() == QPointF(360, 0)


def test_delete_removes_selected_layers_and_connections_as_one_step(editor):
    scene, project = editor.scene, editor.project
    before = dumps(project)
    scene.node_item("dense1").setSelected(True)
    scene.edge_item("dense2", "output").setSelected(True)
    editor.view.setFocus()
    QTest.keyClick(editor.view, Qt.Key.Key_Delete)
    assert "dense1" not in project.nodes
    assert project.edges == []  # dense1's two edges and the selected one
    assert scene.node_item("dense1") is None and scene.edge_items() == []
    assert editor.stack.count() == 1
    editor.stack.undo()
    assert dumps(project) == before
    assert {i.edge for i in scene.edge_items()} == set(project.edges)
    assert scene.node_item("dense1").params == project.nodes["dense1"].params
    editor.stack.redo()
    assert "dense1" not in project.nodes and scene.edge_items() == []


def test_backspace_deletes_too_but_the_input_layer_stays(editor):
    editor.scene.node_item("input").setSelected(True)
    editor.scene.node_item("dense2").setSelected(True)
    QTest.keyClick(editor.view, Qt.Key.Key_Backspace)
    assert "input" in editor.project.nodes and "dense2" not in editor.project.nodes
    assert any("input layer" in m for m in editor.messages)


def test_selecting_a_layer_emits_its_id(editor, qtbot):
    with qtbot.waitSignal(editor.scene.selection_changed) as blocker:
        editor.scene.node_item("dense1").setSelected(True)
    assert blocker.args == ["dense1"]
    with qtbot.waitSignal(editor.scene.selection_changed) as blocker:
        editor.scene.clearSelection()
    assert blocker.args == [None]


# -- live weights and issues --------------------------------------------------------------------
def test_set_weights_colours_links_by_sign_and_width_by_magnitude(editor):
    edge = editor.scene.edge_item("input", "dense1")
    neutral = edge.link_pen(0, 0)
    assert neutral.color().rgb() == style.NEUTRAL_LINK.rgb()
    W = np.array([[2.0, -2.0, 0.1, 0.0], [-0.5, 0.5, 5.0, -5.0]])
    editor.scene.set_weights({"dense1": {"W": W, "b": np.zeros(4)}})
    strong_pos, strong_neg = edge.link_pen(0, 0), edge.link_pen(0, 1)
    weak = edge.link_pen(0, 2)
    assert strong_pos.color().rgb() == style.POSITIVE.rgb()
    assert strong_neg.color().rgb() == style.NEGATIVE.rgb()
    assert strong_pos.widthF() == pytest.approx(strong_neg.widthF())
    assert strong_pos.widthF() > weak.widthF()
    assert edge.link_pen(1, 2).widthF() == edge.link_pen(1, 3).widthF()  # clipped at full scale
    # other layers have no weights: neutral
    assert editor.scene.edge_item("dense1", "dense2").link_pen().color().rgb() == \
        style.NEUTRAL_LINK.rgb()
    # a W that does not fit the drawing (units changed since the snapshot) is not shown
    editor.project.set_param("dense1", "units", 3)
    assert edge.link_pen(0, 0).color().rgb() == style.NEUTRAL_LINK.rgb()
    editor.scene.set_weights({})
    assert all(p.color().rgb() == style.NEUTRAL_LINK.rgb() for p in edge.link_pens())


def test_set_issues_marks_layers_and_shows_the_rest_as_a_banner(editor, qtbot):
    scene = editor.scene
    with qtbot.waitSignal(scene.issues_changed):
        scene.set_issues([
            DesignIssue("dense2", "Disconnected: this layer feeds nothing."),
            DesignIssue(None, "The network has no output layer."),
        ])
    badge = scene.node_item("dense2").badge
    assert badge.isVisible() and "feeds nothing" in badge.toolTip()
    assert not scene.node_item("dense1").badge.isVisible()
    assert "no output layer" in editor.view.banner_text()
    scene.set_issues([])
    assert not badge.isVisible() and editor.view.banner_text() == ""


# -- helpers of the main window -----------------------------------------------------------------
def test_quick_add_inserts_a_hidden_layer_before_the_output(editor):
    node_id = editor.scene.add_layer("dense")
    assert node_id == "dense3"
    assert ("dense2", "dense3") in editor.project.edges
    assert ("dense3", "output") in editor.project.edges
    assert editor.project.nodes["output"].pos[0] > editor.project.nodes["dense3"].pos[0]
    assert editor.stack.count() == 1
    editor.stack.undo()
    assert dumps(editor.project) == dumps(default_project())


def test_arrange_lays_out_the_chain_left_to_right(editor):
    project = editor.project
    project.move_node("dense1", (900, 300))
    project.add_node("dense", (-50, -400), node_id="loose")
    editor.view.arrange_action.trigger()
    xs = [project.nodes[n].pos[0] for n in ("input", "dense1", "dense2", "output")]
    assert xs == sorted(xs) and len(set(project.nodes[n].pos[1] for n in
                                        ("input", "dense1", "dense2", "output"))) == 1
    assert project.nodes["loose"].pos[1] > 0  # its own row below
    assert editor.stack.count() == 1


def test_ctrl_wheel_zooms(editor):
    view = editor.view
    before = view.zoom()
    center = QPointF(view.viewport().rect().center())
    event = QWheelEvent(center, view.viewport().mapToGlobal(center), QPoint(0, 0), QPoint(0, 120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.ControlModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(view.viewport(), event)
    assert view.zoom() == pytest.approx(before * 1.15)


def test_items_are_what_they_claim(editor):
    assert all(isinstance(i, NodeItem) for i in editor.scene.node_items())
    assert all(isinstance(i, EdgeItem) for i in editor.scene.edge_items())


def test_a_drop_while_a_layer_is_selected_does_not_connect_it(editor):
    editor.scene.select_node("dense2")
    _send_drag(editor.view, layer_mime_data("output"), _empty_spot(editor))
    assert "output1" in editor.project.nodes
    assert not any("output1" in e for e in editor.project.edges)


def test_input_features_and_replacing_the_project(editor, qtbot):
    scene = editor.scene
    scene.set_input_features(["x1", "x2", "x3"])
    assert scene.node_item("input").neuron_count == 3
    assert len(scene.edge_item("input", "dense1").link_pens()) == 3 * 4
    scene.set_issues([DesignIssue(None, "Something global.")])
    other = default_project()
    other.remove_node("dense2")
    with qtbot.waitSignal(scene.issues_changed):
        editor.project.replace_with(other)
    assert scene.node_item("dense2") is None
    assert {i.edge for i in scene.edge_items()} == set(editor.project.edges)
    assert editor.view.banner_text() == ""


def test_the_view_adds_a_layer_at_a_free_spot_and_shows_it(editor):
    node_id = editor.view.add_layer_at_free_spot("dense")
    item = editor.scene.node_item(node_id)
    assert item is not None and item.isSelected()
    visible = editor.view.mapToScene(editor.view.viewport().rect()).boundingRect()
    assert visible.contains(item.pos())
