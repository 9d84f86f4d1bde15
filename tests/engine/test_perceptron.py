import numpy as np
import pytest

from nnstudio.engine.datasets.base import Dataset
from nnstudio.engine.datasets.toy2d import make_toy2d
from nnstudio.engine.layers.dense import Dense
from nnstudio.engine.network import Network
from nnstudio.engine.perceptron import PerceptronTrainer, make_perceptron


def trainer(name: str, seed: int = 0, **kw) -> PerceptronTrainer:
    data = make_toy2d(name, samples=200, noise=0.0, test_fraction=0.25, seed=seed)
    return PerceptronTrainer(make_perceptron(2), data, seed=seed, **kw)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_converges_on_gaussians(seed):
    tr = trainer("gaussians", seed)
    while not tr.converged and tr.epoch < 50:
        tr.step()
    assert tr.converged
    ev = tr.evaluate()
    assert ev["train_accuracy"] == 1.0 and ev["train_loss"] == 0.0
    assert ev["test_accuracy"] >= 0.95
    # once converged, nothing changes any more
    w = tr.network.state_dict()
    tr.run(150)
    for k, v in tr.network.state_dict().items():
        np.testing.assert_array_equal(v, w[k])


def test_fails_on_xor():
    tr = trainer("xor")
    accs = []
    for _ in range(20):
        tr.run(150)  # one epoch
        accs.append(tr.evaluate()["train_accuracy"])
    assert not tr.converged
    assert max(accs) < 0.9


def test_rule_is_rosenblatts():
    X = np.array([[1.0, 2.0]])
    y = np.array([[1.0]])
    data = Dataset("one", "binary", X, y, X[:0], y[:0], 2, 1, 2)
    net = make_perceptron(2)
    tr = PerceptronTrainer(net, data, lr=0.5)
    loss = tr.step()  # ŷ = H(0) = 0, t = 1 → W += 0.5·x, b += 0.5
    assert loss == 0.5
    np.testing.assert_array_equal(net.layers[0].params["W"][:, 0], [0.5, 1.0])
    np.testing.assert_array_equal(net.layers[0].params["b"], [0.5])
    assert tr.step() == 0.0 and tr.converged
    assert tr.steps == 2 and tr.epoch == 2.0 and not tr.diverged


def test_deterministic_and_batches():
    a, b = trainer("gaussians", 5, batch_size=7), trainer("gaussians", 5, batch_size=7)
    assert a.run(40) == b.run(40)
    assert a.epoch == pytest.approx((150 + 18 * 7) / 150)  # 22 batches per epoch (21×7 + 3)


def test_multiclass_one_vs_rest():
    rng = np.random.default_rng(0)
    centers = np.array([[0.0, 4.0], [4.0, -3.0], [-4.0, -3.0]])
    labels = rng.integers(0, 3, size=150)
    X = centers[labels] + rng.normal(scale=0.4, size=(150, 2))
    data = Dataset("blobs", "multiclass", X, labels, X[:0], labels[:0], 2, 3, 3)
    tr = PerceptronTrainer(make_perceptron(2, 3), data, seed=0)
    while not tr.converged and tr.epoch < 100:
        tr.step()
    assert tr.evaluate()["train_accuracy"] == 1.0


def test_validation():
    data = make_toy2d("gaussians", 50, 0.0, 0.0, 0)
    with pytest.raises(ValueError, match="threshold"):
        PerceptronTrainer(Network([Dense(2, 1, "tanh")], "bce"), data)
    with pytest.raises(ValueError, match="units"):
        PerceptronTrainer(make_perceptron(2, 2), data)
    with pytest.raises(ValueError, match="lr"):
        PerceptronTrainer(make_perceptron(2), data, lr=0.0)
