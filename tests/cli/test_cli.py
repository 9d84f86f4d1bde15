"""The command line: train, lessons and bad input (export is tested in test_cli_export.py)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from nnstudio.cli import main
from nnstudio.document.io import dumps
from nnstudio.document.project import default_project


def run_cli(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_train_circle_reaches_the_target(capsys):
    code, out, err = run_cli(capsys, "train", "--lesson", "circle", "--steps", "3000")
    assert code == 0, err
    result = json.loads(out)
    for key in ("steps", "epochs", "train_loss", "test_loss", "train_accuracy", "test_accuracy",
                "diverged"):
        assert key in result
    assert result["steps"] == 3000
    assert result["test_accuracy"] >= 0.95
    assert result["diverged"] is False


def test_spiral_lesson_reaches_its_target(capsys):
    code, out, err = run_cli(capsys, "train", "--lesson", "spiral")
    assert code == 0, err
    assert json.loads(out)["test_accuracy"] >= 0.9


def test_train_file_with_overrides_and_seed(capsys, tmp_path):
    path = tmp_path / "p.nnstudio"
    path.write_text(dumps(default_project()), encoding="utf-8")
    code, out, _ = run_cli(capsys, "train", str(path), "--steps", "50", "--seed", "3",
                           "--set", "training.learning_rate=0.1", "--set", "dataset.name=xor")
    assert code == 0
    a = json.loads(out)
    code, out, _ = run_cli(capsys, "train", str(path), "--steps", "50", "--seed", "3",
                           "--set", "training.learning_rate=0.1", "--set", "dataset.name=xor")
    b = json.loads(out)
    a.pop("seconds"), b.pop("seconds")
    assert a == b  # same seed, same run
    code, out, _ = run_cli(capsys, "train", str(path), "--steps", "50", "--seed", "4",
                           "--set", "training.learning_rate=0.1", "--set", "dataset.name=xor")
    assert json.loads(out)["train_loss"] != a["train_loss"]


def test_divergence_is_reported(capsys):
    code, out, _ = run_cli(capsys, "train", "--steps", "2000", "--set", "training.loss=mse",
                           "--set", "training.learning_rate=10", "--set",
                           "training.optimizer=momentum")
    result = json.loads(out)
    assert code == 0
    assert result["diverged"] is True and result["diverged_step"] > 0
    assert result["train_loss"] is None  # JSON has no NaN


def test_lessons_lists_the_basics(capsys):
    code, out, _ = run_cli(capsys, "lessons")
    assert code == 0
    names = [line.split()[0] for line in out.splitlines()]
    assert {"circle", "xor", "gaussians", "spiral"} <= set(names)
    # titles start in one column, also after the longest name
    starts = {line.index(line.split()[1]) for line in out.splitlines()}
    assert len(starts) == 1


BAD_INPUT = [
    (["train", "missing.nnstudio"], "does not exist"),
    (["train", "--set", "training.batch_size=abc"], "training.batch_size"),
    (["train", "--set", "training.batch_size=0"], "training.batch_size"),
    (["train", "--set", "training.nope=1"], "training.nope"),
    (["train", "--set", "novalue"], "KEY=VALUE"),
    (["train", "--set", "dataset.name=mnist"], "dataset.name"),
    (["train", "--steps", "many"], "steps"),
    (["train", "--steps", "-5"], "steps"),
    (["train", "--lesson", "nope"], "nope"),
    (["train", "--frobnicate"], "frobnicate"),
    (["export", "--figure", "nope", "--out", "x.png"], "figure"),
    (["export", "--figure", "loss", "--out", "x.jpg"], "x.jpg"),
    (["export", "--figure", "loss"], "--out"),
    (["export", "--figure", "loss", "--out", "x.png", "--width", "0"], "width"),
    (["lessons", "extra"], "extra"),
]


@pytest.mark.parametrize("args,needle", BAD_INPUT)
def test_bad_input_exits_2_with_one_line(capsys, args, needle):
    code, out, err = run_cli(capsys, *args)
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert needle in lines[0]
    assert "Traceback" not in err


def test_malformed_file_exits_2(capsys, tmp_path):
    path = tmp_path / "bad.nnstudio"
    path.write_text("{ not json", encoding="utf-8")
    code, _, err = run_cli(capsys, "train", str(path))
    assert code == 2 and "not valid JSON" in err and len(err.strip().splitlines()) == 1


def test_invalid_design_exits_2(capsys, tmp_path):
    project = default_project()
    project.remove_edge("dense2", "output")
    path = tmp_path / "open.nnstudio"
    path.write_text(dumps(project), encoding="utf-8")
    code, _, err = run_cli(capsys, "train", str(path))
    assert code == 2 and "Disconnected" in err


def test_entry_point_runs_as_a_program():
    result = subprocess.run([sys.executable, "-m", "nnstudio", "train", "--steps", "10"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["steps"] == 10
