import numpy as np
import pytest

from nnstudio.engine.datasets.base import Dataset
from nnstudio.engine.datasets.toy2d import make_toy2d
from nnstudio.engine.layers.dense import Dense
from nnstudio.engine.network import Network
from nnstudio.engine.optimizers import Schedule, make_optimizer
from nnstudio.engine.trainer import Trainer


def circle_net(seed: int) -> Network:
    rng = np.random.default_rng(seed)
    return Network(
        [
            Dense(2, 4, "tanh", rng=rng),
            Dense(4, 2, "tanh", rng=rng),
            Dense(2, 1, "linear", rng=rng),
        ],
        "bce",
    )


def make_trainer(seed=0, batch_size=10, opt="sgd", lr=0.03, **kw) -> Trainer:
    data = make_toy2d("circle", samples=500, noise=0.0, test_fraction=0.5, seed=seed)
    return Trainer(circle_net(seed), data, make_optimizer(opt, lr), batch_size, seed, **kw)


def test_circle_learns():
    tr = make_trainer()
    before = tr.evaluate()
    tr.run(3000)
    ev = tr.evaluate()
    assert ev["test_accuracy"] >= 0.95
    assert ev["train_loss"] < before["train_loss"]
    assert tr.steps == 3000
    assert tr.epoch == pytest.approx(3000 * 10 / 250)


def test_identical_seeds_identical_losses():
    a, b = make_trainer(seed=3), make_trainer(seed=3)
    la, lb = a.run(300), b.run(300)
    assert la == lb
    c = make_trainer(seed=4)
    assert c.run(300) != la


def test_epoch_and_batches():
    tr = make_trainer(batch_size=100)  # 250 training samples: batches 100, 100, 50
    tr.run(3)
    assert tr.epoch == pytest.approx(1.0)
    tr.step()
    assert tr.epoch == pytest.approx(1.4)
    full = make_trainer(batch_size=10_000)
    full.run(2)
    assert full.epoch == pytest.approx(2.0)
    online = make_trainer(batch_size=1)
    online.run(5)
    assert online.epoch == pytest.approx(5 / 250)


def test_divergence_flag():
    tr = make_trainer(opt="sgd", lr=1e6, batch_size=250)
    tr.network.layers[-1].params["W"][...] = 1e305
    losses = tr.run(50)
    assert tr.diverged
    assert np.isnan(tr.step())
    steps = tr.steps
    tr.step()
    assert tr.steps == steps
    assert len(losses) < 50 or np.isnan(losses[-1])


def test_regularisation_clip_schedule_run():
    sched = Schedule("step", gamma=0.5, step_size=10)
    tr = make_trainer(l1=1e-3, l2=1e-2, clip_norm=0.5, schedule=sched, opt="adam", lr=0.01)
    losses = tr.run(30)
    assert all(np.isfinite(losses))
    assert tr.optimizer.lr == pytest.approx(0.01 * 0.25)
    ev = tr.evaluate()
    assert set(ev) == {"train_loss", "test_loss", "train_accuracy", "test_accuracy"}


def test_regression_and_empty_test_set():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 2))
    y = X @ np.array([[1.0], [-2.0]])
    data = Dataset("lin", "regression", X, y, X[:0], y[:0], 2, 1, 0)
    net = Network([Dense(2, 1, "linear", rng=rng)], "mse")
    tr = Trainer(net, data, make_optimizer("sgd", 0.1), 8, 0)
    tr.run(300)
    ev = tr.evaluate()
    assert ev["train_accuracy"] is None and ev["test_loss"] is None
    assert ev["train_loss"] < 1e-6


def test_validation():
    with pytest.raises(ValueError, match="batch_size"):
        make_trainer(batch_size=0)
    with pytest.raises(ValueError, match="l2"):
        make_trainer(l2=-1.0)
