"""`nnstudio export --figure network`: the canvas scaled to fit the requested size, keeping
its proportions, and centred with a small margin. It used to be drawn from the top-left
corner, so a wide network left the lower part of a tall image (or the right of a wide one)
blank."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QImage

from nnstudio.cli import main
from nnstudio.document.io import save_project
from nnstudio.document.project import default_project


def content_box(image: QImage) -> tuple[int, int, int, int]:
    """Margins (left, right, top, bottom) in pixels around what is not the white page."""
    w, h = image.width(), image.height()
    white = image.pixel(0, 0)
    rows = [y for y in range(h) if any(image.pixel(x, y) != white for x in range(0, w, 2))]
    cols = [x for x in range(w) if any(image.pixel(x, y) != white for y in range(0, h, 2))]
    assert rows and cols, "nothing drawn"
    return cols[0], w - 1 - cols[-1], rows[0], h - 1 - rows[-1]


def wide_project(tmp_path):
    """Six more hidden layers in a row: far wider than tall."""
    project = default_project()
    chain = [n.id for n in project.chain()]
    output = chain[-1]
    previous = chain[-2]
    x = max(n.pos[0] for n in project.nodes.values())
    project.remove_edge(previous, output)
    for i in range(6):
        x += 260
        node = project.add_node("dense", (x, 0), {"units": 4}, node_id=f"extra{i}")
        project.add_edge(previous, node.id)
        previous = node.id
    project.nodes[output].pos = (x + 260, 0)
    project.add_edge(previous, output)
    path = tmp_path / "wide.nnstudio"
    save_project(project, path)
    return [str(path)]


def export(tmp_path, capsys, source: list[str], width: int, height: int) -> QImage:
    out = tmp_path / f"network-{width}x{height}.png"
    code = main(["export", *source, "--figure", "network", "--steps", "1", "--out", str(out),
                 "--width", str(width), "--height", str(height)])
    assert code == 0, capsys.readouterr().err
    image = QImage(str(out))
    assert (image.width(), image.height()) == (width, height)
    return image


@pytest.mark.parametrize("size", [(1200, 600), (600, 1200)])
@pytest.mark.parametrize("network", ["digits", "wide"])
def test_network_figure_is_fitted_and_centred(qtbot, tmp_path, capsys, network, size):
    source = ["--lesson", "digits"] if network == "digits" else wide_project(tmp_path)
    width, height = size
    left, right, top, bottom = content_box(export(tmp_path, capsys, source, width, height))
    tolerance = 0.02 * max(width, height)
    assert abs(left - right) <= tolerance, (left, right)
    assert abs(top - bottom) <= tolerance, (top, bottom)
    # fitted: it touches the margin on one side pair, and the margin is small
    assert min(left + right, top + bottom) <= 0.12 * min(width, height)
    assert min(left, right, top, bottom) >= 2  # not cut at the edge
