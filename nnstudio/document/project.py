"""The project: what the user designed (network graph, dataset and training settings).

Plain Python, no Qt. Every edit goes through a method that validates first and changes
nothing when it refuses (raising :class:`ProjectError` / :class:`DesignError`), then tells
the listeners ``(event, payload)`` so that views can follow:

``node_added`` / ``node_removed`` / ``node_changed`` / ``node_moved`` (node id),
``edge_added`` / ``edge_removed`` ((source, target)), ``setting_changed`` (key),
``replaced`` (None: the whole project was swapped, e.g. File → Open).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field

from .errors import DesignError, ProjectError
from .registry import LAYER_TYPES
from .settings import SETTINGS, default_settings

Listener = Callable[[str, object], None]


@dataclass
class Node:
    id: str
    type: str
    params: dict
    pos: tuple[float, float] = (0.0, 0.0)

    def copy(self) -> Node:
        return Node(self.id, self.type, dict(self.params), tuple(self.pos))


@dataclass
class Project:
    settings: dict = field(default_factory=default_settings)
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[tuple[str, str]] = field(default_factory=list)
    meta: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._listeners: list[Listener] = []

    # -- observation -------------------------------------------------------------------------
    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _emit(self, event: str, payload: object) -> None:
        for listener in list(self._listeners):
            listener(event, payload)

    # -- settings ----------------------------------------------------------------------------
    def get(self, key: str):
        if key not in SETTINGS:
            raise ProjectError(key, "unknown setting")
        return self.settings[key]

    def set(self, key: str, value, from_text: bool = False) -> None:
        """Change a setting; ``from_text`` parses text such as ``"0.1"`` (``--set``)."""
        spec = SETTINGS.get(key)
        if spec is None:
            raise ProjectError(key, "unknown setting")
        value = spec.coerce(value, key, from_text=from_text)
        if self.settings.get(key) == value:
            return
        self.settings[key] = value
        self._emit("setting_changed", key)

    # -- nodes -------------------------------------------------------------------------------
    def new_node_id(self, type_id: str) -> str:
        n = 1
        while f"{type_id}{n}" in self.nodes:
            n += 1
        return f"{type_id}{n}"

    def add_node(self, type_id: str, pos=(0.0, 0.0), params: dict | None = None,
                 node_id: str | None = None) -> Node:
        layer_type = LAYER_TYPES.get(type_id)
        if layer_type is None:
            raise DesignError("type", f"unknown layer type {type_id!r}")
        if layer_type.role == "input" and any(
            LAYER_TYPES[n.type].role == "input" for n in self.nodes.values()
        ):
            raise DesignError("type", "the network already has an input layer")
        node_id = node_id or self.new_node_id(type_id)
        if node_id in self.nodes:
            raise DesignError("id", f"a layer with id {node_id!r} exists already")
        values = layer_type.defaults()
        for name, value in (params or {}).items():
            values[name] = _coerce_param(type_id, name, value, f"{node_id}.{name}")
        node = Node(node_id, type_id, values, (float(pos[0]), float(pos[1])))
        self.nodes[node_id] = node
        self._emit("node_added", node_id)
        return node

    def remove_node(self, node_id: str) -> tuple[Node, list[tuple[str, str]]]:
        """Remove a node and its edges; returns both (for undo)."""
        node = self._node(node_id)
        removed = [e for e in self.edges if node_id in e]
        for edge in removed:
            self.remove_edge(*edge)
        del self.nodes[node_id]
        self._emit("node_removed", node_id)
        return node, removed

    def set_param(self, node_id: str, name: str, value) -> None:
        node = self._node(node_id)
        value = _coerce_param(node.type, name, value, f"{node_id}.{name}")
        if node.params.get(name) == value:
            return
        node.params[name] = value
        self._emit("node_changed", node_id)

    def move_node(self, node_id: str, pos) -> None:
        node = self._node(node_id)
        node.pos = (float(pos[0]), float(pos[1]))
        self._emit("node_moved", node_id)

    def _node(self, node_id: str) -> Node:
        if node_id not in self.nodes:
            raise DesignError("id", f"no layer with id {node_id!r}")
        return self.nodes[node_id]

    # -- edges -------------------------------------------------------------------------------
    def can_connect(self, source: str, target: str) -> str | None:
        """Why the edge source → target is refused, or None when it is allowed."""
        if source not in self.nodes or target not in self.nodes:
            return "both ends must be layers of the network"
        if source == target:
            return "a layer cannot feed itself"
        if (source, target) in self.edges:
            return "these layers are already connected"
        if LAYER_TYPES[self.nodes[source].type].role == "output":
            return "the output layer has no outgoing connection"
        if LAYER_TYPES[self.nodes[target].type].role == "input":
            return "the input layer takes no incoming connection"
        if any(t == target for _, t in self.edges):
            return f"{target} already has an input (layers take one input)"
        if self._reaches(target, source):
            return "this connection would make a cycle"
        return None

    def add_edge(self, source: str, target: str) -> None:
        reason = self.can_connect(source, target)
        if reason:
            raise DesignError("edge", reason)
        self.edges.append((source, target))
        self._emit("edge_added", (source, target))

    def remove_edge(self, source: str, target: str) -> None:
        if (source, target) not in self.edges:
            raise DesignError("edge", f"no connection {source} → {target}")
        self.edges.remove((source, target))
        self._emit("edge_removed", (source, target))

    def _reaches(self, start: str, goal: str) -> bool:
        seen, stack = set(), [start]
        while stack:
            node = stack.pop()
            if node == goal:
                return True
            if node in seen:
                continue
            seen.add(node)
            stack.extend(t for s, t in self.edges if s == node)
        return False

    # -- whole-project operations -----------------------------------------------------------
    def replace_with(self, other: Project) -> None:
        """Take over the content of ``other`` (e.g. after File → Open); listeners stay."""
        self.settings = dict(other.settings)
        self.nodes = {k: n.copy() for k, n in other.nodes.items()}
        self.edges = list(other.edges)
        self.meta = copy.deepcopy(other.meta)
        self._emit("replaced", None)

    def clone(self) -> Project:
        """A deep copy without listeners (e.g. to hand to the training worker)."""
        return Project(
            dict(self.settings),
            {k: n.copy() for k, n in self.nodes.items()},
            list(self.edges),
            copy.deepcopy(self.meta),
        )

    def chain(self) -> list[Node]:
        """Nodes from the input along the edges (stops at a branch, a gap or a cycle)."""
        inputs = [n for n in self.nodes.values() if LAYER_TYPES[n.type].role == "input"]
        if not inputs:
            return []
        order, seen, current = [], set(), inputs[0]
        while current is not None and current.id not in seen:
            order.append(current)
            seen.add(current.id)
            nexts = [t for s, t in self.edges if s == current.id]
            current = self.nodes[nexts[0]] if len(nexts) == 1 else None
        return order


def _coerce_param(type_id: str, name: str, value, where: str):
    layer_type = LAYER_TYPES[type_id]
    try:
        spec = layer_type.param(name)
    except KeyError:
        raise ProjectError(where, f"{layer_type.name} layers have no parameter {name!r}") from None
    return spec.coerce(value, where)


def default_project() -> Project:
    """The project the app opens with: circle data and a 2 → 4 tanh → 2 tanh → 1 network."""
    project = Project()
    project.meta = {"title": "Circle", "lesson": "circle"}
    project.add_node("input", (0, 0), node_id="input")
    project.add_node("dense", (180, 0), {"units": 4, "activation": "tanh"}, node_id="dense1")
    project.add_node("dense", (360, 0), {"units": 2, "activation": "tanh"}, node_id="dense2")
    project.add_node("output", (540, 0), {"units": 1}, node_id="output")
    project.add_edge("input", "dense1")
    project.add_edge("dense1", "dense2")
    project.add_edge("dense2", "output")
    return project
