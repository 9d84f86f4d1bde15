"""The training worker never fails silently and keeps its pace (issue 7).

* an exception in training, in making a snapshot or in handling a command is reported once
  through ``failed(message, traceback)``, training pauses and the worker goes on serving
  commands (a command that raised used to end the worker's loop: training silently dead);
* speed: in slow motion (≤ 30 steps/s) exactly one snapshot per step; flat out trains
  thousands of steps per second.
"""

from __future__ import annotations

import threading
import time

import pytest

from nnstudio.document.project import default_project
from nnstudio.engine.layers.dense import Dense
from nnstudio.session import TrainingSession
from nnstudio.workers.controller import TrainingController


@pytest.fixture
def controller(qtbot):
    ctl = TrainingController()
    ctl.snaps, ctl.failures, ctl.states = [], [], []
    ctl.snapshot.connect(ctl.snaps.append)
    ctl.failed.connect(lambda m, d: ctl.failures.append((m, d)))
    ctl.state_changed.connect(ctl.states.append)
    yield ctl
    assert ctl.shutdown()


def _loaded(qtbot, ctl, project=None):
    ctl.load(project or default_project())
    qtbot.waitUntil(lambda: bool(ctl.snaps), timeout=10_000)
    return ctl


def _in_worker_thread() -> bool:
    return threading.current_thread() is not threading.main_thread()


def _alive(qtbot, ctl) -> None:
    """The worker still answers commands: a step arrives as a new snapshot."""
    count, before = len(ctl.snaps), ctl.snaps[-1]["steps"]
    ctl.step(1)
    qtbot.waitUntil(lambda: len(ctl.snaps) > count, timeout=10_000)
    assert ctl.snaps[-1]["steps"] > before


def test_exception_in_training_is_reported_once_and_the_worker_goes_on(qtbot, controller,
                                                                        monkeypatch):
    _loaded(qtbot, controller)
    original = Dense.forward
    broken = {"on": True}

    def forward(self, x, training=False):
        if broken["on"] and _in_worker_thread():
            raise RuntimeError("injected failure")
        return original(self, x, training)

    monkeypatch.setattr(Dense, "forward", forward)
    with qtbot.waitSignal(controller.failed, timeout=10_000) as blocker:
        controller.play()
    message, details = blocker.args
    assert "injected failure" in message
    assert "Traceback" in details and "RuntimeError: injected failure" in details
    qtbot.waitUntil(lambda: controller.state == "paused", timeout=10_000)
    # the snapshot after the failed chunk would fail the same way: not reported a second time
    controller.pause()
    qtbot.waitUntil(lambda: controller.states.count("paused") >= 2, timeout=10_000)
    assert len(controller.failures) == 1, controller.failures
    broken["on"] = False
    with qtbot.waitSignal(controller.snapshot, timeout=10_000):
        controller.reset()
    assert controller.snaps[-1]["steps"] == 0
    controller.play()
    qtbot.waitUntil(lambda: controller.snaps[-1]["steps"] > 100, timeout=20_000)


def test_failing_snapshots_during_step_n_are_reported_once(qtbot, controller, monkeypatch):
    _loaded(qtbot, controller)
    original = TrainingSession.snapshot
    broken = {"on": True}

    def snapshot(self, run_id=0):
        if broken["on"]:
            raise ValueError("cannot draw this")
        return original(self, run_id)

    monkeypatch.setattr(TrainingSession, "snapshot", snapshot)
    with qtbot.waitSignal(controller.failed, timeout=10_000):
        controller.step(50)  # would send 50 snapshots: each one failed and was reported
    controller.pause()
    qtbot.waitUntil(lambda: controller.states.count("paused") >= 2, timeout=10_000)
    assert len(controller.failures) == 1, [m for m, _ in controller.failures]
    broken["on"] = False
    _alive(qtbot, controller)


