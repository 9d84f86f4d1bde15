"""Training sessions of sequence models: the snapshot's "sequence" part, R², text sampling,
live metrics, and the RNN/GRU/LSTM comparison (Qt-free)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from projects import make_project

from nnstudio.cell_compare import CellComparison, project_with_cell, recurrent_cells
from nnstudio.document.errors import ProjectError
from nnstudio.document.project import default_project
from nnstudio.engine.losses import r2_score
from nnstudio.sequence_probe import generate_text
from nnstudio.session import TrainingSession


def recall(cell="lstm", units=5):
    return make_project({"name": "delayed_recall", "samples": 48, "seq_len": 6, "symbols": 3,
                         "test_fraction": 0.25, "seed": 1},
                        [("rec1", cell, {"units": units, "return_sequences": False}),
                         ("output", "output", {"units": 3})], "ce")


def sine():
    return make_project({"name": "sine", "samples": 32, "seq_len": 8, "noise": 0.0,
                         "test_fraction": 0.25, "seed": 1},
                        [("rnn1", "rnn", {"units": 4}), ("output", "output", {"units": 1})],
                        "mse")


def chars(units=8):
    p = make_project({"name": "chars", "samples": 20, "seq_len": 10, "test_fraction": 0.2,
                      "seed": 1}, [("lstm1", "lstm", {"units": units}),
                                   ("output", "output", {"units": 1})], "ce")
    from nnstudio.document.compile import make_dataset

    p.set_param("output", "units", make_dataset(p.settings).output_dim)
    return p


def test_feed_forward_snapshots_have_no_sequence_part():
    session = TrainingSession(default_project())
    assert session.sequence is None
    snap = session.snapshot()
    assert "sequence" not in snap and "metrics_fresh" not in snap
    assert "test_r2" not in snap


def test_sequence_snapshot_holds_what_the_views_need():
    session = TrainingSession(recall("lstm"))
    session.step(3)
    snap = session.snapshot(run_id=4)
    assert snap["run_id"] == 4 and snap["steps"] == 3
    assert snap["test_accuracy"] is not None and snap["metrics_fresh"] is True
    seq = snap["sequence"]
    T = 6
    assert seq["task"] == "sequence_classification" and seq["many_to_many"] is False
    assert seq["inputs"].shape == (T, 3)
    assert seq["prediction"].shape == (3,)
    assert math.isclose(float(seq["prediction"].sum()), 1.0)
    assert int(seq["target"]) in range(3)
    (layer,) = seq["layers"]
    assert layer["node_id"] == "rec1" and layer["cell"] == "lstm"
    assert layer["hidden"].shape == (T, 5) and layer["cell_state"].shape == (T, 5)
    assert set(layer["gates"]) == {"input", "forget", "cell", "output"}
    assert layer["grad_norms"].shape == (T,) and np.all(layer["grad_norms"] > 0)
    # the example is the first test sequence
    np.testing.assert_array_equal(seq["inputs"], session.dataset.X_test[0])


def test_snapshot_arrays_are_copies():
    session = TrainingSession(recall("gru"))
    session.step(2)
    seq = session.snapshot()["sequence"]
    layer = session.network.layers[0]
    seq["layers"][0]["hidden"][...] = 99.0
    seq["layers"][0]["grad_norms"][...] = -1.0
    seq["inputs"][...] = 5.0
    assert not np.any(layer.last_h == 99.0)
    assert np.all(layer.last_grad_h_norms >= 0)
    assert not np.any(session.dataset.X_test == 5.0)


def test_grad_norms_come_from_the_latest_training_batch():
    session = TrainingSession(recall("rnn"))
    assert session.snapshot()["sequence"]["layers"][0]["grad_norms"] is None  # no step yet
    session.step(1)
    norms = session.snapshot()["sequence"]["layers"][0]["grad_norms"]
    np.testing.assert_array_equal(norms, session.network.layers[0].last_grad_h_norms)


def test_bidirectional_records_both_directions():
    p = recall()
    p.remove_node("rec1")
    p.add_node("bidirectional", (0, 0), {"units": 3, "cell": "gru", "return_sequences": False},
               node_id="bi")
    p.add_edge("input", "bi")
    p.add_edge("bi", "output")
    session = TrainingSession(p)
    session.step(1)
    (layer,) = session.snapshot()["sequence"]["layers"]
    assert layer["bidirectional"] and layer["hidden"].shape == (6, 6)
    assert layer["gates"]["update"].shape == (6, 6)
    assert layer["grad_norms"].shape == (6,)


def test_regression_metrics_include_r2():
    session = TrainingSession(sine())
    session.step(30)
    metrics = session.metrics()
    assert metrics["test_accuracy"] is None
    assert -10 < metrics["test_r2"] <= 1 and -10 < metrics["train_r2"] <= 1
    seq = session.snapshot()["sequence"]
    assert seq["prediction"].shape == (8, 1) and seq["target"].shape == (8, 1)
    assert seq["test_predictions"] is None  # many-to-many: the series, not a scatter


def test_many_to_one_regression_snapshot_has_a_scatter():
    p = make_project({"name": "adding", "samples": 40, "seq_len": 6, "test_fraction": 0.25},
                     [("gru1", "gru", {"units": 4, "return_sequences": False}),
                      ("output", "output", {"units": 1})], "mse")
    seq = TrainingSession(p).snapshot()["sequence"]
    assert seq["test_predictions"].shape == (10, 1) and seq["test_targets"].shape == (10, 1)


def test_r2_score():
    y = np.array([[1.0], [2.0], [3.0]])
    assert r2_score(y, y) == 1.0
    assert r2_score(np.full_like(y, 2.0), y) == 0.0
    assert math.isnan(r2_score(y, np.ones_like(y)))


def test_char_model_writes_text_at_the_chosen_temperature():
    session = TrainingSession(chars())
    seq = session.snapshot()["sequence"]
    vocab = session.dataset.vocab
    assert seq["vocab"] == vocab and seq["temperature"] == 0.7
    assert len(seq["text"]) > 100 and set(seq["text"]) <= set(vocab)
    assert seq["seed_text"] and set(seq["seed_text"]) <= set(vocab)
    # same step and temperature: the same text (no new sampling)
    assert session.snapshot()["sequence"]["text"] == seq["text"]
    # a new temperature applies at once, without a new run
    settings = dict(session.project.settings, **{"dataset.temperature": 0.0})
    session.apply_settings(settings)
    greedy = session.snapshot()["sequence"]
    assert greedy["temperature"] == 0.0 and greedy["text"] != seq["text"]


def test_stateful_generation_matches_the_windowed_model():
    """Sampling step by step with carried state gives the greedy text of running the whole
    window through the network."""
    session = TrainingSession(chars(units=6))
    session.step(5)
    net, vocab = session.network, session.dataset.vocab
    rng = np.random.default_rng(0)
    fast = generate_text(net, vocab, "the ", 12, 0.0, rng)
    from nnstudio.engine.datasets.text import sample_text

    slow = sample_text(lambda x: net.forward(x, training=False), vocab, "the ", 12, 0.0,
                       context=1000)
    assert fast == slow


def test_live_metrics_reuse_an_expensive_measurement(monkeypatch):
    from nnstudio import sequence_probe

    session = TrainingSession(recall())
    probe = session.sequence
    first = probe.live_metrics()
    assert first["metrics_fresh"] and first["metrics_step"] == 0
    session.step(1)
    probe._eval_cost = 1e6  # pretend measuring takes forever
    second = probe.live_metrics()
    assert second["steps"] == 1 and second["metrics_step"] == 0
    assert second["metrics_fresh"] is False
    assert second["test_loss"] == first["test_loss"]
    probe._eval_cost = 0.0
    monkeypatch.setattr(sequence_probe, "EVAL_COST_FACTOR", 0.0)
    third = probe.live_metrics()
    assert third["metrics_fresh"] and third["metrics_step"] == 1
    # the CLI's metrics are always measured now
    assert session.metrics()["steps"] == 1


# -- comparing cells ----------------------------------------------------------------------
def test_project_with_cell_switches_every_recurrent_layer():
    p = recall("rnn")
    p.nodes["rec1"].params["return_sequences"] = True
    p.add_node("rnn", (0, 0), {"units": 3, "return_sequences": False}, node_id="rec2")
    p.remove_edge("rec1", "output")
    p.add_edge("rec1", "rec2")
    p.add_edge("rec2", "output")
    lstm = project_with_cell(p, "lstm")
    assert recurrent_cells(lstm) == ["lstm", "lstm"]
    assert lstm.nodes["rec1"].params["units"] == 5
    assert lstm.nodes["rec1"].params["return_sequences"] is True
    assert lstm.nodes["rec2"].params["forget_bias"] == 1.0
    assert "nonlinearity" not in lstm.nodes["rec2"].params
    assert recurrent_cells(p) == ["rnn", "rnn"]  # the original is untouched


def test_cell_comparison_trains_three_cells_on_the_same_data():
    comparison = CellComparison(recall("gru"))
    assert tuple(comparison.sessions) == ("rnn", "gru", "lstm")
    data = [s.dataset for s in comparison.sessions.values()]
    np.testing.assert_array_equal(data[0].X_train, data[2].X_train)
    comparison.step(3)
    snap = comparison.snapshot(live=False)
    assert snap["steps"] == 3 and snap["task"] == "sequence_classification"
    for cell, m in snap["cells"].items():
        assert m["steps"] == 3 and m["metrics_fresh"]
        assert 0 <= m["test_accuracy"] <= 1
        assert m["grad_norms"].shape == (6,)
        assert comparison.sessions[cell].network.layers[0].cell_name == cell


def test_cell_comparison_needs_a_recurrent_layer():
    with pytest.raises(ProjectError):
        CellComparison(default_project())
