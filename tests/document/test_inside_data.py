"""The user's data in the project file, CSV import, and the new datasets and settings."""

from __future__ import annotations

import json

import numpy as np
import pytest

from nnstudio.document.compile import make_dataset
from nnstudio.document.csv_import import CsvError, build_import, parse_csv_text, read_csv
from nnstudio.document.errors import ProjectError
from nnstudio.document.io import dumps, loads
from nnstudio.document.project import default_project
from nnstudio.document.user_data import coerce_points


def test_points_are_checked_strictly_naming_row_and_column():
    assert coerce_points([[1, 2, 0], [3.5, -1, 1]]) == ((1.0, 2.0, 0.0), (3.5, -1.0, 1.0))
    assert coerce_points("[[1, 2, 0]]") == ((1.0, 2.0, 0.0),)  # --set passes JSON text
    cases = [
        ({"a": 1}, "dataset.points", "list of rows"),
        ([[1, 2, 0], [1, 2]], r"dataset.points\[1\]", "first row has 3"),
        ([[1, "x", 0]], r"dataset.points\[0\]\[1\]", "expected a number"),
        ([[1, True, 0]], r"dataset.points\[0\]\[1\]", "expected a number"),
        ([[1, 1e300, 0]], r"dataset.points\[0\]\[1\]", "finite number"),
        ([[1]], r"dataset.points\[0\]", "1 to 64 features"),
        ([[0.0] * 70], r"dataset.points\[0\]", "1 to 64 features"),
        ([[0, 0, 0]] * 5001, "dataset.points", "too many rows"),
        ("[[1, NaN, 0]]", "dataset.points", "JSON"),
    ]
    for value, field, message in cases:
        with pytest.raises(ProjectError, match=message) as info:
            coerce_points(value)
        assert __import__("re").fullmatch(field, info.value.field), info.value.field


def test_points_survive_saving_and_a_bad_file_changes_nothing():
    project = default_project()
    project.set("dataset.points", [[1, 2, 0], [-1, -2, 1], [0.5, 0.5, 1]])
    project.set("dataset.name", "points")
    project.set("dataset.features.x1x2", True)
    again = loads(dumps(project))
    assert again.settings["dataset.points"] == project.settings["dataset.points"]
    assert again.settings["dataset.features.x1x2"] is True
    data = json.loads(dumps(project))
    data["dataset"]["points"][1][0] = "oops"
    with pytest.raises(ProjectError, match=r"dataset.points\[1\]\[0\]"):
        loads(json.dumps(data))
    data["dataset"]["points"] = [[float("1e400"), 0, 0]]
    with pytest.raises(ProjectError):
        loads(json.dumps(data).replace("Infinity", "1e400"))


def test_every_new_dataset_builds_from_the_settings():
    project = default_project()
    for name in ("spiral_arms", "blobs", "curve_sine", "curve_polynomial", "curve_step", "plane",
                 "hills", "iris", "digits"):
        project.set("dataset.name", name)
        d = make_dataset(project.settings)
        assert d.n_train > 0 and np.isfinite(d.X_train).all(), name
    project.set("dataset.name", "blobs")
    project.set("dataset.classes", 6)
    assert make_dataset(project.settings).n_classes == 6
    project.set("dataset.name", "circle")
    project.set("dataset.features.sin_x1", True)
    project.set("dataset.features.x2_squared", True)
    d = make_dataset(project.settings)
    assert d.feature_names == ("x1", "x2", "x2²", "sin x1") and d.input_dim == 4


IRIS_LIKE = """sepal,petal,species
5.1,1.4,setosa
4.9,1.3,setosa
6.4,4.5,versicolor
6.3,6.0,virginica
"""


def test_csv_import_with_text_labels():
    table = parse_csv_text(IRIS_LIKE)
    assert table.columns == ("sepal", "petal", "species") and table.has_header
    assert table.numeric_columns() == [0, 1]
    settings = build_import(table, [0, 1], 2, "classification")
    assert settings["dataset.points"][2] == (6.4, 4.5, 1.0)
    assert settings["dataset.points_classes"] == "setosa,versicolor,virginica"
    assert settings["dataset.points_names"] == "sepal,petal,species"
    project = default_project()
    for key, value in settings.items():
        project.set(key, value)
    d = make_dataset(project.settings)
    assert d.task == "multiclass" and list(d.class_names) == ["setosa", "versicolor", "virginica"]


def test_csv_regression_semicolons_and_no_header():
    table = parse_csv_text("1;2;10\n2;3;20\n\n3;4;30\n")
    assert not table.has_header and table.columns[0] == "column 1"
    settings = build_import(table, [0, 1], 2, "regression")
    assert settings["dataset.points"][-1] == (3.0, 4.0, 30.0)
    assert settings["dataset.standardize"] is True  # targets above 10


@pytest.mark.parametrize("text, features, target, task, message", [
    ("", [0], 1, "classification", "empty"),
    ("a\n1\n", [0], 0, "regression", "one column"),
    ("a,b,c\n1,2,0\n3,4\n", [0, 1], 2, "classification", "line 3 has 2 columns"),
    ("a,b,c\n1,2,0\n3,x,1\n", [0, 1], 2, "classification", "line 3, column 'b': 'x' is not"),
    ("a,b,c\n1,,0\n", [0, 1], 2, "classification", "line 2, column 'b': the value is missing"),
    ("a,b,c\n1,inf,0\n", [0, 1], 2, "classification", "line 2, column 'b'"),
    ("a,b,c\n1,2,0\n", [0, 2], 2, "classification", "both a feature and the target"),
    ("a,b,c\n1,2,0\n", [], 2, "classification", "at least one feature"),
    ("a,b,c\n1,2,0\n", [0, 5], 2, "classification", "column 6 does not exist"),
    ("a,b\n" + "".join(f"{i},{i}\n" for i in range(12)), [0], 1, "classification",
     "12 different labels"),
    ("a,b,c\n1,2,x\n", [0, 1], 2, "regression", "line 2, column 'c'"),
])
def test_csv_errors_name_line_and_column(text, features, target, task, message):
    with pytest.raises(CsvError, match=message):
        build_import(parse_csv_text(text), features, target, task)


def test_csv_file_errors(tmp_path):
    with pytest.raises(CsvError, match="cannot read"):
        read_csv(tmp_path / "missing.csv")
    binary = tmp_path / "bad.csv"
    binary.write_bytes(b"a,b\n\xff\xfe,1\n")
    with pytest.raises(CsvError, match="line 2 is not UTF-8"):
        read_csv(binary)
    good = tmp_path / "good.csv"
    good.write_text(IRIS_LIKE, encoding="utf-8")
    assert len(read_csv(good).rows) == 4
