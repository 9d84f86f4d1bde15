"""Recurrent layer types, sequence datasets and the design checks for sequence models
(Qt-free)."""

from __future__ import annotations

import numpy as np
import pytest

from nnstudio.document.compile import (
    compile_network,
    make_dataset,
    structural_change,
    task_info,
)
from nnstudio.document.datasets import DATASET_TYPES
from nnstudio.document.errors import ProjectError
from nnstudio.document.io import dumps, loads
from nnstudio.document.lessons import load_lesson
from nnstudio.document.project import Project
from nnstudio.document.registry import LAYER_TYPES, palette_types
from nnstudio.document.settings import SETTINGS, default_settings
from nnstudio.document.validate import check_design
from nnstudio.engine.layers.recurrent import Bidirectional, Recurrent

SEQUENCE_LESSONS = ("rnn-unrolled", "vanishing-gradients-rnn", "lstm-memory", "gru",
                    "bidirectional", "char-rnn")


def make_project(dataset: dict, layers: list, loss: str = "ce") -> Project:
    p = Project()
    for key, value in dataset.items():
        p.set(f"dataset.{key}", value)
    p.set("training.loss", loss)
    p.add_node("input", (0, 0), node_id="input")
    previous = "input"
    for node_id, type_id, params in layers:
        p.add_node(type_id, (0, 0), params, node_id=node_id)
        p.add_edge(previous, node_id)
        previous = node_id
    return p


RECALL = {"name": "delayed_recall", "samples": 40, "seq_len": 6, "symbols": 3,
          "test_fraction": 0.25}
SINE = {"name": "sine", "samples": 24, "seq_len": 7, "noise": 0.0, "test_fraction": 0.25}


def issues_of(project):
    return check_design(project, task_info(make_dataset(project.settings)))


# -- registry -----------------------------------------------------------------------------
def test_recurrent_types_are_in_the_palette_under_recurrent():
    recurrent = [t.id for t in palette_types() if t.category == "Recurrent"]
    assert recurrent == ["rnn", "lstm", "gru", "bidirectional"]
    for type_id in ("rnn", "lstm", "gru"):
        spec = LAYER_TYPES[type_id].param("units")
        assert (spec.minimum, spec.maximum) == (1, 256)
        assert LAYER_TYPES[type_id].param("return_sequences").kind == "bool"
        assert LAYER_TYPES[type_id].param("bptt_steps").minimum == 0
    assert "forget_bias" in LAYER_TYPES["lstm"].defaults()
    assert "forget_bias" not in LAYER_TYPES["rnn"].defaults()
    assert "nonlinearity" in LAYER_TYPES["rnn"].defaults()
    assert LAYER_TYPES["bidirectional"].param("cell").choices == ("rnn", "lstm", "gru")


@pytest.mark.parametrize("type_id,params,cls,out", [
    ("rnn", {"units": 5, "nonlinearity": "relu", "bptt_steps": 3}, Recurrent, 5),
    ("lstm", {"units": 6, "forget_bias": 2.0, "return_sequences": False}, Recurrent, 6),
    ("gru", {"units": 7, "init": "orthogonal"}, Recurrent, 7),
    ("bidirectional", {"units": 4, "cell": "gru"}, Bidirectional, 8),
])
def test_factories_build_the_engine_layers(type_id, params, cls, out):
    values = LAYER_TYPES[type_id].defaults() | params
    layers = LAYER_TYPES[type_id].factory(values, 3, np.random.default_rng(0), {})
    assert len(layers) == 1 and isinstance(layers[0], cls)
    layer = layers[0]
    assert layer.output_size() == out
    assert layer.return_sequences == values["return_sequences"]
    if type_id == "lstm":
        np.testing.assert_allclose(layer.params["b_ih"][6:12], 2.0)
        assert layer.cell_name == "lstm"
    if type_id == "rnn":
        assert layer.nonlinearity == "relu" and layer.bptt_steps == 3
    if type_id == "bidirectional":
        assert layer.fwd.cell_name == "gru" and layer.bwd.cell_name == "gru"


# -- datasets and settings ----------------------------------------------------------------
def test_sequence_datasets_are_registered_with_their_keys():
    for name in ("sine", "delayed_recall", "adding", "parity", "chars"):
        spec = DATASET_TYPES[name]
        assert spec.category == "Sequences"
        assert "dataset.seq_len" in spec.keys
        assert all(key in SETTINGS for key in spec.keys)
        assert name in SETTINGS["dataset.name"].choices
    assert "dataset.symbols" in DATASET_TYPES["delayed_recall"].keys
    assert "dataset.many_to_many" in DATASET_TYPES["parity"].keys
    assert "dataset.temperature" in DATASET_TYPES["chars"].keys
    assert "dataset.noise" not in DATASET_TYPES["adding"].keys


def test_make_dataset_reads_the_settings():
    settings = default_settings() | {"dataset.name": "parity", "dataset.samples": 30,
                                     "dataset.seq_len": 5, "dataset.many_to_many": True}
    d = make_dataset(settings)
    assert d.X_train.shape[1:] == (5, 1) and d.y_train.shape[1:] == (5,)
    info = task_info(d)
    assert info.sequence and info.many_to_many and info.output_dim == 2
    settings["dataset.name"] = "delayed_recall"
    settings["dataset.symbols"] = 5
    d = make_dataset(settings)
    assert d.input_dim == 5 and d.y_train.ndim == 1
    assert not task_info(d).many_to_many


def test_temperature_applies_live_but_sequence_length_rebuilds():
    old = default_settings()
    assert not structural_change(old, old | {"dataset.temperature": 1.3})
    assert structural_change(old, old | {"dataset.seq_len": 9})


