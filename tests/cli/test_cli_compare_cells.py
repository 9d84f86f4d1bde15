"""`nnstudio export --figure compare-cells`: the three cells trained to exactly --steps, the
curves measured at a bounded number of steps and drawn once (an export used to evaluate both
sets after every step and redraw each time: ten times the training's cost), and the panel's
steps box showing --steps rather than the lesson's or the panel's default."""

from __future__ import annotations

import numpy as np
import pytest
from projects import make_project as shared_make_project

from nnstudio.cell_compare import HISTORY_POINTS, CellComparison, history_steps
from nnstudio.cli import main
from nnstudio.document.io import save_project
from nnstudio.document.project import Project
from nnstudio.export import recurrent_figures
from nnstudio.session import TrainingSession
from nnstudio.ui.recurrent.compare import CompareCellsPanel


def make_project(dataset: dict, layers: list, loss: str) -> Project:
    p = shared_make_project(dataset, layers, loss)
    p.meta["steps"] = 1500  # a lesson's own steps: the export must use --steps instead
    return p


def recall() -> Project:
    return make_project({"name": "delayed_recall", "samples": 40, "seq_len": 6, "symbols": 3,
                         "test_fraction": 0.25, "seed": 1},
                        [("gru1", "gru", {"units": 4, "return_sequences": False}),
                         ("output", "output", {"units": 3})], "ce")


def sine() -> Project:
    return make_project({"name": "sine", "samples": 32, "seq_len": 8, "noise": 0.0,
                         "test_fraction": 0.25, "seed": 1},
                        [("rnn1", "rnn", {"units": 4}), ("output", "output", {"units": 1})],
                        "mse")


@pytest.fixture
def export_run(qtbot, tmp_path, monkeypatch, capsys):
    """Run the real command on a project file; record every full evaluation, every curve
    drawing and the panel as it is rendered."""
    seen = {"evaluations": [], "draws": 0, "panel": None}
    snapshot = CellComparison.snapshot

    def counting_snapshot(self, live=True):
        snap = snapshot(self, live)
        seen["evaluations"].append(snap["steps"])
        return snap

    draw = CompareCellsPanel._draw

    def counting_draw(self, cell):
        seen["draws"] += 1
        draw(self, cell)

    render = recurrent_figures.render_widget

    def capturing_render(widget, out, width, height):
        seen["panel"] = widget
        seen["state"] = {
            "steps_box": widget.steps_box.value(),
            "latest": widget.latest(),
            "curves": {cell: curve.getData()[0].copy()
                       for cell, curve in widget.loss_curves.items()},
            "status": widget.status.text(),
        }
        render(widget, out, width, height)

    monkeypatch.setattr(CellComparison, "snapshot", counting_snapshot)
    monkeypatch.setattr(CompareCellsPanel, "_draw", counting_draw)
    monkeypatch.setattr(recurrent_figures, "render_widget", capturing_render)

    def run(project: Project, steps: int) -> dict:
        path = tmp_path / "compare.nnstudio"
        save_project(project, path)
        out = tmp_path / "compare.png"
        code = main(["export", str(path), "--figure", "compare-cells", "--steps", str(steps),
                     "--out", str(out), "--width", "640", "--height", "360"])
        assert code == 0, capsys.readouterr().err
        assert out.exists()
        return seen

    return run


@pytest.mark.parametrize("project", [recall, sine])
def test_export_measures_a_bounded_number_of_points_and_draws_once(export_run, project):
    seen = export_run(project(), 100)
    # every step evaluated (and drawn) was the bug: 100 evaluations, 300 drawings
    assert len(seen["evaluations"]) <= HISTORY_POINTS + 1
    assert seen["evaluations"][-1] == 100
    assert seen["draws"] == 3  # one drawing per cell, after training
    state = seen["state"]
    assert state["steps_box"] == 100  # --steps, not the project's 1500 or the default
    assert {cell: m["steps"] for cell, m in state["latest"].items()} == \
        {"rnn": 100, "gru": 100, "lstm": 100}
    for cell, x in state["curves"].items():
        assert x[0] == 1 and x[-1] == 100, cell
        assert np.all(np.diff(x) > 0)
    assert state["status"].startswith("Done")


def test_export_of_fewer_steps_than_the_box_used_to_allow(export_run):
    seen = export_run(recall(), 5)
    assert seen["evaluations"] == [1, 2, 3, 4, 5]
    assert seen["state"]["steps_box"] == 5
    assert all(m["steps"] == 5 for m in seen["state"]["latest"].values())


@pytest.mark.parametrize("steps", [1, 2, 39, 40, 41, 100, 800, 1500, 123_457])
def test_history_steps_are_bounded_and_end_at_the_target(steps):
    at = history_steps(steps)
    assert at[0] == 1 and at[-1] == steps
    assert at == sorted(set(at)) and len(at) <= HISTORY_POINTS
    if steps > HISTORY_POINTS:  # the start, where a loss falls fastest, is measured densely
        assert at[:3] == [1, 2, 3]
        assert max(np.diff(at)) <= steps / (HISTORY_POINTS // 2) + 1


def test_run_ends_in_the_state_of_plain_training():
    """Measuring on the way changes nothing: the final numbers are those of training
    ``steps`` steps straight through."""
    plain = CellComparison(recall())
    plain.step(60)
    expected = plain.snapshot(live=False)
    snaps = CellComparison(recall()).run(60)
    assert snaps[-1]["steps"] == 60
    for cell in ("rnn", "gru", "lstm"):
        got, want = snaps[-1]["cells"][cell], expected["cells"][cell]
        assert {k: v for k, v in got.items() if k != "grad_norms"} == \
            {k: v for k, v in want.items() if k != "grad_norms"}


@pytest.mark.parametrize("project", [recall, sine])
def test_a_measurement_is_one_forward_pass_per_set(project, monkeypatch):
    """session.metrics() of a regression task ran the network twice per set (the second pass
    for R²), which doubled the cost of every measurement the views and exports make."""
    session = TrainingSession(project())
    session.step(7)
    expected = session.metrics()
    passes = []
    forward = session.network.forward
    monkeypatch.setattr(session.network, "forward",
                        lambda x, training=True: passes.append(len(x)) or forward(x, training))
    assert session.metrics() == expected
    assert len(passes) == 2  # the training set and the test set, once each


def test_a_diverged_cell_does_not_hold_the_others_back():
    comparison = CellComparison(recall())
    comparison.step(3)
    comparison.sessions["rnn"].trainer.diverged = True  # as a NaN loss would
    comparison.step(5)
    assert comparison.steps == 8  # the cells still training; it stayed at 3 and looped
    snaps = comparison.run(30)
    assert snaps[-1]["steps"] == 30
    assert snaps[-1]["cells"]["rnn"]["steps"] == 3
    assert snaps[-1]["cells"]["gru"]["steps"] == snaps[-1]["cells"]["lstm"]["steps"] == 30
