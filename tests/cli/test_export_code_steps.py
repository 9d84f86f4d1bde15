"""`nnstudio export-code`: the network is trained as `train` and `export` train it (the
lesson's steps unless --steps says otherwise); it exported an untrained network (the circle's
code predicted 0.5 everywhere), and a diverged run said nothing."""

from __future__ import annotations

import re

import pytest

from nnstudio.cli import main


def exported_steps(path) -> int:
    match = re.search(r"after ([\d,]+) training steps", path.read_text(encoding="utf-8"))
    assert match, "the module says how long it was trained"
    return int(match.group(1).replace(",", ""))


@pytest.mark.parametrize("lesson, steps", [("circle", None), ("xor", 7)])
def test_the_lessons_steps_unless_told(tmp_path, capsys, lesson, steps):
    from nnstudio.document.lessons import load_lesson

    out = tmp_path / "net.py"
    args = ["export-code", "--lesson", lesson, "--lang", "numpy", "--out", str(out)]
    if steps is not None:
        args += ["--steps", str(steps)]
    assert main(args) == 0, capsys.readouterr().err
    expected = steps if steps is not None else int(load_lesson(lesson).meta.get("steps", 1000))
    assert exported_steps(out) == expected


def test_saved_weights_are_exported_as_they_are(tmp_path, capsys):
    from nnstudio.document.io import save_project
    from nnstudio.document.lessons import load_lesson
    from nnstudio.document.weights import save_weights, weights_path
    from nnstudio.session import TrainingSession

    project = load_lesson("xor")
    path = tmp_path / "mine.nnstudio"
    save_project(project, path)
    session = TrainingSession(project)
    session.step(25)
    save_weights(session.weights(), weights_path(str(path)), steps=session.steps)
    out = tmp_path / "mine.py"
    assert main(["export-code", str(path), "--lang", "numpy", "--out", str(out)]) == 0, \
        capsys.readouterr().err
    assert exported_steps(out) == 25


def test_a_diverged_run_is_said(tmp_path, capsys):
    out = tmp_path / "dv.py"
    assert main(["export-code", "--lesson", "circle", "--lang", "numpy", "--out", str(out),
                 "--set", "training.learning_rate=10", "--set", "training.loss=mse",
                 "--steps", "3000"]) == 0
    assert "diverged at step" in capsys.readouterr().err
