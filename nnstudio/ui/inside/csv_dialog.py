"""Import a CSV file: choose the feature columns, the target column and the task.

The file is read and checked first (:func:`nnstudio.document.csv_import.read_csv`); a bad file
is refused with the reason and nothing changes. The dialog then previews the first lines and
lets the user tick features and pick the target; OK builds the import and applies it as one
undoable edit, or shows the first bad value (line and column) and stays open.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nnstudio.document.csv_import import CsvError, CsvTable, build_import, read_csv
from nnstudio.ui.editor.commands import push_or_explain

from .commands import SetDataCommand

PREVIEW_ROWS = 8


def import_csv(window, path: str, parent: QWidget | None = None) -> CsvImportDialog | None:
    """Read ``path`` and open the column chooser (non-blocking); a bad file gets a message."""
    try:
        table = read_csv(path)
    except CsvError as exc:
        window.show_error("Cannot import CSV", str(exc))
        return None
    dialog = CsvImportDialog(window, table, Path(path).name, parent or window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def guess_task(table: CsvTable, target: int) -> str:
    """Regression when the target column holds numbers with more than 10 distinct values."""
    values = {row[target] for row in table.rows}
    numeric = target in table.numeric_columns()
    return "regression" if numeric and len(values) > 10 else "classification"


class CsvImportDialog(QDialog):
    def __init__(self, window, table: CsvTable, filename: str, parent=None) -> None:
        super().__init__(parent)
        self.window = window
        self.table = table
        self.filename = filename
        self.setWindowTitle(f"Import {filename}")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"{len(table.rows):,} rows, {len(table.columns)} columns"
                                + (" (first line: column names)" if table.has_header else "")))
        self.preview = QTableWidget(min(PREVIEW_ROWS, len(table.rows)), len(table.columns))
        self.preview.setHorizontalHeaderLabels(list(table.columns))
        for i, row in enumerate(table.rows[:PREVIEW_ROWS]):
            for j, cell in enumerate(row):
                self.preview.setItem(i, j, QTableWidgetItem(cell))
        self.preview.setMaximumHeight(200)
        layout.addWidget(self.preview)

        form = QFormLayout()
        numeric = set(table.numeric_columns())
        self.features = QListWidget()
        for j, name in enumerate(table.columns):
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            if j not in numeric:
                item.setToolTip("Not every value of this column is a number")
            self.features.addItem(item)
        self.target = QComboBox()
        self.target.addItems(list(table.columns))
        form.addRow("Features (inputs)", self.features)
        form.addRow("Target (to predict)", self.target)
        task_row = QWidget()
        task_layout = QVBoxLayout(task_row)
        task_layout.setContentsMargins(0, 0, 0, 0)
        self.classification = QRadioButton("Classification (the target is a class)")
        self.regression = QRadioButton("Regression (the target is a number)")
        group = QButtonGroup(self)
        for button in (self.classification, self.regression):
            group.addButton(button)
            task_layout.addWidget(button)
        form.addRow("Task", task_row)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #D93025;")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        # a first guess: the last column is the target, the numeric others are features
        last = len(table.columns) - 1
        self.set_selection([j for j in sorted(numeric) if j != last], last,
                           guess_task(table, last))
        self.target.currentIndexChanged.connect(self._target_changed)

    def _target_changed(self, target: int) -> None:
        item = self.features.item(target)
        if item is not None:
            item.setCheckState(Qt.CheckState.Unchecked)
        (self.regression if guess_task(self.table, target) == "regression"
         else self.classification).setChecked(True)

    def set_selection(self, features: list[int], target: int, task: str) -> None:
        for j in range(self.features.count()):
            self.features.item(j).setCheckState(
                Qt.CheckState.Checked if j in features else Qt.CheckState.Unchecked)
        self.target.blockSignals(True)
        self.target.setCurrentIndex(target)
        self.target.blockSignals(False)
        (self.regression if task == "regression" else self.classification).setChecked(True)

    def selection(self) -> tuple[list[int], int, str]:
        features = [j for j in range(self.features.count())
                    if self.features.item(j).checkState() == Qt.CheckState.Checked]
        task = "regression" if self.regression.isChecked() else "classification"
        return features, self.target.currentIndex(), task

    def try_accept(self) -> bool:
        """Import with the chosen columns; on a bad value say where and stay open."""
        features, target, task = self.selection()
        try:
            values = build_import(self.table, features, target, task)
        except CsvError as exc:
            self.error.setText(str(exc))
            return False
        reason = push_or_explain(self.window.undo_stack, SetDataCommand(
            self.window.project, f"Import {self.filename}", values))
        if reason:
            self.error.setText(reason)
            return False
        self.window.statusBar().showMessage(
            f"Imported {len(values['dataset.points']):,} rows of {self.filename}", 5000)
        self.accept()
        return True
