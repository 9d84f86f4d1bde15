import numpy as np
import pytest
from reference import load_reference

from nnstudio.engine.optimizers import (
    OPTIMIZER_INFO,
    Schedule,
    clip_by_global_norm,
    make_optimizer,
)

RTOL, ATOL = 1e-6, 1e-12
REF = load_reference("optimizers")


def run_reference(name: str, spec: dict) -> np.ndarray:
    hyper = dict(spec["hyperparameters"])
    lr = hyper.pop("lr")
    opt = make_optimizer(name, lr, **hyper)
    p = np.array(REF["p0"], dtype=np.float64)
    traj = []
    for g in REF["grads"]:
        opt.step([("p", p, np.array(g, dtype=np.float64))])
        traj.append(p.copy())
    return np.array(traj)


@pytest.mark.parametrize("name", sorted(REF["optimizers"]))
def test_reference_trajectory(name):
    spec = REF["optimizers"][name]
    np.testing.assert_allclose(run_reference(name, spec), spec["trajectory"], rtol=RTOL, atol=ATOL)


def test_every_optimizer_has_reference_and_info():
    assert set(OPTIMIZER_INFO) == {
        "sgd",
        "momentum",
        "nesterov",
        "adagrad",
        "adadelta",
        "rmsprop",
        "adam",
    }
    assert set(REF["optimizers"]) <= set(OPTIMIZER_INFO)
    for name, info in OPTIMIZER_INFO.items():
        assert info["label"] and info["formula"]
        for spec in [info["lr"], *info["hyper"].values()]:
            assert spec["min"] <= spec["default"] <= spec["max"]
        make_optimizer(name)  # all defaults valid


def test_defaults():
    assert OPTIMIZER_INFO["momentum"]["hyper"]["momentum"]["default"] == 0.9
    assert OPTIMIZER_INFO["adagrad"]["hyper"]["eps"]["default"] == 1e-10
    assert OPTIMIZER_INFO["adadelta"]["lr"]["default"] == 1.0
    assert OPTIMIZER_INFO["adadelta"]["hyper"]["rho"]["default"] == 0.9
    assert OPTIMIZER_INFO["adadelta"]["hyper"]["eps"]["default"] == 1e-6
    assert OPTIMIZER_INFO["rmsprop"]["hyper"]["alpha"]["default"] == 0.99
    assert OPTIMIZER_INFO["rmsprop"]["hyper"]["eps"]["default"] == 1e-8
    adam = OPTIMIZER_INFO["adam"]["hyper"]
    assert (adam["beta1"]["default"], adam["beta2"]["default"], adam["eps"]["default"]) == (
        0.9,
        0.999,
        1e-8,
    )


@pytest.mark.parametrize("name", sorted(OPTIMIZER_INFO))
def test_zero_gradient_never_nan(name):
    opt = make_optimizer(name, 0.1)
    p = np.array([0.5, -1.0, 0.0])
    for _ in range(100):
        opt.step([("p", p, np.zeros(3))])
    np.testing.assert_array_equal(p, [0.5, -1.0, 0.0])


def test_betas_and_beta_names_agree():
    a = make_optimizer("adam", 0.01, betas=(0.8, 0.99))
    b = make_optimizer("adam", 0.01, beta1=0.8, beta2=0.99)
    assert a.hyper == b.hyper


def test_nesterov_flag_and_validation():
    assert make_optimizer("momentum", 0.1, momentum=0.5, nesterov=True).name == "nesterov"
    with pytest.raises(ValueError, match="momentum"):
        make_optimizer("momentum", 0.1, momentum=1.5)
    with pytest.raises(ValueError, match="rho"):
        make_optimizer("adam", 0.1, rho=0.9)
    with pytest.raises(ValueError, match="lr"):
        make_optimizer("sgd", -1.0)
    with pytest.raises(ValueError, match="optimizer"):
        make_optimizer("lbfgs", 0.1)


def test_reset_and_lr_attribute():
    opt = make_optimizer("momentum", 0.1, momentum=0.9)
    p = np.zeros(2)
    opt.step([("p", p, np.ones(2))])
    opt.step([("p", p, np.ones(2))])
    np.testing.assert_allclose(p, [-0.29, -0.29])
    opt.reset()
    opt.lr = 1.0
    opt.step([("p", p, np.ones(2))])
    np.testing.assert_allclose(p, [-1.29, -1.29])


def test_clip_by_global_norm():
    g = [np.array([3.0, 0.0]), np.array([[4.0]])]
    norm = clip_by_global_norm(g, 1.0)
    assert norm == pytest.approx(5.0)
    total = np.sqrt(sum(np.sum(x * x) for x in g))
    assert total == pytest.approx(1.0)
    np.testing.assert_allclose(g[0], [0.6, 0.0])
    h = [np.array([0.3, 0.4])]
    clip_by_global_norm(h, 1.0)
    np.testing.assert_array_equal(h[0], [0.3, 0.4])
    clip_by_global_norm(h, 0.0)  # disabled
    np.testing.assert_array_equal(h[0], [0.3, 0.4])


def test_schedules():
    assert Schedule().lr_at(0.1, 5000) == 0.1
    s = Schedule("step", gamma=0.5, step_size=10)
    assert [s.lr_at(1.0, t) for t in (0, 9, 10, 25)] == [1.0, 1.0, 0.5, 0.25]
    e = Schedule("exponential", gamma=0.5, step_size=10)
    assert e.lr_at(1.0, 5) == pytest.approx(0.5**0.5)
    assert e.lr_at(1.0, 20) == pytest.approx(0.25)
    for bad in (dict(kind="cosine"), dict(kind="step", gamma=0.0), dict(kind="step", step_size=0)):
        with pytest.raises(ValueError):
            Schedule(**bad)
