"""Feed-forward benchmarks: the engine's ``Trainer.step`` against a hand-fused NumPy loop.

Two networks from issue 7:

* ``playground``: the TensorFlow-Playground size, 2-8-8-1 tanh (linear output), sigmoid
  binary cross-entropy from logits, batch 10, SGD, on the 250 training points of the
  "circle" toy dataset;
* ``mnist``: 784-128-10 ReLU (linear output), softmax cross-entropy, batch 64, SGD, on
  1,024 synthetic MNIST-shaped samples (pixels in [0, 1], labels from a fixed linear rule).

The fused loops repeat the engine's maths exactly (same formulas, same stable sigmoid and
log-softmax, same epoch shuffling from ``default_rng(seed)``, same initial weights), written
the way one would by hand: one function, no layers, no dicts, and the fastest idioms we know
(``ndarray.dot`` rather than ``@``, ``take`` rather than fancy indexing, in-place updates),
so that the ratio measures the engine's overhead and not a choice of idiom. With the same
seed both produce the same losses step after step (see
tests/engine/test_benchmark_smoke.py), so the timing compares like with like.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nnstudio.engine.datasets.base import Dataset
from nnstudio.engine.datasets.toy2d import make_toy2d
from nnstudio.engine.layers.dense import Dense
from nnstudio.engine.network import Network
from nnstudio.engine.optimizers import make_optimizer
from nnstudio.engine.trainer import Trainer


@dataclass(frozen=True)
class MLPSpec:
    name: str
    sizes: tuple[int, ...]
    hidden_activation: str
    loss: str  # "bce" or "ce"
    batch: int
    lr: float
    description: str


PLAYGROUND = MLPSpec(
    "playground", (2, 8, 8, 1), "tanh", "bce", 10, 0.03, "2-8-8-1 tanh, batch 10, SGD, bce"
)
MNIST = MLPSpec(
    "mnist", (784, 128, 10), "relu", "ce", 64, 0.05, "784-128-10 ReLU, batch 64, SGD, ce"
)


def make_data(spec: MLPSpec, seed: int = 0) -> Dataset:
    """The training data for ``spec`` (same arguments → same arrays)."""
    if spec.name == "playground":
        return make_toy2d("circle", samples=500, test_fraction=0.5, seed=seed)
    rng = np.random.default_rng(seed)
    n, d, k = 1024, spec.sizes[0], spec.sizes[-1]
    X = rng.uniform(0.0, 1.0, (n, d))
    y = np.argmax(X @ rng.normal(size=(d, k)), axis=1).astype(np.int64)
    return Dataset(
        name="mnist-shaped",
        task="multiclass",
        X_train=X,
        y_train=y,
        X_test=X[:0],
        y_test=y[:0],
        input_dim=d,
        output_dim=k,
        n_classes=k,
    )


def make_engine(spec: MLPSpec, seed: int = 0, data: Dataset | None = None) -> Trainer:
    """The engine's trainer for ``spec``; ``trainer.step`` is what gets timed."""
    data = data if data is not None else make_data(spec, seed)
    rng = np.random.default_rng(seed)
    n = len(spec.sizes) - 1
    layers = [
        Dense(
            spec.sizes[i],
            spec.sizes[i + 1],
            spec.hidden_activation if i < n - 1 else "linear",
            rng=rng,
        )
        for i in range(n)
    ]
    net = Network(layers, spec.loss)
    return Trainer(net, data, make_optimizer("sgd", spec.lr), batch_size=spec.batch, seed=seed)


def initial_weights(trainer: Trainer) -> list[tuple[np.ndarray, np.ndarray]]:
    """Copies of (W, b) per layer of the engine network, for the other contenders."""
    return [(lay.params["W"].copy(), lay.params["b"].copy()) for lay in trainer.network.layers]


class _Batches:
    """Epoch shuffling exactly like ``Trainer._next_batch`` (a permutation per epoch)."""

    def __init__(self, n: int, batch: int, seed: int) -> None:
        self.n, self.batch = n, batch
        self.rng = np.random.default_rng(seed)
        self.order = None
        self.pos = 0

    def next(self) -> np.ndarray:
        """Row indices of the next batch."""
        if self.batch >= self.n:  # full batch: the data in order, no shuffling
            return np.arange(self.n)
        if self.order is None or self.pos >= self.n:
            self.order = self.rng.permutation(self.n)
            self.pos = 0
        idx = self.order[self.pos : self.pos + self.batch]
        self.pos += idx.size
        return idx


