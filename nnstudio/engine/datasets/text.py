"""Bundled text, character vocabularies and sampling from a character-level model.

Numpy only. The text lives in ``resources/text/`` (see its README for the source and
licence). A vocabulary is a string of distinct characters in sorted order; character
``vocab[i]`` is class / one-hot index ``i``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

from nnstudio.resources_path import resource

__all__ = [
    "TEXTS",
    "text_dir",
    "load_text",
    "build_vocab",
    "encode",
    "decode",
    "one_hot",
    "sample_text",
]

#: name → (file in resources/text, display label)
TEXTS: dict[str, tuple[str, str]] = {
    "austen": (
        "pride_and_prejudice_ch1-28.txt",
        "Jane Austen, Pride and Prejudice (1813), chapters 1–28",
    ),
}


def text_dir() -> Path:
    """``resources/text`` (see :mod:`nnstudio.resources_path`)."""
    return resource("text")


def load_text(name: str = "austen", max_chars: int | None = None, lowercase: bool = False) -> str:
    """The bundled text ``name`` (first ``max_chars`` characters if given)."""
    if name not in TEXTS:
        raise ValueError(f"text: unknown text {name!r} (choose from {', '.join(TEXTS)})")
    text = (text_dir() / TEXTS[name][0]).read_text(encoding="utf-8")
    if max_chars is not None:
        if max_chars < 2:
            raise ValueError(f"max_chars: need at least 2 characters, got {max_chars}")
        text = text[: int(max_chars)]
    return text.lower() if lowercase else text


def build_vocab(text: str) -> str:
    """The sorted distinct characters of ``text``."""
    return "".join(sorted(set(text)))


def encode(text: str, vocab: str) -> np.ndarray:
    """Characters → int64 indices (len(text),); unknown characters raise ValueError."""
    lookup = {ch: i for i, ch in enumerate(vocab)}
    missing = sorted({ch for ch in text if ch not in lookup})
    if missing:
        raise ValueError(f"text: characters not in the vocabulary: {''.join(missing)!r}")
    return np.fromiter((lookup[ch] for ch in text), dtype=np.int64, count=len(text))


def decode(indices: np.ndarray, vocab: str) -> str:
    """int indices → string."""
    return "".join(vocab[int(i)] for i in np.asarray(indices).reshape(-1))


def one_hot(indices: np.ndarray, size: int) -> np.ndarray:
    """int array of any shape S → float64 one-hot of shape S + (size,)."""
    indices = np.asarray(indices, dtype=np.int64)
    out = np.zeros(indices.shape + (size,))
    np.put_along_axis(out, indices[..., None], 1.0, axis=-1)
    return out


def sample_text(
    predict_fn: Callable[[np.ndarray], np.ndarray],
    vocab: str,
    seed_text: str,
    length: int,
    temperature: float = 1.0,
    rng: np.random.Generator | None = None,
    context: int = 64,
) -> str:
    """Generate ``length`` characters after ``seed_text`` with a character-level model.

    ``predict_fn`` maps a one-hot batch (1, T, V) to next-character logits, either
    (1, T, V) (the last step is used) or (1, V). At each step the model reads the last
    ``context`` characters generated so far (seed included). The next character is drawn
    from softmax(logits / temperature) with ``rng``; ``temperature`` 0 takes the argmax.
    Returns the generated characters only (without the seed).
    """
    if not seed_text:
        raise ValueError("seed_text: needs at least one character")
    if temperature < 0:
        raise ValueError(f"temperature: must be ≥ 0, got {temperature}")
    if length < 0:
        raise ValueError(f"length: must be ≥ 0, got {length}")
    rng = rng if rng is not None else np.random.default_rng(0)
    V = len(vocab)
    ids = list(encode(seed_text, vocab))
    out: list[int] = []
    for _ in range(int(length)):
        window = np.asarray(ids[-context:], dtype=np.int64)
        logits = np.asarray(predict_fn(one_hot(window[None, :], V)), dtype=np.float64)
        z = logits[0, -1] if logits.ndim == 3 else logits[0]
        if temperature == 0:
            nxt = int(np.argmax(z))
        else:
            z = z / temperature
            p = np.exp(z - np.max(z))
            p /= p.sum()
            nxt = int(rng.choice(V, p=p))
        ids.append(nxt)
        out.append(nxt)
    return decode(np.asarray(out, dtype=np.int64), vocab)
