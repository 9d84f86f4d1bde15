"""The command line on the new tasks: accuracy for classes, loss and R² for regression, the
real-data lessons' targets, and clear errors for bad data settings."""

from __future__ import annotations

import json

import pytest

from nnstudio.cli import main


def run_cli(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_digits_lesson_reaches_95_percent(capsys):
    code, out, err = run_cli(capsys, "train", "--lesson", "digits")
    assert code == 0, err
    assert json.loads(out)["test_accuracy"] >= 0.95


def test_iris_lesson_reaches_93_percent(capsys):
    code, out, err = run_cli(capsys, "train", "--lesson", "iris")
    assert code == 0, err
    assert json.loads(out)["test_accuracy"] >= 0.93


def test_regression_reports_loss_and_r2(capsys):
    code, out, err = run_cli(capsys, "train", "--lesson", "regression-sine", "--steps", "1500")
    assert code == 0, err
    result = json.loads(out)
    assert result["test_accuracy"] is None and result["test_loss"] < 0.1
    assert 0.8 < result["test_r2"] <= 1.0 and 0.8 < result["train_r2"] <= 1.0


def test_points_and_features_from_the_command_line(capsys):
    code, out, err = run_cli(capsys, "train", "--steps", "200", "--set", "dataset.name=points",
                             "--set", "dataset.points=[[0,0,0],[1,1,1],[0,1,0],[1,0,1]]",
                             "--set", "dataset.test_fraction=0",
                             "--set", "dataset.features.x1x2=true")
    assert code == 0, err
    assert json.loads(out)["train_accuracy"] is not None


@pytest.mark.parametrize("args, message", [
    (["--set", "dataset.name=points"], "dataset.points: 0 point(s); add at least 2"),
    (["--set", "dataset.points=[[1,2,0],[3]]"], "dataset.points[1]: 1 values"),
    (["--set", "dataset.points=oops"], "dataset.points: expected a JSON list"),
    (["--set", "dataset.classes=12"], "dataset.classes: 12 is above the maximum 8"),
    (["--lesson", "iris", "--set", "dataset.name=curve_sine"], "does not fit a regression"),
])
def test_bad_data_settings_exit_2_with_one_line(capsys, args, message):
    code, out, err = run_cli(capsys, "train", "--steps", "1", *args)
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], err
