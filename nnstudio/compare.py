"""Comparing optimizers: the race and the loss landscape (Qt-free; shared by the worker,
the views' figures and the command line).

* :class:`RaceSession` trains the project's network once per optimizer, side by side: the
  same data, the same initial weights and the same batch order for every optimizer. After
  every step it measures each network's loss on the whole training set, so the curves and
  "steps to reach the target loss" compare like with like.
* :class:`LandscapeSession` runs each optimizer across a two-parameter loss surface: a classic
  one (ill-conditioned valley, saddle, Rosenbrock) or the network's own training loss as a
  function of two of its weights with every other weight frozen.

Both take their choices from the project's settings (``training.compare.*``,
``training.race.*``, ``training.landscape.*``, and each optimizer's hyperparameters
``training.<optimizer>.*``) and both hand out snapshots: dicts of plain numbers and *copied*
arrays, safe to pass to another thread.
"""

from __future__ import annotations

import math
import re

import numpy as np

from nnstudio.document.compile import compile_network, make_dataset, make_schedule_from
from nnstudio.document.errors import ProjectError
from nnstudio.document.project import Project
from nnstudio.document.settings import OPTIMIZER_CHOICES, optimizer_hyperparameters

MIN_COMPARED, MAX_COMPARED = 2, 7

#: learning rates of the 'suggested' mode for a network (the race and the network landscape):
#: the SGD family shares one η so that momentum's acceleration shows; the adaptive methods get
#: the η they are usually run with.
SUGGESTED_LR: dict[str, float] = {
    "sgd": 0.03, "momentum": 0.03, "nesterov": 0.03, "adagrad": 0.1, "adadelta": 1.0,
    "rmsprop": 0.01, "adam": 0.01,
}
#: learning rates of the 'suggested' mode on the classic surfaces (chosen so that each method's
#: character shows within a few hundred steps)
SURFACE_LR: dict[str, dict[str, float]] = {
    "valley": {"sgd": 0.9, "momentum": 0.1, "nesterov": 0.1, "adagrad": 1.0,
               "adadelta": 10.0, "rmsprop": 0.1, "adam": 0.3},
    "saddle": {"sgd": 0.05, "momentum": 0.02, "nesterov": 0.02, "adagrad": 0.3,
               "adadelta": 10.0, "rmsprop": 0.02, "adam": 0.05},
    "rosenbrock": {"sgd": 0.001, "momentum": 0.001, "nesterov": 0.001, "adagrad": 1.0,
                   "adadelta": 10.0, "rmsprop": 0.01, "adam": 0.1},
}

#: one colour per optimizer, the same in every view and figure (Okabe & Ito's colour-blind-safe
#: palette without its yellow); close hues also differ in line style (see OPTIMIZER_DASHED)
OPTIMIZER_COLORS: dict[str, str] = {
    "sgd": "#222222", "momentum": "#E69F00", "nesterov": "#D55E00", "adagrad": "#009E73",
    "adadelta": "#CC79A7", "rmsprop": "#56B4E9", "adam": "#0072B2",
}
OPTIMIZER_DASHED = frozenset({"nesterov", "rmsprop"})

RACE_SURFACE_RESOLUTION = 40
LANDSCAPE_GRID = 160  # grid points per side on a classic surface
NETWORK_GRID = 61  # … and on the network's loss (each point is a pass over the data)
LANDSCAPE_MAX_STEPS = 500
NETWORK_SPAN = 3.0  # the network landscape is at least this wide
_ESCAPE = 1e6  # an iterate this far out has diverged


def optimizer_label(name: str) -> str:
    from nnstudio.engine.optimizers import OPTIMIZER_INFO

    return OPTIMIZER_INFO[name]["label"]


def parse_optimizers(text: str, key: str = "training.compare.optimizers") -> list[str]:
    """'sgd, adam' → ['sgd', 'adam']; 2 to 7 known, distinct names, else ProjectError."""
    names = [part.strip().lower() for part in str(text).split(",") if part.strip()]
    for name in names:
        if name not in OPTIMIZER_CHOICES:
            raise ProjectError(key, f"unknown optimizer {name!r} (choose from "
                                    f"{', '.join(OPTIMIZER_CHOICES)})")
    if len(set(names)) != len(names):
        raise ProjectError(key, "an optimizer is listed twice")
    if not MIN_COMPARED <= len(names) <= MAX_COMPARED:
        raise ProjectError(key, f"compare {MIN_COMPARED} to {MAX_COMPARED} optimizers, "
                                f"got {len(names)}")
    return names


