"""Project files: round trip, strict validation naming the field, atomic saves."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from nnstudio.document.errors import ProjectError
from nnstudio.document.io import dumps, load_project, loads, project_to_dict, save_project
from nnstudio.document.lessons import list_lessons, load_lesson
from nnstudio.document.project import default_project
from nnstudio.document.registry import LAYER_TYPES
from nnstudio.document.settings import SETTINGS

DOCS = Path(__file__).resolve().parents[2] / "docs" / "file-format.md"


def test_round_trip(tmp_path):
    project = default_project()
    project.set("training.adam.beta1", 0.8)
    project.set_param("dense1", "activation", "relu")
    path = tmp_path / "p.nnstudio"
    save_project(project, path)
    again = load_project(path)
    assert dumps(again) == dumps(project)
    assert again.nodes["dense1"].params["activation"] == "relu"


def test_required_keys_present():
    data = project_to_dict(default_project())
    assert {"dataset", "network", "training", "version", "format"} <= set(data)
    for key in ("name", "samples", "noise", "test_fraction", "seed"):
        assert key in data["dataset"]
    for key in ("learning_rate", "batch_size", "loss", "seed"):
        assert key in data["training"]
    node = data["network"]["nodes"][0]
    assert set(node) == {"id", "type", "params", "position"}
    assert set(data["network"]["edges"][0]) == {"source", "target"}


def _mutated(mutate) -> str:
    data = project_to_dict(default_project())
    mutate(data)
    return json.dumps(data)


BAD = [
    (lambda d: d.update(version=99), "version"),
    (lambda d: d.update(version="1"), "version"),
    (lambda d: d.update(format="other"), "format"),
    (lambda d: d.pop("training"), "training"),
    (lambda d: d["training"].update(batch_size=0), "training.batch_size"),
    (lambda d: d["training"].update(batch_size="ten"), "training.batch_size"),
    (lambda d: d["training"].update(learning_rate=[1]), "training.learning_rate"),
    (lambda d: d["training"].update(turbo=True), "training.turbo"),
    (lambda d: d["training"]["adam"].update(beta1=2.0), "training.adam.beta1"),
    (lambda d: d["dataset"].update(name="mnist"), "dataset.name"),
    (lambda d: d["dataset"].update(samples=10**12), "dataset.samples"),
    (lambda d: d["network"]["nodes"][1].update(type="conv9"), "network.nodes[1].type"),
    (lambda d: d["network"]["nodes"][1]["params"].update(units=-1),
     "network.nodes[1].params.units"),
    (lambda d: d["network"]["nodes"][1]["params"].update(units=1e9),
     "network.nodes[1].params.units"),
    (lambda d: d["network"]["nodes"][1].update(position=[0]), "network.nodes[1].position"),
    (lambda d: d["network"]["nodes"][1].update(id="a b"), "network.nodes[1].id"),
    (lambda d: d["network"]["nodes"][2].update(id="dense1"), "network.nodes[2].id"),
    (lambda d: d["network"]["edges"].append({"source": "x", "target": "output"}),
     "network.edges[3].source"),
    (lambda d: d["network"]["edges"].append({"source": "input"}), "network.edges[3]"),
    (lambda d: d["network"].update(nodes={}), "network.nodes"),
    (lambda d: d["network"].update(nodes=[{"id": f"n{i}", "type": "dense"} for i in range(500)]),
     "network.nodes"),
    (lambda d: d.update(meta={"title": 3}), "meta.title"),
    (lambda d: d.update(extra=1), "extra"),
]


@pytest.mark.parametrize("mutate,field", BAD)
def test_bad_files_name_the_field(mutate, field):
    with pytest.raises(ProjectError) as info:
        loads(_mutated(mutate))
    assert info.value.field == field, str(info.value)


@pytest.mark.parametrize(
    "text",
    ["", "{", "[]", "null", '{"format": "nnstudio-project", "version": 1, "dataset": NaN}',
     "[" * 100_000 + "]" * 100_000, '{"a": Infinity}'],
)
def test_malformed_json_is_refused(text):
    with pytest.raises(ProjectError):
        loads(text)


def test_nan_value_refused():
    text = dumps(default_project()).replace('"noise": 0.1', '"noise": NaN')
    with pytest.raises(ProjectError):
        loads(text)


def test_missing_and_binary_files(tmp_path):
    with pytest.raises(ProjectError, match="does not exist"):
        load_project(tmp_path / "missing.nnstudio")
    binary = tmp_path / "b.nnstudio"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ProjectError, match="UTF-8"):
        load_project(binary)
    with pytest.raises(ProjectError, match="folder"):
        load_project(tmp_path)


def test_save_is_atomic(tmp_path, monkeypatch):
    path = tmp_path / "p.nnstudio"
    save_project(default_project(), path)
    before = path.read_bytes()
    changed = default_project()
    changed.set("training.seed", 42)

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        save_project(changed, path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.nnstudio"]  # no temp file left


def test_docs_are_generated_from_the_schema():
    """docs/file-format.md is what docs/make_file_format.py writes (run it after a schema
    change)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_file_format",
                                                  DOCS.parent / "make_file_format.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert DOCS.read_text(encoding="utf-8") == module.render(), (
        "run: python docs/make_file_format.py")


def test_docs_describe_every_setting_and_layer_parameter():
    text = DOCS.read_text(encoding="utf-8")
    for key in SETTINGS:
        assert f"`{key}`" in text, key
    for layer_type in LAYER_TYPES.values():
        assert f"`{layer_type.id}`" in text
        for spec in layer_type.params:
            assert f"`{spec.name}`" in text


def test_docs_example_loads():
    text = DOCS.read_text(encoding="utf-8")
    example = text.split("```json", 1)[1].split("```", 1)[0]
    assert dumps(loads(example)) == dumps(default_project())


def test_lessons_load_and_circle_is_the_default():
    names = [info.name for info in list_lessons()]
    assert {"circle", "xor", "gaussians", "spiral"} <= set(names)
    circle = load_lesson("circle")
    default = default_project()
    assert circle.settings == default.settings
    assert circle.edges == default.edges
    assert {k: (n.type, n.params) for k, n in circle.nodes.items()} == {
        k: (n.type, n.params) for k, n in default.nodes.items()}
    with pytest.raises(ProjectError, match="no lesson"):
        load_lesson("nope")
