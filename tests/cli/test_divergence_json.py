"""A diverged run reports the same way whatever diverged — classification or regression,
feed-forward or recurrent, the loss or a weight first: ``diverged: true``, the step, and every
loss, R² and accuracy ``null``. Measured from the weights the overflowing step left, one set's
loss once came out NaN (null) and the other's a finite 1e305, depending on the data."""

from __future__ import annotations

import json
import math

import pytest

from nnstudio.cli import main
from nnstudio.document.lessons import load_lesson
from nnstudio.document.project import default_project
from nnstudio.session import TrainingSession

#: (lesson or None for the default project, settings): each diverges within STEPS
DIVERGING = {
    "classification, momentum, squared error": (None, {
        "training.optimizer": "momentum", "training.loss": "mse",
        "training.learning_rate": "10"}),
    "classification, full batch, nesterov": ("xor-hidden-layer", {
        "training.optimizer": "nesterov", "training.loss": "mse",
        "training.learning_rate": "2", "training.batch_size": "1000"}),
    "regression plane, lr 10": ("regression-plane", {"training.learning_rate": "10"}),
    "regression curve, momentum, full batch": ("regression-sine", {
        "training.optimizer": "momentum", "training.learning_rate": "5",
        "training.batch_size": "1000"}),
    "recurrent regression, full batch": ("rnn-unrolled", {
        "training.optimizer": "sgd", "training.learning_rate": "10",
        "training.batch_size": "1000"}),
    "gru, momentum, full batch": ("gru", {
        "training.optimizer": "momentum", "training.learning_rate": "5",
        "training.batch_size": "1000"}),
}
STEPS = 1000
MEASURED = ("train_loss", "test_loss", "train_accuracy", "test_accuracy", "train_r2",
            "test_r2")


def _no_nan(token):
    raise AssertionError(f"not JSON: {token}")


def _train(capsys, lesson, settings, steps=STEPS) -> dict:
    args = ["train", "--steps", str(steps)]
    if lesson:
        args += ["--lesson", lesson]
    for key, value in settings.items():
        args += ["--set", f"{key}={value}"]
    code = main(args)
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out, parse_constant=_no_nan)  # strict JSON: no NaN or Infinity


@pytest.mark.parametrize("case", sorted(DIVERGING))
def test_a_diverged_run_reports_every_measure_as_null(case, capsys):
    lesson, settings = DIVERGING[case]
    result = _train(capsys, lesson, settings)
    assert result["diverged"] is True
    step = result["diverged_step"]
    assert isinstance(step, int) and 0 < step <= STEPS and step == result["steps"]
    for key in MEASURED:
        if key in result:
            assert result[key] is None, (key, result)
    # the same keys as a run of the same design that did not diverge
    calm = _train(capsys, lesson, {k: v for k, v in settings.items()
                                   if k != "training.learning_rate"}, steps=5)
    assert calm["diverged"] is False and calm["diverged_step"] is None
    assert set(calm) == set(result)


@pytest.mark.parametrize("case", sorted(DIVERGING))
def test_after_divergence_no_view_gets_a_finite_loss(case):
    """The window's snapshots and the live metrics say the same as the JSON (NaN: no point on
    the loss curve far above the others)."""
    lesson, settings = DIVERGING[case]
    project = load_lesson(lesson) if lesson else default_project()
    for key, value in settings.items():
        project.set(key, value, from_text=True)
    session = TrainingSession(project)
    session.step(STEPS)
    assert session.diverged
    measures = [session.metrics(), session.snapshot()]
    if session.sequence is not None:
        measures.append(session.sequence.live_metrics())
    for metrics in measures:
        for key in MEASURED:
            value = metrics.get(key)
            assert value is None or (isinstance(value, float) and math.isnan(value)), \
                (key, value)
        assert metrics["train_accuracy"] is None and metrics["test_accuracy"] is None
