"""The compare-cells worker in its QThread: commands in, snapshots out, clean shutdown."""

from __future__ import annotations

import pytest

from nnstudio.document.project import Project
from nnstudio.workers import running_threads
from nnstudio.workers.cell_compare import CellCompareController


def recall() -> Project:
    p = Project()
    for key, value in {"name": "delayed_recall", "samples": 40, "seq_len": 6, "symbols": 3,
                       "test_fraction": 0.25, "seed": 1}.items():
        p.set(f"dataset.{key}", value)
    p.set("training.loss", "ce")
    p.set("training.optimizer", "adam")
    p.add_node("input", (0, 0), node_id="input")
    p.add_node("gru", (0, 0), {"units": 4, "return_sequences": False}, node_id="gru1")
    p.add_node("output", (0, 0), {"units": 3}, node_id="output")
    p.add_edge("input", "gru1")
    p.add_edge("gru1", "output")
    return p


@pytest.fixture
def controller(qtbot):
    ctl = CellCompareController()
    snaps, states = [], []
    ctl.snapshot.connect(snaps.append)
    ctl.state_changed.connect(states.append)
    ctl.snaps, ctl.states = snaps, states
    yield ctl
    assert ctl.shutdown()
    assert running_threads() == []


def test_no_thread_until_the_first_start(controller):
    assert controller._thread is None
    assert controller.shutdown()


def test_start_trains_every_cell_to_the_target(qtbot, controller):
    with qtbot.waitSignal(controller.state_changed, timeout=30_000,
                          check_params_cb=lambda s: s == "done"):
        controller.start(recall(), 25)
    assert controller.states[0] == "running" and controller.states[-1] == "done"
    last = controller.snaps[-1]
    assert last["steps"] == 25 and last["target_steps"] == 25
    assert set(last["cells"]) == {"rnn", "gru", "lstm"}
    assert all(m["metrics_fresh"] and m["steps"] == 25 for m in last["cells"].values())
    steps = [s["steps"] for s in controller.snaps]
    assert steps == sorted(steps) and steps[0] == 0
    assert last["cells"]["lstm"]["grad_norms"].shape == (6,)


def test_stop_ends_a_long_run_and_a_new_start_gets_a_new_run_id(qtbot, controller):
    with qtbot.waitSignal(controller.state_changed, timeout=30_000,
                          check_params_cb=lambda s: s == "stopped"):
        controller.start(recall(), 10_000_000)
        qtbot.waitUntil(lambda: len(controller.snaps) >= 2, timeout=30_000)
        controller.stop()
    first_run = controller.snaps[-1]["run_id"]
    with qtbot.waitSignal(controller.state_changed, timeout=30_000,
                          check_params_cb=lambda s: s == "done"):
        controller.start(recall(), 3)
    assert controller.snaps[-1]["run_id"] == first_run + 1


def test_invalid_project_is_reported(qtbot, controller):
    from nnstudio.document.project import default_project

    messages = []
    controller.failed.connect(lambda message, _details: messages.append(message))
    with qtbot.waitSignal(controller.state_changed, timeout=30_000,
                          check_params_cb=lambda s: s == "invalid"):
        controller.start(default_project(), 5)
    assert "recurrent layer" in messages[0]  # the reason arrives before the state


def test_shutdown_while_running_is_prompt(qtbot):
    ctl = CellCompareController()
    ctl.start(recall(), 10_000_000)
    qtbot.waitUntil(lambda: ctl.running, timeout=30_000)
    assert ctl.shutdown(timeout_ms=5000)
    assert running_threads() == []
