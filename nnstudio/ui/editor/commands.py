"""Undoable edits of the project: QUndoCommands that touch only the document, never the scene.

The scene follows the project's events, so a command's redo/undo changes the project and the
canvas redraws itself. Every command checks the edit before it changes anything; when the model
refuses (:class:`ProjectError` / :class:`DesignError`), nothing changes. Push commands with
:func:`push_or_explain`, which applies the edit first and pushes it only when the model accepted
it, returning the refusal reason otherwise::

    reason = push_or_explain(stack, AddEdgeCommand(project, "dense1", "output"))
    if reason:
        status_bar.showMessage(f"Cannot connect: {reason}")

(``QUndoStack.push`` calls ``redo()`` itself and cannot report an error; ``push_or_explain``
does the first redo, then lets the stack skip it.)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from PySide6.QtGui import QUndoCommand, QUndoStack

from nnstudio.document.errors import DesignError, ProjectError
from nnstudio.document.project import Node, Project
from nnstudio.document.registry import LAYER_TYPES

Edge = tuple[str, str]
Pos = tuple[float, float]

SET_PARAM_ID = 7301
SET_SETTING_ID = 7302


def push_or_explain(stack: QUndoStack, command: ProjectCommand) -> str | None:
    """Apply ``command``; push it on ``stack`` if the model accepted it.

    Returns None on success, or the model's reason for refusing (and nothing changed).
    A command that turns out to change nothing (e.g. a value set to what it was) is not kept.
    """
    if command.isObsolete():  # e.g. a move to where the layers already are
        return None
    try:
        command.apply()
    except ProjectError as exc:
        return explain(exc)
    command._applied = True  # the stack's first redo() is this apply()
    stack.push(command)
    return None


def explain(exc: ProjectError) -> str:
    """A readable reason for a refused edit (design errors read as sentences on their own)."""
    if isinstance(exc, DesignError) or not exc.field:
        return exc.message
    return f"{exc.field}: {exc.message}"


class ProjectCommand(QUndoCommand):
    """Base class: subclasses implement ``_redo`` / ``_undo`` on the project only.

    ``apply()`` is the checked redo used by :func:`push_or_explain`; it raises ProjectError
    and leaves the project unchanged when refused.
    """

    def __init__(self, project: Project, text: str) -> None:
        super().__init__(text)
        self.project = project
        self._applied = False

    def apply(self) -> None:
        self._redo()

    def redo(self) -> None:
        if self._applied:  # done by push_or_explain just before QUndoStack.push
            self._applied = False
            return
        self._redo()

    def undo(self) -> None:
        self._undo()

    def _redo(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def _undo(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError


def _type_name(type_id: str) -> str:
    layer_type = LAYER_TYPES.get(type_id)
    return layer_type.name if layer_type else type_id


def _restore_edge(project: Project, edge: Edge) -> None:
    """Put back an edge that existed before (undo).

    Edges read from a file may break the design rules (the loader keeps cycles and the like so
    that the canvas can show them); undo must restore them exactly, so an edge the model would
    refuse today is re-inserted as it was and announced like any other.
    """
    try:
        project.add_edge(*edge)
    except DesignError:
        if edge in project.edges or edge[0] not in project.nodes or edge[1] not in project.nodes:
            raise
        project.edges.append(edge)
        project._emit("edge_added", edge)


def _reorder_edges(project: Project, order: Sequence[Edge]) -> None:
    """Restore the edges' list order (no event: the set of edges is unchanged)."""
    rank = {edge: i for i, edge in enumerate(order)}
    project.edges.sort(key=lambda e: rank.get(e, len(rank)))


def _reorder_nodes(project: Project, order: Sequence[str]) -> None:
    """Restore the nodes' order (it is the file's order; no event)."""
    rank = {node_id: i for i, node_id in enumerate(order)}
    items = sorted(project.nodes.items(), key=lambda kv: rank.get(kv[0], len(rank)))
    project.nodes.clear()
    project.nodes.update(items)


