"""The optimizer panel: the learning rule, the optimizer and only *its* hyperparameters, the
learning-rate schedule, gradient clipping and L1/L2 — generated from the settings schema —
with the chosen method's update rule shown as a formula (:class:`OptimizerHelp`).

Every edit is a :class:`~nnstudio.ui.editor.commands.SetSettingCommand` on the undo stack; the
panel follows the document, so undo, a loaded file or another view updates it.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from nnstudio.document.project import Project
from nnstudio.document.schema import ParamSpec
from nnstudio.document.settings import OPTIMIZER_CHOICES, SETTINGS
from nnstudio.engine.optimizers import OPTIMIZER_INFO, SCHEDULES

from .common import ScientificSpinBox, push_setting

#: what each method does, in one sentence (shown above its update rule)
DESCRIPTIONS = {
    "sgd": "Step against the gradient of the current mini-batch (batch size 1: online "
           "learning; all samples: full-batch gradient descent).",
    "momentum": "A velocity adds up past gradients: steady directions speed up, directions "
                "that flip sign cancel out.",
    "nesterov": "Momentum with a look-ahead: the step adds the velocity's effect on top of "
                "the gradient, damping overshoot.",
    "adagrad": "A step size per weight, divided by the root of the sum of all its past squared "
               "gradients: steps shrink as training goes on.",
    "adadelta": "AdaGrad with decaying averages, and step units taken from past updates: it "
                "works without tuning η (η = 1 is Zeiler's method).",
    "rmsprop": "A step size per weight from a decaying average of its squared gradients.",
    "adam": "Momentum (a decaying mean of gradients) plus RMSprop (of squared gradients), "
            "both bias-corrected for the first steps.",
    "perceptron": "Rosenblatt's rule for threshold units: weights change only when a sample is "
                  "misclassified. It converges if the classes are linearly separable.",
}
PERCEPTRON_FORMULA = "ŷ = H(w·x + b);  w ← w + η·(t − ŷ)·x;  b ← b + η·(t − ŷ)"
GRADIENT_NOTE = "g = ∇C on the mini-batch (+ λ₂·w + λ₁·sign(w) with L2/L1, then clipped)"

CHOICE_TEXT = {
    "gradient": "gradient descent", "perceptron": "perceptron rule (Rosenblatt)",
    "constant": "constant", "step": "step decay", "exponential": "exponential decay",
}
RULE_KEY, OPTIMIZER_KEY, LR_KEY = "training.rule", "training.optimizer", "training.learning_rate"
SCHEDULE_KEYS = ("training.lr_schedule", "training.lr_gamma", "training.lr_step_size")
OTHER_KEYS = ("training.clip_norm", "training.l1", "training.l2")


def hyper_keys(optimizer: str) -> list[str]:
    """The settings keys of ``optimizer``'s hyperparameters (schema order)."""
    prefix = f"training.{optimizer}."
    return [key for key in SETTINGS if key.startswith(prefix)]


PANEL_KEYS = [RULE_KEY, OPTIMIZER_KEY, LR_KEY,
              *[k for name in OPTIMIZER_CHOICES for k in hyper_keys(name)],
              *SCHEDULE_KEYS, *OTHER_KEYS]


def formula_lines(method: str) -> list[str]:
    """The update rule of an optimizer (or "perceptron"), one assignment per line."""
    text = PERCEPTRON_FORMULA if method == "perceptron" else OPTIMIZER_INFO[method]["formula"]
    return [part.strip() for part in text.split(";") if part.strip()]


def formula_html(method: str) -> str:
    """Title, one-sentence description and the update rule, as rich text."""
    if method == "perceptron":
        title, usual, note = "Perceptron rule", "", "H: the step function; t: the target 0 or 1"
    else:
        info = OPTIMIZER_INFO[method]
        title = info["label"]
        usual = f"Usual learning rate η: {info['lr']['default']:g}"
        note = GRADIENT_NOTE
    lines = "<br>".join(html.escape(line) for line in formula_lines(method))
    text = (f"<b>{html.escape(title)}</b><br>{html.escape(DESCRIPTIONS[method])}"
            f"<div style='font-family: monospace; font-size: 11pt; margin: 4px 0'>{lines}</div>"
            # blocks of their own: a span after the formula's div ran on in its line
            # ("θ ← θ − η·gg = ∇C on the mini-batch")
            f"<div style='color: #555'>{html.escape(note)}</div>")
    if usual:
        text += f"<div style='color: #555'>{html.escape(usual)}</div>"
    return text


