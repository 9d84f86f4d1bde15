"""The benchmark code itself is right (benchmarks/, run with ``python -m benchmarks``).

No timing here: each contender runs a handful of steps, and the hand-fused NumPy loops (and
PyTorch, when installed: slow tier, ``pytest -m slow``) must produce the engine's losses for
the same seed and weights, which is what makes the benchmark's ratios a comparison of like
with like.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # benchmarks/ lives at the top of the repository
    sys.path.insert(0, str(ROOT))

from benchmarks import harness, lstm, mlp, surfaces  # noqa: E402

# a little more than one epoch (playground: 25 batches of 10; mnist: 16 batches of 64), so
# the reshuffle at the epoch boundary is compared too
STEPS = {"playground": 27, "mnist": 18}


@pytest.mark.parametrize("spec", [mlp.PLAYGROUND, mlp.MNIST], ids=lambda s: s.name)
def test_fused_mlp_loop_matches_the_engine(spec):
    trainer = mlp.make_engine(spec)
    fused = mlp.make_fused(spec, mlp.initial_weights(trainer), trainer.data)
    n = STEPS[spec.name]
    engine_losses = [trainer.step() for _ in range(n)]
    fused_losses = [fused.step() for _ in range(n)]
    np.testing.assert_allclose(fused_losses, engine_losses, rtol=1e-12)
    W_engine = trainer.network.layers[0].params["W"]
    np.testing.assert_allclose(fused.W1, W_engine, rtol=1e-12, atol=1e-15)
    assert trainer.steps == n and not trainer.diverged


def test_fused_lstm_loop_matches_the_engine():
    trainer = lstm.make_engine()
    fused = lstm.FusedLSTM(lstm.initial_weights(trainer), trainer.data)
    engine_losses = [trainer.step() for _ in range(5)]
    fused_losses = [fused.step() for _ in range(5)]
    np.testing.assert_allclose(fused_losses, engine_losses, rtol=1e-10)
    np.testing.assert_allclose(
        fused.p["W_hh"], trainer.network.layers[0].params["W_hh"], rtol=1e-9, atol=1e-13
    )
    assert engine_losses[-1] < engine_losses[0]  # Adam is really training


@pytest.mark.slow  # importing torch and its first optimizer step take seconds
def test_torch_contenders_match_the_engine():
    torch = pytest.importorskip("torch")
    torch.set_num_threads(1)
    for spec in (mlp.PLAYGROUND, mlp.MNIST):
        trainer = mlp.make_engine(spec)
        torch_loop = mlp.TorchMLP(mlp.initial_weights(trainer), trainer.data, spec)
        np.testing.assert_allclose(
            [torch_loop.step() for _ in range(5)], [trainer.step() for _ in range(5)], rtol=1e-9
        )
    trainer = lstm.make_engine()
    torch_loop = lstm.TorchLSTM(lstm.initial_weights(trainer), trainer.data)
    np.testing.assert_allclose(
        [torch_loop.step() for _ in range(3)], [trainer.step() for _ in range(3)], rtol=1e-9
    )


def test_surface_refresh_matches_a_fused_forward_pass():
    session = surfaces.make_session(resolution=20, train_steps=5)
    surface, maps = surfaces.engine_refresh(session)
    f_surface, f_maps = surfaces.fused_refresh(session)
    assert surface.shape == (20, 20)
    np.testing.assert_allclose(surface, f_surface, rtol=1e-12)
    assert [m.shape for m in maps] == [(400, 4), (400, 2), (400, 1)]
    for a, b in zip(maps, f_maps, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-12)


def test_interleaved_harness_reports_rates_and_ratios():
    counts = {"a": 0, "b": 0}

    def step(name):
        def run():
            counts[name] += 1

        return run

    timing = harness.interleaved({"a": step("a"), "b": step("b")}, rounds=3, block_s=0.002)
    assert [len(v) for v in timing.rates.values()] == [3, 3]
    assert timing.median_rate("a") > 0 and timing.ratio("a", "b") > 0
    assert counts["a"] > 3 and counts["b"] > 3