def test_recurrent_projects_round_trip_through_the_file_format():
    p = make_project(RECALL, [("gru1", "gru", {"units": 5, "return_sequences": False}),
                              ("output", "output", {"units": 3})])
    p.set("dataset.temperature", 1.1)
    again = loads(dumps(p))
    assert again.nodes["gru1"].params == p.nodes["gru1"].params
    assert again.settings["dataset.symbols"] == 3
    assert again.settings["dataset.temperature"] == 1.1


# -- design checks ------------------------------------------------------------------------
def test_a_valid_many_to_one_model_compiles():
    p = make_project(RECALL, [("lstm1", "lstm", {"units": 4, "return_sequences": False}),
                              ("output", "output", {"units": 3})])
    assert issues_of(p) == []
    compiled = compile_network(p, make_dataset(p.settings))
    x = compiled.dataset.X_train[:2]
    assert compiled.network.forward(x).shape == (2, 3)


def test_a_deep_bidirectional_model_with_a_dense_per_step_compiles():
    p = make_project(SINE, [
        ("b1", "bidirectional", {"units": 3, "cell": "lstm", "return_sequences": True}),
        ("gru2", "gru", {"units": 4, "return_sequences": True}),
        ("dense1", "dense", {"units": 5}),
        ("output", "output", {"units": 1}),
    ], loss="mse")
    p.set("dataset.name", "adding")  # sine would refuse the bidirectional layer
    p.set_param("gru2", "return_sequences", False)
    assert issues_of(p) == []
    compiled = compile_network(p, make_dataset(p.settings))
    assert compiled.node_layers == {"b1": 0, "gru2": 1, "dense1": 2, "output": 3}
    assert compiled.network.forward(compiled.dataset.X_train[:2]).shape == (2, 1)


def test_recurrent_layer_on_flat_data_is_refused_on_the_layer():
    p = make_project({"name": "circle"}, [("rnn1", "rnn", {"units": 4}),
                                          ("output", "output", {"units": 1})], loss="bce")
    issues = issues_of(p)
    assert [i.node_id for i in issues] == ["rnn1"]
    assert "read sequences" in issues[0].message and "one vector per example" in \
        issues[0].message


def test_many_to_one_task_with_sequence_output_is_refused_on_the_last_recurrent_layer():
    p = make_project(RECALL, [("rnn1", "rnn", {"units": 4, "return_sequences": True}),
                              ("rnn2", "rnn", {"units": 4, "return_sequences": True}),
                              ("output", "output", {"units": 3})])
    issues = issues_of(p)
    assert [i.node_id for i in issues] == ["rnn2"]
    assert "one answer per sequence" in issues[0].message
    assert "switch off" in issues[0].message


def test_many_to_many_task_with_a_many_to_one_layer_is_refused():
    p = make_project(SINE, [("gru1", "gru", {"units": 4, "return_sequences": False}),
                            ("output", "output", {"units": 1})], loss="mse")
    issues = issues_of(p)
    assert [i.node_id for i in issues] == ["gru1"]
    assert "every time step" in issues[0].message and "switch on" in issues[0].message


def test_recurrent_layer_after_a_many_to_one_layer_is_refused():
    p = make_project(RECALL, [("lstm1", "lstm", {"units": 4, "return_sequences": False}),
                              ("lstm2", "lstm", {"units": 4, "return_sequences": False}),
                              ("output", "output", {"units": 3})])
    issues = issues_of(p)
    assert [i.node_id for i in issues] == ["lstm2"]
    assert "lstm1" in issues[0].message and "not a sequence" in issues[0].message


def test_sequence_data_without_a_recurrent_layer_on_a_many_to_one_task():
    p = make_project(RECALL, [("dense1", "dense", {"units": 4}),
                              ("output", "output", {"units": 3})])
    issues = issues_of(p)
    assert [i.node_id for i in issues] == ["output"]
    assert "no layer reads the sequence" in issues[0].message
    # many-to-many: a per-step dense network is allowed (it just has no memory)
    q = make_project(SINE, [("dense1", "dense", {"units": 4}),
                            ("output", "output", {"units": 1})], loss="mse")
    assert issues_of(q) == []


def test_output_units_must_match_the_classes():
    p = make_project(RECALL, [("rnn1", "rnn", {"units": 4, "return_sequences": False}),
                              ("output", "output", {"units": 2})])
    issues = issues_of(p)
    assert [i.node_id for i in issues] == ["output"]
    assert "3 units, one per class" in issues[0].message


def test_wrong_loss_for_sequence_regression():
    p = make_project(SINE, [("rnn1", "rnn", {"units": 4}), ("output", "output", {"units": 1})],
                     loss="ce")
    assert any("does not fit" in i.message for i in issues_of(p))


def test_bidirectional_is_refused_on_next_step_prediction():
    p = make_project(SINE, [("b1", "bidirectional", {"units": 3}),
                            ("output", "output", {"units": 1})], loss="mse")
    issues = issues_of(p)
    assert [i.node_id for i in issues] == ["b1"]
    assert "sees the answer" in issues[0].message


def test_compile_refuses_with_the_layer_named():
    p = make_project({"name": "xor"}, [("gru1", "gru", {"units": 4}),
                                       ("output", "output", {"units": 1})], loss="bce")
    with pytest.raises(ProjectError) as err:
        compile_network(p, make_dataset(p.settings))
    assert err.value.field == "network.gru1"


@pytest.mark.parametrize("name", SEQUENCE_LESSONS)
def test_sequence_lessons_are_valid_designs(name):
    project = load_lesson(name)
    assert issues_of(project) == []
    assert project.meta["steps"] > 0 and project.meta["explanation"]
