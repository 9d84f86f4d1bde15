import numpy as np
import pytest
from reference import load_reference

from nnstudio.engine.activations import ACTIVATIONS, get_activation, sigmoid, softmax

RTOL, ATOL = 1e-6, 1e-12
REF = load_reference("activations")


def _alpha(name):
    return {"leaky_relu": REF["alpha_leaky"], "prelu": REF["alpha_prelu"]}.get(name)


def test_every_reference_activation_exists():
    assert set(REF["functions"]) <= set(ACTIVATIONS)
    assert set(ACTIVATIONS) == {
        "threshold",
        "sigmoid",
        "tanh",
        "linear",
        "relu",
        "leaky_relu",
        "prelu",
        "softplus",
        "elu",
    }


@pytest.mark.parametrize("name", sorted(REF["functions"]))
def test_matches_reference(name):
    x = np.array(REF["x"])
    ref = REF["functions"][name]
    act = ACTIVATIONS[name]
    a = _alpha(name)
    np.testing.assert_allclose(act.f(x, a), ref["y"], rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(act.df(x, a), ref["dy_dx"], rtol=RTOL, atol=ATOL)
    if "dy_dalpha" in ref:
        assert act.has_alpha
        np.testing.assert_allclose(act.dalpha(x, a), ref["dy_dalpha"], rtol=RTOL, atol=ATOL)


def test_default_alphas_match_reference():
    x = np.array(REF["x"])
    for name in ("leaky_relu", "prelu"):
        np.testing.assert_allclose(
            ACTIVATIONS[name].f(x), REF["functions"][name]["y"], rtol=RTOL, atol=ATOL
        )
    assert ACTIVATIONS["prelu"].has_alpha and not ACTIVATIONS["leaky_relu"].has_alpha


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_extreme_inputs_finite(name):
    z = np.array([-1e4, -1e3, -50.0, 0.0, 50.0, 1e3, 1e4])
    act = ACTIVATIONS[name]
    for v in (act.f(z), act.df(z), act.dalpha(z)):
        assert v.shape == z.shape and np.all(np.isfinite(v))


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_metadata_and_shape(name):
    act = ACTIVATIONS[name]
    assert act.name == name and act.label and act.formula
    z = np.linspace(-2, 2, 12).reshape(2, 3, 2)
    assert act.f(z).shape == z.shape


def test_sigmoid_softmax_helpers():
    z = np.array([-1e4, 0.0, 1e4])
    np.testing.assert_allclose(sigmoid(z), [0.0, 0.5, 1.0])
    p = softmax(np.array([[1000.0, 1000.0, -1000.0], [1.0, 2.0, 3.0]]))
    np.testing.assert_allclose(p.sum(axis=-1), 1.0)
    np.testing.assert_allclose(p[0], [0.5, 0.5, 0.0])
    p0 = softmax(np.array([[1.0, 2.0], [3.0, 5.0]]), axis=0)
    np.testing.assert_allclose(p0.sum(axis=0), 1.0)


def test_unknown_activation():
    with pytest.raises(ValueError, match="nope"):
        get_activation("nope")
