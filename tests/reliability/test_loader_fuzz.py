"""Fuzzing the project loader (issue 7): whatever a file holds, loading it either gives a
project or refuses it with a :class:`ProjectError` naming the field, never another exception.

Strategies: random JSON trees; mutations of the default project's saved JSON (types changed,
huge integers, NaN/±inf, deep nesting, unknown layer types, missing and unknown keys, future
versions, values given as text); raw bytes (truncated files, random bytes, a UTF-8 BOM).
The normal tier runs a few hundred examples; ``pytest -m slow`` runs 10,000 per strategy.
"""

from __future__ import annotations

import ast
import json
import math
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import nnstudio.document.io as io_module
from nnstudio.document.errors import ProjectError
from nnstudio.document.io import dumps, load_project, loads
from nnstudio.document.project import Project, default_project

VALID_TEXT = dumps(default_project())
VALID = json.loads(VALID_TEXT)
_FOLDER = Path(tempfile.mkdtemp(prefix="nnstudio-fuzz-"))

FAST = settings(max_examples=200, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SLOW = settings(max_examples=10_000, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# --------------------------------------------------------------------------- the property
def check_text(text: str) -> Project | None:
    try:
        project = loads(text)
    except ProjectError as exc:
        _check_refusal(exc)
        return None
    assert isinstance(project, Project)
    return project


def check_bytes(payload: bytes) -> Project | None:
    path = _FOLDER / "fuzz.nnstudio"
    path.write_bytes(payload)
    try:
        project = load_project(path)
    except ProjectError as exc:
        _check_refusal(exc)
        return None
    assert isinstance(project, Project)
    return project


def _check_refusal(exc: ProjectError) -> None:
    assert isinstance(exc.field, str) and exc.field.strip(), f"no field named: {exc!r}"
    assert isinstance(exc.message, str) and exc.message.strip(), f"empty message: {exc!r}"
    assert len(str(exc)) < 2_000, "a refusal is a readable line, not a dump of the value"


# --------------------------------------------------------------------------- strategies
SCALARS = st.one_of(
    st.none(), st.booleans(),
    st.integers(), st.integers(min_value=10**300, max_value=10**400),
    st.integers(min_value=-(10**400), max_value=-(10**300)),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30),
)
JSON_TREES = st.recursive(SCALARS, lambda children: st.one_of(
    st.lists(children, max_size=6),
    st.dictionaries(st.text(max_size=12), children, max_size=6)), max_leaves=40)

# values that replace a field of a valid project
ODD_VALUES = st.one_of(
    SCALARS,
    st.sampled_from([math.nan, math.inf, -math.inf, 10**400, -(10**400), 10**4000, 2**63,
                     -1, 0, 1e308, 1e-320, "", "4", "0.1", "1_000", " 3 ", "nan", "true",
                     [], {}, [1, 2], [[1, 2]], [[1e400, 0]], [[10**400, 1]], {"a": 1},
                     "dense", "input", "output", "lstm", "conv2d", "../../etc/passwd",
                     "[[1, 2], [3, 4]]", "[[" * 5_000, "[" * 20_000 + "]" * 20_000]),
    JSON_TREES,
)


def _paths(tree, prefix=()):
    """Every path (tuple of keys/indices) in a JSON tree, the root included."""
    yield prefix
    if isinstance(tree, dict):
        for key, value in tree.items():
            yield from _paths(value, prefix + (key,))
    elif isinstance(tree, list):
        for i, value in enumerate(tree):
            yield from _paths(value, prefix + (i,))


ALL_PATHS = list(_paths(VALID))[1:]
def _get(tree, path):
    for key in path:
        tree = tree[key]
    return tree


CONTAINER_PATHS = [p for p in [(), *ALL_PATHS] if isinstance(_get(VALID, p), (dict, list))]


def _copy():
    return json.loads(VALID_TEXT)


def _replace(tree, path, value):
    _get(tree, path[:-1])[path[-1]] = value


@st.composite
def mutated_projects(draw):
    """The default project with 1-4 mutations; returns the JSON text to load."""
    tree = _copy()
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["replace", "delete", "add_key", "nest", "layer_type",
                                     "version", "text_number", "append"]))
        # (a container of the valid project may hold a scalar after an earlier mutation)
        containers = [p for p in CONTAINER_PATHS
                      if _exists(tree, p) and isinstance(_get(tree, p), (dict, list))]
        leaves = [p for p in ALL_PATHS if _exists(tree, p)]
        if kind == "replace" and leaves:
            _replace(tree, draw(st.sampled_from(leaves)), draw(ODD_VALUES))
        elif kind == "delete" and leaves:
            path = draw(st.sampled_from(leaves))
            parent = _get(tree, path[:-1])
            del parent[path[-1]]
        elif kind == "add_key":
            path = draw(st.sampled_from(containers))
            target = _get(tree, path)
            key = draw(st.one_of(st.text(max_size=10), st.sampled_from(
                ["units", "activation", "params", "type", "format", "meta", "steps", "locked",
                 "order", "nodes", "edges", "source", "target", "momentum", "__class__"])))
            if isinstance(target, dict):
                target[key] = draw(ODD_VALUES)
            else:
                target.append(draw(ODD_VALUES))
        elif kind == "nest" and leaves:
            depth = draw(st.sampled_from([2, 50, 400]))
            value = draw(SCALARS)
            for _ in range(depth):
                value = draw(st.sampled_from([[value], {"k": value}]))
            _replace(tree, draw(st.sampled_from(leaves)), value)
        elif kind == "layer_type":
            network = tree.get("network")
            nodes = network.get("nodes") if isinstance(network, dict) else None
            nodes = [n for n in nodes if isinstance(n, dict)] if isinstance(nodes, list) else []
            if not nodes:
                continue
            node = nodes[draw(st.integers(0, len(nodes) - 1))]
            node["type"] = draw(st.one_of(st.sampled_from(
                ["lstm", "rnn", "gru", "conv", "Dense", "input", "output", "dense", ""]),
                st.text(max_size=12)))
        elif kind == "version":
            tree["version"] = draw(st.one_of(st.integers(-3, 5), st.just(10**30),
                                             st.just("1"), st.just(1.0), st.just(True)))
        elif kind == "text_number" and leaves:
            path = draw(st.sampled_from(leaves))
            value = _get(tree, path)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                _replace(tree, path, str(value))
        elif kind == "append":
            nodes = tree["network"].get("nodes") if isinstance(tree.get("network"), dict) else None
            if isinstance(nodes, list):
                nodes.append({"id": draw(st.sampled_from(["input", "dense1", "x", "1bad", ""])),
                              "type": draw(st.sampled_from(["dense", "input", "output", "?"])),
                              "params": draw(st.one_of(st.just({}), st.dictionaries(
                                  st.sampled_from(["units", "activation", "init", "slope", "x"]),
                                  ODD_VALUES, max_size=3)))})
    return _dump(tree)


