"""A form editing some of the project's settings (dataset or training), generated from the
settings schema. Edits go through the undo stack; the form follows the document."""

from __future__ import annotations

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from nnstudio.document.project import Project
from nnstudio.document.settings import SETTINGS

from .fields import Field


class SettingsForm(QWidget):
    def __init__(self, project: Project, stack: QUndoStack, keys: list[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.stack = stack
        self.fields: dict[str, Field] = {}
        self.labels: dict[str, QLabel] = {}
        layout = QFormLayout(self)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for key in keys:
            spec = SETTINGS[key]
            field = Field(spec)
            field.set_value(project.settings[key])
            field.edited.connect(lambda value, key=key: self._edit(key, value))
            label = QLabel(spec.display)
            label.setToolTip(spec.help)
            layout.addRow(label, field)
            self.fields[key] = field
            self.labels[key] = label
        project.subscribe(self._on_event)
        self.destroyed.connect(lambda: project.unsubscribe(self._on_event))

    def _edit(self, key: str, value) -> None:
        from nnstudio.ui.editor.commands import SetSettingCommand, push_or_explain

        if self.project.settings[key] == value:
            return
        reason = push_or_explain(self.stack, SetSettingCommand(self.project, key, value))
        if reason:  # refused: show the stored value again and say why
            self.fields[key].set_value(self.project.settings[key])
            self.fields[key].setToolTip(reason)

    def _on_event(self, event: str, payload) -> None:
        if event == "setting_changed" and payload in self.fields:
            self.fields[payload].set_value(self.project.settings[payload])
        elif event == "replaced":
            for key, field in self.fields.items():
                field.set_value(self.project.settings[key])

    def set_visible_keys(self, keys: set[str]) -> None:
        """Show only some rows (e.g. the hyperparameters of the chosen optimizer)."""
        for key, field in self.fields.items():
            field.setVisible(key in keys)
            self.labels[key].setVisible(key in keys)
