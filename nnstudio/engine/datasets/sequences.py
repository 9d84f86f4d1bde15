"""Sequence datasets for recurrent networks (numpy only).

Every builder takes ``samples``, ``seq_len`` (T), ``test_fraction`` and ``seed``; the same
arguments always give identical data and split. Inputs are float64 (N, T, input_dim).
Targets:

* many-to-many regression (``sine``): float64 (N, T, output_dim);
* many-to-one regression (``adding``): float64 (N, output_dim);
* many-to-one classification (``delayed_recall``, ``parity``): int64 (N,);
* many-to-many classification (``parity`` with many_to_many, ``chars``): int64 (N, T).

The datasets are ``SequenceDataset``: the shared ``Dataset`` plus ``many_to_many`` and
``vocab`` (``chars`` only), with ``task`` "sequence_regression" or
"sequence_classification" and ``extent`` None.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .base import Dataset, split_indices
from .text import build_vocab, encode, load_text, one_hot

__all__ = [
    "SEQUENCE_TASKS",
    "SEQUENCE_DATASETS",
    "SequenceDataset",
    "make_sequence",
    "sine",
    "delayed_recall",
    "adding",
    "parity",
    "chars",
]

SEQUENCE_TASKS = ("sequence_regression", "sequence_classification")


@dataclass
class SequenceDataset(Dataset):
    """A ``Dataset`` of sequences. ``many_to_many``: a target at every step (y has a T axis)
    rather than one per sequence; ``vocab``: the characters of a text dataset (index i is
    ``vocab[i]``), else None."""

    many_to_many: bool = False
    vocab: str | None = None

    def __post_init__(self) -> None:
        if self.task not in SEQUENCE_TASKS:
            raise ValueError(f"task: must be one of {SEQUENCE_TASKS}, got {self.task!r}")

    @property
    def seq_len(self) -> int:
        return int(self.X_train.shape[1])

    @property
    def loss_hint(self) -> str:
        """mse for sequence regression, ce (softmax cross-entropy) for classification."""
        return "mse" if self.task == "sequence_regression" else "ce"


def _check_int(name: str, value, lo: int, hi: int) -> int:
    if isinstance(value, bool) or int(value) != value or not lo <= value <= hi:
        raise ValueError(f"{name}: must be an integer in [{lo}, {hi}], got {value!r}")
    return int(value)


def _check_common(samples, seq_len, test_fraction, min_len: int = 2) -> tuple[int, int]:
    samples = _check_int("samples", samples, 2, 100_000)
    seq_len = _check_int("seq_len", seq_len, min_len, 1000)
    if not (0.0 <= test_fraction <= 0.9):
        raise ValueError(f"test_fraction: must be in [0, 0.9], got {test_fraction!r}")
    return samples, seq_len


def _split(name, task, X, y, rng, test_fraction, output_dim, n_classes, many_to_many, vocab=None):
    tr, te = split_indices(X.shape[0], test_fraction, rng)
    return SequenceDataset(
        name=name,
        task=task,
        X_train=np.ascontiguousarray(X[tr]),
        y_train=np.ascontiguousarray(y[tr]),
        X_test=np.ascontiguousarray(X[te]),
        y_test=np.ascontiguousarray(y[te]),
        input_dim=int(X.shape[2]),
        output_dim=output_dim,
        n_classes=n_classes,
        extent=None,
        many_to_many=many_to_many,
        vocab=vocab,
    )


def sine(
    samples: int = 256,
    seq_len: int = 30,
    noise: float = 0.0,
    test_fraction: float = 0.25,
    seed: int = 0,
) -> SequenceDataset:
    """Next-step prediction of sine waves (many-to-many regression).

    Each sequence is s_t = sin(ω t + φ), t = 0..T, with ω ~ U(0.1, 0.6) rad per step and
    φ ~ U(0, 2π). X (N, T, 1) = s_0..s_{T-1} plus N(0, noise²) observation noise;
    y (N, T, 1) = the clean s_1..s_T.
    """
    samples, seq_len = _check_common(samples, seq_len, test_fraction)
    if not 0.0 <= noise <= 1.0:
        raise ValueError(f"noise: must be in [0, 1], got {noise!r}")
    rng = np.random.default_rng(seed)
    omega = rng.uniform(0.1, 0.6, (samples, 1))
    phase = rng.uniform(0.0, 2 * np.pi, (samples, 1))
    s = np.sin(omega * np.arange(seq_len + 1) + phase)
    X = s[:, :-1, None] + (rng.normal(0.0, noise, (samples, seq_len, 1)) if noise > 0 else 0.0)
    y = s[:, 1:, None]
    return _split("sine", "sequence_regression", X, y, rng, test_fraction, 1, 0, True)


def delayed_recall(
    samples: int = 512,
    seq_len: int = 10,
    symbols: int = 4,
    noise: float = 1.0,
    test_fraction: float = 0.25,
    seed: int = 0,
) -> SequenceDataset:
    """Remember the first symbol over T steps (many-to-one classification, K = symbols).

    X (N, T, K): step 0 is the one-hot of a symbol drawn uniformly from K; steps 1..T-1
    are blank (zeros) plus N(0, noise²) on every channel (noise 0: truly blank).
    y (N,) int64: the first symbol. Chance accuracy is 1/K. The gradient must travel
    T-1 steps back through noisy steps: with the default noise 1, a plain tanh RNN stays
    at chance at T = 20 where an LSTM reaches ~98 % (see docs/recurrent.md). On blank
    steps (noise 0) even a plain RNN solves T = 30.
    """
    samples, seq_len = _check_common(samples, seq_len, test_fraction)
    symbols = _check_int("symbols", symbols, 2, 26)
    if not 0.0 <= noise <= 1.0:
        raise ValueError(f"noise: must be in [0, 1], got {noise!r}")
    rng = np.random.default_rng(seed)
    y = rng.integers(0, symbols, samples)
    X = np.zeros((samples, seq_len, symbols))
    X[np.arange(samples), 0, y] = 1.0
    if noise > 0:
        X[:, 1:] += rng.normal(0.0, noise, (samples, seq_len - 1, symbols))
    return _split(
        "delayed_recall",
        "sequence_classification",
        X,
        y.astype(np.int64),
        rng,
        test_fraction,
        symbols,
        symbols,
        False,
    )


def adding(
    samples: int = 512,
    seq_len: int = 20,
    test_fraction: float = 0.25,
    seed: int = 0,
) -> SequenceDataset:
    """The adding problem (Hochreiter & Schmidhuber 1997), many-to-one regression.

    X (N, T, 2): channel 0 holds values U(0, 1); channel 1 marks two steps with 1, one in
    the first half and one in the second. y (N, 1) = the sum of the two marked values.
    Always answering 1 gives a mean squared error of 1/6: a model must beat that.
    """
    samples, seq_len = _check_common(samples, seq_len, test_fraction)
    rng = np.random.default_rng(seed)
    values = rng.uniform(0.0, 1.0, (samples, seq_len))
    half = seq_len // 2
    first = rng.integers(0, half, samples)
    second = rng.integers(half, seq_len, samples)
    marks = np.zeros((samples, seq_len))
    rows = np.arange(samples)
    marks[rows, first] = 1.0
    marks[rows, second] = 1.0
    X = np.stack([values, marks], axis=2)
    y = (values[rows, first] + values[rows, second]).reshape(-1, 1)
    return _split("adding", "sequence_regression", X, y, rng, test_fraction, 1, 0, False)


def parity(
    samples: int = 512,
    seq_len: int = 8,
    many_to_many: bool = False,
    test_fraction: float = 0.25,
    seed: int = 0,
) -> SequenceDataset:
    """Parity of a bit stream (classification, 2 classes).

    X (N, T, 1) bits in {0, 1}. many_to_many: y (N, T) int64, the running parity
    (XOR of bits 0..t) at every step; else y (N,) int64, the parity of the whole sequence.
    The running version is easy (one XOR per step); the final-only one is hard for long T.
    """
    samples, seq_len = _check_common(samples, seq_len, test_fraction, min_len=1)
    rng = np.random.default_rng(seed)
    bits = rng.integers(0, 2, (samples, seq_len))
    running = (np.cumsum(bits, axis=1) % 2).astype(np.int64)
    y = running if many_to_many else running[:, -1]
    X = bits[:, :, None].astype(np.float64)
    return _split(
        "parity", "sequence_classification", X, y, rng, test_fraction, 2, 2, bool(many_to_many)
    )


def chars(
    samples: int = 512,
    seq_len: int = 32,
    text: str = "austen",
    max_chars: int | None = None,
    lowercase: bool = False,
    test_fraction: float = 0.1,
    seed: int = 0,
) -> SequenceDataset:
    """Character-level language model on a bundled text (many-to-many classification).

    The vocabulary (``vocab``) is the sorted set of characters of the (possibly
    truncated, lower-cased) text. Train windows start at random positions in the first
    1 - test_fraction of the text, test windows in the rest, so they never overlap.
    X (N, T, V) one-hot of characters c_s..c_{s+T-1}; y (N, T) int64 = c_{s+1}..c_{s+T}.
    """
    samples, seq_len = _check_common(samples, seq_len, test_fraction, min_len=1)
    body = load_text(text, max_chars=max_chars, lowercase=lowercase)
    vocab = build_vocab(body)
    ids = encode(body, vocab)
    rng = np.random.default_rng(seed)
    n_test = min(int(round(samples * test_fraction)), samples - 1)
    n_train = samples - n_test
    cut = int(round(len(ids) * (1.0 - test_fraction)))
    regions = [(0, cut, n_train), (cut, len(ids), n_test)]
    parts = []
    for lo, hi, n in regions:
        span = hi - lo - seq_len  # window of seq_len + 1 characters fits from lo..lo+span-1
        if n > 0 and span < 1:
            raise ValueError(
                f"seq_len: {seq_len} is too long for a text region of {hi - lo} characters"
            )
        starts = lo + rng.integers(0, max(span, 1), n)
        windows = ids[starts[:, None] + np.arange(seq_len + 1)]
        parts.append((one_hot(windows[:, :-1], len(vocab)), windows[:, 1:].astype(np.int64)))
    (Xtr, ytr), (Xte, yte) = parts
    return SequenceDataset(
        name="chars",
        task="sequence_classification",
        X_train=Xtr,
        y_train=ytr,
        X_test=Xte,
        y_test=yte,
        input_dim=len(vocab),
        output_dim=len(vocab),
        n_classes=len(vocab),
        extent=None,
        many_to_many=True,
        vocab=vocab,
    )


#: name → (label, description, default parameters)
SEQUENCE_DATASETS: dict[str, tuple[str, str, dict]] = {
    "sine": (
        "Sine waves",
        "Predict the next value of a sine wave of random frequency and phase.",
        {"samples": 256, "seq_len": 30, "noise": 0.0, "test_fraction": 0.25, "seed": 0},
    ),
    "delayed_recall": (
        "Delayed recall",
        "Remember the symbol shown at the first step, through noisy steps, and name it "
        "at the end: long memory; at T = 20 a plain RNN fails where an LSTM succeeds.",
        {
            "samples": 512,
            "seq_len": 10,
            "symbols": 4,
            "noise": 1.0,
            "test_fraction": 0.25,
            "seed": 0,
        },
    ),
    "adding": (
        "Adding problem",
        "Add the two values marked in a stream of random numbers (answer at the end).",
        {"samples": 512, "seq_len": 20, "test_fraction": 0.25, "seed": 0},
    ),
    "parity": (
        "Parity",
        "Is the number of ones in a bit stream odd? At the end, or at every step.",
        {"samples": 512, "seq_len": 8, "many_to_many": False, "test_fraction": 0.25, "seed": 0},
    ),
    "chars": (
        "Characters (Jane Austen)",
        "Character-level language model on Pride and Prejudice: predict the next "
        "character, then let the network write.",
        {
            "samples": 512,
            "seq_len": 32,
            "text": "austen",
            "max_chars": None,
            "lowercase": False,
            "test_fraction": 0.1,
            "seed": 0,
        },
    ),
}

_BUILDERS = {
    "sine": sine,
    "delayed_recall": delayed_recall,
    "adding": adding,
    "parity": parity,
    "chars": chars,
}


def make_sequence(name: str, **params) -> SequenceDataset:
    """Build the sequence dataset ``name`` with its defaults overridden by ``params``."""
    if name not in _BUILDERS:
        raise ValueError(
            f"name: unknown sequence dataset {name!r} (choose from {', '.join(_BUILDERS)})"
        )
    defaults = dict(SEQUENCE_DATASETS[name][2])
    unknown = set(params) - set(defaults)
    if unknown:
        raise ValueError(f"{sorted(unknown)[0]}: not a parameter of {name!r}")
    defaults.update(params)
    return _BUILDERS[name](**defaults)