def _exists(tree, path) -> bool:
    try:
        _get(tree, path)
    except (KeyError, IndexError, TypeError):
        return False
    return True


def _dump(tree) -> str:
    """JSON text, NaN/Infinity written as Python's json writes them (the loader refuses them);
    trees too deep for the writer become text nested by hand."""
    try:
        return json.dumps(tree)
    except RecursionError:
        return "[" * 100_000 + "]" * 100_000
    except ValueError:  # an integer of more than 4300 digits (json.dumps refuses it)
        return json.dumps(tree, default=str)[:-1] + ', "n": 1' + "0" * 5_000 + "}"


@st.composite
def raw_bytes(draw):
    kind = draw(st.sampled_from(["truncated", "random", "bom", "bom_truncated", "flip",
                                 "encoding"]))
    valid = VALID_TEXT.encode("utf-8")
    if kind == "truncated":
        return valid[:draw(st.integers(0, len(valid)))]
    if kind == "random":
        return draw(st.binary(max_size=2_000))
    if kind == "bom":
        return b"\xef\xbb\xbf" + valid
    if kind == "bom_truncated":
        return (b"\xef\xbb\xbf" + valid)[:draw(st.integers(0, len(valid) + 3))]
    if kind == "flip":
        data = bytearray(valid)
        for _ in range(draw(st.integers(1, 8))):
            i = draw(st.integers(0, len(data) - 1))
            data[i] = draw(st.integers(0, 255))
        return bytes(data)
    codec = draw(st.sampled_from(["utf-16", "utf-32", "latin-1", "utf-8"]))
    return VALID_TEXT.replace("Circle", "Cercle ♥ é").encode(codec, errors="replace")


