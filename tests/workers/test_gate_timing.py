"""The gate's arithmetic (workers/gate.py): how long the worker trains between live snapshots.

Bugs of this kind found with the GUI benchmark: the worker trained in 10 ms chunks, so every
turn was rounded up (16 frames a second where 24 were possible); a 1.5 s stall of the GUI
thread (work outside the views) made the worker train 1.9 s before it sent the next frame.
"""

from __future__ import annotations

import time

import pytest

from nnstudio.workers import gate as gate_module
from nnstudio.workers.gate import MAX_BUSY, TRAIN_SHARE, SnapshotGate


def drawn(gate: SnapshotGate, seconds: float) -> None:
    """As if the GUI took ``seconds`` from the start of building a snapshot until idle."""
    started = time.perf_counter() - seconds
    gate.on_sent(started)
    gate._on_idle()  # what the 1 ms timer runs in the GUI thread


def test_building_the_snapshot_counts_as_time_away_from_training():
    gate = SnapshotGate()
    drawn(gate, 0.012)
    assert gate.busy == pytest.approx(0.012, abs=0.002)
    assert gate.train_needed() == pytest.approx(gate.busy * TRAIN_SHARE / (1 - TRAIN_SHARE))


def test_a_gui_stall_does_not_hold_the_next_frame_back():
    gate = SnapshotGate()
    drawn(gate, 1.5)  # e.g. a long job in the GUI thread
    assert gate.busy == MAX_BUSY
    assert gate.train_needed() < 0.5


@pytest.mark.parametrize("busy", [0.0, 0.004, 0.012, 0.05])
def test_the_worker_trains_exactly_the_time_left_never_more_than_a_chunk(busy):
    gate = SnapshotGate()
    drawn(gate, busy)
    chunk, interval = 0.01, gate_module.SNAPSHOT_INTERVAL
    last_sent = gate.sent_at
    left = gate.train_seconds(chunk)
    assert 0.0 <= left <= chunk
    # not a chunk when less is left: the turn is not rounded up
    expected = max(gate.idle_since + gate.train_needed(), last_sent + interval) \
        - time.perf_counter()
    assert left == pytest.approx(min(chunk, max(0.0, expected)), abs=0.002)


def test_may_send_only_after_the_share_is_trained():
    gate = SnapshotGate()
    drawn(gate, 0.05)
    assert gate.open()
    assert not gate.may_send()  # the GUI just took 50 ms: train ~61 ms first
    gate.idle_since -= gate.train_needed() + 0.001
    assert gate.may_send()
