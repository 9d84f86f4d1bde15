"""Compile a (validated) project into engine objects: dataset, network, optimizer, trainer.

The engine network is built from a *copy* of the document; ``node_layers`` maps each
node id to the index of its (first) engine layer so that views can label weights by node.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .datasets import DATASET_TYPES
from .errors import ProjectError
from .project import Project
from .registry import LAYER_TYPES
from .settings import optimizer_hyperparameters
from .validate import TaskInfo, check_design

#: settings whose change needs a new run (new data, new weights); the rest apply live
STRUCTURAL_PREFIXES = ("dataset.", "training.seed", "training.loss", "training.rule")
#: exceptions: settings under those prefixes that apply live (they change no data)
LIVE_SETTINGS = ("dataset.temperature",)


def make_dataset(settings: dict):
    """The engine dataset named by ``dataset.name`` (see document/datasets.py), with the extra
    input features ``dataset.features.*`` chooses (see document/inside_datasets.py)."""
    from .inside_datasets import apply_features

    return apply_features(DATASET_TYPES[settings["dataset.name"]].build(settings), settings)


def task_info(dataset) -> TaskInfo:
    return TaskInfo(
        task=dataset.task,
        input_dim=dataset.input_dim,
        output_dim=dataset.output_dim,
        n_classes=dataset.n_classes,
        sequence=dataset.task.startswith("sequence"),
        many_to_many=bool(getattr(dataset, "many_to_many", False)),
    )


@dataclass
class Compiled:
    dataset: object
    network: object
    node_layers: dict  # node id -> index of its engine layer
    task: TaskInfo


def compile_network(project: Project, dataset, seed: int | None = None) -> Compiled:
    """Build the engine network for ``project`` on ``dataset``; raise ProjectError if invalid."""
    from nnstudio.engine.network import Network

    task = task_info(dataset)
    issues = check_design(project, task)
    if issues:
        first = issues[0]
        raise ProjectError(f"network.{first.node_id}" if first.node_id else "network",
                           first.message)
    rng = np.random.default_rng(project.settings["training.seed"] if seed is None else seed)
    layers, node_layers = [], {}
    n_in = dataset.input_dim
    for node in project.chain()[1:]:
        layer_type = LAYER_TYPES[node.type]
        built = layer_type.factory(node.params, n_in, rng, {"task": task})
        node_layers[node.id] = len(layers)
        layers.extend(built)
        n_in = built[-1].output_size()
    network = Network(layers, project.settings["training.loss"])
    return Compiled(dataset, network, node_layers, task)


def make_optimizer_from(settings: dict):
    from nnstudio.engine.optimizers import make_optimizer

    name = settings["training.optimizer"]
    return make_optimizer(name, settings["training.learning_rate"],
                          **optimizer_hyperparameters(name, settings))


def make_schedule_from(settings: dict):
    from nnstudio.engine.optimizers import Schedule

    return Schedule(settings["training.lr_schedule"], settings["training.lr_gamma"],
                    settings["training.lr_step_size"])


def structural_change(old: dict, new: dict) -> bool:
    return any(old[k] != new[k] for k in new
               if k.startswith(STRUCTURAL_PREFIXES) and k not in LIVE_SETTINGS)