# --------------------------------------------------------------------------- sanity
def test_the_seed_project_and_its_bom_variant_load():
    assert check_text(VALID_TEXT) is not None
    assert check_bytes(b"\xef\xbb\xbf" + VALID_TEXT.encode()) is not None


@pytest.mark.parametrize("text", [
    json.dumps({**VALID, "training": {**VALID["training"], "learning_rate": 10**400}}),
    json.dumps({**VALID, "dataset": {**VALID["dataset"], "noise": -(10**400)}}),
    json.dumps({**VALID, "dataset": {**VALID["dataset"], "name": "points",
                                     "points": [[10**400, 1], [0, 1]]}}),
    json.dumps(VALID).replace('"position": [0.0, 0.0]', '"position": [1' + "0" * 400 + ", 0]"),
    json.dumps({**VALID, "dataset": {**VALID["dataset"], "points": "[" * 100_000}}),
    json.dumps({**VALID, "dataset": {**VALID["dataset"],
                                     "points": "[" * 100_000 + "]" * 100_000}}),
])
def test_huge_numbers_and_deep_text_anywhere_are_refused_naming_the_field(text):
    """Found by this fuzzing: an integer too large for a float (JSON allows 10**400) in a
    number setting, a layer position or a data point raised OverflowError; JSON text of
    data points nested too deeply raised RecursionError."""
    with pytest.raises(ProjectError) as info:
        loads(text)
    _check_refusal(info.value)
    assert info.value.field != "file"  # the field itself is named


@pytest.mark.parametrize("depth", [50, 1_000, 100_000])
@pytest.mark.parametrize("where", ["root", "setting", "meta", "params", "points"])
def test_deep_nesting_is_refused_or_loaded_never_a_crash(depth, where):
    deep = "[" * depth + "]" * depth
    text = json.dumps(VALID)
    if where == "root":
        text = deep
    elif where == "setting":
        text = text.replace('"noise": 0.1', f'"noise": {deep}')
    elif where == "meta":
        text = text.replace('"title": "Circle"', f'"title": {deep}')
    elif where == "params":
        text = text.replace('"units": 4', f'"units": {deep}')
    else:
        text = text.replace('"points": []', f'"points": {json.dumps(deep)}')
    assert text != json.dumps(VALID)
    check_text(text)


def test_loading_never_unpickles():
    source = Path(io_module.__file__).read_text(encoding="utf-8")
    imported = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert not imported & {"pickle", "marshal", "shelve", "dill", "cloudpickle", "yaml"}
    assert "eval(" not in source and "exec(" not in source


# --------------------------------------------------------------------------- fast tier
@FAST
@given(JSON_TREES)
def test_random_json_trees(tree):
    check_text(_dump(tree))


@FAST
@given(mutated_projects())
def test_mutated_projects(text):
    check_text(text)


@FAST
@given(raw_bytes())
def test_raw_bytes(payload):
    check_bytes(payload)


# --------------------------------------------------------------------------- slow tier
@pytest.mark.slow
@SLOW
@given(JSON_TREES)
def test_random_json_trees_10k(tree):
    check_text(_dump(tree))


@pytest.mark.slow
@SLOW
@given(mutated_projects())
def test_mutated_projects_10k(text):
    check_text(text)


@pytest.mark.slow
@SLOW
@given(raw_bytes())
def test_raw_bytes_10k(payload):
    check_bytes(payload)
