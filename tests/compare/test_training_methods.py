"""Training methods outside the optimizers: the perceptron rule in a session and through the
command line, the threshold-unit design check, the new settings and the six lessons."""

from __future__ import annotations

import json

import pytest

from nnstudio.cli import main
from nnstudio.document.compile import make_dataset, task_info
from nnstudio.document.lessons import list_lessons, load_lesson
from nnstudio.document.settings import OPTIMIZER_CHOICES, SETTINGS
from nnstudio.document.validate import THRESHOLD_MESSAGE, check_design
from nnstudio.engine.optimizers import OPTIMIZER_INFO
from nnstudio.engine.perceptron import PerceptronTrainer
from nnstudio.session import TrainingSession

LESSONS = ("gd-vs-sgd", "momentum", "optimizer-race", "loss-landscape", "perceptron",
           "perceptron-xor")


def _issues(project):
    return check_design(project, task_info(make_dataset(project.settings)))


def test_perceptron_lesson_reaches_full_training_accuracy():
    project = load_lesson("perceptron")
    assert _issues(project) == []
    session = TrainingSession(project)
    assert isinstance(session.trainer, PerceptronTrainer)
    session.step(project.meta["steps"])
    metrics = session.metrics()
    assert metrics["train_accuracy"] == 1.0 and metrics["train_loss"] == 0.0
    assert session.trainer.converged
    snap = session.snapshot()
    assert snap["learning_rate"] == 1.0 and set(snap["surface"].ravel()) <= {0.0, 1.0}


def test_perceptron_fails_on_xor():
    project = load_lesson("perceptron-xor")
    session = TrainingSession(project)
    session.step(project.meta["steps"])
    assert session.metrics()["train_accuracy"] < 0.75
    assert not session.trainer.converged


def test_perceptron_settings_apply_live():
    project = load_lesson("perceptron")
    session = TrainingSession(project)
    settings = dict(project.settings)
    settings["training.learning_rate"] = 0.5
    settings["training.batch_size"] = 5
    session.apply_settings(settings)
    assert session.trainer.lr == 0.5 and session.trainer.batch_size == 5


def test_a_threshold_unit_under_gradient_descent_is_refused():
    project = load_lesson("perceptron")
    project.set("training.rule", "gradient")
    issues = check_design(project)  # needs no task: said before training starts
    assert [(i.node_id, i.message) for i in issues] == [("output", THRESHOLD_MESSAGE)]
    xor = load_lesson("xor")
    xor.set_param("dense1", "activation", "threshold")
    assert [(i.node_id, i.message) for i in check_design(xor)] == [("dense1", THRESHOLD_MESSAGE)]


def test_the_perceptron_rule_needs_one_threshold_layer():
    xor = load_lesson("xor")
    xor.set("training.rule", "perceptron")
    issues = {(i.node_id, i.message.split(":")[0]) for i in check_design(xor)}
    assert ("dense1", "The perceptron rule trains a single layer of threshold units") in issues
    assert ("output", "The perceptron rule needs threshold units") in issues
    project = load_lesson("perceptron")
    project.set("dataset.name", "spiral")  # any classification task is fine
    assert _issues(project) == []


def test_cli_trains_the_perceptron(capsys):
    assert main(["train", "--lesson", "perceptron"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["train_accuracy"] == 1.0 and result["steps"] == 1000
    assert main(["train", "--lesson", "perceptron-xor"]) == 0
    assert json.loads(capsys.readouterr().out)["train_accuracy"] < 0.75


def test_cli_explains_a_threshold_unit(capsys):
    code = main(["train", "--lesson", "perceptron", "--set", "training.rule=gradient"])
    assert code == 2
    assert "zero gradient everywhere" in capsys.readouterr().err


def test_cli_sets_the_optimizer_and_its_hyperparameters(capsys, monkeypatch):
    built = {}
    original = TrainingSession.__init__

    def spy(self, project, *args, **kwargs):
        original(self, project, *args, **kwargs)
        built["optimizer"] = self.trainer.optimizer

    monkeypatch.setattr(TrainingSession, "__init__", spy)
    assert main(["train", "--lesson", "xor", "--steps", "5", "--set", "training.optimizer=adam",
                 "--set", "training.adam.beta1=0.95", "--set", "training.adam.eps=1e-7",
                 "--set", "training.learning_rate=0.01"]) == 0
    opt = built["optimizer"]
    assert opt.name == "adam" and opt.lr == 0.01
    assert opt.hyper == {"beta1": 0.95, "beta2": 0.999, "eps": 1e-7}
    assert json.loads(capsys.readouterr().out)["steps"] == 5
    for name in OPTIMIZER_CHOICES:  # every optimizer and rule is reachable by --set
        assert main(["train", "--lesson", "xor", "--steps", "3",
                     "--set", f"training.optimizer={name}"]) == 0
    capsys.readouterr()


@pytest.mark.parametrize("override, field", [
    ("training.adam.eps=0", "training.adam.eps"),
    ("training.momentum.momentum=1.5", "training.momentum.momentum"),
    ("training.optimizer=lbfgs", "training.optimizer"),
    ("training.rule=hebb", "training.rule"),
])
def test_cli_refuses_bad_values_naming_the_key(capsys, override, field):
    assert main(["train", "--lesson", "xor", "--steps", "1", "--set", override]) == 2
    assert field in capsys.readouterr().err


def test_hyperparameter_settings_match_the_engine_ranges():
    for name, info in OPTIMIZER_INFO.items():
        for hyper, spec in info["hyper"].items():
            setting = SETTINGS[f"training.{name}.{hyper}"]
            assert (setting.default, setting.minimum, setting.maximum) == (
                spec["default"], spec["min"], spec["max"]), (name, hyper)
    lr = SETTINGS["training.learning_rate"]
    assert (lr.minimum, lr.maximum) == (1e-6, 10.0)


@pytest.mark.parametrize("name", LESSONS)
def test_lessons_load_explain_and_are_valid(name):
    assert name in {info.name for info in list_lessons()}
    project = load_lesson(name)
    text = project.meta["explanation"]
    for word in ("Try", "Watch", "Formula"):
        assert f"{word}" in text, (name, word)
    assert project.meta["steps"] > 0
    assert _issues(project) == []


def test_race_lesson_numbers():
    """The race lesson shows what the lecture says (measured: see docs/optimizers.md)."""
    from nnstudio.compare import RaceSession

    race = RaceSession(load_lesson("optimizer-race"), surface_resolution=0)
    race.step(1500)
    reached = race.reached
    assert reached["sgd"] is None  # plain SGD is still on its way
    for name in ("momentum", "nesterov", "rmsprop", "adam", "adagrad"):
        assert reached[name] is not None, name
    assert reached["momentum"] < reached["adam"] < reached["adagrad"]