def test_a_command_that_raises_does_not_end_the_worker(qtbot, controller, monkeypatch):
    """A new run whose dataset payload fails: reported, and the worker loop lives on."""
    _loaded(qtbot, controller)

    def payload(self):
        raise KeyError("extent")

    monkeypatch.setattr(TrainingSession, "dataset_payload", payload)
    project = default_project()
    project.set("dataset.name", "xor")  # a new run
    with qtbot.waitSignal(controller.failed, timeout=10_000) as blocker:
        controller.load(project)
    assert "extent" in blocker.args[0] and "KeyError" in blocker.args[1]
    monkeypatch.undo()
    with qtbot.waitSignal(controller.dataset_changed, timeout=10_000):
        controller.load(project, reset=True)
    _alive(qtbot, controller)


def test_play_after_divergence_says_again_why_nothing_happens(qtbot, controller):
    project = default_project()
    project.set("training.loss", "mse")
    project.set("training.learning_rate", 10.0)
    for node in ("dense1", "dense2"):
        project.set_param(node, "activation", "relu")
        project.set_param(node, "units", 64)
    _loaded(qtbot, controller, project)
    with qtbot.waitSignal(controller.diverged, timeout=20_000) as first:
        controller.play()
    with qtbot.waitSignal(controller.diverged, timeout=10_000) as again:
        controller.play()
    assert again.args == first.args
    assert controller.state == "paused"


@pytest.mark.parametrize("speed", [10, 30])
def test_slow_motion_sends_exactly_one_snapshot_per_step(qtbot, controller, speed):
    _loaded(qtbot, controller)
    controller.set_speed(speed)
    controller.snaps.clear()
    start = time.perf_counter()
    controller.play()
    qtbot.waitUntil(lambda: bool(controller.snaps) and controller.snaps[-1]["steps"] >= 12,
                    timeout=20_000)
    controller.pause()
    qtbot.waitUntil(lambda: controller.state == "paused" and controller.states[-1] == "paused",
                    timeout=10_000)
    elapsed = time.perf_counter() - start
    steps = [s["steps"] for s in controller.snaps]
    # every step shown, each exactly once, in order (the pause adds no repeat)
    assert steps == list(range(1, steps[-1] + 1)), steps
    # paced: no faster than the speed (one step at once, then one every 1/speed s)
    assert elapsed >= (steps[-1] - 1) / speed * 0.9


def test_slow_motion_starts_at_once_and_keeps_a_steady_pace(qtbot, controller):
    _loaded(qtbot, controller)
    controller.set_speed(1)
    controller.snaps.clear()
    start = time.perf_counter()
    controller.play()
    qtbot.waitUntil(lambda: bool(controller.snaps), timeout=5_000)
    first = time.perf_counter() - start
    qtbot.waitUntil(lambda: controller.snaps[-1]["steps"] >= 2, timeout=5_000)
    second = time.perf_counter() - start
    controller.pause()
    qtbot.waitUntil(lambda: controller.states[-1] == "paused", timeout=10_000)
    assert first < 0.9  # the first step at once, not after a second
    assert second >= 0.9  # then one a second
    assert [s["steps"] for s in controller.snaps] == [1, 2]


def test_flat_out_trains_thousands_of_steps_per_second(qtbot, controller):
    _loaded(qtbot, controller)
    controller.set_speed(5)
    controller.set_speed(0)  # flat out
    controller.play()
    qtbot.waitUntil(lambda: controller.snaps[-1]["steps"] > 0, timeout=10_000)
    t0, s0 = time.perf_counter(), controller.snaps[-1]["steps"]
    qtbot.waitUntil(lambda: controller.snaps[-1]["steps"] >= s0 + 3000, timeout=20_000)
    rate = (controller.snaps[-1]["steps"] - s0) / (time.perf_counter() - t0)
    controller.pause()
    qtbot.waitUntil(lambda: controller.states[-1] == "paused", timeout=10_000)
    # about 8,000 steps/s on the reference machine; snapshots stay ~30 a second
    assert rate > 1500, rate
    assert len(controller.snaps) < 0.2 * (controller.snaps[-1]["steps"] - s0)
