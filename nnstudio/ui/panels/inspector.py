"""The inspector: the selected layer's type, description and a form for its parameters.

The form is generated from the layer type's :class:`ParamSpec` s (the registry is the only
source of names, ranges, choices and help): a QSpinBox for ``int``, a QDoubleSpinBox for
``float``, a QComboBox with readable labels for ``choice``, a QCheckBox for ``bool``, a
QLineEdit for ``str``. An edit pushes a :class:`SetParamCommand` (consecutive edits of one
field merge into one undo step); the form follows the document, so undo updates it.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QUndoStack
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from nnstudio.document.project import Project
from nnstudio.document.registry import LAYER_TYPES
from nnstudio.document.schema import ParamSpec
from nnstudio.ui.editor.commands import SetParamCommand, push_or_explain
from nnstudio.ui.editor.scene import subscribe_weakly
from nnstudio.ui.editor.style import layer_icon

#: readable labels of common choice values (a spec's ``extra["labels"]`` takes precedence)
CHOICE_LABELS = {
    "tanh": "tanh",
    "sigmoid": "Sigmoid (logistic)",
    "relu": "ReLU",
    "leaky_relu": "Leaky ReLU",
    "prelu": "PReLU (learned slope)",
    "linear": "Linear (identity)",
    "threshold": "Threshold (step)",
    "softplus": "Softplus",
    "elu": "ELU",
    "auto": "Auto (from the loss)",
    "xavier": "Xavier / Glorot uniform",
    "he": "He normal",
    "uniform": "Uniform U(−0.5, 0.5)",
    "zeros": "Zeros",
}

#: a parameter that only matters for some values of another (enabled only then)
DEPENDS_ON = {"slope": ("activation", ("leaky_relu",))}

_INT_LIMIT = 2**31 - 1


def choice_label(spec: ParamSpec, value: str) -> str:
    labels = spec.extra.get("labels", {}) if spec.extra else {}
    return labels.get(value) or CHOICE_LABELS.get(value) or value.replace("_", " ").capitalize()


def float_decimals(spec: ParamSpec) -> int:
    """Enough decimals to show the default and the limits exactly (2 to 8)."""
    needed = 2
    for value in (spec.default, spec.minimum, spec.maximum):
        if value is None or value == 0 or not math.isfinite(value):
            continue
        text = f"{abs(float(value)):.8f}".rstrip("0")
        needed = max(needed, len(text.split(".")[1]) if "." in text else 0)
    return min(needed, 8)


class Inspector(QWidget):
    """Edits the parameters of one layer of ``project`` through ``undo_stack``."""

    #: why an edit was refused (for the status bar)
    message = Signal(str)

    def __init__(self, project: Project, undo_stack: QUndoStack, parent=None) -> None:
        super().__init__(parent)
        self.project = project
        self.undo_stack = undo_stack
        self.node_id: str | None = None
        self.editors: dict[str, QWidget] = {}
        self._labels: dict[str, QWidget] = {}
        self._updating = False

        self.stack = QStackedWidget(self)
        empty = QLabel("Select a layer to edit it", self)
        empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        empty.setWordWrap(True)
        empty.setStyleSheet("color: #66727F; padding: 16px;")
        self.empty_label = empty
        self.stack.addWidget(empty)

        page = QWidget(self)
        self.icon_label = QLabel(page)
        self.title_label = QLabel(page)
        title_font = QFont(self.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 1.25)
        title_font.setBold(True)
        self.title_label.setFont(title_font)
        self.subtitle_label = QLabel(page)
        self.subtitle_label.setStyleSheet("color: #66727F;")
        self.description_label = QLabel(page)
        self.description_label.setWordWrap(True)
        self.description_label.setStyleSheet("color: #3C4650; padding: 4px 0 6px 0;")
        self.description_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse)
        self.form_host = QWidget(page)
        self.form = QFormLayout(self.form_host)
        self.form.setContentsMargins(0, 4, 0, 0)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.no_params_label = QLabel("This layer has no parameters.", page)
        self.no_params_label.setStyleSheet("color: #66727F;")

        heading = QHBoxLayout()
        heading.addWidget(self.icon_label)
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(self.title_label)
        titles.addWidget(self.subtitle_label)
        heading.addLayout(titles, 1)
        column = QVBoxLayout(page)
        column.addLayout(heading)
        column.addWidget(self.description_label)
        column.addWidget(self.form_host)
        column.addWidget(self.no_params_label)
        column.addStretch(1)
        self.stack.addWidget(page)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)
        self._listener = subscribe_weakly(self, project, "_on_project_event")
        self.set_node(None)

    def dispose(self) -> None:
        """Stop following the project."""
        self.project.unsubscribe(self._listener)

    # -- selection ------------------------------------------------------------------------------
    def set_node(self, node_id: str | None) -> None:
        """Show ``node_id``'s parameters (None: the "select a layer" hint)."""
        if node_id is not None and node_id not in self.project.nodes:
            node_id = None
        self.node_id = node_id
        self._clear_form()
        if node_id is None:
            self.stack.setCurrentIndex(0)
            return
        node = self.project.nodes[node_id]
        layer_type = LAYER_TYPES[node.type]
        self.icon_label.setPixmap(layer_icon(node.type, 32).pixmap(32, 32))
        self.title_label.setText(layer_type.name)
        self.subtitle_label.setText(f"{node_id} · {layer_type.category}")
        self.description_label.setText(layer_type.description)
        for spec in layer_type.params:
            editor = self._make_editor(spec)
            editor.setToolTip(spec.help)
            editor.setAccessibleName(spec.display)
            if isinstance(editor, QCheckBox):  # the check box carries its own label
                editor.setText(spec.display)
                self.form.addRow(editor)
                label = editor
            else:
                label = QLabel(spec.display + ":", self.form_host)
                label.setToolTip(spec.help)
                label.setBuddy(editor)
                self.form.addRow(label, editor)
            self.editors[spec.name] = editor
            self._labels[spec.name] = label
        self.no_params_label.setVisible(not layer_type.params)
        self._load_values()
        self.stack.setCurrentIndex(1)

    def _clear_form(self) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.editors.clear()
        self._labels.clear()

    # -- editors --------------------------------------------------------------------------------
    def _make_editor(self, spec: ParamSpec) -> QWidget:
        name = spec.name
        if spec.kind == "int":
            box = QSpinBox(self.form_host)
            low = -_INT_LIMIT if spec.minimum is None else max(int(spec.minimum), -_INT_LIMIT)
            high = _INT_LIMIT if spec.maximum is None else min(int(spec.maximum), _INT_LIMIT)
            box.setRange(low, high)
            box.setKeyboardTracking(False)
            box.setAccelerated(True)
            box.valueChanged.connect(lambda v, n=name: self._edit(n, int(v)))
            return box
        if spec.kind == "float":
            box = QDoubleSpinBox(self.form_host)
            box.setDecimals(float_decimals(spec))
            box.setRange(spec.minimum if spec.minimum is not None else -1e12,
                         spec.maximum if spec.maximum is not None else 1e12)
            if spec.log:
                box.setStepType(QAbstractSpinBox.StepType.AdaptiveDecimalStepType)
            else:
                span = (spec.maximum - spec.minimum) if (
                    spec.maximum is not None and spec.minimum is not None) else 1.0
                box.setSingleStep(10 ** math.floor(math.log10(max(span, 1e-12))) / 100)
            box.setKeyboardTracking(False)
            box.valueChanged.connect(lambda v, n=name: self._edit(n, float(v)))
            return box
        if spec.kind == "choice":
            combo = QComboBox(self.form_host)
            for value in spec.choices:
                combo.addItem(choice_label(spec, value), value)
            combo.currentIndexChanged.connect(
                lambda i, n=name, c=combo: self._edit(n, c.itemData(i)) if i >= 0 else None)
            return combo
        if spec.kind == "bool":
            check = QCheckBox(self.form_host)
            check.toggled.connect(lambda v, n=name: self._edit(n, bool(v)))
            return check
        line = QLineEdit(self.form_host)
        line.editingFinished.connect(lambda n=name, e=line: self._edit(n, e.text()))
        return line

    def _load_values(self) -> None:
        """Document → form (signals blocked: loading is not an edit)."""
        if self.node_id is None:
            return
        node = self.project.nodes[self.node_id]
        self._updating = True
        try:
            for name, editor in self.editors.items():
                value = node.params.get(name)
                editor.blockSignals(True)
                if isinstance(editor, (QSpinBox, QDoubleSpinBox)):
                    editor.setValue(value)
                elif isinstance(editor, QComboBox):
                    editor.setCurrentIndex(editor.findData(value))
                elif isinstance(editor, QCheckBox):
                    editor.setChecked(bool(value))
                elif isinstance(editor, QLineEdit):
                    editor.setText(str(value))
                editor.blockSignals(False)
            for name, (other, values) in DEPENDS_ON.items():
                if name in self.editors and other in node.params:
                    enabled = node.params[other] in values
                    self.editors[name].setEnabled(enabled)
                    self._labels[name].setEnabled(enabled)
        finally:
            self._updating = False

    def _edit(self, name: str, value) -> None:
        if self._updating or self.node_id is None:
            return
        command = SetParamCommand(self.project, self.node_id, name, value)
        reason = push_or_explain(self.undo_stack, command)
        if reason:
            self.message.emit(reason)
            self._load_values()  # show the document's value again

    # -- document → form ------------------------------------------------------------------------
    def _on_project_event(self, event: str, payload: object) -> None:
        if event == "node_changed" and payload == self.node_id:
            self._load_values()
        elif event == "node_removed" and payload == self.node_id:
            self.set_node(None)
        elif event == "replaced":
            self.set_node(self.node_id)