def learning_rate_for(settings: dict, name: str, surface: str | None = None) -> float:
    """The η optimizer ``name`` gets in a comparison (``surface``: a classic surface's name)."""
    if settings["training.compare.learning_rates"] == "shared":
        return float(settings["training.learning_rate"])
    if surface in SURFACE_LR:
        return SURFACE_LR[surface][name]
    return SUGGESTED_LR[name]


def make_compared_optimizer(settings: dict, name: str, surface: str | None = None):
    """Optimizer ``name`` with its comparison η and the project's hyperparameters for it."""
    from nnstudio.engine.optimizers import make_optimizer

    try:
        return make_optimizer(name, learning_rate_for(settings, name, surface),
                              **optimizer_hyperparameters(name, settings))
    except ValueError as exc:
        raise ProjectError(f"training.{name}", str(exc)) from None


def steps_to_target(steps, losses, target: float) -> int | None:
    """First step whose loss is ≤ ``target`` (None if never)."""
    losses = np.asarray(losses, dtype=float)
    with np.errstate(invalid="ignore"):
        hit = np.flatnonzero(losses <= target)
    return int(np.asarray(steps)[hit[0]]) if hit.size else None


def _require_gradient_rule(project: Project, what: str) -> None:
    if project.settings["training.rule"] != "gradient":
        raise ProjectError("training.rule", f"the {what} compares gradient-descent optimizers: "
                                            "set the learning rule to 'gradient'")


def _fingerprint(project: Project, ignore: tuple[str, ...], network: bool = True) -> tuple:
    settings = tuple(sorted((k, v) for k, v in project.settings.items()
                            if not k.startswith(ignore)))
    if not network:
        return settings
    nodes = tuple((n.id, n.type, tuple(sorted(n.params.items()))) for n in project.chain())
    return settings, nodes


def describe_setup(project: Project, input_dim: int) -> str:
    """'XOR data · network 2 → 8 tanh → 1 · batch size 10' (for titles)."""
    from nnstudio.document.datasets import DATASET_TYPES

    name = project.settings["dataset.name"]
    data = DATASET_TYPES[name].label if name in DATASET_TYPES else name
    sizes = [str(input_dim)]
    for node in project.chain()[1:]:
        units = node.params.get("units")
        activation = node.params.get("activation", "")
        shown = "" if activation in ("auto", "linear", "") else f" {activation}"
        sizes.append(f"{units}{shown}" if units is not None else node.type)
    return (f"{data} data · network {' → '.join(sizes)} · batch size "
            f"{project.settings['training.batch_size']}")


