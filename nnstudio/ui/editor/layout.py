"""Where layers go: the Arrange layout and free spots for new layers (pure Python, no Qt).

Positions are layer centres, as in the project (``Node.pos``). The main chain (input → … →
output, :meth:`Project.chain`) goes left to right on one row, ``spacing`` apart; every other
group of connected layers gets its own row below, in the order of its current position, so
Arrange never hides a layer behind another.
"""

from __future__ import annotations

from collections.abc import Mapping

from nnstudio.document.project import Project

from .style import LAYER_SPACING, ROW_GAP

Pos = tuple[float, float]


def _components(project: Project, placed: set[str]) -> list[list[str]]:
    """The layers not yet placed, as left-to-right chains following the edges."""
    rest = sorted((n for n in project.nodes.values() if n.id not in placed),
                  key=lambda n: (n.pos[0], n.pos[1], n.id))
    groups: list[list[str]] = []
    seen = set(placed)
    incoming = {t for s, t in project.edges}
    # start from layers nothing feeds, then whatever is left (cycles)
    starts = [n.id for n in rest if n.id not in incoming] + [n.id for n in rest]
    for start in starts:
        if start in seen:
            continue
        group, current = [], start
        while current is not None and current not in seen:
            group.append(current)
            seen.add(current)
            nexts = [t for s, t in project.edges if s == current and t not in seen]
            current = nexts[0] if nexts else None
        groups.append(group)
    return groups


def arrange(project: Project, heights: Mapping[str, float] | None = None,
            spacing: float = LAYER_SPACING, origin: Pos = (0.0, 0.0)) -> dict[str, Pos]:
    """New centres of all layers: the main chain on the first row, other groups below.

    ``heights`` are the drawn heights of the layers (to keep the rows apart).
    """
    heights = heights or {}
    rows = [[n.id for n in project.chain()]]
    rows += _components(project, set(rows[0]))
    rows = [r for r in rows if r]
    positions: dict[str, Pos] = {}
    y = origin[1]
    previous_half = 0.0
    for i, row in enumerate(rows):
        half = max((heights.get(n, 100.0) / 2 for n in row), default=50.0)
        if i:
            y += previous_half + ROW_GAP + half
        for j, node_id in enumerate(row):
            positions[node_id] = (origin[0] + j * spacing, y)
        previous_half = half
    return positions


def free_spot(project: Project, spacing: float = LAYER_SPACING) -> Pos:
    """A place for a new layer: right of the main chain's last layer if that spot is free,
    otherwise right of every layer, on the main row."""
    chain = project.chain()
    if chain:
        last = chain[-1].pos
        candidate = (last[0] + spacing, last[1])
        if not _occupied(project, candidate, spacing):
            return candidate
    if not project.nodes:
        return (0.0, 0.0)
    right = max(n.pos[0] for n in project.nodes.values())
    y = chain[0].pos[1] if chain else 0.0
    return (right + spacing, y)


def _occupied(project: Project, pos: Pos, spacing: float) -> bool:
    return any(abs(n.pos[0] - pos[0]) < spacing * 0.75 and abs(n.pos[1] - pos[1]) < 120
               for n in project.nodes.values())
