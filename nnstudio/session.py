"""A training session: one compiled project with its trainer, and the snapshots views draw.

Qt-free. The training worker owns a session while it runs; the command line uses it directly.
A snapshot is a dict of plain floats and *copied* arrays, safe to hand to another thread.
"""

from __future__ import annotations

import numpy as np

from nnstudio.document.compile import (
    compile_network,
    make_dataset,
    make_optimizer_from,
    make_schedule_from,
)
from nnstudio.document.project import Project

SURFACE_RESOLUTION = 60


class TrainingSession:
    def __init__(self, project: Project, surface_resolution: int = SURFACE_RESOLUTION) -> None:
        self.project = project.clone()
        settings = self.project.settings
        self.dataset = make_dataset(settings)
        compiled = compile_network(self.project, self.dataset)
        self.network = compiled.network
        self.node_layers = compiled.node_layers
        self.task = compiled.task
        self.perceptron = settings["training.rule"] == "perceptron"
        if self.perceptron:  # check_design made sure: one layer of threshold units
            from nnstudio.engine.perceptron import PerceptronTrainer

            self.trainer = PerceptronTrainer(
                self.network, self.dataset, lr=settings["training.learning_rate"],
                batch_size=settings["training.batch_size"], seed=settings["training.seed"])
        else:
            self.trainer = self._gradient_trainer(settings)
        self.surface_resolution = surface_resolution
        self._grid = self._make_grid()
        #: recurrent views' data (sequence tasks only; see sequence_probe.py)
        self.sequence = None
        if self.task.sequence:
            from nnstudio.sequence_probe import SequenceProbe

            self.sequence = SequenceProbe(self)
        #: feed-forward views' data (neuron maps, gradients, ...; see inside_probe.py)
        self.inside = None
        if not self.task.sequence:
            from nnstudio.inside_probe import InsideProbe

            self.inside = InsideProbe(self)

    def _gradient_trainer(self, settings: dict):
        from nnstudio.engine.trainer import Trainer

        return Trainer(
            self.network,
            self.dataset,
            make_optimizer_from(settings),
            batch_size=settings["training.batch_size"],
            seed=settings["training.seed"],
            l1=settings["training.l1"],
            l2=settings["training.l2"],
            clip_norm=settings["training.clip_norm"],
            schedule=make_schedule_from(settings),
        )

    # -- training ----------------------------------------------------------------------------
    @property
    def steps(self) -> int:
        return self.trainer.steps

    @property
    def diverged(self) -> bool:
        return bool(self.trainer.diverged)

    def step(self, n: int = 1) -> float:
        loss = float("nan")
        for _ in range(n):
            loss = self.trainer.step()
            if self.trainer.diverged:
                break
        return loss

    def apply_settings(self, settings: dict) -> None:
        """Apply settings that don't need a new run (learning rate, batch size, optimizer...)."""
        old = self.project.settings
        trainer = self.trainer
        if self.perceptron:  # no optimizer: only η and the batch size apply
            trainer.lr = settings["training.learning_rate"]
            trainer.batch_size = settings["training.batch_size"]
            self.project.settings = dict(settings)
            return
        own = f"training.{settings['training.optimizer']}."
        if any(old[k] != settings[k] for k in settings
               if k == "training.optimizer" or k.startswith(own)):
            trainer.optimizer = make_optimizer_from(settings)
        trainer.optimizer.lr = settings["training.learning_rate"]
        trainer.base_lr = settings["training.learning_rate"]
        trainer.batch_size = settings["training.batch_size"]
        trainer.l1 = settings["training.l1"]
        trainer.l2 = settings["training.l2"]
        trainer.clip_norm = settings["training.clip_norm"]
        trainer.schedule = make_schedule_from(settings)
        self.project.settings = dict(settings)

    # -- views -------------------------------------------------------------------------------
    def _make_grid(self):
        extent = getattr(self.dataset, "extent", None)
        expand = getattr(self.dataset, "expand", None)  # extra input features (x1², ...)
        if extent is None or (self.dataset.input_dim != 2 and expand is None):
            return None
        n = self.surface_resolution
        # cell centres: values[j, i] is drawn as the cell (i, j) of the extent, row 0 at the
        # bottom (y = extent[2]) — the contract of nnstudio/ui/plots/grid.py
        xs = extent[0] + (np.arange(n) + 0.5) * (extent[1] - extent[0]) / n
        ys = extent[2] + (np.arange(n) + 0.5) * (extent[3] - extent[2]) / n
        gx, gy = np.meshgrid(xs, ys)
        grid = np.column_stack([gx.ravel(), gy.ravel()])
        return grid if expand is None else expand(grid)

    def surface(self) -> np.ndarray | None:
        """Predicted P(class 1) (binary), class probabilities (multiclass) or values,
        shaped (ny, nx[, k])."""
        if self._grid is None:
            return None
        n = self.surface_resolution
        with np.errstate(all="ignore"):
            pred = self.network.predict(self._grid)
        if not np.isfinite(pred).all():
            return None  # diverged: views keep the last finite surface
        if self.task.task == "multiclass":
            return pred.reshape(n, n, -1)
        return pred[:, 0].reshape(n, n)

    def weights(self) -> dict:
        result = {}
        for node_id, index in self.node_layers.items():
            layer = self.network.layers[index]
            # copies; non-finite values (after divergence) drawn as 0 rather than breaking views
            result[node_id] = {k: np.nan_to_num(v, nan=0.0, posinf=0.0, neginf=0.0)
                               for k, v in layer.params.items()}
        return result

    def metrics(self) -> dict:
        regression = self.dataset.task in ("regression", "sequence_regression")
        # R² from the same forward pass as the loss (a second pass doubled the cost of every
        # measurement of a regression task)
        metrics = dict(self.trainer.evaluate(r2=True) if regression and not self.perceptron
                       else self.trainer.evaluate())
        metrics["steps"] = self.trainer.steps
        metrics["epochs"] = self.trainer.epoch
        metrics["diverged"] = self.diverged
        if self.diverged:
            diverged_metrics(metrics)
        return {k: v.item() if isinstance(v, np.generic) else v for k, v in metrics.items()}

    def snapshot(self, run_id: int = 0) -> dict:
        snap = self.metrics() if self.sequence is None else self.sequence.live_metrics()
        snap["run_id"] = run_id
        lr = self.trainer.lr if self.perceptron else self.trainer.optimizer.lr
        snap["learning_rate"] = float(lr)
        snap["surface"] = self.surface()
        snap["extent"] = getattr(self.dataset, "extent", None)
        snap["weights"] = self.weights()
        if self.sequence is not None:
            snap["sequence"] = self.sequence.snapshot()
        if self.inside is not None:
            snap["inside"] = self.inside.snapshot()
        return snap

    def dataset_payload(self) -> dict:
        return dataset_payload(self.dataset)