# -- nodes -------------------------------------------------------------------------------------
class AddNodeCommand(ProjectCommand):
    """Add a layer of ``type_id`` at ``pos``; redo re-adds it with the same id."""

    def __init__(self, project: Project, type_id: str, pos: Pos, params: dict | None = None,
                 node_id: str | None = None) -> None:
        super().__init__(project, f"Add {_type_name(type_id)} layer")
        self.type_id = type_id
        self.pos = (float(pos[0]), float(pos[1]))
        self.params = dict(params or {})
        self.node_id = node_id

    def _redo(self) -> None:
        node = self.project.add_node(self.type_id, self.pos, self.params, node_id=self.node_id)
        self.node_id = node.id

    def _undo(self) -> None:
        self.project.remove_node(self.node_id)


class RemoveNodesCommand(ProjectCommand):
    """Remove layers (with their connections) and, optionally, more connections: one undo step.

    Undo restores the layers with their parameters and positions, all removed connections and
    the original order of layers and connections (so a saved file is the same after undo).
    """

    def __init__(self, project: Project, node_ids: Iterable[str],
                 edges: Iterable[Edge] = ()) -> None:
        self.node_ids = list(dict.fromkeys(node_ids))
        self.extra_edges = [tuple(e) for e in dict.fromkeys(tuple(e) for e in edges)]
        super().__init__(project, self._describe())
        self._nodes: list[Node] = []
        self._node_order: list[str] = []
        self._edge_order: list[Edge] = []
        self._removed_edges: list[Edge] = []

    def _describe(self) -> str:
        n, e = len(self.node_ids), len(self.extra_edges)
        if n == 1 and not e:
            return f"Delete layer {self.node_ids[0]}"
        if n and not e:
            return f"Delete {n} layers"
        if e and not n:
            return "Delete connection" if e == 1 else f"Delete {e} connections"
        return f"Delete {n} layer(s) and {e} connection(s)"

    def _check(self) -> None:
        for node_id in self.node_ids:
            if node_id not in self.project.nodes:
                raise DesignError("id", f"no layer with id {node_id!r}")
        for edge in self.extra_edges:
            if edge not in self.project.edges:
                raise DesignError("edge", f"no connection {edge[0]} → {edge[1]}")

    def _redo(self) -> None:
        self._check()
        project = self.project
        self._node_order = list(project.nodes)
        self._edge_order = list(project.edges)
        gone = set(self.node_ids)
        self._removed_edges = [
            e for e in project.edges if e in self.extra_edges or e[0] in gone or e[1] in gone
        ]
        self._nodes = [project.nodes[i].copy() for i in self.node_ids]
        for edge in self._removed_edges:
            project.remove_edge(*edge)
        for node_id in self.node_ids:
            project.remove_node(node_id)

    def _undo(self) -> None:
        project = self.project
        for node in self._nodes:
            project.add_node(node.type, node.pos, node.params, node_id=node.id)
        for edge in self._removed_edges:
            _restore_edge(project, edge)
        _reorder_nodes(project, self._node_order)
        _reorder_edges(project, self._edge_order)


class MoveNodesCommand(ProjectCommand):
    """Move layers to ``new_positions``; the old positions default to the project's current ones
    (so a canvas can build this command on mouse release, before the document moved)."""

    def __init__(self, project: Project, new_positions: Mapping[str, Pos],
                 old_positions: Mapping[str, Pos] | None = None, text: str = "") -> None:
        self.new = {k: (float(p[0]), float(p[1])) for k, p in new_positions.items()}
        if old_positions is None:  # unknown ids are refused by redo, not here
            old_positions = {k: project.nodes[k].pos for k in self.new if k in project.nodes}
        self.old = {k: (float(p[0]), float(p[1])) for k, p in old_positions.items()}
        n = len(self.new)
        super().__init__(project, text or ("Move layer" if n == 1 else f"Move {n} layers"))
        if all(self.old.get(k) == p for k, p in self.new.items()):
            self.setObsolete(True)

    def _move(self, positions: Mapping[str, Pos]) -> None:
        for node_id in positions:
            if node_id not in self.project.nodes:
                raise DesignError("id", f"no layer with id {node_id!r}")
        for node_id, pos in positions.items():
            self.project.move_node(node_id, pos)

    def _redo(self) -> None:
        self._move(self.new)

    def _undo(self) -> None:
        self._move(self.old)


