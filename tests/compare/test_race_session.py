"""The race (Qt-free): the same network, data, initial weights and batches for every
optimizer; deterministic; steps to a target loss; incremental snapshots."""

from __future__ import annotations

import numpy as np
import pytest

from nnstudio.compare import (
    OPTIMIZER_COLORS,
    SUGGESTED_LR,
    RaceSession,
    learning_rate_for,
    parse_optimizers,
    steps_to_target,
)
from nnstudio.document.errors import ProjectError
from nnstudio.document.lessons import load_lesson
from nnstudio.document.settings import OPTIMIZER_CHOICES
from nnstudio.session import TrainingSession


@pytest.fixture
def project():
    p = load_lesson("optimizer-race")
    p.set("training.compare.optimizers", "sgd,momentum,adam")
    return p


def test_every_optimizer_starts_from_the_same_weights(project):
    race = RaceSession(project)
    assert race.names == ["sgd", "momentum", "adam"]
    for network in race.networks.values():
        state = network.state_dict()
        assert state.keys() == race.initial_state.keys()
        for key, value in state.items():
            np.testing.assert_array_equal(value, race.initial_state[key])
    nets = list(race.networks.values())
    assert nets[0] is not nets[1]  # separate copies, not one shared network
    first = {name: race.history(name)[1][0] for name in race.names}
    assert len(set(first.values())) == 1


def test_same_batches_momentum_zero_equals_sgd(project):
    """With μ = 0 and one shared η, momentum is SGD: identical curves prove that both saw the
    same initial weights and the same mini-batches in the same order."""
    project.set("training.compare.optimizers", "sgd,momentum")
    project.set("training.compare.learning_rates", "shared")
    project.set("training.momentum.momentum", 0.0)
    race = RaceSession(project)
    race.step(60)
    np.testing.assert_array_equal(race.history("sgd")[1], race.history("momentum")[1])


def test_race_matches_a_single_training_run(project):
    project.set("training.optimizer", "adam")
    project.set("training.learning_rate", SUGGESTED_LR["adam"])
    race = RaceSession(project)
    race.step(40)
    single = TrainingSession(project)
    single.step(40)
    d = single.dataset
    assert race.history("adam")[1][-1] == pytest.approx(
        single.network.loss_value(d.X_train, d.y_train), rel=1e-12)


def test_deterministic(project):
    a, b = RaceSession(project), RaceSession(project)
    a.step(25)
    b.step(25)
    for name in a.names:
        np.testing.assert_array_equal(a.history(name)[1], b.history(name)[1])


def test_history_and_summary(project):
    race = RaceSession(project)
    race.step(30)
    steps, losses = race.history("sgd")
    np.testing.assert_array_equal(steps, np.arange(31))
    assert losses.shape == (31,) and np.isfinite(losses).all()
    rows = race.summary()
    assert [r["name"] for r in rows] == race.names
    for row in rows:
        assert row["loss"] == race.history(row["name"])[1][-1]
        assert 0.0 <= row["accuracy"] <= 1.0
        assert row["lr"] == SUGGESTED_LR[row["name"]]


def test_steps_to_target_function():
    assert steps_to_target([0, 1, 2, 3], [0.9, 0.5, 0.2, 0.1], 0.2) == 2
    assert steps_to_target([0, 1, 2], [0.9, 0.5, 0.3], 0.2) is None
    assert steps_to_target([0, 1, 2], [np.nan, 0.1, 0.05], 0.2) == 1
    assert steps_to_target([], [], 1.0) is None


def test_steps_to_target_follow_the_target(project):
    race = RaceSession(project)
    race.step(200)
    for name in race.names:
        steps, losses = race.history(name)
        assert race.reached[name] == steps_to_target(steps, losses, race.target)
    high = float(max(race.history(n)[1][5] for n in race.names))
    race.set_target(high)
    assert all(r is not None and r <= 5 for r in race.reached.values())


