"""Gradient-descent optimizers with PyTorch's exact update rules (numpy only).

``make_optimizer(name, lr, **hyper)`` builds one; ``opt.step(parameters)`` takes the
``Network.parameters()`` list of (key, param, grad) and updates each param in place.
State (velocities, running averages) is kept per key; ``reset()`` clears it. ``lr`` is
a plain attribute that schedules may change between steps. See docs/optimizers.md.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

__all__ = [
    "OPTIMIZER_INFO",
    "Optimizer",
    "make_optimizer",
    "clip_by_global_norm",
    "Schedule",
    "SCHEDULES",
]

Param = tuple[str, np.ndarray, np.ndarray]


def _h(default: float, lo: float, hi: float, label: str) -> dict:
    return {"default": default, "min": lo, "max": hi, "label": label}


#: name → {"label", "formula", "lr": {default, min, max, label}, "hyper": {name: {...}}}
OPTIMIZER_INFO: dict[str, dict] = {
    "sgd": {
        "label": "SGD",
        "formula": "θ ← θ − η·g",
        "lr": _h(0.03, 1e-6, 10.0, "learning rate η"),
        "hyper": {},
    },
    "momentum": {
        "label": "SGD + momentum",
        "formula": "v ← μ·v + g;  θ ← θ − η·v",
        "lr": _h(0.03, 1e-6, 10.0, "learning rate η"),
        "hyper": {"momentum": _h(0.9, 0.0, 0.999, "momentum μ")},
    },
    "nesterov": {
        "label": "Nesterov momentum",
        "formula": "v ← μ·v + g;  θ ← θ − η·(g + μ·v)",
        "lr": _h(0.03, 1e-6, 10.0, "learning rate η"),
        "hyper": {"momentum": _h(0.9, 0.0, 0.999, "momentum μ")},
    },
    "adagrad": {
        "label": "AdaGrad",
        "formula": "s ← s + g²;  θ ← θ − η·g/(√s + ε)",
        "lr": _h(0.01, 1e-6, 10.0, "learning rate η"),
        "hyper": {"eps": _h(1e-10, 1e-12, 1e-2, "ε")},
    },
    "adadelta": {
        "label": "AdaDelta",
        "formula": (
            "v ← ρ·v + (1−ρ)·g²;  Δ ← √(u + ε)/√(v + ε)·g;  u ← ρ·u + (1−ρ)·Δ²;  θ ← θ − η·Δ"
        ),
        "lr": _h(1.0, 1e-6, 10.0, "learning rate η"),
        "hyper": {"rho": _h(0.9, 0.0, 0.9999, "decay ρ"), "eps": _h(1e-6, 1e-12, 1e-2, "ε")},
    },
    "rmsprop": {
        "label": "RMSprop",
        "formula": "v ← α·v + (1−α)·g²;  θ ← θ − η·g/(√v + ε)",
        "lr": _h(0.01, 1e-6, 10.0, "learning rate η"),
        "hyper": {"alpha": _h(0.99, 0.0, 0.9999, "decay α"), "eps": _h(1e-8, 1e-12, 1e-2, "ε")},
    },
    "adam": {
        "label": "Adam",
        "formula": (
            "m ← β₁·m + (1−β₁)·g;  v ← β₂·v + (1−β₂)·g²;  m̂ = m/(1−β₁ᵗ);  "
            "v̂ = v/(1−β₂ᵗ);  θ ← θ − η·m̂/(√v̂ + ε)"
        ),
        "lr": _h(0.001, 1e-6, 10.0, "learning rate η"),
        "hyper": {
            "beta1": _h(0.9, 0.0, 0.9999, "β₁"),
            "beta2": _h(0.999, 0.0, 0.99999, "β₂"),
            "eps": _h(1e-8, 1e-12, 1e-2, "ε"),
        },
    },
}


class Optimizer:
    """Base class: subclasses implement ``_update(key, p, g, state)`` in place."""

    name = "optimizer"

    def __init__(self, lr: float, **hyper: float) -> None:
        self.lr = float(lr)
        self.hyper: dict[str, float] = dict(hyper)
        self.state: dict[str, dict[str, np.ndarray | int]] = {}

    def reset(self) -> None:
        """Forget all accumulated state (velocities, averages, step counts)."""
        self.state.clear()

    def step(self, parameters: Iterable[Param]) -> None:
        """Update every (key, param, grad) in place."""
        state = self.state
        for key, p, g in parameters:
            st = state.get(key)
            if st is None or st["shape"] != p.shape:
                st = state[key] = {"shape": p.shape, "t": 0}
            st["t"] += 1
            self._update(p, g, st)

    def _update(self, p: np.ndarray, g: np.ndarray, st: dict) -> None:
        raise NotImplementedError

    def __repr__(self) -> str:
        hp = ", ".join(f"{k}={v}" for k, v in self.hyper.items())
        return f"{type(self).__name__}(lr={self.lr}{', ' if hp else ''}{hp})"


class SGD(Optimizer):
    name = "sgd"

    def _update(self, p, g, st):
        p -= self.lr * g


class Momentum(Optimizer):
    """torch SGD(momentum=μ): v ← μ·v + g (v = g at the first step); θ ← θ − η·v."""

    name = "momentum"
    nesterov = False

    def _update(self, p, g, st):
        mu = self.hyper["momentum"]
        v = st.get("v")
        if v is None:
            v = st["v"] = g.copy()
        else:
            v *= mu
            v += g
        if self.nesterov:
            p -= self.lr * (g + mu * v)
        else:
            p -= self.lr * v


class Nesterov(Momentum):
    name = "nesterov"
    nesterov = True


class Adagrad(Optimizer):
    name = "adagrad"

    def _update(self, p, g, st):
        s = st.setdefault("s", np.zeros_like(p))
        s += g * g
        p -= self.lr * g / (np.sqrt(s) + self.hyper["eps"])


class Adadelta(Optimizer):
    name = "adadelta"

    def _update(self, p, g, st):
        rho, eps = self.hyper["rho"], self.hyper["eps"]
        v = st.setdefault("v", np.zeros_like(p))
        u = st.setdefault("u", np.zeros_like(p))
        v *= rho
        v += (1.0 - rho) * g * g
        d = np.sqrt(u + eps) / np.sqrt(v + eps) * g
        u *= rho
        u += (1.0 - rho) * d * d
        p -= self.lr * d


class RMSprop(Optimizer):
    name = "rmsprop"

    def _update(self, p, g, st):
        a = self.hyper["alpha"]
        v = st.setdefault("v", np.zeros_like(p))
        v *= a
        v += (1.0 - a) * g * g
        p -= self.lr * g / (np.sqrt(v) + self.hyper["eps"])


class Adam(Optimizer):
    name = "adam"

    def _update(self, p, g, st):
        b1, b2, eps = self.hyper["beta1"], self.hyper["beta2"], self.hyper["eps"]
        t = int(st["t"])
        m = st.setdefault("m", np.zeros_like(p))
        v = st.setdefault("v", np.zeros_like(p))
        m *= b1
        m += (1.0 - b1) * g
        v *= b2
        v += (1.0 - b2) * g * g
        bc1 = 1.0 - b1**t
        bc2 = 1.0 - b2**t
        denom = np.sqrt(v) / math.sqrt(bc2) + eps
        p -= (self.lr / bc1) * m / denom


_CLASSES: dict[str, type[Optimizer]] = {
    c.name: c for c in (SGD, Momentum, Nesterov, Adagrad, Adadelta, RMSprop, Adam)
}


def make_optimizer(name: str, lr: float | None = None, **hyper) -> Optimizer:
    """Build optimizer ``name`` with learning rate ``lr`` (None → its default).

    Hyper-parameters: momentum (momentum, nesterov), eps (adagrad, adadelta, rmsprop,
    adam), rho (adadelta), alpha (rmsprop), beta1/beta2 or betas=(β₁, β₂) (adam); missing
    ones take OPTIMIZER_INFO's defaults. ``nesterov=True`` turns "momentum" into
    "nesterov". Unknown names or out-of-range values raise ValueError naming them.
    """
    if name not in _CLASSES:
        raise ValueError(
            f"optimizer: unknown optimizer {name!r} (choose from {', '.join(_CLASSES)})"
        )
    hyper = dict(hyper)
    if "nesterov" in hyper:
        nest = bool(hyper.pop("nesterov"))
        if name in ("momentum", "nesterov"):
            name = "nesterov" if nest else "momentum"
        elif nest:
            raise ValueError(f"nesterov: not a hyper-parameter of {name!r}")
    if "betas" in hyper:
        betas = hyper.pop("betas")
        if name != "adam":
            raise ValueError(f"betas: not a hyper-parameter of {name!r}")
        if len(betas) != 2:
            raise ValueError(f"betas: expected two values, got {betas!r}")
        hyper.setdefault("beta1", betas[0])
        hyper.setdefault("beta2", betas[1])
    info = OPTIMIZER_INFO[name]
    for k in hyper:
        if k not in info["hyper"]:
            raise ValueError(f"{k}: not a hyper-parameter of {name!r}")
    values: dict[str, float] = {}
    for k, spec in info["hyper"].items():
        v = float(hyper.get(k, spec["default"]))
        if not (spec["min"] <= v <= spec["max"]):
            raise ValueError(f"{k}: {v} outside [{spec['min']}, {spec['max']}]")
        values[k] = v
    lr_v = float(info["lr"]["default"] if lr is None else lr)
    if not (math.isfinite(lr_v) and lr_v > 0):
        raise ValueError(f"lr: learning rate must be positive, got {lr!r}")
    return _CLASSES[name](lr_v, **values)


def clip_by_global_norm(grads: Sequence[np.ndarray], max_norm: float) -> float:
    """Scale all ``grads`` in place so their joint L2 norm is at most ``max_norm``.

    Returns the norm before clipping. ``max_norm`` ≤ 0 disables clipping.
    """
    total = math.sqrt(sum(float(np.sum(g * g)) for g in grads))
    if max_norm > 0 and total > max_norm and math.isfinite(total):
        scale = max_norm / (total + 1e-12)
        for g in grads:
            g *= scale
    return total


#: schedule kind → display label
SCHEDULES: dict[str, str] = {
    "constant": "Constant",
    "step": "Step decay",
    "exponential": "Exponential decay",
}


@dataclass(frozen=True)
class Schedule:
    """Learning-rate schedule, a function of the optimizer step count (from 0).

    constant: η; step: η·γ^⌊step/step_size⌋; exponential: η·γ^(step/step_size)
    (smooth; γ is the factor per ``step_size`` steps).
    """

    kind: str = "constant"
    gamma: float = 0.5
    step_size: int = 1000

    def __post_init__(self) -> None:
        if self.kind not in SCHEDULES:
            raise ValueError(f"kind: unknown schedule {self.kind!r}")
        if not (0.0 < self.gamma <= 1.0):
            raise ValueError(f"gamma: must be in (0, 1], got {self.gamma}")
        if int(self.step_size) < 1:
            raise ValueError(f"step_size: must be ≥ 1, got {self.step_size}")

    def lr_at(self, base_lr: float, step: int) -> float:
        """Learning rate for optimizer step ``step`` (0-based)."""
        if self.kind == "step":
            return base_lr * self.gamma ** (step // int(self.step_size))
        if self.kind == "exponential":
            return base_lr * self.gamma ** (step / int(self.step_size))
        return base_lr
