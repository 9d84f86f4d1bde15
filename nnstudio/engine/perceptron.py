"""Rosenblatt's perceptron: one layer of threshold units trained by the perceptron rule.

For each sample x with target t ∈ {0, 1} (one unit per output) and prediction
ŷ = H(x·W + b) (H(z) = 1 if z > 0 else 0):

    W ← W + η·(t − ŷ)·xᵀ,    b ← b + η·(t − ŷ)

summed over the samples of a mini-batch (batch_size 1, the default, is Rosenblatt's
online rule). No gradients are involved: the threshold has derivative 0 everywhere.
Binary data use one unit; multiclass data use one unit per class (one-vs-rest targets,
the predicted class is the unit with the largest z).
"""

from __future__ import annotations

import numpy as np

from .datasets.base import Dataset
from .layers.dense import Dense
from .network import Network

__all__ = ["make_perceptron", "PerceptronTrainer"]


def make_perceptron(
    n_in: int, n_out: int = 1, init: str = "zeros", rng: np.random.Generator | None = None
) -> Network:
    """A single Dense layer of ``n_out`` threshold units (W (n_in, n_out), b (n_out,))."""
    return Network([Dense(n_in, n_out, activation="threshold", init=init, rng=rng)], "mse")


class PerceptronTrainer:
    """Same interface as ``Trainer``: ``step()``, ``run(n)``, ``evaluate()``, ``steps``,
    ``epoch`` (float: samples seen / n_train), ``diverged`` (always False).

    ``network`` must be one Dense layer with the "threshold" activation (see
    ``make_perceptron``) with 1 unit (binary data) or n_classes units (multiclass).
    Batches are drawn like Trainer's: a fresh order per epoch from
    ``np.random.default_rng(seed)``. ``step()`` returns the batch loss before the update,
    ½·mean ‖t − ŷ‖² (for binary data, half the error rate). ``epoch_errors`` counts
    mistakes in the current epoch; ``converged`` becomes True after an epoch without one.
    """

    def __init__(
        self,
        network: Network,
        data: Dataset,
        lr: float = 1.0,
        batch_size: int = 1,
        seed: int = 0,
    ) -> None:
        if len(network.layers) != 1 or not isinstance(network.layers[0], Dense):
            raise ValueError("network: a perceptron is a single Dense layer")
        layer = network.layers[0]
        if layer.activation != "threshold":
            raise ValueError(f"network: activation must be 'threshold', not {layer.activation!r}")
        if data.task == "regression":
            raise ValueError("data: the perceptron needs a classification task")
        want = 1 if data.task == "binary" else data.n_classes
        if layer.n_out != want or layer.n_in != data.input_dim:
            raise ValueError(
                f"network: expected {data.input_dim} inputs and {want} units, got "
                f"{layer.n_in} and {layer.n_out}"
            )
        if not lr > 0:
            raise ValueError(f"lr: must be positive, got {lr!r}")
        if int(batch_size) < 1:
            raise ValueError(f"batch_size: must be ≥ 1, got {batch_size!r}")
        self.network = network
        self.layer = layer
        self.data = data
        self.lr = float(lr)
        self.batch_size = int(batch_size)
        self.seed = seed
        self.rng = np.random.default_rng(seed)
        self.steps = 0
        self.samples_seen = 0
        self.diverged = False
        self.converged = False
        self.epoch_errors = 0
        self.last_loss = float("nan")
        self._T_train = self._targets(data.y_train)
        self._T_test = self._targets(data.y_test)
        self._order: np.ndarray | None = None
        self._pos = 0

    def _targets(self, y: np.ndarray) -> np.ndarray:
        """Targets as a (N, n_out) 0/1 array."""
        if self.data.task == "binary":
            return np.asarray(y, dtype=np.float64).reshape(-1, 1)
        labels = np.asarray(y).reshape(-1).astype(np.int64)
        return np.eye(self.layer.n_out)[labels]

    @property
    def epoch(self) -> float:
        return self.samples_seen / self.data.n_train

    def _predict_units(self, X: np.ndarray) -> np.ndarray:
        return self.layer.forward(X, training=False)

    def step(self) -> float:
        """One perceptron update on the next mini-batch; returns its loss before the update."""
        X, T = self.data.X_train, self._T_train
        n = X.shape[0]
        if self._order is None or self._pos >= n:
            self._order = self.rng.permutation(n)
            self._pos = 0
            self.epoch_errors = 0
        idx = self._order[self._pos : self._pos + self.batch_size]
        self._pos += idx.size
        self.samples_seen += idx.size
        xb, tb = X[idx], T[idx]
        err = tb - self._predict_units(xb)  # (B, n_out) in {−1, 0, 1}
        self.epoch_errors += int(np.count_nonzero(np.any(err != 0, axis=1)))
        self.layer.params["W"] += self.lr * (xb.T @ err)
        self.layer.params["b"] += self.lr * err.sum(axis=0)
        self.steps += 1
        if self._pos >= n and self.epoch_errors == 0:
            self.converged = True
        self.last_loss = float(0.5 * np.sum(err * err) / idx.size)
        return self.last_loss

    def run(self, n_steps: int) -> list[float]:
        return [self.step() for _ in range(int(n_steps))]

    def _accuracy(self, X: np.ndarray, y: np.ndarray) -> float:
        if self.data.task == "binary":
            return float(np.mean(self._predict_units(X) == np.asarray(y).reshape(-1, 1)))
        self.layer.forward(X, training=False)
        z = self.layer.last_z
        return float(np.mean(np.argmax(z, axis=1) == np.asarray(y).reshape(-1)))

    def evaluate(self) -> dict[str, float | None]:
        """train/test loss (½·mean ‖t − ŷ‖²) and accuracy; test values None without a test set."""
        d = self.data
        out: dict[str, float | None] = {}
        for split, X, y, T in (
            ("train", d.X_train, d.y_train, self._T_train),
            ("test", d.X_test, d.y_test, self._T_test),
        ):
            if X.shape[0] == 0:
                out[f"{split}_loss"] = out[f"{split}_accuracy"] = None
                continue
            e = T - self._predict_units(X)
            out[f"{split}_loss"] = float(0.5 * np.sum(e * e) / X.shape[0])
            out[f"{split}_accuracy"] = self._accuracy(X, y)
        return out
