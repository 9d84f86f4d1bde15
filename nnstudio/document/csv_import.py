"""Import a CSV file as the project's own data (Qt-free).

Two steps, so that the column chooser can show the columns before anything changes:

1. :func:`read_csv` reads and checks the file: UTF-8 text, at most :data:`MAX_BYTES`, a
   delimiter among ``, ; tab``, the same number of columns on every line, a header line when
   the first line is not all numbers;
2. :func:`build_import` takes the chosen feature columns, the target column and the task and
   returns the settings to apply (``dataset.points`` and friends) — or raises
   :class:`CsvError` naming the line and the column of the first bad value.

Nothing is changed by either step: the caller applies the returned settings as one undoable
edit, so a bad file is never half-imported.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from pathlib import Path

from nnstudio.engine.datasets.table import MAX_CLASSES, MAX_FEATURES, MAX_ROWS

from .user_data import MAX_ABS, coerce_points

__all__ = ["CsvError", "CsvTable", "read_csv", "parse_csv_text", "build_import", "MAX_BYTES"]

MAX_BYTES = 5 * 1024 * 1024
MAX_COLUMNS = 256
MAX_NAME = 40


class CsvError(ValueError):
    """A CSV file that cannot be imported; the message names the line and column."""


@dataclass(frozen=True)
class CsvTable:
    columns: tuple[str, ...]  # header names (or "column 1", ... without a header)
    rows: tuple[tuple[str, ...], ...]  # the cells as text, header excluded
    has_header: bool
    line_numbers: tuple[int, ...]  # the file line (1-based) of every row

    def line_of(self, i: int) -> int:
        return self.line_numbers[i]

    def numeric_columns(self) -> list[int]:
        """Columns whose every cell is a finite number (candidates for features)."""
        return [j for j in range(len(self.columns))
                if all(_number(r[j]) is not None for r in self.rows)]


def read_csv(path: str | Path) -> CsvTable:
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise CsvError(f"{path.name}: cannot read the file ({exc.strerror})") from None
    if path.is_dir():
        raise CsvError(f"{path.name} is a folder, not a CSV file")
    if size > MAX_BYTES:
        raise CsvError(f"{path.name}: the file is too large ({size:,} bytes; at most "
                       f"{MAX_BYTES:,})")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CsvError(f"{path.name}: cannot read the file ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CsvError(f"{path.name}: line {line} is not UTF-8 text") from None
    try:
        return parse_csv_text(text)
    except CsvError as exc:
        raise CsvError(f"{path.name}: {exc}") from None


def parse_csv_text(text: str) -> CsvTable:
    if "\x00" in text:
        raise CsvError("the file is binary, not CSV text")
    lines = [(i + 1, line) for i, line in enumerate(text.splitlines()) if line.strip()]
    if not lines:
        raise CsvError("the file is empty")
    delimiter = _delimiter(lines[0][1])
    reader = csv.reader(io.StringIO("\n".join(line for _, line in lines)), delimiter=delimiter)
    try:
        parsed = [[cell.strip() for cell in row] for row in reader]
    except csv.Error as exc:
        raise CsvError(f"not valid CSV ({exc})") from None
    if len(parsed) != len(lines):
        raise CsvError("a quoted cell spans several lines; line breaks inside cells are not "
                       "supported")
    width = len(parsed[0])
    if width < 2:
        raise CsvError("line 1 has one column; a CSV file needs features and a target "
                       "(separated by commas, semicolons or tabs)")
    if width > MAX_COLUMNS:
        raise CsvError(f"line 1 has {width} columns (at most {MAX_COLUMNS})")
    for (number, _), row in zip(lines, parsed, strict=False):
        if len(row) != width:
            raise CsvError(f"line {number} has {len(row)} columns, line {lines[0][0]} has "
                           f"{width}")
    header = not all(_number(c) is not None for c in parsed[0])
    body = parsed[1:] if header else parsed
    if not body:
        raise CsvError("no data lines after the header")
    if len(body) > MAX_ROWS:
        raise CsvError(f"{len(body):,} data lines (at most {MAX_ROWS:,})")
    if header:
        names = [(c or f"column {j + 1}")[:MAX_NAME] for j, c in enumerate(parsed[0])]
    else:
        names = [f"column {j + 1}" for j in range(width)]
    numbers = tuple(n for n, _ in lines[1 if header else 0:])
    return CsvTable(tuple(names), tuple(tuple(r) for r in body), header, numbers)


def build_import(table: CsvTable, features: list[int], target: int, task: str) -> dict:
    """The settings that make ``table`` the project's data (nothing is changed here).

    ``features``: column indices (1 to 64); ``target``: the column to predict; ``task``:
    "classification" (any labels, at most 10 distinct; numbers are sorted numerically, texts
    alphabetically) or "regression" (numbers)."""
    if task not in ("classification", "regression"):
        raise CsvError(f"task: expected classification or regression, got {task!r}")
    width = len(table.columns)
    if not features:
        raise CsvError("choose at least one feature column")
    if len(features) > MAX_FEATURES:
        raise CsvError(f"{len(features)} feature columns (at most {MAX_FEATURES})")
    for j in (*features, target):
        if not 0 <= j < width:
            raise CsvError(f"column {j + 1} does not exist (the file has {width})")
    if target in features:
        raise CsvError(f"column '{table.columns[target]}' cannot be both a feature and the "
                       "target")
    if len(set(features)) != len(features):
        raise CsvError("a feature column is chosen twice")
    values = [[_cell(table, i, j) for j in features] for i in range(len(table.rows))]
    labels = [row[target] for row in table.rows]
    class_names: list[str] = []
    if task == "regression":
        targets = [_cell(table, i, target) for i in range(len(table.rows))]
    else:
        for i, label in enumerate(labels):
            if not label:
                raise CsvError(f"line {table.line_of(i)}, column "
                               f"'{table.columns[target]}': the label is empty")
        distinct = sorted(set(labels), key=lambda s: (_number(s) is None, _number(s) or 0, s))
        if len(distinct) > MAX_CLASSES:
            raise CsvError(f"column '{table.columns[target]}' has {len(distinct)} different "
                           f"labels (at most {MAX_CLASSES} classes); is it a regression "
                           "target?")
        index = {label: k for k, label in enumerate(distinct)}
        targets = [float(index[label]) for label in labels]
        class_names = [label[:MAX_NAME].replace(",", " ") for label in distinct]
    rows = coerce_points([(*v, t) for v, t in zip(values, targets, strict=True)])
    big = any(abs(v) > 10 for row in rows for v in row[:-1])
    if task == "regression":
        big = big or any(abs(row[-1]) > 10 for row in rows)
    names = [table.columns[j].replace(",", " ") for j in (*features, target)]
    return {
        "dataset.points": rows,
        "dataset.points_task": task,
        "dataset.points_names": ",".join(names),
        "dataset.points_classes": ",".join(class_names),
        "dataset.standardize": bool(big or len(features) != 2),
        "dataset.name": "points",
    }


def _cell(table: CsvTable, i: int, j: int) -> float:
    text = table.rows[i][j]
    value = _number(text)
    where = f"line {table.line_of(i)}, column '{table.columns[j]}'"
    if value is None:
        shown = text if len(text) <= 20 else text[:17] + "..."
        raise CsvError(f"{where}: {shown!r} is not a number" if text else
                       f"{where}: the value is missing")
    if abs(value) > MAX_ABS:
        raise CsvError(f"{where}: {text} is too large (at most {MAX_ABS:g})")
    return value


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _delimiter(first: str) -> str:
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","