class FusedPlayground:
    """2-8-8-1 tanh + sigmoid cross-entropy + SGD, in one hand-written step."""

    def __init__(self, weights, data: Dataset, spec: MLPSpec = PLAYGROUND, seed: int = 0):
        (self.W1, self.b1), (self.W2, self.b2), (self.W3, self.b3) = (
            (W.copy(), b.copy()) for W, b in weights
        )
        self.X, self.y = data.X_train, data.y_train
        self.lr = spec.lr
        self.batches = _Batches(self.X.shape[0], spec.batch, seed)

    def step(self) -> float:
        idx = self.batches.next()
        x, y = self.X.take(idx, axis=0), self.y.take(idx, axis=0)
        W1, b1, W2, b2, W3, b3 = self.W1, self.b1, self.W2, self.b2, self.W3, self.b3
        # forward
        a1 = np.tanh(x.dot(W1) + b1)
        a2 = np.tanh(a1.dot(W2) + b2)
        z = a2.dot(W3) + b3
        # loss: mean over elements of max(z,0) − z·y + log(1 + e^(−|z|)); dC/dz = (σ(z) − y)/m
        m = z.size
        e = np.exp(-np.abs(z))
        loss = float(np.sum(np.maximum(z, 0.0) - z * y + np.log1p(e)) / m)
        s = np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))  # stable σ(z), reusing e
        g3 = (s - y) / m
        # backward
        g2 = g3.dot(W3.T) * (1.0 - a2 * a2)
        g1 = g2.dot(W2.T) * (1.0 - a1 * a1)
        # SGD, in place
        lr = self.lr
        W3 -= lr * a2.T.dot(g3)
        b3 -= lr * g3.sum(axis=0)
        W2 -= lr * a1.T.dot(g2)
        b2 -= lr * g2.sum(axis=0)
        W1 -= lr * x.T.dot(g1)
        b1 -= lr * g1.sum(axis=0)
        return loss


class FusedMNIST:
    """784-128-10 ReLU + softmax cross-entropy + SGD, in one hand-written step."""

    def __init__(self, weights, data: Dataset, spec: MLPSpec = MNIST, seed: int = 0):
        (self.W1, self.b1), (self.W2, self.b2) = ((W.copy(), b.copy()) for W, b in weights)
        self.X, self.y = data.X_train, data.y_train
        self.lr = spec.lr
        self.batches = _Batches(self.X.shape[0], spec.batch, seed)

    def step(self) -> float:
        idx = self.batches.next()
        x, y = self.X.take(idx, axis=0), self.y.take(idx, axis=0)
        W1, b1, W2, b2 = self.W1, self.b1, self.W2, self.b2
        # forward
        a1 = np.maximum(x.dot(W1) + b1, 0.0)
        z = a1.dot(W2) + b2
        # loss: −mean log softmax(z)[y]; dC/dz = (softmax(z) − onehot(y))/n
        n = z.shape[0]
        sh = z - z.max(axis=1, keepdims=True)
        logp = sh - np.log(np.exp(sh).sum(axis=1, keepdims=True))
        rows = np.arange(n)
        loss = -float(np.sum(logp[rows, y])) / n
        g2 = np.exp(logp)
        g2[rows, y] -= 1.0
        g2 /= n
        # backward
        g1 = g2.dot(W2.T) * (a1 > 0)
        # SGD, in place
        lr = self.lr
        W2 -= lr * a1.T.dot(g2)
        b2 -= lr * g2.sum(axis=0)
        W1 -= lr * x.T.dot(g1)
        b1 -= lr * g1.sum(axis=0)
        return loss


def make_fused(spec: MLPSpec, weights, data: Dataset, seed: int = 0):
    cls = FusedPlayground if spec.name == "playground" else FusedMNIST
    return cls(weights, data, spec, seed)


class TorchMLP:
    """The same network, loss and SGD in PyTorch (float64, CPU), the usual idiom."""

    def __init__(self, weights, data: Dataset, spec: MLPSpec, seed: int = 0):
        import torch

        self.torch = torch
        mods = []
        for i, (W, b) in enumerate(weights):
            lin = torch.nn.Linear(W.shape[0], W.shape[1], dtype=torch.float64)
            with torch.no_grad():
                lin.weight.copy_(torch.from_numpy(W.T.copy()))
                lin.bias.copy_(torch.from_numpy(b))
            mods.append(lin)
            if i < len(weights) - 1:
                mods.append(
                    torch.nn.Tanh() if spec.hidden_activation == "tanh" else torch.nn.ReLU()
                )
        self.model = torch.nn.Sequential(*mods)
        self.opt = torch.optim.SGD(self.model.parameters(), lr=spec.lr)
        if spec.loss == "bce":
            self.loss_fn = torch.nn.BCEWithLogitsLoss()
            self.y = torch.from_numpy(data.y_train.astype(np.float64))
        else:
            self.loss_fn = torch.nn.CrossEntropyLoss()
            self.y = torch.from_numpy(data.y_train.astype(np.int64))
        self.X = torch.from_numpy(data.X_train)
        self.batches = _Batches(data.n_train, spec.batch, seed)

    def step(self) -> float:
        idx = self.torch.from_numpy(self.batches.next())
        self.opt.zero_grad(set_to_none=True)
        loss = self.loss_fn(self.model(self.X[idx]), self.y[idx])
        loss.backward()
        self.opt.step()
        return loss.item()
