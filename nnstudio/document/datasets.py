"""The one registry of datasets, read by the data panel, the settings schema and the compiler.

Each :class:`DatasetType` names the ``dataset.*`` settings it uses (the data panel shows only
those) and builds an engine ``Dataset`` from the flat settings dict. A new dataset is one
:func:`register_dataset` call.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

COMMON_KEYS = ("dataset.samples", "dataset.noise", "dataset.test_fraction", "dataset.seed")


@dataclass(frozen=True)
class DatasetType:
    name: str
    label: str
    category: str  # "2-D classification", "sequences", ...
    description: str
    #: the dataset.* settings this dataset reads (besides dataset.name)
    keys: tuple[str, ...]
    #: build(settings: dict) -> engine Dataset
    build: Callable


DATASET_TYPES: dict[str, DatasetType] = {}


def register_dataset(dataset_type: DatasetType) -> DatasetType:
    if dataset_type.name in DATASET_TYPES:
        raise ValueError(f"dataset {dataset_type.name!r} registered twice")
    DATASET_TYPES[dataset_type.name] = dataset_type
    return dataset_type


# -- 2-D classification (TensorFlow Playground's four) -----------------------------------------
def _toy2d(name: str) -> Callable:
    def build(settings: dict):
        from nnstudio.engine.datasets.toy2d import make_toy2d

        return make_toy2d(name, samples=settings["dataset.samples"],
                          noise=settings["dataset.noise"],
                          test_fraction=settings["dataset.test_fraction"],
                          seed=settings["dataset.seed"])

    return build


for _name, _label, _description in (
    ("circle", "Circle", "A disc of one class inside a ring of the other."),
    ("xor", "XOR", "Opposite quadrants share a class: no single line separates them."),
    ("gaussians", "Two Gaussians", "Two clouds of points, linearly separable at low noise."),
    ("spiral", "Spiral", "Two interleaved spiral arms: a hard problem."),
):
    register_dataset(DatasetType(_name, _label, "2-D classification", _description, COMMON_KEYS,
                                 _toy2d(_name)))


# -- multi-class, regression, real data, your data (looking inside feed-forward networks) ------
# -- and sequences for recurrent networks (sine, delayed_recall, adding, parity, chars) ---------
from . import (  # noqa: E402  (each module registers its datasets)
    inside_datasets,  # noqa: F401
    sequence_datasets,  # noqa: F401
)