class OptimizerHelp(QLabel):
    """The chosen method's update rule; follows ``project`` (training.rule/optimizer) if given."""

    def __init__(self, project: Project | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setObjectName("optimizer-help")
        self.method = ""
        self.project = project
        if project is not None:
            project.subscribe(self._on_event)
            self.destroyed.connect(lambda: project.unsubscribe(self._on_event))
            self.follow(project)
        else:
            self.show_method("sgd")

    def show_method(self, method: str) -> None:
        self.method = method
        self.setText(formula_html(method))

    def follow(self, project: Project) -> None:
        settings = project.settings
        self.show_method("perceptron" if settings[RULE_KEY] == "perceptron"
                         else settings[OPTIMIZER_KEY])

    def _on_event(self, event: str, payload) -> None:
        if event == "replaced" or payload in (RULE_KEY, OPTIMIZER_KEY):
            self.follow(self.project)


class OptimizerPanel(QWidget):
    """Edits the training method. ``editors``: key → editor widget; ``visible_keys()``: the
    rows shown for the current rule, optimizer and schedule."""

    def __init__(self, project: Project, stack: QUndoStack,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project, self.stack = project, stack
        self.editors: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}
        self.last_error: str | None = None
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for key in PANEL_KEYS:
            spec = SETTINGS[key]
            editor = self._make_editor(key, spec)
            editor.setObjectName(key)
            editor.setToolTip(spec.help)
            label = QLabel(spec.display)
            label.setToolTip(spec.help)
            self.form.addRow(label, editor)
            self.editors[key], self.labels[key] = editor, label
        self.help = OptimizerHelp(project)
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #B00020;")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.form)
        layout.addWidget(self.help)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        self.sync()
        project.subscribe(self._on_event)
        self.destroyed.connect(lambda: project.unsubscribe(self._on_event))

    # -- editors -----------------------------------------------------------------------------
    def _make_editor(self, key: str, spec: ParamSpec) -> QWidget:
        if spec.kind == "choice":
            box = QComboBox()
            for choice in spec.choices:
                if key == OPTIMIZER_KEY:
                    box.addItem(OPTIMIZER_INFO[choice]["label"], choice)
                    box.setItemData(box.count() - 1, OPTIMIZER_INFO[choice]["formula"],
                                    Qt.ItemDataRole.ToolTipRole)
                else:
                    box.addItem(CHOICE_TEXT.get(choice, SCHEDULES.get(choice, choice)), choice)
            box.currentIndexChanged.connect(lambda i, k=key, b=box: self._edit(k, b.itemData(i)))
            return box
        if spec.kind == "int":
            box = QSpinBox()
            box.setRange(int(spec.minimum), int(min(spec.maximum, 2**31 - 1)))
            box.setKeyboardTracking(False)
            box.valueChanged.connect(lambda v, k=key: self._edit(k, int(v)))
            return box
        if spec.log or (spec.minimum or 0) > 0:  # spans decades: η, ε, …
            box = ScientificSpinBox(spec.minimum, spec.maximum)
        else:
            box = QDoubleSpinBox()
            box.setDecimals(5)
            box.setRange(spec.minimum, spec.maximum)
            box.setSingleStep(0.01 if spec.maximum <= 1 else 0.1)
            box.setKeyboardTracking(False)
            box.setStepType(QAbstractSpinBox.StepType.DefaultStepType)
        box.valueChanged.connect(lambda v, k=key: self._edit(k, float(v)))
        return box

    def _edit(self, key: str, value) -> None:
        reason = push_setting(self.project, self.stack, key, value)
        self.last_error = reason
        self.error_label.setText(reason or "")
        self.error_label.setVisible(bool(reason))
        if reason:
            self._set_editor(key, self.project.settings[key])

    def _set_editor(self, key: str, value) -> None:
        editor = self.editors[key]
        editor.blockSignals(True)
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(editor.findData(value), 0))
        else:
            editor.setValue(value)
        editor.blockSignals(False)

    # -- following the document ----------------------------------------------------------------
    def visible_keys(self) -> set[str]:
        settings = self.project.settings
        if settings[RULE_KEY] == "perceptron":
            return {RULE_KEY, LR_KEY}
        keys = {RULE_KEY, OPTIMIZER_KEY, LR_KEY, *hyper_keys(settings[OPTIMIZER_KEY]),
                "training.lr_schedule", *OTHER_KEYS}
        if settings["training.lr_schedule"] != "constant":
            keys |= {"training.lr_gamma", "training.lr_step_size"}
        return keys

    def sync(self) -> None:
        for key in self.editors:
            self._set_editor(key, self.project.settings[key])
        visible = self.visible_keys()
        for key, editor in self.editors.items():
            editor.setVisible(key in visible)
            self.labels[key].setVisible(key in visible)

    def _on_event(self, event: str, payload) -> None:
        if event == "replaced" or (event == "setting_changed" and payload in self.editors):
            self.sync()
