"""The generated code says what its ``forward`` returns, truly, for every lesson and both
languages: logits only where a cross-entropy takes them, a threshold layer's 0 or 1 for the
perceptron, the prediction ŷ for the squared error (the perceptron's code once said
"logits")."""

from __future__ import annotations

import ast
import importlib.util

import numpy as np
import pytest

from nnstudio.document.lessons import list_lessons, load_lesson
from nnstudio.export.code import export_code, generate
from nnstudio.session import TrainingSession

LESSONS = [info.name for info in list_lessons()]


def _session(lesson: str) -> TrainingSession:
    session = TrainingSession(load_lesson(lesson))
    session.step(3)
    return session


def _load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _claims(source: str) -> str:
    """What the module's docstring says about forward/predict (the line naming forward)."""
    doc = ast.get_docstring(ast.parse(source))
    lines = [line for line in doc.splitlines() if line.startswith("forward(x)")]
    assert len(lines) == 1, doc
    return lines[0]


@pytest.mark.parametrize("lesson", LESSONS)
@pytest.mark.parametrize("lang", ["numpy", "pytorch"])
def test_the_docstring_says_what_forward_returns(lesson, lang):
    session = _session(lesson)
    try:
        source, _ = generate(session, lang, lesson, weights="npz")
    except ValueError as exc:  # a layer kind with no code equivalent
        pytest.skip(str(exc))
    claims = _claims(source)
    loss = session.network.loss_name
    threshold = getattr(session.network.layers[-1], "activation", None) == "threshold"
    if loss in ("bce", "ce"):
        assert "logits" in claims, claims
        assert ("sigmoid" if loss == "bce" else "softmax") in claims, claims
    else:  # the squared error has no link: forward is the prediction itself
        assert "logit" not in source.lower(), claims  # nowhere in the code either
        assert "predict(x) returns the same" in claims, claims
    if threshold:
        assert "0 or 1" in claims and "threshold" in claims, claims
    else:
        assert "0 or 1" not in claims, claims
    if session.perceptron:
        assert "perceptron rule" in ast.get_docstring(ast.parse(source))


@pytest.mark.parametrize("lesson", ["perceptron", "perceptron-xor", "backpropagation",
                                    "regression-plane", "xor"])
def test_the_numpy_forward_returns_what_its_docstring_says(lesson, tmp_path):
    session = _session(lesson)
    out = tmp_path / f"code_{lesson.replace('-', '_')}.py"
    export_code(session, "numpy", out, lesson)
    module = _load(out, out.stem)
    X = session.dataset.X_test[:50]
    y = module.forward(X)
    claims = _claims(out.read_text(encoding="utf-8"))
    summary = module.forward.__doc__
    if "0 or 1" in claims:
        assert set(np.unique(y)) <= {0.0, 1.0}
        assert "0 or 1" in summary and "logit" not in summary
    if "predict(x) returns the same" in claims:
        np.testing.assert_array_equal(module.predict(X), y)
        assert "logit" not in summary
    if "logits" in claims:
        assert not np.allclose(module.predict(X), y)  # predict applies the link
        assert "logits" in summary
