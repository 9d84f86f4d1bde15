"""Copy and paste of layers (Ctrl+C / Ctrl+V on the canvas).

Copy puts the selected layers (not the input, which belongs to the dataset) with their
parameters, relative positions and the connections among them on the clipboard as JSON
(MIME type :data:`MIME`, plus plain text). Paste adds them as new layers with fresh ids,
shifted so they do not cover the originals, as one undoable command built from the existing
commands (AddNodeCommand + AddEdgeCommand in a CompositeCommand), and selects them. Pasting
again shifts again; pasting into another window or after a restart works too.
"""

from __future__ import annotations

import json

from PySide6.QtCore import QMimeData
from PySide6.QtWidgets import QApplication

from nnstudio.document.registry import LAYER_TYPES
from nnstudio.ui.editor.commands import AddEdgeCommand, AddNodeCommand, CompositeCommand

MIME = "application/x-nnstudio-layers"
OFFSET = (40.0, 40.0)
MAX_LAYERS = 100


def copy_layers(scene) -> int:
    """Copy the selected layers; returns how many were copied."""
    project = scene.project
    selected = set(scene.selected_node_ids())
    ids = [i for i in project.nodes  # in the project's order, so pastes keep it
           if i in selected and LAYER_TYPES[project.nodes[i].type].role != "input"]
    if not ids:
        return 0
    nodes = [{"id": i, "type": project.nodes[i].type, "params": dict(project.nodes[i].params),
              "position": list(project.nodes[i].pos)} for i in ids]
    chosen = set(ids)
    edges = [[s, t] for s, t in project.edges if s in chosen and t in chosen]
    payload = json.dumps({"format": "nnstudio-layers", "nodes": nodes, "edges": edges})
    mime = QMimeData()
    mime.setData(MIME, payload.encode("utf-8"))
    mime.setText(payload)
    QApplication.clipboard().setMimeData(mime)
    scene._paste_count = 0
    return len(ids)


def clipboard_layers() -> dict | None:
    mime = QApplication.clipboard().mimeData()
    if mime is None:
        return None
    if mime.hasFormat(MIME):
        raw = bytes(mime.data(MIME)).decode("utf-8", errors="replace")
    elif mime.hasText() and '"nnstudio-layers"' in mime.text():
        raw = mime.text()
    else:
        return None
    try:
        data = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("format") != "nnstudio-layers":
        return None
    nodes = data.get("nodes")
    if not isinstance(nodes, list) or not 0 < len(nodes) <= MAX_LAYERS:
        return None
    return data


def paste_layers(scene) -> list[str]:
    """Paste the clipboard's layers into ``scene``'s project (one undo step); returns the new
    ids (empty if there was nothing to paste or the model refused: ``scene.message`` says why)."""
    data = clipboard_layers()
    if data is None:
        scene.message.emit(QApplication.translate("Canvas", "Nothing to paste: copy layers first."))
        return []
    project = scene.project
    count = getattr(scene, "_paste_count", 0) + 1
    dx, dy = OFFSET[0] * count, OFFSET[1] * count
    taken = set(project.nodes)
    new_ids: dict[str, str] = {}
    parts = []
    for node in data["nodes"]:
        type_id = node.get("type")
        if type_id not in LAYER_TYPES or LAYER_TYPES[type_id].role == "input":
            continue
        n = 1
        while f"{type_id}{n}" in taken:
            n += 1
        node_id = f"{type_id}{n}"
        taken.add(node_id)
        new_ids[str(node.get("id"))] = node_id
        x, y = (node.get("position") or [0.0, 0.0])[:2]
        parts.append(AddNodeCommand(project, type_id, (float(x) + dx, float(y) + dy),
                                    params=node.get("params") or {}, node_id=node_id))
    for edge in data.get("edges") or []:
        if isinstance(edge, list) and len(edge) == 2 and all(e in new_ids for e in edge):
            parts.append(AddEdgeCommand(project, new_ids[edge[0]], new_ids[edge[1]]))
    if not parts:
        return []
    text = QApplication.translate("Canvas", "Paste {n} layer(s)").format(n=len(new_ids))
    if scene.push(CompositeCommand(project, text, parts)):
        return []
    scene._paste_count = count
    scene.clearSelection()
    for node_id in new_ids.values():
        item = scene.node_item(node_id)
        if item is not None:
            item.setSelected(True)
    return list(new_ids.values())
