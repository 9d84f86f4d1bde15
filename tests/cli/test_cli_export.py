"""`nnstudio export`: every figure renders to PNG and SVG of the requested size."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from PySide6.QtGui import QImage

from nnstudio.cli import main


@pytest.mark.parametrize("figure", ["surface", "loss", "network", "window"])
def test_png_of_the_requested_size(qtbot, tmp_path, capsys, figure):
    out = tmp_path / f"{figure}.png"
    code = main(["export", "--lesson", "circle", "--figure", figure, "--out", str(out),
                 "--steps", "200", "--width", "640", "--height", "480"])
    assert code == 0, capsys.readouterr().err
    image = QImage(str(out))
    assert not image.isNull()
    assert (image.width(), image.height()) == (640, 480)
    assert image.pixelColor(image.width() // 2, image.height() // 2).isValid()
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temporary file left


@pytest.mark.parametrize("figure", ["surface", "loss", "network", "window"])
def test_svg_is_valid_xml(qtbot, tmp_path, capsys, figure):
    out = tmp_path / f"{figure}.svg"
    code = main(["export", "--figure", figure, "--out", str(out), "--steps", "20"])
    assert code == 0, capsys.readouterr().err
    root = ET.parse(out).getroot()
    assert root.tag.endswith("svg")


def test_surface_png_shows_both_classes(qtbot, tmp_path):
    out = tmp_path / "s.png"
    assert main(["export", "--figure", "surface", "--out", str(out), "--steps", "3000"]) == 0
    image = QImage(str(out))
    centre = image.pixelColor(image.width() // 2, image.height() // 2)
    corner = image.pixelColor(int(image.width() * 0.2), int(image.height() * 0.85))
    assert centre.blue() > centre.red()  # class 1 (blue) inside the disc
    assert corner.red() > corner.blue()  # class 0 (orange) outside


def test_export_through_the_real_command(tmp_path):
    out = tmp_path / "net.png"
    result = subprocess.run(
        [sys.executable, "-m", "nnstudio", "export", "--lesson", "xor", "--figure", "network",
         "--out", str(out), "--steps", "10"],
        capture_output=True, text=True, timeout=120,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr
    assert out.stat().st_size > 1000


def test_export_of_an_invalid_design_exits_2(tmp_path, capsys):
    code = main(["export", "--figure", "loss", "--out", str(tmp_path / "x.png"),
                 "--set", "dataset.name=circle", "--set", "training.loss=ce"])
    assert code == 2
    err = capsys.readouterr().err
    assert "ce" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "x.png").exists()


def _drawn_columns(image: QImage) -> tuple[int, int]:
    """(first, last) column with a pixel that is not plain white or background grey."""
    import numpy as np

    image = image.convertToFormat(QImage.Format.Format_RGB32)
    bits = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(),
                                                               image.bytesPerLine())
    rgb = bits[:, :image.width() * 4].reshape(image.height(), image.width(), 4)[..., :3]
    spread = rgb.astype(int).max(axis=2) - rgb.astype(int).min(axis=2)
    coloured = np.nonzero((spread > 40).any(axis=0))[0]
    return (int(coloured[0]), int(coloured[-1])) if coloured.size else (-1, -1)


@pytest.mark.parametrize("figure", ["activations", "gradient-health", "loss"])
def test_panel_figures_fill_their_size_and_show_no_controls(qtbot, tmp_path, capsys, figure,
                                                            monkeypatch):
    """A panel lives in its dock's scroll area: taken out for the figure, the area once sized
    it back to the dock (an 800-pixel figure drawn 385 pixels wide). Buttons, check boxes and
    spin boxes are not part of a figure for slides."""
    from nnstudio.export import figures

    seen = []
    original = figures.hide_controls
    monkeypatch.setattr(figures, "hide_controls",
                        lambda widget: seen.extend(original(widget)) or seen)
    out = tmp_path / f"{figure}.png"
    assert main(["export", "--lesson", "circle", "--figure", figure, "--out", str(out),
                 "--steps", "100", "--width", "800", "--height", "700"]) == 0, \
        capsys.readouterr().err
    image = QImage(str(out))
    first, last = _drawn_columns(image)
    assert last > 0.85 * image.width(), (first, last)  # drawn across the whole width
    if figure == "loss":
        assert [type(c).__name__ for c in seen] == ["QCheckBox"]  # the "Log scale" box


@pytest.mark.parametrize("lesson, figure, kinds", [
    ("gru", "compare-cells", {"QPushButton", "QSpinBox"}),
    ("lstm-memory", "gradients-through-time", {"QCheckBox"}),
])
def test_recurrent_figures_show_no_controls(qtbot, tmp_path, capsys, monkeypatch, lesson,
                                            figure, kinds):
    """compare-cells showed its Compare/Stop buttons and steps box, gradients-through-time
    its "Relative" check box."""
    from nnstudio.export import figures

    seen = []
    original = figures.hide_controls
    monkeypatch.setattr(figures, "hide_controls",
                        lambda widget: seen.extend(original(widget)) or seen)
    out = tmp_path / f"{figure}.png"
    assert main(["export", "--lesson", lesson, "--figure", figure, "--out", str(out),
                 "--steps", "20"]) == 0, capsys.readouterr().err
    assert kinds <= {type(c).__name__ for c in seen}


def test_export_help_names_every_figure(capsys):
    """`export --help` listed four figures and '...'."""
    import contextlib

    from nnstudio.export.figures import all_figures

    with contextlib.suppress(SystemExit):
        main(["export", "--help"])
    text = " ".join(capsys.readouterr().out.split()).replace("- ", "-")  # (wrapped at a hyphen)
    missing = [name for name in all_figures() if name not in text]
    assert missing == []
