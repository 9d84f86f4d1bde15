"""Sequence datasets and the bundled text (no Qt)."""

from __future__ import annotations

import numpy as np
import pytest

from nnstudio.engine.datasets.base import Dataset
from nnstudio.engine.datasets.sequences import (
    SEQUENCE_DATASETS,
    SEQUENCE_TASKS,
    SequenceDataset,
    adding,
    chars,
    delayed_recall,
    make_sequence,
    parity,
    sine,
)
from nnstudio.engine.datasets.text import (
    TEXTS,
    build_vocab,
    decode,
    encode,
    load_text,
    one_hot,
    sample_text,
    text_dir,
)

SMALL = {
    "sine": {"samples": 40, "seq_len": 12},
    "delayed_recall": {"samples": 40, "seq_len": 7, "symbols": 3},
    "adding": {"samples": 40, "seq_len": 10},
    "parity": {"samples": 40, "seq_len": 6},
    "chars": {"samples": 40, "seq_len": 16, "max_chars": 5000},
}


@pytest.mark.parametrize("name", sorted(SEQUENCE_DATASETS))
def test_registry_defaults_build_and_are_deterministic(name):
    label, description, defaults = SEQUENCE_DATASETS[name]
    assert label and description and "seed" in defaults and "test_fraction" in defaults
    assert "samples" in defaults and "seq_len" in defaults
    a = make_sequence(name, **SMALL[name])
    b = make_sequence(name, **SMALL[name])
    c = make_sequence(name, **SMALL[name], seed=1)
    assert isinstance(a, SequenceDataset) and isinstance(a, Dataset)
    assert a.task in SEQUENCE_TASKS and a.extent is None and a.name == name
    for f in ("X_train", "y_train", "X_test", "y_test"):
        np.testing.assert_array_equal(getattr(a, f), getattr(b, f))
    assert not np.array_equal(a.X_train, c.X_train)
    n = SMALL[name]["samples"]
    assert a.n_train + a.n_test == n and a.n_test > 0
    assert a.X_train.dtype == np.float64 and a.X_train.ndim == 3
    assert a.X_train.shape[1:] == (SMALL[name]["seq_len"], a.input_dim)
    assert a.seq_len == SMALL[name]["seq_len"]
    if a.task == "sequence_classification":
        assert a.y_train.dtype == np.int64 and a.n_classes == a.output_dim >= 2
        assert a.y_train.min() >= 0 and a.y_train.max() < a.n_classes
        assert a.loss_hint == "ce"
    else:
        assert a.y_train.dtype == np.float64 and a.n_classes == 0 and a.loss_hint == "mse"
    expected_y = (a.n_train, a.seq_len) if a.many_to_many else (a.n_train,)
    if a.task == "sequence_regression":
        expected_y = expected_y + (a.output_dim,)
    assert a.y_train.shape == expected_y


def test_make_sequence_refuses_unknown_names_and_params():
    with pytest.raises(ValueError, match="name"):
        make_sequence("stocks")
    with pytest.raises(ValueError, match="colour"):
        make_sequence("sine", colour=3)


@pytest.mark.parametrize(
    "fn,kwargs,match",
    [
        (sine, {"samples": 1}, "samples"),
        (sine, {"seq_len": 0}, "seq_len"),
        (sine, {"seq_len": 2.5}, "seq_len"),
        (sine, {"test_fraction": 0.95}, "test_fraction"),
        (sine, {"noise": -1}, "noise"),
        (delayed_recall, {"symbols": 1}, "symbols"),
        (delayed_recall, {"samples": True}, "samples"),
        (chars, {"seq_len": 400, "max_chars": 1000}, "seq_len"),
    ],
)
def test_bad_parameters_are_named(fn, kwargs, match):
    with pytest.raises(ValueError, match=match):
        fn(**kwargs)


def test_sequence_dataset_refuses_flat_tasks():
    x = np.zeros((2, 3, 1))
    with pytest.raises(ValueError, match="task"):
        SequenceDataset("s", "binary", x, np.zeros(2), x, np.zeros(2), 1, 1, 2)


def test_sine_targets_are_the_next_inputs():
    d = sine(samples=20, seq_len=15, test_fraction=0.0)
    np.testing.assert_allclose(d.X_train[:, 1:], d.y_train[:, :-1], atol=1e-15)
    assert d.many_to_many and d.y_train.shape == (20, 15, 1)
    assert np.all(np.abs(d.X_train) <= 1)
    noisy = sine(samples=20, seq_len=15, test_fraction=0.0, noise=0.1)
    assert not np.allclose(noisy.X_train[:, 1:], noisy.y_train[:, :-1])


def test_delayed_recall_label_is_the_first_symbol():
    d = delayed_recall(samples=200, seq_len=20, symbols=5, noise=0.0)
    np.testing.assert_array_equal(np.argmax(d.X_train[:, 0], axis=1), d.y_train)
    np.testing.assert_array_equal(d.X_train[:, 0].sum(axis=1), 1.0)
    assert np.all(d.X_train[:, 1:] == 0) and not d.many_to_many
    assert set(np.unique(d.y_train)) == set(range(5))
    noisy = delayed_recall(samples=50, seq_len=20, noise=1.0)
    assert noisy.X_train[:, 1:].std() == pytest.approx(1.0, rel=0.1)
    np.testing.assert_array_equal(np.argmax(noisy.X_train[:, 0], axis=1), noisy.y_train)


