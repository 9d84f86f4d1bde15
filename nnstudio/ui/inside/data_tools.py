"""The Data tools panel: the current dataset's own options, extra input features, drawing your
own points and importing a CSV file (registered in ui/panels/registry.py)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from nnstudio.document.datasets import DATASET_TYPES
from nnstudio.document.inside_datasets import FEATURE_KEYS
from nnstudio.ui.panels.registry import PanelSpec, register_panel
from nnstudio.ui.panels.settings_form import SettingsForm
from nnstudio.ui.plots import colors

OPTION_KEYS = ["dataset.classes", "dataset.autoencoder", "dataset.points_task",
               "dataset.standardize"]
PLANE_CATEGORIES = ("2-D classification", "Multi-class", "1-D regression", "2-D regression")

ABOUT = (
    "Data tools. Options of the chosen dataset (how many classes; autoencoder: reconstruct the "
    "input). Input features: feed x₁², x₂², x₁·x₂, sin x₁ or sin x₂ as extra inputs — with "
    "x₁² and x₂² one layer separates the circle, with x₁·x₂ it separates XOR. Your data: "
    "switch on 'Draw points' and click on the data view (Shift: the other class, Ctrl or "
    "Erase: remove a point), or import a CSV file and choose its feature and target columns. "
    "Your points are saved in the project file."
)


class DataTools(QWidget):
    def __init__(self, window) -> None:
        super().__init__()
        self.window = window
        self.editor = None  # the window's PointEditor, attached by ui/inside.install
        project, stack = window.project, window.undo_stack
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)

        self.options = SettingsForm(project, stack, OPTION_KEYS)
        self.options_box = _box("Dataset options", self.options)
        layout.addWidget(self.options_box)

        self.features = SettingsForm(project, stack, list(FEATURE_KEYS))
        self.features_box = _box("Input features", self.features)
        layout.addWidget(self.features_box)

        points = QWidget()
        grid = QVBoxLayout(points)
        grid.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.draw_button = QPushButton("Draw points")
        self.draw_button.setCheckable(True)
        self.draw_button.setToolTip("Click on the data view to add points of the chosen class")
        self.erase_button = QPushButton("Erase")
        self.erase_button.setCheckable(True)
        self.erase_button.setToolTip("Click on a point in the data view to remove it")
        self.clear_button = QPushButton("Clear")
        self.clear_button.setToolTip("Remove all your points")
        for button in (self.draw_button, self.erase_button, self.clear_button):
            row.addWidget(button)
        grid.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(QLabel("Class"))
        self.class_box = QSpinBox()
        self.class_box.setRange(0, 9)
        self.class_box.setToolTip("The class of the points you add (Shift+click: the other)")
        self.swatch = QLabel()
        row.addWidget(self.class_box)
        row.addWidget(self.swatch)
        row.addStretch(1)
        self.import_button = QPushButton("Import CSV…")
        self.import_button.setToolTip("Use a CSV file's columns as features and target")
        row.addWidget(self.import_button)
        grid.addLayout(row)
        self.hint = QLabel("Shift+click: the other class · Ctrl+click: erase")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #66727F;")
        grid.addWidget(self.hint)
        layout.addWidget(_box("Your data", points))
        layout.addStretch(1)

        self.draw_button.toggled.connect(self._on_draw)
        self.erase_button.toggled.connect(self._on_erase)
        self.clear_button.clicked.connect(self._on_clear)
        self.class_box.valueChanged.connect(self._on_class)
        self.import_button.clicked.connect(lambda: self.import_dialog())
        self._on_class(0)
        self._update_rows()
        window.project.subscribe(self._on_project_event)
        self.destroyed.connect(lambda: window.project.unsubscribe(self._on_project_event))

    def attach(self, editor) -> None:
        """Drive the window's point editor (made after the panels)."""
        self.editor = editor
        editor.enabled_changed.connect(self.draw_button.setChecked)
        editor.current_class = self.class_box.value()

    # -- follow the project ----------------------------------------------------------------------
    def _on_project_event(self, event: str, payload) -> None:
        if event == "replaced" or (event == "setting_changed" and payload == "dataset.name"):
            self._update_rows()

    def on_dataset(self, payload: dict) -> None:
        self._update_rows(payload)

    def on_project_replaced(self) -> None:
        self.draw_button.setChecked(False)
        self._update_rows()

    def _update_rows(self, payload: dict | None = None) -> None:
        name = self.window.project.settings["dataset.name"]
        dataset_type = DATASET_TYPES.get(name)
        keys = set(dataset_type.keys) if dataset_type else set()
        visible = {k for k in OPTION_KEYS if k in keys}
        self.options.set_visible_keys(visible)
        self.options_box.setVisible(bool(visible))
        plane = dataset_type is not None and dataset_type.category in PLANE_CATEGORIES
        if name == "points":
            rows = self.window.project.settings["dataset.points"]
            plane = not rows or len(rows[0]) <= 3
        if payload is not None and payload.get("name") == name:
            plane = bool(payload.get("plane_dim"))
        self.features_box.setVisible(plane)

    # -- point editing -----------------------------------------------------------------------------
    def _on_draw(self, on: bool) -> None:
        if self.editor is not None:
            self.editor.set_enabled(on)
            if on and self.editor.mode() is None:
                self.editor.message.emit("Clicking adds points to 2-D classification data or "
                                         "to 1-D curves; choose such a dataset.")

    def _on_erase(self, on: bool) -> None:
        if self.editor is not None:
            self.editor.erase = bool(on)
            if on:
                self.draw_button.setChecked(True)

    def _on_clear(self) -> None:
        if self.editor is not None:
            self.editor.clear()

    def _on_class(self, value: int) -> None:
        if self.editor is not None:
            self.editor.current_class = int(value)
        pixmap = QPixmap(14, 14)
        pixmap.fill(QColor(colors.class_color(value)))
        self.swatch.setPixmap(pixmap)

    # -- CSV ---------------------------------------------------------------------------------------
    def import_dialog(self, path: str | None = None) -> None:
        from .csv_dialog import import_csv

        if not path:
            path, _ = QFileDialog.getOpenFileName(self, "Import CSV", "",
                                                  "CSV files (*.csv *.txt *.tsv);;All files (*)")
        if path:
            import_csv(self.window, path, parent=self)


def _box(title: str, widget: QWidget) -> QGroupBox:
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(6, 6, 6, 6)
    layout.addWidget(widget)
    return box


register_panel(PanelSpec("data-tools", "Data tools", "left", DataTools, visible=True,
                         about=ABOUT))