# -- the race -------------------------------------------------------------------------------
class RaceSession:
    """The project's network trained with 2–7 optimizers side by side.

    ``names``: the optimizers (from ``training.compare.optimizers``); every one starts from
    the same weights and sees the same mini-batches. After every step the training loss
    (whole training set, no penalty) of each network is recorded: ``history(name)`` →
    (steps, losses), starting with step 0. An optimizer whose loss or weights become
    non-finite stops; ``diverged[name]`` is its step. Raises ProjectError (naming the setting
    or layer) when the project cannot be raced.
    """

    IGNORED = ("training.race.", "training.landscape.", "training.optimizer")

    def __init__(self, project: Project, surface_resolution: int = RACE_SURFACE_RESOLUTION,
                 ) -> None:
        from nnstudio.engine.trainer import Trainer

        self.project = project.clone()
        settings = self.project.settings
        _require_gradient_rule(self.project, "race")
        self.names = parse_optimizers(settings["training.compare.optimizers"])
        self.target = float(settings["training.race.target"])
        self.dataset = make_dataset(settings)
        compiled = compile_network(self.project, self.dataset)
        self.task = compiled.task
        self.setup = describe_setup(self.project, self.dataset.input_dim)
        self.initial_state = compiled.network.state_dict()
        self.networks, self.trainers, self.learning_rates = {}, {}, {}
        for name in self.names:
            network = compiled.network if not self.networks else \
                compile_network(self.project, self.dataset).network
            network.load_state_dict(self.initial_state)
            optimizer = make_compared_optimizer(settings, name)
            self.learning_rates[name] = optimizer.lr
            self.networks[name] = network
            self.trainers[name] = Trainer(
                network, self.dataset, optimizer, batch_size=settings["training.batch_size"],
                seed=settings["training.seed"], l1=settings["training.l1"],
                l2=settings["training.l2"], clip_norm=settings["training.clip_norm"],
                schedule=make_schedule_from(settings))
        self.steps = 0
        self._steps: list[int] = []
        self._losses: dict[str, list[float]] = {name: [] for name in self.names}
        self.diverged: dict[str, int | None] = {name: None for name in self.names}
        self.reached: dict[str, int | None] = {name: None for name in self.names}
        self._sent = 0
        self._record()
        self._grid = self._make_grid(surface_resolution)
        self._fingerprint = _fingerprint(self.project, self.IGNORED)

    # -- training ----------------------------------------------------------------------------
    @property
    def finished(self) -> bool:
        """True when every optimizer has diverged (nothing left to train)."""
        return all(step is not None for step in self.diverged.values())

    def step(self, n: int = 1) -> None:
        """``n`` steps of every optimizer (each measured on the training set after the step)."""
        for _ in range(int(n)):
            if self.finished:
                return
            for name in self.names:
                trainer = self.trainers[name]
                if self.diverged[name] is None:
                    trainer.step()
                    if trainer.diverged:
                        self.diverged[name] = self.steps + 1
            self.steps += 1
            self._record()

    def _record(self) -> None:
        X, y = self.dataset.X_train, self.dataset.y_train
        self._steps.append(self.steps)
        with np.errstate(all="ignore"):
            for name in self.names:
                if self.diverged[name] is not None:
                    loss = math.nan
                else:
                    loss = float(self.networks[name].loss_value(X, y))
                    if not math.isfinite(loss):
                        self.diverged[name] = self.steps
                        loss = math.nan
                self._losses[name].append(loss)
                if self.reached[name] is None and loss <= self.target:
                    self.reached[name] = self.steps

    def accepts(self, project: Project) -> bool:
        """Take over ``project``'s settings if they leave this race as it is (e.g. a new target
        loss); False if the race must be rebuilt."""
        if _fingerprint(project, self.IGNORED) != self._fingerprint:
            return False
        self.project = project.clone()
        self.set_target(self.project.settings["training.race.target"])
        return True

    def set_target(self, target: float) -> None:
        self.target = float(target)
        self.reached = {name: steps_to_target(self._steps, self._losses[name], self.target)
                        for name in self.names}

    # -- results -----------------------------------------------------------------------------
    def history(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """(steps, training losses) of optimizer ``name``, from step 0 (copies)."""
        return np.array(self._steps, dtype=float), np.array(self._losses[name], dtype=float)

    def loss_now(self, name: str) -> float:
        return self._losses[name][-1]

    def accuracy(self, name: str) -> float | None:
        if self.task.task not in ("binary", "multiclass") or self.diverged[name] is not None:
            return None
        from nnstudio.engine.losses import accuracy

        network = self.networks[name]
        with np.errstate(all="ignore"):
            out = network.forward(self.dataset.X_train, training=False)
        return float(accuracy(network.loss_name, out, self.dataset.y_train))

    def summary(self) -> list[dict]:
        """One row per optimizer: name, label, lr, loss, accuracy, steps_to_target, diverged."""
        return [
            {"name": name, "label": optimizer_label(name), "lr": self.learning_rates[name],
             "loss": self.loss_now(name), "accuracy": self.accuracy(name),
             "steps_to_target": self.reached[name], "diverged": self.diverged[name]}
            for name in self.names
        ]

    def _make_grid(self, n: int):
        extent = self.dataset.extent
        if extent is None or self.dataset.input_dim != 2 or n < 2:
            return None
        from nnstudio.ui.plots.grid import surface_points

        return n, surface_points(extent, n, n)

    def surfaces(self) -> dict[str, np.ndarray] | None:
        """Each optimizer's decision surface (P(class 1), class probabilities or values) on the
        cell-centred grid of :mod:`nnstudio.ui.plots.grid`; None unless the input is 2-D."""
        if self._grid is None:
            return None
        n, points = self._grid
        result = {}
        with np.errstate(all="ignore"):
            for name in self.names:
                pred = self.networks[name].predict(points)
                result[name] = (pred.reshape(n, n, -1) if self.task.task == "multiclass"
                                else pred[:, 0].reshape(n, n))
        return result

    def snapshot(self, run_id: int = 0, incremental: bool = False) -> dict:
        """Everything a view draws. ``incremental``: only the history points not sent before
        (``history_from`` says where they start), else the whole history."""
        start = self._sent if incremental else 0
        self._sent = len(self._steps)
        steps = np.array(self._steps[start:], dtype=float)
        d = self.dataset
        return {
            "kind": "race",
            "run_id": run_id,
            "setup": self.setup,
            "steps": self.steps,
            "names": list(self.names),
            "learning_rates": dict(self.learning_rates),
            "target": self.target,
            "history_from": start,
            "history": {name: (steps.copy(), np.array(self._losses[name][start:], dtype=float))
                        for name in self.names},
            "summary": self.summary(),
            "surfaces": self.surfaces(),
            "extent": d.extent,
            "task": d.task,
            "data": {"X_train": d.X_train.copy(), "y_train": d.y_train.copy()},
            "finished": self.finished,
        }


# -- the loss landscape ---------------------------------------------------------------------
_WEIGHT = re.compile(r"^\s*([A-Za-z_][\w\-]*)\.([A-Za-z_]\w*)\[([\d,\s]*)\]\s*$")


def network_weights(project: Project, network=None, node_layers=None) -> list[tuple[str, str]]:
    """Every scalar weight of the compiled network as (key, label): key 'dense1.W[0,1]' (the
    format of ``training.landscape.weights``), label 'dense1 W[0,1]: x₁ → unit 2'."""
    if network is None:
        dataset = make_dataset(project.settings)
        compiled = compile_network(project, dataset)
        network, node_layers = compiled.network, compiled.node_layers
    result = []
    for node_id, index in node_layers.items():
        layer = network.layers[index]
        for pname, p in layer.params.items():
            for idx in np.ndindex(p.shape):
                key = f"{node_id}.{pname}[{','.join(map(str, idx))}]"
                if pname == "W" and len(idx) == 2:
                    src = f"x{_sub(idx[0] + 1)}" if index == 0 else f"h{_sub(idx[0] + 1)}"
                    label = f"{node_id} W[{idx[0]},{idx[1]}]: {src} → unit {idx[1] + 1}"
                elif pname == "b":
                    label = f"{node_id} b[{idx[0]}]: bias of unit {idx[0] + 1}"
                else:
                    label = f"{node_id} {pname}[{','.join(map(str, idx))}]"
                result.append((key, label))
    return result


def _sub(n: int) -> str:
    return str(n).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))


