"""The training worker in its QThread: commands in, snapshots out, clean shutdown."""

from __future__ import annotations

import math

import pytest

from nnstudio.document.project import default_project
from nnstudio.workers.controller import TrainingController


@pytest.fixture
def controller(qtbot):
    ctl = TrainingController()
    snaps = []
    ctl.snapshot.connect(snaps.append)
    ctl.snaps = snaps
    yield ctl
    assert ctl.shutdown()


def wait_for_step(qtbot, ctl, steps):
    qtbot.waitUntil(lambda: bool(ctl.snaps) and ctl.snaps[-1]["steps"] >= steps, timeout=10_000)


def test_load_sends_dataset_and_first_snapshot(qtbot, controller):
    with qtbot.waitSignal(controller.dataset_changed, timeout=10_000) as blocker:
        controller.load(default_project())
    data = blocker.args[0]
    assert data["X_train"].shape == (250, 2) and data["X_test"].shape == (250, 2)
    qtbot.waitUntil(lambda: bool(controller.snaps), timeout=10_000)
    snap = controller.snaps[-1]
    assert snap["steps"] == 0
    assert snap["surface"].shape == (60, 60)
    assert set(snap["weights"]) == {"dense1", "dense2", "output"}
    assert snap["weights"]["dense1"]["W"].shape == (2, 4)


def test_play_trains_and_pause_stops(qtbot, controller):
    controller.load(default_project())
    with qtbot.waitSignal(controller.state_changed, check_params_cb=lambda s: s == "running",
                          timeout=10_000):
        controller.play()
    qtbot.waitUntil(lambda: bool(controller.snaps) and controller.snaps[-1]["steps"] > 200,
                    timeout=20_000)
    with qtbot.waitSignal(controller.state_changed, check_params_cb=lambda s: s == "paused",
                          timeout=10_000):
        controller.pause()
    qtbot.waitUntil(lambda: controller.snaps[-1]["steps"] > 0)
    stopped_at = controller.snaps[-1]["steps"]
    # a step after pause advances by exactly one
    controller.step(1)
    wait_for_step(qtbot, controller, stopped_at + 1)
    assert controller.snaps[-1]["steps"] == stopped_at + 1


def test_snapshots_are_copies(qtbot, controller):
    controller.load(default_project())
    controller.step(1)
    wait_for_step(qtbot, controller, 1)
    first = controller.snaps[-1]["weights"]["dense1"]["W"].copy()
    controller.step(50)
    wait_for_step(qtbot, controller, 51)
    # the array of an earlier snapshot was not changed by later training
    earlier = next(s for s in controller.snaps if s["steps"] == 1)
    assert (earlier["weights"]["dense1"]["W"] == first).all()


def test_reset_repeats_the_identical_run(qtbot, controller):
    controller.load(default_project())
    qtbot.waitUntil(lambda: bool(controller.snaps), timeout=10_000)  # the run is built

    def run(n=20):
        losses = []
        for i in range(1, n + 1):
            controller.step(1)
            qtbot.waitUntil(lambda i=i: controller.snaps[-1]["steps"] == i, timeout=10_000)
            losses.append(controller.snaps[-1]["train_loss"])
        return losses

    first = run()
    controller.reset()
    qtbot.waitUntil(lambda: controller.snaps[-1]["steps"] == 0, timeout=10_000)
    second = run()
    assert first == second
    assert len(set(first)) > 1


def test_settings_change_applies_without_new_run(qtbot, controller):
    project = default_project()
    controller.load(project)
    controller.step(10)
    wait_for_step(qtbot, controller, 10)
    run_id = controller.snaps[-1]["run_id"]
    project.set("training.learning_rate", 0.3)
    controller.load(project)
    qtbot.waitUntil(lambda: controller.snaps[-1]["learning_rate"] == 0.3, timeout=10_000)
    assert controller.snaps[-1]["run_id"] == run_id
    assert controller.snaps[-1]["steps"] == 10
    project.set("dataset.name", "xor")  # structural: a new run
    controller.load(project)
    qtbot.waitUntil(lambda: controller.snaps[-1]["run_id"] != run_id, timeout=10_000)
    assert controller.snaps[-1]["steps"] == 0


def test_divergence_pauses_and_reports_the_step(qtbot, controller):
    project = default_project()
    project.set("training.loss", "mse")
    project.set("training.learning_rate", 10.0)
    for node in ("dense1", "dense2"):
        project.set_param(node, "activation", "relu")
    project.set_param("dense1", "units", 64)
    project.set_param("dense2", "units", 64)
    controller.load(project)
    with qtbot.waitSignal(controller.diverged, timeout=20_000) as blocker:
        controller.play()
    assert blocker.args[0] > 0
    qtbot.waitUntil(lambda: controller.state == "paused", timeout=10_000)
    assert controller.snaps[-1]["diverged"]
    # Reset recovers fully
    with qtbot.waitSignal(controller.snapshot, timeout=10_000):
        controller.reset()
    snap = controller.snaps[-1]
    assert not snap["diverged"] and math.isfinite(snap["train_loss"])


def test_shutdown_while_running_is_prompt(qtbot):
    ctl = TrainingController()
    ctl.load(default_project())
    with qtbot.waitSignal(ctl.state_changed, timeout=10_000):
        ctl.play()
    assert ctl.shutdown(2000)


def test_speed_limit_slows_training(qtbot, controller):
    controller.set_speed(50)  # steps per second
    controller.load(default_project())
    controller.play()
    qtbot.waitUntil(lambda: bool(controller.snaps) and controller.snaps[-1]["steps"] >= 5,
                    timeout=10_000)
    controller.pause()
    qtbot.waitUntil(lambda: controller.state == "paused", timeout=10_000)
    # far fewer steps than flat out (thousands per second)
    assert controller.snaps[-1]["steps"] < 200
