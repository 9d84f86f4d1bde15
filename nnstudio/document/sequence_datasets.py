"""Sequence datasets in the dataset registry (imported at the end of document/datasets.py).

Each entry names the ``dataset.*`` settings it reads; the builders are
:func:`nnstudio.engine.datasets.sequences.make_sequence`. ``dataset.temperature`` is not a
property of the data but of the text the character model writes; it lives with the dataset
it belongs to and changes live, without a new run (see ``compile.LIVE_SETTINGS``).
"""

from __future__ import annotations

from collections.abc import Callable

from .datasets import DatasetType, register_dataset

CATEGORY = "Sequences"
_BASE = ("dataset.samples", "dataset.seq_len")
_END = ("dataset.test_fraction", "dataset.seed")

#: dataset name → (settings keys, builder argument of each key)
SEQUENCE_KEYS: dict[str, tuple[str, ...]] = {
    "sine": _BASE + ("dataset.noise",) + _END,
    "delayed_recall": _BASE + ("dataset.symbols", "dataset.noise") + _END,
    "adding": _BASE + _END,
    "parity": _BASE + ("dataset.many_to_many",) + _END,
    "chars": _BASE + _END + ("dataset.temperature",),
}
#: settings that are not arguments of the builder
_NOT_BUILDER_ARGS = ("dataset.temperature",)


def _build(name: str) -> Callable:
    def build(settings: dict):
        from nnstudio.engine.datasets.sequences import make_sequence

        args = {key.split(".", 1)[1]: settings[key] for key in SEQUENCE_KEYS[name]
                if key not in _NOT_BUILDER_ARGS}
        return make_sequence(name, **args)

    return build


def _register() -> None:
    from nnstudio.engine.datasets.sequences import SEQUENCE_DATASETS

    for name, keys in SEQUENCE_KEYS.items():
        label, description, _defaults = SEQUENCE_DATASETS[name]
        register_dataset(DatasetType(name, label, CATEGORY, description, keys, _build(name)))


_register()