def _engine_key(text: str, node_layers: dict, where: str) -> str:
    match = _WEIGHT.match(text)
    if not match or match.group(1) not in node_layers:
        raise ProjectError(where, f"{text.strip()!r} is not a weight such as 'dense1.W[0,1]' "
                                  f"(layers: {', '.join(node_layers)})")
    node_id, pname, idx = match.groups()
    return f"{node_layers[node_id]}.{pname}[{idx}]"


#: largest |x|, |y| of a landscape's start point (the classic surfaces live within ±10)
MAX_START = 1e6


def parse_start(text: str) -> tuple[float, float] | None:
    """'x,y' → (x, y); '' → None (the surface's own start)."""
    if not str(text).strip():
        return None
    parts = str(text).split(",")
    try:
        x, y = (float(p) for p in parts)
    except ValueError:
        raise ProjectError("training.landscape.start",
                           f"expected 'x,y' (two numbers), got {text!r}") from None
    if not (math.isfinite(x) and math.isfinite(y)):
        raise ProjectError("training.landscape.start", "expected finite numbers")
    if max(abs(x), abs(y)) > MAX_START:  # the plot's range around it would overflow
        raise ProjectError("training.landscape.start",
                           f"expected numbers of magnitude at most {MAX_START:g}, "
                           f"got {format_start(x, y)}")
    return x, y


def format_start(x: float, y: float) -> str:
    return f"{x:.4g},{y:.4g}"