def test_accepts_a_new_target_but_not_a_new_setup(project):
    race = RaceSession(project)
    race.step(5)
    changed = project.clone()
    changed.set("training.race.target", 0.5)
    changed.set("training.optimizer", "rmsprop")  # the main training's choice: irrelevant
    changed.set("training.landscape.surface", "saddle")
    assert race.accepts(changed) and race.target == 0.5 and race.steps == 5
    other = project.clone()
    other.set("training.adam.beta1", 0.8)
    assert not race.accepts(other)
    other = project.clone()
    other.set("training.batch_size", 20)
    assert not race.accepts(other)


def test_incremental_snapshots_are_copies(project):
    race = RaceSession(project)
    first = race.snapshot(run_id=3, incremental=True)
    assert first["run_id"] == 3 and first["history_from"] == 0
    assert first["history"]["sgd"][0].tolist() == [0.0]
    race.step(4)
    second = race.snapshot(incremental=True)
    assert second["history_from"] == 1
    assert second["history"]["sgd"][0].tolist() == [1.0, 2.0, 3.0, 4.0]
    second["history"]["sgd"][1][:] = -1.0
    second["surfaces"]["sgd"][:] = -1.0
    assert (race.history("sgd")[1] > 0).all()
    assert (race.surfaces()["sgd"] >= 0).all()
    full = race.snapshot()
    assert full["history_from"] == 0 and len(full["history"]["adam"][0]) == 5
    surface = full["surfaces"]["adam"]
    assert surface.shape == (40, 40) and ((surface >= 0) & (surface <= 1)).all()


def test_divergence_stops_one_optimizer_only(project):
    project.set("training.compare.optimizers", "sgd,adam")
    project.set("training.compare.learning_rates", "shared")
    project.set("training.learning_rate", 10.0)
    project.set("training.loss", "mse")
    race = RaceSession(project)
    race.step(200)
    assert race.diverged["sgd"] is not None and race.diverged["adam"] is None
    assert not race.finished
    row = {r["name"]: r for r in race.summary()}
    assert row["sgd"]["diverged"] == race.diverged["sgd"] and row["sgd"]["accuracy"] is None
    losses = race.history("sgd")[1]
    assert np.isnan(losses[race.diverged["sgd"]:]).all()


@pytest.mark.parametrize("text, message", [
    ("sgd", "2 to 7"), ("sgd,sgd", "twice"), ("sgd,lbfgs", "unknown optimizer"), ("", "2 to 7"),
])
def test_bad_optimizer_lists_name_the_setting(text, message):
    with pytest.raises(ProjectError, match=message) as info:
        parse_optimizers(text)
    assert info.value.field == "training.compare.optimizers"


def test_all_seven_and_their_colours():
    assert parse_optimizers(" SGD, adam ") == ["sgd", "adam"]
    assert parse_optimizers(",".join(OPTIMIZER_CHOICES)) == list(OPTIMIZER_CHOICES)
    assert set(OPTIMIZER_COLORS) == set(OPTIMIZER_CHOICES)
    assert len(set(OPTIMIZER_COLORS.values())) == len(OPTIMIZER_CHOICES)


def test_shared_learning_rates(project):
    project.set("training.compare.learning_rates", "shared")
    project.set("training.learning_rate", 0.2)
    assert {learning_rate_for(project.settings, n) for n in OPTIMIZER_CHOICES} == {0.2}
    race = RaceSession(project)
    assert set(race.learning_rates.values()) == {0.2}


def test_the_race_refuses_the_perceptron_rule():
    with pytest.raises(ProjectError) as info:
        RaceSession(load_lesson("perceptron"))
    assert info.value.field == "training.rule"


def test_invalid_design_is_refused_with_the_layer_named(project):
    project.set_param("output", "activation", "threshold")
    with pytest.raises(ProjectError, match="zero gradient"):
        RaceSession(project)