# -- edges -------------------------------------------------------------------------------------
class AddEdgeCommand(ProjectCommand):
    def __init__(self, project: Project, source: str, target: str) -> None:
        super().__init__(project, f"Connect {source} → {target}")
        self.edge = (source, target)

    def _redo(self) -> None:
        self.project.add_edge(*self.edge)

    def _undo(self) -> None:
        self.project.remove_edge(*self.edge)


class RemoveEdgeCommand(ProjectCommand):
    def __init__(self, project: Project, source: str, target: str) -> None:
        super().__init__(project, f"Disconnect {source} → {target}")
        self.edge = (source, target)
        self._order: list[Edge] = []

    def _redo(self) -> None:
        order = list(self.project.edges)
        self.project.remove_edge(*self.edge)
        self._order = order

    def _undo(self) -> None:
        _restore_edge(self.project, self.edge)
        _reorder_edges(self.project, self._order)


# -- values ------------------------------------------------------------------------------------
class SetParamCommand(ProjectCommand):
    """Set a layer parameter; consecutive edits of the same field merge into one undo step."""

    def __init__(self, project: Project, node_id: str, name: str, value) -> None:
        node = project.nodes.get(node_id)  # an unknown id or name is refused by redo
        super().__init__(project, f"Set {node_id} {name}")
        self.node_id, self.name = node_id, name
        self.old = node.params.get(name) if node else None
        self.value = value

    def _redo(self) -> None:
        self.project.set_param(self.node_id, self.name, self.value)
        self.value = self.project.nodes[self.node_id].params[self.name]  # the coerced value
        self.setText(f"Set {self.node_id} {self.name} to {self.value}")
        self.setObsolete(self.value == self.old)

    def _undo(self) -> None:
        self.project.set_param(self.node_id, self.name, self.old)

    def id(self) -> int:
        return SET_PARAM_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SetParamCommand) or (other.node_id, other.name) != (
                self.node_id, self.name) or other.project is not self.project:
            return False
        self.value = other.value
        self.setText(other.text())
        self.setObsolete(self.value == self.old)
        return True


class SetSettingCommand(ProjectCommand):
    """Set a dataset/training setting (dotted key); consecutive edits of one key merge."""

    def __init__(self, project: Project, key: str, value) -> None:
        old = project.settings.get(key)  # an unknown key is refused by redo
        super().__init__(project, f"Set {key}")
        self.key, self.old, self.value = key, old, value

    def _redo(self) -> None:
        self.project.set(self.key, self.value)
        self.value = self.project.settings[self.key]
        self.setText(f"Set {self.key} to {self.value}")
        self.setObsolete(self.value == self.old)

    def _undo(self) -> None:
        self.project.set(self.key, self.old)

    def id(self) -> int:
        return SET_SETTING_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SetSettingCommand) or other.key != self.key or \
                other.project is not self.project:
            return False
        self.value = other.value
        self.setText(other.text())
        self.setObsolete(self.value == self.old)
        return True


class CompositeCommand(ProjectCommand):
    """Several commands as one undo step (e.g. insert a layer into a connection).

    The parts run in order; if one is refused, the parts already done are undone and the
    refusal propagates, so the project is unchanged.
    """

    def __init__(self, project: Project, text: str, parts: Sequence[ProjectCommand]) -> None:
        super().__init__(project, text)
        self.parts = list(parts)

    def _redo(self) -> None:
        done: list[ProjectCommand] = []
        try:
            for part in self.parts:
                part._redo()
                done.append(part)
        except ProjectError:
            for part in reversed(done):
                part._undo()
            raise

    def _undo(self) -> None:
        for part in reversed(self.parts):
            part._undo()
