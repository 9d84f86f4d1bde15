"""The bug classes a new user reported (fixed in e4ee636), each tested as a class, not as the
one case reported, so that reverting a fix fails here:

* numbers in a project file given as text (``"batch_size": "4"``) are refused naming the field
  (``ParamSpec.coerce(from_text=False)``) — every number setting and layer parameter; only
  ``--set`` parses text;
* huge integers (``10**400``, or more than 4300 digits) are refused with a ProjectError — in
  every number setting, a layer position, data points and the meta keys;
* a UTF-8 BOM (Windows Notepad) is fine, in the app's loader and on the command line;
* saved files respect the umask (0644 under umask 022), not mkstemp's 0600 — projects,
  weights, exported code;
* ``--out`` in a missing folder fails before training, exit 2 and one line — every verb
  with ``--out``;
* ``--steps 0``, huge and ``1_000`` step counts are refused — every verb with ``--steps``, and
  ``meta.steps`` in a file;
* after divergence there is no accuracy next to the NaN loss, and ``train`` reports
  ``diverged: true`` with the step (classification and a regression lesson).
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys

import numpy as np
import pytest

from nnstudio.cli import build_parser, main
from nnstudio.document.errors import ProjectError
from nnstudio.document.io import MAX_STEPS, dumps, load_project, loads, save_project
from nnstudio.document.project import Project, default_project
from nnstudio.document.registry import LAYER_TYPES
from nnstudio.document.settings import SETTINGS
from nnstudio.document.weights import save_weights
from nnstudio.session import TrainingSession

NUMBER_SETTINGS = sorted(k for k, s in SETTINGS.items() if s.kind in ("int", "float"))
BOOL_SETTINGS = sorted(k for k, s in SETTINGS.items() if s.kind == "bool")
LAYER_NUMBER_PARAMS = sorted((t.id, p.name) for t in LAYER_TYPES.values() for p in t.params
                             if p.kind in ("int", "float"))


def project_dict() -> dict:
    return json.loads(dumps(default_project()))


def with_setting(data: dict, key: str, value) -> dict:
    target = data
    parts = key.split(".")
    for part in parts[:-1]:
        target = target.setdefault(part, {})
    target[parts[-1]] = value
    return data


def refused(text: str) -> ProjectError:
    with pytest.raises(ProjectError) as info:
        loads(text)
    return info.value


def run_cli(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def one_line_exit_2(code, out, err, needle: str) -> None:
    assert code == 2, err
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert needle in lines[0], lines[0]
    assert "Traceback" not in err


# --------------------------------------------------------------------------- numbers as text
@pytest.mark.parametrize("key", NUMBER_SETTINGS)
def test_a_number_setting_given_as_text_in_a_file_is_refused_naming_it(key):
    spec = SETTINGS[key]
    data = with_setting(project_dict(), key, str(spec.default))
    error = refused(json.dumps(data))
    assert error.field == key
    assert "text" in error.message
    # the same value as a number loads, and --set-style text is still parsed
    assert loads(json.dumps(with_setting(project_dict(), key, spec.default))).get(key) == \
        spec.default
    project = default_project()
    project.set(key, str(spec.default), from_text=True)
    assert project.get(key) == spec.default


@pytest.mark.parametrize("key", BOOL_SETTINGS)
@pytest.mark.parametrize("text", ["true", "false", "1", "yes"])
def test_a_true_false_setting_given_as_text_in_a_file_is_refused(key, text):
    error = refused(json.dumps(with_setting(project_dict(), key, text)))
    assert error.field == key


@pytest.mark.parametrize("type_id,name", LAYER_NUMBER_PARAMS)
def test_a_layer_number_given_as_text_in_a_file_is_refused_naming_it(type_id, name):
    data = project_dict()
    spec = LAYER_TYPES[type_id].param(name)
    node = {"id": "extra", "type": type_id, "params": {name: str(spec.default)},
            "position": [0, 0]}
    data["network"]["nodes"].append(node)
    error = refused(json.dumps(data))
    index = len(data["network"]["nodes"]) - 1
    assert error.field == f"network.nodes[{index}].params.{name}"


def test_set_on_the_command_line_still_parses_text(capsys):
    code, out, err = run_cli(capsys, "train", "--steps", "3", "--set", "training.batch_size=4",
                             "--set", "dataset.noise=0.2", "--set", "dataset.standardize=yes")
    assert code == 0, err
    assert json.loads(out)["steps"] == 3


# --------------------------------------------------------------------------- huge integers
HUGE = 10**400


@pytest.mark.parametrize("key", NUMBER_SETTINGS)
def test_a_huge_integer_in_any_number_setting_is_refused_naming_it(key):
    for value in (HUGE, -HUGE):
        error = refused(json.dumps(with_setting(project_dict(), key, value)))
        assert error.field == key
        assert len(str(error)) < 200  # the digits are not dumped into the message


@pytest.mark.parametrize("where", ["position", "points", "meta.order", "meta.steps", "units",
                                   "version"])
def test_a_huge_integer_anywhere_else_is_refused_naming_the_field(where):
    data = project_dict()
    if where == "position":
        data["network"]["nodes"][1]["position"] = [HUGE, 0]
        field = "network.nodes[1].position"
    elif where == "points":
        data["dataset"].update(name="points", points=[[HUGE, 1.0], [0.0, 1.0]])
        field = "dataset.points[0][0]"
    elif where.startswith("meta."):
        data["meta"][where[5:]] = HUGE
        field = where
    elif where == "units":
        data["network"]["nodes"][1]["params"]["units"] = HUGE
        field = "network.nodes[1].params.units"
    else:
        data["version"] = HUGE
        field = "version"
    error = refused(json.dumps(data))
    assert error.field == field
    assert len(str(error)) < 200


@pytest.mark.parametrize("digits", [4_301, 10_000, 1_000_000])
def test_an_integer_python_will_not_read_is_refused_as_a_file_error(digits):
    text = json.dumps(project_dict()).replace('"batch_size": 10', '"batch_size": 1' + "0" * digits)
    error = refused(text)
    assert error.field == "file" and error.message


def test_a_huge_integer_on_the_command_line_is_refused(capsys):
    code, out, err = run_cli(capsys, "train", "--set", "training.learning_rate=1" + "0" * 400)
    one_line_exit_2(code, out, err, "training.learning_rate")


# --------------------------------------------------------------------------- BOM
def test_a_file_with_a_utf8_bom_loads_in_the_app_and_on_the_command_line(tmp_path, capsys):
    project = default_project()
    project.meta["title"] = "Kreis ö"
    path = tmp_path / "notepad.nnstudio"
    path.write_bytes(b"\xef\xbb\xbf" + dumps(project).encode("utf-8"))
    loaded = load_project(path)
    assert isinstance(loaded, Project) and loaded.meta["title"] == "Kreis ö"
    assert dumps(loaded) == dumps(project)
    code, out, err = run_cli(capsys, "train", path, "--steps", "2")
    assert code == 0, err and json.loads(out)["steps"] == 2
    # a BOM is not a licence for other encodings: UTF-16 stays refused, naming the file
    path.write_bytes(dumps(project).encode("utf-16"))
    with pytest.raises(ProjectError) as info:
        load_project(path)
    assert info.value.field == "file"


# --------------------------------------------------------------------------- file modes
@pytest.fixture
def umask():
    def set_umask(mask: int) -> None:
        os.umask(mask)

    old = os.umask(0o022)
    os.umask(old)
    yield set_umask
    os.umask(old)


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def _writers(tmp_path):
    session = TrainingSession(default_project())
    return {
        "project": lambda p: save_project(default_project(), p),
        "weights": lambda p: save_weights(session.weights(), p, steps=3),
    }


@pytest.mark.parametrize("writer", ["project", "weights"])
@pytest.mark.parametrize("mask,expected", [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_saved_files_respect_the_umask(tmp_path, umask, writer, mask, expected):
    umask(mask)
    path = tmp_path / f"saved.{writer}"
    _writers(tmp_path)[writer](path)
    assert _mode(path) == expected
    # saving again keeps a mode the user chose
    os.chmod(path, 0o640)
    _writers(tmp_path)[writer](path)
    assert _mode(path) == 0o640
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp file left


def test_exported_code_respects_the_umask(tmp_path, umask, capsys):
    umask(0o022)
    out = tmp_path / "net.py"
    code, printed, err = run_cli(capsys, "export-code", "--lang", "numpy", "--out", out,
                                 "--steps", "1")
    assert code == 0, err
    assert _mode(out) == 0o644


# --------------------------------------------------------------------------- --out checked first
OUT_VERBS = {"export": ["--figure", "loss"], "export-code": ["--lang", "numpy"]}


def test_every_verb_with_out_is_covered():
    verbs = {verb for verb, parser in build_parser().items()
             if any("--out" in a.option_strings for a in parser._actions)}
    assert verbs == set(OUT_VERBS)


@pytest.mark.parametrize("verb", sorted(OUT_VERBS))
@pytest.mark.parametrize("case", ["missing folder", "a folder"])
def test_out_is_checked_before_training(verb, case, tmp_path, capsys, monkeypatch):
    def no_training(*_args, **_kwargs):
        raise AssertionError("trained before checking --out")

    monkeypatch.setattr(TrainingSession, "step", no_training)
    monkeypatch.setattr(TrainingSession, "__init__", no_training)
    ext = ".png" if verb == "export" else ".py"
    if case == "missing folder":
        out, needle = tmp_path / "missing" / f"x{ext}", "does not exist"
    else:
        out = tmp_path / f"folder{ext}"
        out.mkdir()
        needle = "is a folder"
    code, printed, err = run_cli(capsys, verb, *OUT_VERBS[verb], "--out", out,
                                 "--steps", "100000")
    one_line_exit_2(code, printed, err, needle)
    assert "--out" in err


# --------------------------------------------------------------------------- step bounds
STEP_VERBS = {"train": [], "export": ["--figure", "loss", "--out", "x.png"],
              "export-code": ["--lang", "numpy", "--out", "x.py"]}


def test_every_verb_with_steps_is_covered():
    verbs = {verb for verb, parser in build_parser().items()
             if any("--steps" in a.option_strings for a in parser._actions)}
    assert verbs == set(STEP_VERBS)


@pytest.mark.parametrize("verb", sorted(STEP_VERBS))
@pytest.mark.parametrize("steps", ["0", str(MAX_STEPS + 1), "1" + "0" * 30, "1" + "0" * 5000,
                                   "1_000", "-3", "2.5"])
def test_step_counts_out_of_bounds_are_refused(verb, steps, capsys, monkeypatch):
    monkeypatch.setattr(TrainingSession, "__init__", lambda *a: pytest.fail("trained"))
    code, out, err = run_cli(capsys, verb, *STEP_VERBS[verb], "--steps", steps)
    one_line_exit_2(code, out, err, "--steps")
    assert len(err) < 200


@pytest.mark.parametrize("steps", [0, -1, MAX_STEPS + 1, 10**30])
def test_step_counts_out_of_bounds_in_a_file_are_refused(steps):
    data = project_dict()
    data["meta"]["steps"] = steps
    assert refused(json.dumps(data)).field == "meta.steps"
    data["meta"]["steps"] = MAX_STEPS
    assert loads(json.dumps(data)).meta["steps"] == MAX_STEPS


# --------------------------------------------------------------------------- divergence
def test_after_divergence_there_is_no_accuracy(capsys):
    code, out, err = run_cli(capsys, "train", "--steps", "2000", "--set", "training.loss=mse",
                             "--set", "training.learning_rate=10", "--set",
                             "training.optimizer=momentum")
    assert code == 0, err
    result = json.loads(out)
    assert result["diverged"] is True and result["diverged_step"] > 0
    assert result["train_accuracy"] is None and result["test_accuracy"] is None
    # and in the session's snapshots, which the window draws
    project = default_project()
    for key, value in (("training.loss", "mse"), ("training.learning_rate", 10.0),
                       ("training.optimizer", "momentum")):
        project.set(key, value)
    session = TrainingSession(project)
    session.step(2000)
    assert session.diverged
    snap = session.snapshot()
    assert snap["train_accuracy"] is None and snap["test_accuracy"] is None


def test_a_regression_lesson_diverges_with_a_huge_learning_rate_and_says_when(capsys):
    code, out, err = run_cli(capsys, "train", "--lesson", "regression-plane", "--steps", "5000",
                             "--set", "training.learning_rate=10")
    assert code == 0, err
    result = json.loads(out)
    assert result["diverged"] is True
    assert isinstance(result["diverged_step"], int) and 0 < result["diverged_step"] <= 5000
    assert result["train_accuracy"] is None and result["test_accuracy"] is None
    assert result["train_loss"] is None  # JSON has no NaN
    for key in ("train_r2", "test_r2"):  # no R² computed from NaNs either
        assert result.get(key) is None or np.isfinite(result[key])


def test_the_entry_point_reports_divergence_as_json():
    result = subprocess.run([sys.executable, "-m", "nnstudio", "train", "--lesson",
                             "regression-plane", "--steps", "3000", "--set",
                             "training.learning_rate=10"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["diverged"] is True


# --------------------------------------------------------------------------- worker failures
@pytest.mark.parametrize("figure", ["loss", "neurons"])
def test_export_stops_waiting_when_the_worker_fails(figure, capsys, monkeypatch, tmp_path):
    """A figure waits for the window's worker; when the worker cannot train, the export ends
    at once with one line (it once waited ten minutes, then printed ': None')."""
    def broken(*_args, **_kwargs):
        raise ValueError("the engine is broken")

    monkeypatch.setattr(TrainingSession, "__init__", broken)
    out = tmp_path / "x.png"
    code, printed, err = run_cli(capsys, "export", "--figure", figure, "--out", out,
                                 "--steps", "5")
    assert code == 1
    assert printed == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "the engine is broken" in lines[0], err
    assert not out.exists()


# --------------------------------------------------------------------------- divergence, figures
DIVERGING = ["--set", "training.learning_rate=10", "--set", "training.loss=mse"]


@pytest.mark.parametrize("figure", ["loss", "gradient-health", "neurons"])
def test_export_draws_a_diverged_run_at_once(figure, capsys, tmp_path):
    """A run that diverges before --steps is drawn as it stands, with a note (the export once
    waited ten minutes for steps that never came, and the gradient panel raised on every
    snapshot of the non-finite weights)."""
    out = tmp_path / "d.png"
    code, printed, err = run_cli(capsys, "export", "--lesson", "circle", "--figure", figure,
                                 "--out", out, "--steps", "500", *DIVERGING)
    assert code == 0 and out.stat().st_size > 1000
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "diverged at step" in lines[0], err


@pytest.mark.parametrize("values", [[1e308, -1e308], [1e20, 1e20 * (1 + 1e-15)],
                                    [np.nan, np.inf, -np.inf], [3.0, 3.0], []])
def test_histograms_of_extreme_values_are_finite(values):
    from nnstudio.ui.inside.common import histogram

    edges, counts = histogram(np.array(values, dtype=float), 24)
    assert np.isfinite(edges).all() and np.isfinite(counts).all()
    assert len(edges) == len(counts) + 1


# ----------------------------------------------------------------- from a new user's report
def test_an_empty_lesson_name_is_refused(capsys):
    code, out, err = run_cli(capsys, "train", "--lesson", "", "--steps", "5")
    one_line_exit_2(code, out, err, "no lesson named ''")


def test_a_huge_landscape_start_is_refused(capsys, tmp_path):
    code, out, err = run_cli(capsys, "export", "--lesson", "loss-landscape", "--figure",
                             "landscape", "--out", tmp_path / "l.png", "--steps", "5",
                             "--set", "training.landscape.start=1e308,1e308")
    one_line_exit_2(code, out, err, "training.landscape.start")


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs a file-size limit (POSIX)")
@pytest.mark.parametrize("suffix", ["png", "svg"])
@pytest.mark.parametrize("figure", ["window", "loss", "unrolled", "race"])
def test_a_failed_write_exits_2_and_leaves_no_file(figure, suffix, tmp_path):
    """Under a 4 KB file-size limit the figure cannot be written: exit 2, one line naming the
    user's file, nothing left behind (a PNG was once left truncated with exit 0)."""
    out = tmp_path / f"big.{suffix}"
    lesson = {"unrolled": "rnn-unrolled", "race": "optimizer-race"}.get(figure, "circle")
    script = ("import resource, signal, sys; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
              "resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096)); "
              "from nnstudio.cli import main; sys.exit(main(sys.argv[1:]))")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    run = subprocess.run([sys.executable, "-c", script, "export", "--lesson", lesson,
                          "--figure", figure, "--out", str(out), "--steps", "5"],
                         capture_output=True, text=True, timeout=120, env=env)
    lines = [line for line in run.stderr.splitlines() if "propagateSizeHints" not in line]
    assert run.returncode == 2, run.stderr[-2000:]
    assert len(lines) == 1 and str(out) in lines[0], lines
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "1" + "0" * 5000])
def test_file_level_number_messages_are_plain(value):
    """They read "file: not a valid project: file: NaN is not allowed" and "Exceeds the limit
    (4300 digits) for integer string conversion…": one prefix, no Python internals."""
    text = json.dumps(project_dict()).replace('"batch_size": 10', f'"batch_size": {value}')
    with pytest.raises(ProjectError) as info:
        loads(text)
    message = str(info.value)
    assert message.count("file:") == 1 and "not a valid project" not in message
    assert "limit" not in message and "conversion" not in message and len(message) < 120


@pytest.mark.parametrize("key, value", [("steps", "many"), ("title", 3), ("locked", "x")])
def test_meta_type_messages_say_what_was_expected_in_words(key, value):
    """They said "expected int" / "expected str" (Python's type names)."""
    data = project_dict()
    data.setdefault("meta", {})[key] = value
    with pytest.raises(ProjectError) as info:
        loads(json.dumps(data))
    message = str(info.value)
    assert message.startswith(f"meta.{key}") and " int" not in message \
        and " str" not in message and "got" in message
