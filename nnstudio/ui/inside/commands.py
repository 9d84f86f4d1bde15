"""An undoable edit of several data settings at once (a clicked point, a CSV import).

Unlike ``SetSettingCommand`` it keeps a short text ("Add point") whatever the values (the
points can be thousands of rows), and it applies all its settings or none: every value is
checked before the first one is set.
"""

from __future__ import annotations

from nnstudio.document.project import Project
from nnstudio.document.settings import SETTINGS
from nnstudio.ui.editor.commands import ProjectCommand


class SetDataCommand(ProjectCommand):
    def __init__(self, project: Project, text: str, values: dict) -> None:
        super().__init__(project, text)
        self.values = dict(values)
        self.old = {key: project.settings.get(key) for key in values}

    def _redo(self) -> None:
        checked = {}
        for key, value in self.values.items():  # check all first: nothing half-applied
            spec = SETTINGS.get(key)
            if spec is None:
                from nnstudio.document.errors import ProjectError

                raise ProjectError(key, "unknown setting")
            checked[key] = spec.coerce(value, key)
        self.values = checked
        for key, value in checked.items():
            self.project.set(key, value)
        self.setObsolete(all(self.old[k] == v for k, v in checked.items()))

    def _undo(self) -> None:
        for key, value in self.old.items():
            self.project.set(key, value)
