"""Editor widgets generated from a :class:`ParamSpec`: the range and choices come from the
schema only, never repeated here."""

from __future__ import annotations

import math

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from nnstudio.document.schema import ParamSpec

CHOICE_LABELS = {
    "tanh": "tanh", "sigmoid": "sigmoid", "relu": "ReLU", "leaky_relu": "leaky ReLU",
    "prelu": "PReLU", "linear": "linear", "threshold": "threshold (step)", "softplus": "softplus",
    "elu": "ELU", "auto": "auto (from the loss)", "xavier": "Xavier / Glorot", "he": "He",
    "uniform": "uniform ±0.5", "zeros": "zeros", "bce": "sigmoid cross-entropy",
    "ce": "softmax cross-entropy", "mse": "squared error ½‖ŷ−y‖²", "sgd": "SGD",
    "momentum": "momentum", "nesterov": "Nesterov", "adagrad": "AdaGrad", "adadelta": "AdaDelta",
    "rmsprop": "RMSProp", "adam": "Adam", "circle": "circle", "xor": "XOR",
    "gaussians": "two Gaussians", "spiral": "spiral", "constant": "constant", "step": "step",
    "exponential": "exponential",
}


def choice_label(value: str) -> str:
    return CHOICE_LABELS.get(value, value.replace("_", " "))


class CompactDoubleSpinBox(QDoubleSpinBox):
    """Shows 0.03 rather than 0.03000000, while keeping many decimals of precision."""

    def textFromValue(self, value: float) -> str:  # noqa: N802 - Qt's name
        return f"{value:.8g}"

    def valueFromText(self, text: str) -> float:  # noqa: N802 - Qt's name
        try:
            return float(text.replace(",", "."))
        except ValueError:
            return self.value()

    def validate(self, text: str, pos: int):
        from PySide6.QtGui import QValidator

        stripped = text.strip().replace(",", ".")
        if stripped in ("", "-", ".", "-.") or stripped.lower().endswith(("e", "e-")):
            return QValidator.State.Intermediate, text, pos
        try:
            value = float(stripped)
        except ValueError:
            return QValidator.State.Invalid, text, pos
        if self.minimum() <= value <= self.maximum():
            return QValidator.State.Acceptable, text, pos
        return QValidator.State.Intermediate, text, pos


class Field(QWidget):
    """One editable value. ``edited(value)`` fires on user edits only, not on set_value."""

    edited = Signal(object)

    def __init__(self, spec: ParamSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.editor = self._make_editor(spec)
        self.editor.setToolTip(spec.help)
        self.editor.setObjectName(spec.name)
        layout.addWidget(self.editor)
        self._setting = False

    def _make_editor(self, spec: ParamSpec) -> QWidget:
        if spec.kind == "int":
            box = QSpinBox()
            box.setRange(int(spec.minimum if spec.minimum is not None else -2**31),
                         int(min(spec.maximum if spec.maximum is not None else 2**31 - 1,
                                 2**31 - 1)))
            box.setKeyboardTracking(False)
            box.valueChanged.connect(lambda v: self._emit(int(v)))
            return box
        if spec.kind == "float":
            box = CompactDoubleSpinBox()
            lo = spec.minimum if spec.minimum is not None else -1e9
            hi = spec.maximum if spec.maximum is not None else 1e9
            decimals = _decimals(spec)
            box.setDecimals(decimals)
            box.setRange(lo, hi)
            box.setStepType(QAbstractSpinBox.StepType.AdaptiveDecimalStepType)
            box.setKeyboardTracking(False)
            box.valueChanged.connect(lambda v: self._emit(float(v)))
            return box
        if spec.kind == "choice":
            box = QComboBox()
            labels = spec.extra.get("labels", {})
            for choice in spec.choices:
                box.addItem(labels.get(choice) or choice_label(choice), choice)
            box.currentIndexChanged.connect(lambda i: self._emit(box.itemData(i)))
            return box
        if spec.kind == "bool":
            box = QCheckBox()
            box.toggled.connect(lambda v: self._emit(bool(v)))
            return box
        box = QLineEdit()
        box.editingFinished.connect(lambda: self._emit(box.text()))
        return box

    def _emit(self, value) -> None:
        if not self._setting:
            self.edited.emit(value)

    def set_value(self, value) -> None:
        self._setting = True
        try:
            editor = self.editor
            if isinstance(editor, QComboBox):
                index = editor.findData(value)
                editor.setCurrentIndex(max(index, 0))
            elif isinstance(editor, QCheckBox):
                editor.setChecked(bool(value))
            elif isinstance(editor, QLineEdit):
                editor.setText(str(value))
            else:
                editor.setValue(value)
        finally:
            self._setting = False

    def value(self):
        editor = self.editor
        if isinstance(editor, QComboBox):
            return editor.currentData()
        if isinstance(editor, QCheckBox):
            return editor.isChecked()
        if isinstance(editor, QLineEdit):
            return editor.text()
        return editor.value()


def _decimals(spec: ParamSpec) -> int:
    values = [abs(v) for v in (spec.default, spec.minimum) if v]
    smallest = min(values) if values else 0.01
    return max(2, min(10, int(-math.floor(math.log10(smallest))) + 2))
