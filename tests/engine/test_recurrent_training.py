"""Recurrent layers learn: a tiny self-contained training loop (Adam written inline, a linear
read-out and softmax cross-entropy) on delayed recall. Chance accuracy is 1/4."""

from __future__ import annotations

import numpy as np

from nnstudio.engine.datasets.sequences import delayed_recall
from nnstudio.engine.layers.recurrent import Recurrent


def train_recall(
    cell: str,
    seq_len: int,
    steps: int,
    hidden: int = 16,
    seed: int = 1,
    noise: float = 1.0,
    lr: float = 0.01,
    batch: int = 32,
) -> float:
    """Train ``cell`` on delayed recall; return the test accuracy."""
    d = delayed_recall(samples=512, seq_len=seq_len, symbols=4, noise=noise, seed=seed)
    rng = np.random.default_rng(seed)
    rnn = Recurrent(d.input_dim, hidden, cell, return_sequences=False, rng=rng)
    W = rng.normal(0.0, 1.0 / np.sqrt(hidden), (hidden, d.n_classes))
    b = np.zeros(d.n_classes)
    params = [*rnn.params.values(), W, b]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    rows = np.arange(batch)
    for it in range(1, steps + 1):
        idx = rng.integers(0, d.n_train, batch)
        h = rnn.forward(d.X_train[idx])
        z = h @ W + b
        p = np.exp(z - z.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        g = p
        g[rows, d.y_train[idx]] -= 1.0
        g /= batch
        grads_out = [h.T @ g, g.sum(axis=0)]
        rnn.backward(g @ W.T)
        for P, G, M, V in zip(params, [*rnn.grads.values(), *grads_out], m, v, strict=True):
            M *= 0.9
            M += 0.1 * G
            V *= 0.999
            V += 0.001 * G * G
            P -= lr * (M / (1 - 0.9**it)) / (np.sqrt(V / (1 - 0.999**it)) + 1e-8)
    pred = np.argmax(rnn.forward(d.X_test) @ W + b, axis=1)
    return float(np.mean(pred == d.y_test))


def test_lstm_learns_delayed_recall_short():
    assert train_recall("lstm", seq_len=8, steps=200) >= 0.9


def test_lstm_remembers_over_20_noisy_steps_where_a_plain_rnn_fails():
    lstm = train_recall("lstm", seq_len=20, steps=800)
    rnn = train_recall("rnn", seq_len=20, steps=800)
    assert lstm >= 0.85, lstm
    assert rnn <= 0.45, rnn
