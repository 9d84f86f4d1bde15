"""A figure the task has nothing to show in is refused (exit 2, one line naming the figure and
why), as compare-cells of a feed-forward network is: a confusion matrix of a regression and
the code space of a network that is no autoencoder came out as empty axes with exit 0."""

from __future__ import annotations

import pytest

from nnstudio.cli import main


@pytest.mark.parametrize("lesson, figure, why", [
    ("regression-sine", "confusion", "classification"),
    ("circle", "latent", "autoencoder"),
])
def test_a_figure_without_content_is_refused(tmp_path, capsys, lesson, figure, why):
    out = tmp_path / "x.png"
    assert main(["export", "--lesson", lesson, "--figure", figure, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert figure in err and why in err and len(err.strip().splitlines()) == 1
    assert not out.exists()


@pytest.mark.parametrize("lesson, figure", [("iris", "confusion"), ("autoencoder", "latent")])
def test_the_figures_of_their_tasks_still_render(qtbot, tmp_path, capsys, lesson, figure):
    out = tmp_path / "x.png"
    assert main(["export", "--lesson", lesson, "--figure", figure, "--out", str(out),
                 "--steps", "20"]) == 0, capsys.readouterr().err
    assert out.stat().st_size > 0
