"""The loss landscape (Qt-free): classic surfaces and the network's own loss over two weights,
optimizer paths from a common start, settings parsed with named errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from nnstudio.compare import (
    SURFACE_LR,
    LandscapeSession,
    format_start,
    network_weights,
    parse_start,
)
from nnstudio.document.errors import ProjectError
from nnstudio.document.lessons import load_lesson
from nnstudio.document.settings import OPTIMIZER_CHOICES
from nnstudio.engine.landscape import SURFACES

ROOT = Path(__file__).resolve().parents[2]


def _project(surface: str, optimizers: str = ",".join(OPTIMIZER_CHOICES)):
    p = load_lesson("loss-landscape")
    p.set("training.landscape.surface", surface)
    p.set("training.compare.optimizers", optimizers)
    return p


@pytest.mark.parametrize("surface", ["valley", "saddle", "rosenbrock"])
def test_classic_surfaces(surface):
    session = LandscapeSession(_project(surface), max_steps=500)
    s = SURFACES[surface]
    np.testing.assert_array_equal(session.start, s.start)
    assert session.extent == s.extent
    assert session.Z.shape == (len(session.ys), len(session.xs))
    assert session.Z[3, 5] == pytest.approx(float(s.value(np.array(
        [session.xs[5], session.ys[3]]))))
    assert session.learning_rates == SURFACE_LR[surface]
    session.step(500)
    assert session.finished and session.steps == 500
    start_value = session.value(s.start)
    for name, path in session.paths.items():
        assert session.stopped[name] is None
        np.testing.assert_array_equal(path[0], s.start)
        assert len(path) == 501
        assert session.value(path[-1]) < start_value, name  # every method goes downhill


def test_classic_behaviour_on_the_valley():
    session = LandscapeSession(_project("valley", "sgd,momentum,adam"), max_steps=150)
    session.step(150)
    for name in session.names:  # all reach the minimum at (0, 0)
        assert np.linalg.norm(session.paths[name][-1]) < 0.1, name
    ys = np.array(session.paths["sgd"])[:, 1]
    assert (np.diff(np.sign(ys[:10])) != 0).sum() >= 8  # SGD zigzags across the valley


def test_the_saddle_is_escaped():
    session = LandscapeSession(_project("saddle"), max_steps=300)
    session.step(300)
    for name, path in session.paths.items():
        end = path[-1]
        assert abs(abs(end[1]) - 1.0) < 0.05 and abs(end[0]) < 0.1, name  # near (0, ±1)


def test_start_setting_and_extent():
    p = _project("valley")
    p.set("training.landscape.start", "12, -5")
    session = LandscapeSession(p)
    np.testing.assert_array_equal(session.start, [12.0, -5.0])
    x0, x1, y0, y1 = session.extent
    assert x0 <= 12 <= x1 and y0 <= -5 <= y1  # the view shows the start
    assert parse_start("") is None and parse_start(format_start(0.5, -2)) == (0.5, -2.0)
    for bad in ("1", "a,b", "1,2,3", "inf,0"):
        with pytest.raises(ProjectError) as info:
            parse_start(bad)
        assert info.value.field == "training.landscape.start"


def test_explicit_extent_and_grid():
    session = LandscapeSession(_project("saddle"), grid=21, extent=(-3, 3, -1, 1))
    assert session.extent == (-3.0, 3.0, -1.0, 1.0) and session.Z.shape == (21, 21)


def test_network_surface_over_two_weights():
    p = _project("network", "sgd,adam")
    session = LandscapeSession(p, max_steps=200)
    assert session.axis_labels == ("output W[0,0]: x₁ → unit 1", "output W[1,0]: x₂ → unit 1")
    net = session.surface.network
    before = net.state_dict()
    np.testing.assert_array_equal(session.start, net.get_param("0.W")[:, 0])
    x0, x1, y0, y1 = session.extent
    assert x0 < session.start[0] < x1 and y0 < session.start[1] < y1
    start_loss = session.value(session.start)
    assert start_loss == pytest.approx(net.loss_value(session.surface.X, session.surface.y))
    session.step(200)
    for name, path in session.paths.items():
        assert session.value(path[-1]) < start_loss - 0.05, name
    after = net.state_dict()  # the network itself is left as it was (frozen weights too)
    for key in before:
        np.testing.assert_array_equal(before[key], after[key])
    assert len(session.minima) == 1  # a logistic neuron on overlapping data has one minimum
    mx, my = session.minima[0]
    assert x0 < mx < x1 and y0 < my < y1


def test_network_surface_with_chosen_weights():
    p = load_lesson("optimizer-race")
    p.set("training.landscape.surface", "network")
    p.set("training.landscape.weights", "dense1.W[1,3]; output.b[0]")
    session = LandscapeSession(p, grid=11)
    assert session.axis_labels == ("dense1 W[1,3]: x₂ → unit 4", "output b[0]: bias of unit 1")
    net = session.surface.network
    assert session.start[0] == net.get_param("0.W")[1, 3]
    assert session.start[1] == net.get_param("1.b")[0]


@pytest.mark.parametrize("weights, message", [
    ("dense1.W[0,0]", "two weights"),
    ("dense1.W[0,0];dense1.W[0,0]", "different"),
    ("dense9.W[0,0];dense1.b[0]", "not a weight"),
    ("dense1.W[5,0];dense1.b[0]", "does not fit"),
])
def test_bad_weight_choices_name_the_setting(weights, message):
    p = load_lesson("optimizer-race")
    p.set("training.landscape.surface", "network")
    p.set("training.landscape.weights", weights)
    with pytest.raises(ProjectError, match=message) as info:
        LandscapeSession(p)
    assert info.value.field == "training.landscape.weights"


def test_network_weights_lists_every_scalar():
    p = load_lesson("optimizer-race")  # 2 → 8 → 1
    keys = [key for key, _label in network_weights(p)]
    assert len(keys) == 2 * 8 + 8 + 8 + 1
    assert keys[0] == "dense1.W[0,0]" and "output.b[0]" in keys


def test_incremental_snapshot():
    session = LandscapeSession(_project("valley", "sgd,adam"), max_steps=10)
    first = session.snapshot(run_id=1, incremental=True)
    assert "grid" in first and first["paths"]["sgd"].shape == (1, 2)
    session.step(3)
    second = session.snapshot(run_id=1, incremental=True)
    assert "grid" not in second
    assert second["paths_from"]["sgd"] == 1 and second["paths"]["sgd"].shape == (3, 2)
    second["paths"]["sgd"][:] = 99.0
    assert np.abs(np.array(session.paths["sgd"])).max() < 99
    session.step(100)
    assert session.finished and session.snapshot()["finished"]


def test_a_path_leaving_the_surface_stops():
    p = _project("rosenbrock", "sgd,adam")
    p.set("training.compare.learning_rates", "shared")
    p.set("training.learning_rate", 0.05)
    session = LandscapeSession(p, max_steps=100)
    session.step(100)
    assert session.stopped["sgd"] is not None and session.stopped["adam"] is None
    assert np.isfinite(np.array(session.paths["sgd"])).all()


def test_accepts_what_does_not_change_the_paths():
    p = _project("valley")
    session = LandscapeSession(p)
    q = p.clone()
    q.set("training.batch_size", 1)
    q.set("training.race.target", 0.01)
    assert session.accepts(q)
    q.set("training.landscape.start", "1,1")
    assert not session.accepts(q)


def test_compare_is_qt_free():
    script = ("import sys\nfrom nnstudio.document.lessons import load_lesson\n"
              "from nnstudio.compare import RaceSession, LandscapeSession\n"
              "r = RaceSession(load_lesson('optimizer-race')); r.step(2); r.snapshot()\n"
              "p = load_lesson('loss-landscape'); LandscapeSession(p).step(2)\n"
              "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph')]\n"
              "sys.exit(1 if bad else 0)\n")
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
