"""The network canvas: a QGraphicsScene that draws a :class:`Project` and follows its events.

One direction of truth: user gestures (drop a layer, drag a connection, move, delete) push
undoable commands on the undo stack; the project announces the change and only then does the
scene add, move or remove items. Undo and redo therefore redraw the canvas for free.

Gestures:

* drag from a layer's output port (right) to another layer (its input port or anywhere on its
  card) to connect them; dragging from an input port backwards works too. While dragging, the
  target lights up green when :meth:`Project.can_connect` allows the connection and red, with
  the reason next to the cursor, when it does not; a refused drop emits :attr:`message`;
* drag layers to move them (one undo step per drag, however many layers);
* Delete / Backspace removes the selected layers and connections (one undo step). The input
  layer comes from the dataset and is kept;
* Escape cancels a connection being dragged.

Live weights: :meth:`set_weights` takes ``{node_id: {"W": (n_in, n_out), "b": (n_out,)}}``;
the W of a layer colours the links from its input layer's neurons to its own neurons.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import shiboken6
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QPainterPath, QPen, QUndoStack
from PySide6.QtWidgets import QGraphicsPathItem, QGraphicsScene

from nnstudio.document.project import Project
from nnstudio.document.registry import LAYER_TYPES
from nnstudio.document.validate import DesignIssue

from . import layout
from . import style as S
from .commands import (
    AddEdgeCommand,
    AddNodeCommand,
    CompositeCommand,
    MoveNodesCommand,
    ProjectCommand,
    RemoveEdgeCommand,
    RemoveNodesCommand,
    push_or_explain,
)
from .items import EdgeItem, HintItem, NodeItem, PortItem

Edge = tuple[str, str]
DEFAULT_FEATURES = ("x1", "x2")


def subscribe_weakly(obj, project: Project, method: str):
    """Subscribe ``obj.<method>`` to ``project`` without keeping ``obj`` alive; the listener
    removes itself once ``obj`` (a Qt object) is gone. Returns the listener."""
    ref = weakref.ref(obj)

    def listener(event: str, payload: object) -> None:
        target = ref()
        if target is None or not shiboken6.isValid(target):
            project.unsubscribe(listener)
            return
        getattr(target, method)(event, payload)

    project.subscribe(listener)
    return listener


class NetworkScene(QGraphicsScene):
    """Draws ``project`` and turns gestures into commands pushed on ``undo_stack``."""

    #: the single selected layer's id, or None (nothing, or several layers, selected)
    selection_changed = Signal(object)
    #: a short text for the status bar (why an edit was refused, what happened)
    message = Signal(str)
    #: the design issues not tied to a layer changed (the view shows them as a banner)
    issues_changed = Signal()
    #: the whole project was replaced (File → Open) and the canvas redrawn
    rebuilt = Signal()
    #: a neuron was clicked (node id, unit index): the data view can show its output
    neuron_clicked = Signal(str, int)

    def __init__(self, project: Project, undo_stack: QUndoStack, parent=None,
                 features: Sequence[str] = DEFAULT_FEATURES) -> None:
        super().__init__(parent)
        self.project = project
        self.undo_stack = undo_stack
        self._features = list(features)
        self._nodes: dict[str, NodeItem] = {}
        self._edges: dict[Edge, EdgeItem] = {}
        self._weights: dict[str, Mapping] = {}
        self._node_issues: dict[str, list[str]] = {}
        self.global_issues: list[str] = []
        self._press_positions: dict[str, QPointF] = {}
        self._conn: tuple[NodeItem, str] | None = None
        self._conn_target: NodeItem | None = None
        self._rubber: QGraphicsPathItem | None = None
        self._hint: HintItem | None = None
        self._drop_edge: EdgeItem | None = None
        self._selected: str | None = None
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)  # items move a lot
        self.selectionChanged.connect(self._on_selection_changed)
        self._listener = subscribe_weakly(self, project, "_on_project_event")
        self._rebuild()

    def dispose(self) -> None:
        """Stop following the project (call before dropping the scene)."""
        self.project.unsubscribe(self._listener)

    # == queries ================================================================================
    def node_item(self, node_id: str) -> NodeItem | None:
        return self._nodes.get(node_id)

    def edge_item(self, source: str, target: str) -> EdgeItem | None:
        return self._edges.get((source, target))

    def node_items(self) -> list[NodeItem]:
        return list(self._nodes.values())

    def edge_items(self) -> list[EdgeItem]:
        return list(self._edges.values())

    def selected_node_ids(self) -> list[str]:
        return [i.node_id for i in self.selectedItems() if isinstance(i, NodeItem)]

    def selected_edges(self) -> list[Edge]:
        return [i.edge for i in self.selectedItems() if isinstance(i, EdgeItem)]

    def select_node(self, node_id: str | None) -> None:
        self.clearSelection()
        item = self._nodes.get(node_id) if node_id else None
        if item is not None:
            item.setSelected(True)

    def edge_at(self, scene_pos: QPointF) -> Edge | None:
        for item in self.items(scene_pos):
            if isinstance(item, EdgeItem):
                return item.edge
        return None

    @property
    def features(self) -> list[str]:
        return list(self._features)

    # == inputs from the main window ===========================================================
    def set_input_features(self, names: Sequence[str]) -> None:
        """Names of the dataset's features, drawn in the input layer (default x1, x2)."""
        self._features = list(names)
        for item in self._nodes.values():
            if item.role == "input":
                item.set_features(self._features)
        self._apply_weights()

    def set_weights(self, weights: Mapping[str, Mapping[str, np.ndarray]] | None) -> None:
        """Colour the links by the current weights: ``{node_id: {"W": (n_in, n_out), "b": ...}}``.

        Layers missing from ``weights`` (or whose W no longer fits the drawing, e.g. after
        their units changed) are drawn neutral. ``set_weights({})`` clears the colouring.
        """
        self._weights = dict(weights or {})
        self._apply_weights()

    def set_inside(self, inside: dict | None) -> None:
        """Draw every neuron as a picture of its output over the input plane and flag dead
        or saturated units, from a snapshot's ``inside`` part (see neuron_pictures.py)."""
        from .neuron_pictures import apply_inside

        apply_inside(self, inside)

    def hover_neuron(self, item: NodeItem, unit: int | None, scene_pos: QPointF) -> None:
        """Show (or hide, for None) the larger picture and formula of a hovered neuron."""
        from .neuron_pictures import hover

        hover(self, item, unit, scene_pos)

    def set_issues(self, issues: Iterable[DesignIssue]) -> None:
        """Mark the layers named by ``issues``; the others become the view's banner."""
        per_node: dict[str, list[str]] = {}
        global_issues: list[str] = []
        for issue in issues:
            if issue.node_id is None or issue.node_id not in self.project.nodes:
                global_issues.append(issue.message)
            else:
                per_node.setdefault(issue.node_id, []).append(issue.message)
        self._node_issues = per_node
        for node_id, item in self._nodes.items():
            item.set_issues(per_node.get(node_id, []))
        if global_issues != self.global_issues:
            self.global_issues = global_issues
            self.issues_changed.emit()

    # == edits (all through the undo stack) ====================================================
    def push(self, command: ProjectCommand) -> str | None:
        """Push ``command``; on refusal emit :attr:`message` and return the reason."""
        reason = push_or_explain(self.undo_stack, command)
        if reason:
            self.message.emit(f"{command.text()}: {reason}")
        return reason

    def add_layer(self, type_id: str, pos: tuple[float, float] | None = None,
                  insert_into: Edge | None = None) -> str | None:
        """Add a layer; returns its id, or None when refused (the reason goes to ``message``).

        With ``pos``, the layer goes there, unconnected, unless ``insert_into`` names a
        connection to split (source → new → target). Without ``pos`` (double-click or Enter in
        the palette) the layer is placed and wired the way a student expects: a hidden layer
        goes just before the output, an output after the last layer, otherwise a free spot.
        """
        layer_type = LAYER_TYPES.get(type_id)
        if layer_type is None:
            self.message.emit(f"Unknown layer type {type_id!r}")
            return None
        if pos is None:
            return self._quick_add(type_id)
        node_id = self.project.new_node_id(type_id)
        add = AddNodeCommand(self.project, type_id, pos, node_id=node_id)
        command: ProjectCommand = add
        done = f"Added {node_id}. Drag from an output port (●, right) to its input to connect it."
        if insert_into is not None and insert_into in self.project.edges:
            s, t = insert_into
            if layer_type.role == "hidden":
                command = CompositeCommand(self.project, f"Insert {layer_type.name} layer", [
                    add,
                    RemoveEdgeCommand(self.project, s, t),
                    AddEdgeCommand(self.project, s, node_id),
                    AddEdgeCommand(self.project, node_id, t),
                ])
                done = f"Inserted {node_id} between {s} and {t}."
        if self.push(command):
            return None
        self.select_node(node_id)
        self.message.emit(done)
        return node_id

    def _quick_add(self, type_id: str) -> str | None:
        project = self.project
        layer_type = LAYER_TYPES[type_id]
        chain = project.chain()
        node_id = project.new_node_id(type_id)
        last = chain[-1] if chain else None
        last_role = LAYER_TYPES[last.type].role if last else None
        if layer_type.role == "hidden" and last_role == "output" and len(chain) >= 2:
            out, prev = last, chain[-2]
            shift = {n.id: (n.pos[0] + S.LAYER_SPACING, n.pos[1]) for n in project.nodes.values()
                     if n.pos[0] >= out.pos[0] - 1 and n.id != prev.id}
            command = CompositeCommand(project, f"Add {layer_type.name} layer", [
                MoveNodesCommand(project, shift),
                AddNodeCommand(project, type_id, out.pos, node_id=node_id),
                RemoveEdgeCommand(project, prev.id, out.id),
                AddEdgeCommand(project, prev.id, node_id),
                AddEdgeCommand(project, node_id, out.id),
            ])
            done = f"Added {node_id} between {prev.id} and {out.id}."
        elif layer_type.role == "output" and last is not None and last_role == "hidden":
            command = CompositeCommand(project, f"Add {layer_type.name} layer", [
                AddNodeCommand(project, type_id, layout.free_spot(project), node_id=node_id),
                AddEdgeCommand(project, last.id, node_id),
            ])
            done = f"Added {node_id} after {last.id}."
        else:
            command = AddNodeCommand(project, type_id, layout.free_spot(project), node_id=node_id)
            done = f"Added {node_id}. Connect it by dragging from an output port to its input."
        if self.push(command):
            return None
        self.select_node(node_id)
        self.message.emit(done)
        return node_id

    def delete_selection(self) -> str | None:
        """Delete the selected layers and connections as one undo step."""
        nodes = self.selected_node_ids()
        kept = [n for n in nodes if self._nodes[n].role == "input"]
        nodes = [n for n in nodes if n not in kept]
        edges = [e for e in self.selected_edges() if e[0] not in nodes and e[1] not in nodes]
        if kept:
            self.message.emit("The input layer comes from the dataset and stays.")
        if not nodes and not edges:
            return None
        return self.push(RemoveNodesCommand(self.project, nodes, edges))

    def arrange(self) -> str | None:
        """Lay the layers out left to right in chain order (one undo step)."""
        heights = {n: item.height for n, item in self._nodes.items()}
        positions = layout.arrange(self.project, heights)
        return self.push(MoveNodesCommand(self.project, positions, text="Arrange layers"))

    # == project → items =======================================================================
    def _on_project_event(self, event: str, payload: object) -> None:
        if event == "node_added":
            self._add_node_item(payload)
        elif event == "node_removed":
            self._remove_node_item(payload)
        elif event == "node_changed":
            item = self._nodes.get(payload)
            if item is not None:
                item.update_node(self.project.nodes[payload])
                self._apply_weights()
        elif event == "node_moved":
            item = self._nodes.get(payload)
            if item is not None:
                x, y = self.project.nodes[payload].pos
                if item.pos() != QPointF(x, y):
                    item.setPos(x, y)
        elif event == "edge_added":
            self._add_edge_item(tuple(payload))
        elif event == "edge_removed":
            self._remove_edge_item(tuple(payload))
        elif event == "replaced":  # another project: its weights and issues are not known yet
            self._weights, self._node_issues = {}, {}
            if self.global_issues:
                self.global_issues = []
                self.issues_changed.emit()
            self._rebuild()
            self.rebuilt.emit()

    def _rebuild(self) -> None:
        self._cancel_connection()
        for edge in list(self._edges):
            self._remove_edge_item(edge)
        for node_id in list(self._nodes):
            self._remove_node_item(node_id)
        for node_id in self.project.nodes:
            self._add_node_item(node_id)
        for edge in self.project.edges:
            self._add_edge_item(tuple(edge))
        self._on_selection_changed()

    def _add_node_item(self, node_id: str) -> None:
        if node_id in self._nodes:
            return
        item = NodeItem(self.project.nodes[node_id], self._features)
        item.set_issues(self._node_issues.get(node_id, []))
        self._nodes[node_id] = item
        self.addItem(item)
        self._apply_weights()

    def _remove_node_item(self, node_id: str) -> None:
        item = self._nodes.pop(node_id, None)
        if item is None:
            return
        for edge in [e.edge for e in item.edges]:
            self._remove_edge_item(edge)
        if self._conn is not None and self._conn[0] is item:
            self._cancel_connection()
        self.removeItem(item)

    def _add_edge_item(self, edge: Edge) -> None:
        if edge in self._edges:
            return
        source, target = self._nodes.get(edge[0]), self._nodes.get(edge[1])
        if source is None or target is None:
            return
        item = EdgeItem(source, target)
        self._edges[edge] = item
        self.addItem(item)
        self._apply_weights()
        self._update_ports()

    def _remove_edge_item(self, edge: Edge) -> None:
        item = self._edges.pop(edge, None)
        if item is None:
            return
        if item is self._drop_edge:
            self._drop_edge = None
        item.detach()
        self.removeItem(item)
        self._update_ports()

    def _update_ports(self) -> None:
        sources = {s for s, _ in self._edges}
        targets = {t for _, t in self._edges}
        for node_id, item in self._nodes.items():
            if item.out_port is not None:
                item.out_port.set_connected(node_id in sources)
            if item.in_port is not None:
                item.in_port.set_connected(node_id in targets)

    def _apply_weights(self) -> None:
        for (_, target), item in self._edges.items():
            entry = self._weights.get(target)
            item.set_weights(None if entry is None else entry.get("W"))
        for node_id, item in self._nodes.items():
            entry = self._weights.get(node_id)
            bias = None if entry is None else entry.get("b")
            if bias is not None and np.shape(bias) != (item.neuron_count,):
                bias = None
            item.set_bias(bias)

    def _on_selection_changed(self) -> None:
        try:
            nodes = self.selected_node_ids()
        except RuntimeError:  # the scene is being destroyed
            return
        selected = nodes[0] if len(nodes) == 1 else None
        if selected != self._selected:
            self._selected = selected
            self.selection_changed.emit(selected)

    # == moving ==================================================================================
    def mousePressEvent(self, event) -> None:
        super().mousePressEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and self._conn is None:
            self._press_positions = {i.node_id: QPointF(i.pos()) for i in self.selectedItems()
                                     if isinstance(i, NodeItem)}

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton or not self._press_positions:
            return
        moved = {}
        for node_id, before in self._press_positions.items():
            item = self._nodes.get(node_id)
            if item is not None and item.pos() != before:
                moved[node_id] = (item.pos().x(), item.pos().y())
        self._press_positions = {}
        if moved and self.push(MoveNodesCommand(self.project, moved)):
            for node_id in moved:  # refused: put the cards back where the document has them
                if node_id in self.project.nodes:
                    self._nodes[node_id].setPos(*self.project.nodes[node_id].pos)

    # == connecting =============================================================================
    def begin_connection(self, port: PortItem, scene_pos: QPointF) -> None:
        self._cancel_connection()
        self._conn = (port.node, port.kind)
        self._rubber = QGraphicsPathItem()
        pen = QPen(S.SELECTION, 2.0, Qt.PenStyle.DashLine)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        self._rubber.setPen(pen)
        self._rubber.setZValue(10)
        self._rubber.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.addItem(self._rubber)
        self._hint = HintItem()
        self._hint.setVisible(False)
        self.addItem(self._hint)
        self.drag_connection(scene_pos)

    def _connection_edge(self, target: NodeItem) -> Edge:
        source, kind = self._conn
        if kind == "out":
            return (source.node_id, target.node_id)
        return (target.node_id, source.node_id)

    def _target_at(self, scene_pos: QPointF) -> NodeItem | None:
        source = self._conn[0]
        for item in self.items(scene_pos):
            if item is self._rubber or item is self._hint or isinstance(item, EdgeItem):
                continue
            node = item
            while node is not None and not isinstance(node, NodeItem):
                node = node.parentItem()
            if node is not None and node is not source:
                return node
        return None

    def drag_connection(self, scene_pos: QPointF) -> None:
        if self._conn is None:
            return
        source, kind = self._conn
        target = self._target_at(scene_pos)
        if self._conn_target is not None and self._conn_target is not target:
            self._conn_target.set_target_state(None)
        self._conn_target = target
        start, end = source.port_scene(kind), QPointF(scene_pos)
        other = "in" if kind == "out" else "out"
        if target is not None:
            reason = self.project.can_connect(*self._connection_edge(target))
            target.set_target_state("bad" if reason else "ok", other)
            if reason is None:
                end = target.port_scene(other)
                self._hint.set_text("")
            else:
                self._hint.set_text(f"✕ {reason}")
                self._hint.setPos(scene_pos)
        else:
            self._hint.set_text("")
        direction = 1.0 if kind == "out" else -1.0
        dx = max(40.0, abs(end.x() - start.x()) / 2) * direction
        path = QPainterPath(start)
        path.cubicTo(start + QPointF(dx, 0), end - QPointF(dx, 0), end)
        self._rubber.setPath(path)

    def end_connection(self, scene_pos: QPointF) -> str | None:
        """Finish a connection drag at ``scene_pos``; returns the refusal reason, if any."""
        if self._conn is None:
            return None
        target = self._target_at(scene_pos)
        edge = self._connection_edge(target) if target is not None else None
        self._cancel_connection()
        if edge is None:
            self.message.emit("To connect, release the connection over another layer.")
            return None
        reason = push_or_explain(self.undo_stack, AddEdgeCommand(self.project, *edge))
        if reason:
            self.message.emit(f"Cannot connect {edge[0]} → {edge[1]}: {reason}")
        else:
            self.message.emit(f"Connected {edge[0]} → {edge[1]}.")
        return reason

    def _cancel_connection(self) -> None:
        if self._conn_target is not None:
            self._conn_target.set_target_state(None)
        for item in (self._rubber, self._hint):
            if item is not None and item.scene() is self:
                self.removeItem(item)
        self._conn = self._conn_target = self._rubber = self._hint = None

    @property
    def connecting(self) -> bool:
        return self._conn is not None

    # == drag-and-drop feedback (the view calls these) ===========================================
    def set_drop_highlight(self, edge: Edge | None) -> None:
        item = self._edges.get(edge) if edge else None
        if item is self._drop_edge:
            return
        if self._drop_edge is not None:
            self._drop_edge.highlight = None
            self._drop_edge.update()
        self._drop_edge = item
        if item is not None:
            item.highlight = "drop"
            item.update()

    # == keys ===================================================================================
    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape and self._conn is not None:
            self._cancel_connection()
            event.accept()
            return
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.focusItem() is None:
            self.delete_selection()
            event.accept()
            return
        super().keyPressEvent(event)
