"""`nnstudio export --figure race|landscape`: valid PNG/SVG files of the requested size."""

from __future__ import annotations

import re
import struct

import pytest

from nnstudio.cli import main
from nnstudio.export.figures import all_figures


def png_size(path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def svg_viewbox(path) -> tuple[int, int]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("<?xml") and "<svg" in text and text.rstrip().endswith("</svg>")
    match = re.search(r'viewBox="0 0 (\d+) (\d+)"', text)
    assert match, text[:300]
    return int(match.group(1)), int(match.group(2))


def test_figures_are_registered():
    figures = all_figures()
    assert {"race", "landscape"} <= set(figures)
    assert figures["race"].default_size == (1600, 1000)


@pytest.mark.parametrize("figure, lesson", [("race", "optimizer-race"),
                                            ("landscape", "loss-landscape"),
                                            ("landscape", "momentum")])
def test_png_of_the_requested_size(qapp, tmp_path, capsys, figure, lesson):
    out = tmp_path / f"{figure}.png"
    code = main(["export", "--lesson", lesson, "--figure", figure, "--out", str(out),
                 "--steps", "30", "--width", "800", "--height", "520"])
    assert code == 0, capsys.readouterr().err
    assert png_size(out) == (800, 520)
    assert capsys.readouterr().out.strip() == str(out)
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]  # no temporary file left


@pytest.mark.parametrize("figure", ["race", "landscape"])
def test_svg_and_default_size(qapp, tmp_path, capsys, figure):
    out = tmp_path / f"{figure}.svg"
    assert main(["export", "--lesson", "optimizer-race", "--figure", figure, "--out", str(out),
                 "--steps", "5", "--set", "training.compare.optimizers=sgd,adam"]) == 0
    assert svg_viewbox(out) == all_figures()[figure].default_size
    capsys.readouterr()


def test_landscape_surfaces_and_start_by_set(qapp, tmp_path, capsys):
    for surface in ("valley", "saddle", "rosenbrock", "network"):
        out = tmp_path / f"{surface}.png"
        assert main(["export", "--lesson", "optimizer-race", "--figure", "landscape",
                     "--out", str(out), "--steps", "10", "--width", "400", "--height", "300",
                     "--set", f"training.landscape.surface={surface}",
                     "--set", "training.landscape.start=0.5,0.5"]) == 0
        assert png_size(out) == (400, 300)
    capsys.readouterr()


@pytest.mark.parametrize("override, field", [
    ("training.compare.optimizers=sgd", "training.compare.optimizers"),
    ("training.landscape.start=nowhere", "training.landscape.start"),
    ("training.landscape.surface=moon", "training.landscape.surface"),
])
def test_bad_settings_exit_2_naming_the_key(qapp, tmp_path, capsys, override, field):
    out = tmp_path / "x.png"
    assert main(["export", "--lesson", "optimizer-race", "--figure", "landscape",
                 "--out", str(out), "--steps", "1", "--set", override]) == 2
    err = capsys.readouterr().err
    assert field in err and "Traceback" not in err
    assert not out.exists()


def test_race_refuses_the_perceptron_lesson(qapp, tmp_path, capsys):
    out = tmp_path / "race.png"
    assert main(["export", "--lesson", "perceptron", "--figure", "race", "--out", str(out)]) == 2
    assert "training.rule" in capsys.readouterr().err