#: what a run measures from its weights: after divergence none of it means anything
DIVERGED_NAN = ("train_loss", "test_loss", "train_r2", "test_r2")
DIVERGED_NONE = ("train_accuracy", "test_accuracy")


def diverged_metrics(metrics: dict) -> dict:
    """``metrics`` of a diverged run, made consistent in place: every loss and R² NaN (JSON
    null; a split with no data keeps None), no accuracy. Measured from the weights left by
    the step that overflowed, one set could give NaN and the other a finite 1e305, as R²
    could; which, depended on the data."""
    for key in DIVERGED_NAN:
        if metrics.get(key) is not None:
            metrics[key] = float("nan")
    for key in DIVERGED_NONE:
        if key in metrics:
            metrics[key] = None
    return metrics


def dataset_payload(d) -> dict:
    """What the data views draw of dataset ``d``: plain copies, safe across threads."""
    from nnstudio.inside_probe import dataset_extras

    return {
        "name": d.name, "task": d.task, "extent": d.extent,
        "X_train": d.X_train.copy(), "y_train": d.y_train.copy(),
        "X_test": d.X_test.copy(), "y_test": d.y_test.copy(),
        "input_dim": d.input_dim, "n_classes": d.n_classes,
        "many_to_many": getattr(d, "many_to_many", False), "vocab": getattr(d, "vocab", None),
        **dataset_extras(d),  # feature and class names, plane, labels (inside_probe.py)
    }