def test_adding_sums_the_two_marked_values():
    d = adding(samples=100, seq_len=12)
    marks = d.X_train[:, :, 1]
    np.testing.assert_array_equal(marks.sum(axis=1), 2.0)
    assert np.all(marks[:, :6].sum(axis=1) == 1)
    np.testing.assert_allclose(d.y_train[:, 0], np.sum(d.X_train[:, :, 0] * marks, axis=1))
    assert d.y_train.shape == (d.n_train, 1)


@pytest.mark.parametrize("m2m", [False, True])
def test_parity(m2m):
    d = parity(samples=100, seq_len=9, many_to_many=m2m)
    bits = d.X_train[:, :, 0].astype(int)
    running = np.cumsum(bits, axis=1) % 2
    np.testing.assert_array_equal(d.y_train, running if m2m else running[:, -1])
    assert d.many_to_many is m2m and set(np.unique(bits)) == {0, 1}


def test_chars_windows_and_vocab():
    d = chars(samples=30, seq_len=20, max_chars=20000, test_fraction=0.2, seed=3)
    assert d.vocab == build_vocab(load_text(max_chars=20000))
    assert d.input_dim == d.output_dim == d.n_classes == len(d.vocab)
    np.testing.assert_array_equal(d.X_train.sum(axis=2), 1.0)
    ids = np.argmax(d.X_train, axis=2)
    np.testing.assert_array_equal(ids[:, 1:], d.y_train[:, :-1])  # next-character labels
    text = load_text(max_chars=20000)
    for row_x, row_y in zip(ids, d.y_train, strict=True):
        window = decode(row_x, d.vocab) + d.vocab[row_y[-1]]
        assert window in text[:16000]  # train windows come from the first 80 %
    test_ids = np.argmax(d.X_test, axis=2)
    for row_x, row_y in zip(test_ids, d.y_test, strict=True):
        assert decode(row_x, d.vocab) + d.vocab[row_y[-1]] in text[16000:]
    low = chars(samples=10, seq_len=8, max_chars=5000, lowercase=True)
    assert low.vocab == low.vocab.lower()


def test_bundled_text_is_small_documented_and_plain():
    name = TEXTS["austen"][0]
    path = text_dir() / name
    assert path.stat().st_size <= 300 * 1024
    readme = (text_dir() / "README.md").read_text(encoding="utf-8")
    assert name in readme and "public domain" in readme.lower()
    text = load_text()
    assert text.startswith("PRIDE AND PREJUDICE") and text.isascii()
    assert "It is a truth universally acknowledged" in text
    with pytest.raises(ValueError, match="text"):
        load_text("ulysses")


def test_encode_decode_one_hot_roundtrip():
    vocab = build_vocab("hello world")
    ids = encode("hello", vocab)
    assert ids.dtype == np.int64 and decode(ids, vocab) == "hello"
    oh = one_hot(ids[None, :], len(vocab))
    assert oh.shape == (1, 5, len(vocab)) and oh.dtype == np.float64
    np.testing.assert_array_equal(np.argmax(oh, axis=-1)[0], ids)
    with pytest.raises(ValueError, match="z"):
        encode("zz", vocab)


def _cycle_model(vocab: str):
    """A fake model whose logits say 'the next character is the one after the last read'."""

    def predict(x: np.ndarray) -> np.ndarray:
        assert x.ndim == 3 and x.shape[0] == 1 and x.shape[2] == len(vocab)
        last = int(np.argmax(x[0, -1]))
        z = np.full((1, x.shape[1], len(vocab)), -5.0)
        z[0, -1, (last + 1) % len(vocab)] = 5.0
        return z

    return predict


def test_sample_text_greedy_and_temperature():
    vocab = "abcd"
    predict = _cycle_model(vocab)
    assert sample_text(predict, vocab, "a", 6, temperature=0) == "bcdabc"
    rng = np.random.default_rng(0)
    s1 = sample_text(predict, vocab, "ab", 200, temperature=5.0, rng=rng)
    s2 = sample_text(predict, vocab, "ab", 200, temperature=5.0, rng=np.random.default_rng(0))
    assert s1 == s2 and len(s1) == 200 and set(s1) <= set(vocab)
    assert len(set(s1)) == 4  # hot sampling leaves the greedy path
    cold = sample_text(predict, vocab, "a", 50, temperature=0.05, rng=rng)
    assert cold == ("bcda" * 13)[:50]

    def last_only(x):  # (1, V) logits are accepted too
        return predict(x)[:, -1]

    assert sample_text(last_only, vocab, "c", 3, temperature=0) == "dab"
    with pytest.raises(ValueError, match="seed_text"):
        sample_text(predict, vocab, "", 3)
    with pytest.raises(ValueError, match="temperature"):
        sample_text(predict, vocab, "a", 3, temperature=-1)


def test_sample_text_reads_a_bounded_context():
    vocab = "ab"
    seen = []

    def predict(x):
        seen.append(x.shape[1])
        return np.zeros((1, x.shape[1], 2))

    sample_text(predict, vocab, "a" * 10, 5, context=4)
    assert seen == [4] * 5
