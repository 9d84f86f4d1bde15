import numpy as np
import pytest
from reference import load_reference

from nnstudio.engine.gradcheck import numeric_grad, rel_error
from nnstudio.engine.losses import LOSSES, accuracy, get_loss

RTOL, ATOL = 1e-6, 1e-12
REF = load_reference("losses")


def test_mse_half():
    r = REF["mse_half"]
    loss, g = LOSSES["mse"].value_and_grad(np.array(r["pred"]), np.array(r["target"]))
    np.testing.assert_allclose(loss, r["loss"], rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(g, r["grad_pred"], rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize("case", ["softmax_cross_entropy", "softmax_cross_entropy_extreme"])
def test_softmax_cross_entropy(case):
    r = REF[case]
    z = np.array(r["logits"])
    loss, g = LOSSES["ce"].value_and_grad(z, np.array(r["labels"]))
    np.testing.assert_allclose(loss, r["loss"], rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(g, r["grad_logits"], rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(LOSSES["ce"].predict(z), r["softmax"], rtol=RTOL, atol=ATOL)


def test_sigmoid_binary_cross_entropy():
    r = REF["sigmoid_binary_cross_entropy"]
    loss, g = LOSSES["bce"].value_and_grad(np.array(r["logits"]), np.array(r["targets"]))
    np.testing.assert_allclose(loss, r["loss"], rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(g, r["grad_logits"], rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_extreme_logits_finite(name):
    z = np.array([[1e4, -1e4, 0.0], [-1e4, 1e4, 800.0]])
    y = np.array([1, 2]) if name == "ce" else np.array([[1.0, 0.0, 1.0], [1.0, 1.0, 0.0]])
    loss, g = LOSSES[name].value_and_grad(z, y)
    assert np.isfinite(loss) and np.all(np.isfinite(g)) and g.shape == z.shape
    assert np.all(np.isfinite(LOSSES[name].predict(z)))


def _targets(name, shape, rng):
    if name == "ce":
        return rng.integers(0, shape[-1], size=shape[:-1])
    if name == "bce":
        return (rng.random(shape) > 0.5).astype(float)
    return rng.normal(size=shape)


@pytest.mark.parametrize("name", sorted(LOSSES))
@pytest.mark.parametrize("shape", [(5, 3), (4, 3, 2), (6, 1)])
def test_gradient_finite_differences(name, shape):
    rng = np.random.default_rng(1)
    z = rng.normal(size=shape) * 2
    y = _targets(name, shape, rng)
    loss = LOSSES[name]
    _, g = loss.value_and_grad(z, y)
    num = numeric_grad(lambda zz: loss.value(zz, y), z)
    assert rel_error(g, num) < 1e-7


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_leading_dims_are_samples(name):
    rng = np.random.default_rng(2)
    z = rng.normal(size=(3, 4, 5))
    y = _targets(name, z.shape, rng)
    l3, g3 = LOSSES[name].value_and_grad(z, y)
    y2 = y.reshape(12) if name == "ce" else y.reshape(12, 5)
    l2, g2 = LOSSES[name].value_and_grad(z.reshape(12, 5), y2)
    np.testing.assert_allclose(l3, l2, rtol=1e-12)
    np.testing.assert_allclose(g3.reshape(12, 5), g2, rtol=1e-12)


def test_ce_one_hot_and_column_labels():
    rng = np.random.default_rng(3)
    z = rng.normal(size=(6, 4))
    lab = rng.integers(0, 4, size=6)
    ref = LOSSES["ce"].value_and_grad(z, lab)
    onehot = np.eye(4)[lab]
    for t in (onehot, lab.reshape(-1, 1)):
        l, g = LOSSES["ce"].value_and_grad(z, t)
        np.testing.assert_allclose(l, ref[0])
        np.testing.assert_allclose(g, ref[1])
    with pytest.raises(ValueError, match="target"):
        LOSSES["ce"].value_and_grad(z, np.full(6, 7))


def test_predict_links():
    z = np.array([[0.0, 2.0], [-1.0, 1.0]])
    np.testing.assert_allclose(LOSSES["mse"].predict(z), z)
    np.testing.assert_allclose(LOSSES["bce"].predict(z), 1 / (1 + np.exp(-z)))
    np.testing.assert_allclose(LOSSES["ce"].predict(z).sum(axis=1), 1.0)


def test_accuracy():
    assert accuracy("bce", np.array([[2.0], [-1.0], [0.5]]), np.array([[1.0], [1.0], [1.0]])) == (
        pytest.approx(2 / 3)
    )
    assert accuracy("ce", np.array([[0, 1.0], [3.0, 0], [0, 1.0]]), np.array([1, 0, 0])) == (
        pytest.approx(2 / 3)
    )
    assert accuracy("mse", np.array([[0.9], [0.2]]), np.array([[1.0], [1.0]])) == 0.5
    seq = np.zeros((2, 3, 4))
    seq[..., 2] = 1.0
    assert accuracy("ce", seq, np.full((2, 3), 2)) == 1.0


def test_metadata_and_unknown():
    for name, loss in LOSSES.items():
        assert loss.name == name and loss.label and loss.formula
    with pytest.raises(ValueError, match="hinge"):
        get_loss("hinge")