class LandscapeSession:
    """Optimizers walking a two-parameter loss surface from a common start.

    ``surface`` has ``value(xy)`` / ``grad(xy)``; ``xs``, ``ys``, ``Z`` sample it on a grid
    over ``extent`` (Z[j, i] at (xs[i], ys[j])); ``paths[name]`` is the list of iterates,
    starting at ``start``. Each step is one full-batch gradient step of every optimizer (no
    penalty, clipping or schedule). ``max_steps`` bounds a run (``finished`` then);
    ``extent`` (x0, x1, y0, y1) overrides the surface's own; ``aspect`` (width / height of
    the plot) widens it to fill a plot of that shape.
    """

    IGNORED = ("training.race.", "training.optimizer", "training.batch_size", "training.l1",
               "training.l2", "training.clip_norm", "training.lr_")

    def __init__(self, project: Project, grid: int | None = None,
                 max_steps: int = LANDSCAPE_MAX_STEPS, extent=None,
                 aspect: float | None = None) -> None:
        from nnstudio.engine.landscape import SURFACES

        self.project = project.clone()
        settings = self.project.settings
        self.kind = settings["training.landscape.surface"]
        self.names = parse_optimizers(settings["training.compare.optimizers"])
        self.max_steps = int(max_steps)
        start = parse_start(settings["training.landscape.start"])
        if self.kind == "network":
            _require_gradient_rule(self.project, "loss landscape")
            self._build_network_surface(settings, start)
        else:
            s = SURFACES[self.kind]
            self.surface, self.label, self.formula = s, s.label, s.formula
            self.axis_labels = ("x", "y")
            self.extent = tuple(float(v) for v in s.extent)
            self.default_start = tuple(float(v) for v in s.start)
            self.minima = [tuple(m) for m in s.minima]
            self.saddles = [(0.0, 0.0)] if self.kind == "saddle" else []
        self.start = np.array(start if start is not None else self.default_start, dtype=float)
        if extent is not None:  # e.g. the whole visible area of a figure
            self.extent = tuple(float(v) for v in extent)
        if start is not None and self.kind != "network":
            self.extent = _include(self.extent, self.start)
        if aspect is not None and extent is None:
            self.extent = _fit_aspect(self.extent, aspect)
        surface_arg = None if self.kind == "network" else self.kind
        self.optimizers = {name: make_compared_optimizer(settings, name, surface_arg)
                           for name in self.names}
        self.learning_rates = {name: opt.lr for name, opt in self.optimizers.items()}
        x0, x1, y0, y1 = self.extent
        if grid is None:
            grid = NETWORK_GRID if self.kind == "network" else LANDSCAPE_GRID
        self.xs, self.ys = np.linspace(x0, x1, grid), np.linspace(y0, y1, grid)
        X, Y = np.meshgrid(self.xs, self.ys)
        with np.errstate(all="ignore"):
            self.Z = np.asarray(self.surface.value(np.stack([X, Y], axis=-1)), dtype=float)
        self.steps = 0
        self.paths: dict[str, list[np.ndarray]] = {n: [self.start.copy()] for n in self.names}
        self.stopped: dict[str, int | None] = {n: None for n in self.names}
        self._points = {n: self.start.copy() for n in self.names}
        self._sent_paths = {n: 0 for n in self.names}
        self._grid_sent = False
        self._fingerprint = _fingerprint(self.project, self.IGNORED, network=self.kind == "network")

    def _build_network_surface(self, settings: dict, start) -> None:
        from nnstudio.engine.landscape import NetworkSurface

        self.dataset = make_dataset(settings)
        compiled = compile_network(self.project, self.dataset)
        network, node_layers = compiled.network, compiled.node_layers
        labels = dict(network_weights(self.project, network, node_layers))
        where = "training.landscape.weights"
        text = settings["training.landscape.weights"].strip()
        if text:
            parts = [part.replace(" ", "") for part in text.split(";")]
            if len(parts) != 2:
                raise ProjectError(where, f"expected two weights separated by ';', got {text!r}")
        else:  # the first unit's two input weights (or its weight and bias for one input)
            first = next(iter(node_layers))
            W = network.layers[node_layers[first]].params["W"]
            parts = [f"{first}.W[0,0]", f"{first}.W[1,0]" if W.shape[0] > 1 else f"{first}.b[0]"]
        keys = [_engine_key(part, node_layers, where) for part in parts]
        try:
            self.surface = NetworkSurface(network, self.dataset, *keys)
        except ValueError as exc:
            message = str(exc).split(": ", 1)[-1]
            raise ProjectError(where, message) from None
        self.label = "The network's training loss"
        self.formula = "loss over two weights; every other weight frozen at its initial value"
        self.axis_labels = tuple(labels.get(part, part) for part in parts)
        self.default_start = tuple(float(v) for v in self.surface.center)
        self.minima, self.saddles = [], []
        self.extent = self._network_extent(start if start is not None else self.default_start)

    def _network_extent(self, start) -> tuple[float, float, float, float]:
        """A square around the start and where a quick full-batch Adam run ends (about the
        minimum, or a point down the slope when the loss has no minimum in reach)."""
        from nnstudio.engine.optimizers import make_optimizer

        probe = make_optimizer("adam", 0.05)
        p = np.array(start, dtype=float)
        with np.errstate(all="ignore"):
            for _ in range(400):
                probe.step([("p", p, np.asarray(self.surface.grad(p), dtype=float))])
        if not np.isfinite(p).all():
            p = np.array(start, dtype=float)
        elif np.linalg.norm(self.surface.grad(p)) < 1e-3:  # converged: mark the minimum
            self.minima = [(float(p[0]), float(p[1]))]
        points = np.array([start, p], dtype=float)
        lo, hi = points.min(axis=0), points.max(axis=0)
        center = (lo + hi) / 2
        half = float(np.clip((hi - lo).max(), NETWORK_SPAN / 2, 4 * NETWORK_SPAN))
        return (center[0] - half, center[0] + half, center[1] - half, center[1] + half)

    @property
    def finished(self) -> bool:
        return self.steps >= self.max_steps or all(s is not None for s in self.stopped.values())

    def step(self, n: int = 1) -> None:
        for _ in range(int(n)):
            if self.finished:
                return
            self.steps += 1
            with np.errstate(all="ignore"):
                for name, opt in self.optimizers.items():
                    if self.stopped[name] is not None:
                        continue
                    p = self._points[name]
                    g = np.asarray(self.surface.grad(p), dtype=float)
                    opt.step([("p", p, g)])
                    if not (np.isfinite(p).all() and np.abs(p).max() < _ESCAPE):
                        self.stopped[name] = self.steps
                        continue
                    self.paths[name].append(p.copy())

    def accepts(self, project: Project) -> bool:
        """True (and the project taken over) if ``project`` leaves these paths as they are."""
        if _fingerprint(project, self.IGNORED, network=self.kind == "network") != \
                self._fingerprint:
            return False
        self.project = project.clone()
        return True

    def value(self, point) -> float:
        with np.errstate(all="ignore"):
            return float(self.surface.value(np.asarray(point, dtype=float)))

    def snapshot(self, run_id: int = 0, incremental: bool = False) -> dict:
        """Paths (whole, or with ``incremental`` only the points after ``paths_from[name]``),
        the current values, and on a full snapshot the grid."""
        paths, paths_from = {}, {}
        for name in self.names:
            start = self._sent_paths[name] if incremental else 0
            paths_from[name] = start
            pts = self.paths[name][start:]
            paths[name] = np.array(pts, dtype=float).reshape(-1, 2)
        self._sent_paths = {name: len(self.paths[name]) for name in self.names}
        snap = {
            "kind": "landscape",
            "run_id": run_id,
            "steps": self.steps,
            "max_steps": self.max_steps,
            "surface": self.kind,
            "label": self.label,
            "formula": self.formula,
            "axis_labels": self.axis_labels,
            "names": list(self.names),
            "learning_rates": dict(self.learning_rates),
            "start": self.start.copy(),
            "extent": self.extent,
            "minima": list(self.minima),
            "saddles": list(self.saddles),
            "paths": paths,
            "paths_from": paths_from,
            "values": {name: self.value(self.paths[name][-1]) for name in self.names},
            "stopped": dict(self.stopped),
            "finished": self.finished,
        }
        if not incremental or not self._grid_sent:
            snap["grid"] = (self.xs.copy(), self.ys.copy(), self.Z.copy())
            self._grid_sent = True
        return snap


def _include(extent, point, margin: float = 0.1) -> tuple[float, float, float, float]:
    """``extent`` grown to hold ``point`` with a margin."""
    x0, x1, y0, y1 = extent
    mx, my = margin * (x1 - x0), margin * (y1 - y0)
    x, y = float(point[0]), float(point[1])
    return (min(x0, x - mx), max(x1, x + mx), min(y0, y - my), max(y1, y + my))


def _fit_aspect(extent, aspect: float) -> tuple[float, float, float, float]:
    """``extent`` grown (about its centre) to width / height = ``aspect``."""
    x0, x1, y0, y1 = extent
    w, h = x1 - x0, y1 - y0
    if not (math.isfinite(aspect) and aspect > 0):
        return extent
    if w / h < aspect:
        grow = (h * aspect - w) / 2
        return (x0 - grow, x1 + grow, y0, y1)
    grow = (w / aspect - h) / 2
    return (x0, x1, y0 - grow, y1 + grow)
