"""Pieces shared by the race and landscape windows: optimizer pens, optimizer toggles, run
controls, and the window base class that follows the document and owns a worker."""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap, QUndoStack, QValidator
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from nnstudio.compare import (
    MAX_COMPARED,
    MIN_COMPARED,
    OPTIMIZER_COLORS,
    OPTIMIZER_DASHED,
    optimizer_label,
    parse_optimizers,
)
from nnstudio.document.errors import ProjectError
from nnstudio.document.project import Project
from nnstudio.document.settings import OPTIMIZER_CHOICES

COMPARE_KEY = "training.compare.optimizers"


def optimizer_pen(name: str, width: float = 2.5):
    style = Qt.PenStyle.DashLine if name in OPTIMIZER_DASHED else Qt.PenStyle.SolidLine
    return pg.mkPen(OPTIMIZER_COLORS[name], width=width, style=style, cosmetic=True)


def swatch_icon(name: str, size: int = 12) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(OPTIMIZER_COLORS[name]))
    return QIcon(pixmap)


def format_loss(value) -> str:
    if value is None or not math.isfinite(value):
        return "—"
    if 1e-3 <= abs(value) < 1e3:
        return f"{value:.3f}"
    return f"{value:.2e}"


def push_setting(project: Project, stack: QUndoStack, key: str, value) -> str | None:
    """Set ``key`` through an undoable command; None, or the reason the model refused."""
    if project.settings.get(key) == value:
        return None
    from nnstudio.ui.editor.commands import SetSettingCommand, push_or_explain

    return push_or_explain(stack, SetSettingCommand(project, key, value))


class OptimizerToggles(QWidget):
    """One checkable button per optimizer (in its colour); edits
    ``training.compare.optimizers`` and keeps 2 to 7 checked."""

    message = Signal(str)

    def __init__(self, project: Project, stack: QUndoStack,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project, self.stack = project, stack
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.buttons: dict[str, QToolButton] = {}
        for name in OPTIMIZER_CHOICES:
            button = QToolButton()
            button.setText(optimizer_label(name))
            button.setIcon(swatch_icon(name))
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setCheckable(True)
            button.setObjectName(f"toggle-{name}")
            button.setToolTip(f"Include {optimizer_label(name)} in the comparison")
            button.toggled.connect(lambda _on, n=name: self._toggled(n))
            layout.addWidget(button)
            self.buttons[name] = button
        layout.addStretch(1)
        self.sync()

    def selected(self) -> list[str]:
        try:
            return parse_optimizers(self.project.settings[COMPARE_KEY])
        except ProjectError:
            return []

    def sync(self) -> None:
        chosen = set(self.selected())
        for name, button in self.buttons.items():
            button.blockSignals(True)
            button.setChecked(name in chosen)
            button.blockSignals(False)

    def _toggled(self, name: str) -> None:
        names = [n for n, b in self.buttons.items() if b.isChecked()]
        if not MIN_COMPARED <= len(names) <= MAX_COMPARED:
            self.sync()
            self.message.emit(f"Compare {MIN_COMPARED} to {MAX_COMPARED} optimizers.")
            return
        reason = push_setting(self.project, self.stack, COMPARE_KEY, ",".join(names))
        if reason:
            self.sync()
            self.message.emit(reason)


class RunControls(QWidget):
    """Play/Pause, Step and Reset buttons for a comparison controller, plus a status text."""

    def __init__(self, controller, step_size: int = 10, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.play_button = QPushButton("▶ Play")
        self.play_button.setObjectName("play")
        self.play_button.setToolTip("Run all optimizers side by side")
        self.play_button.clicked.connect(self.toggle)
        self.step_button = QPushButton(f"Step ×{step_size}")
        self.step_button.setObjectName("step")
        self.step_button.clicked.connect(lambda: controller.step(step_size))
        self.reset_button = QPushButton("Reset")
        self.reset_button.setObjectName("reset")
        self.reset_button.setToolTip("Start again from the same initial weights")
        self.reset_button.clicked.connect(controller.reset)
        for button in (self.play_button, self.step_button, self.reset_button):
            layout.addWidget(button)
        controller.state_changed.connect(self._on_state)

    def toggle(self) -> None:
        if self.controller.running:
            self.controller.pause()
        else:
            self.controller.play()

    def _on_state(self, state: str) -> None:
        self.play_button.setText("⏸ Pause" if state == "running" else "▶ Play")
        usable = state not in ("invalid", "finished")
        self.play_button.setEnabled(usable)
        self.step_button.setEnabled(usable)


class CompareWindow(QWidget):
    """A top-level window on the live project that owns a comparison controller.

    It follows the document (any edit reloads the worker, which keeps the run when the edit
    does not affect it) and stops and joins the worker thread when it closes.
    """

    #: emitted after a snapshot has been drawn (tests wait on it)
    snapshot_drawn = Signal(object)

    def __init__(self, project: Project, controller, stack: QUndoStack | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.project = project
        if stack is None:  # the main window's stack, so that Edit → Undo covers these edits
            stack = getattr(parent, "undo_stack", None)
        self.stack = stack if stack is not None else QUndoStack(self)
        self.controller = controller
        self.controller.setParent(self)
        self.problem_label = QLabel()
        self.problem_label.setObjectName("problem")
        self.problem_label.setStyleSheet("color: #B00020;")
        self.problem_label.setWordWrap(True)
        self.problem_label.hide()
        self._closed = False
        self.controller.invalid.connect(self._on_invalid)
        self.controller.failed.connect(lambda message, _details: self._on_invalid(message))
        self.controller.state_changed.connect(self._on_state)
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(50)
        self._reload_timer.timeout.connect(self.reload)
        project.subscribe(self._on_project_event)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    def _layout(self, *widgets: QWidget) -> QVBoxLayout:
        layout = QVBoxLayout(self)
        for widget in widgets:
            layout.addWidget(widget)
        layout.addWidget(self.problem_label)
        return layout

    # -- document → worker -------------------------------------------------------------------
    def _on_project_event(self, event: str, payload) -> None:
        if event == "node_moved" or self._closed:
            return
        self.on_project_changed(event, payload)
        self._reload_timer.start()

    def on_project_changed(self, event: str, payload) -> None:
        """Subclasses update their controls here (the worker reloads after)."""

    def reload(self) -> None:
        if not self._closed:
            self.controller.load(self.project)

    def _on_invalid(self, message: str) -> None:
        self.problem_label.setText(f"Cannot compare: {message}")
        self.problem_label.show()

    def _on_state(self, state: str) -> None:
        if state != "invalid":
            self.problem_label.hide()

    # -- closing -----------------------------------------------------------------------------
    def shutdown(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._reload_timer.stop()
        self.project.unsubscribe(self._on_project_event)
        app = QApplication.instance()
        if app is not None:
            try:
                app.aboutToQuit.disconnect(self.shutdown)
            except (RuntimeError, TypeError):
                pass
        self.controller.shutdown()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self.shutdown()
        super().closeEvent(event)


class ScientificSpinBox(QDoubleSpinBox):
    """A spin box for values spanning decades (learning rates, ε, a target loss): shows 4
    significant digits (scientific when small), steps through 1-2-5 per decade."""

    def __init__(self, minimum: float, maximum: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDecimals(30)
        self.setRange(minimum, maximum)
        self.setKeyboardTracking(False)
        self.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToNearestValue)

    def textFromValue(self, value: float) -> str:  # noqa: N802 - Qt's name
        return f"{value:.4g}"

    def valueFromText(self, text: str) -> float:  # noqa: N802 - Qt's name
        try:
            return float(text.strip())
        except ValueError:
            return self.value()

    def validate(self, text: str, pos: int):
        stripped = text.strip()
        try:
            value = float(stripped)
        except ValueError:
            ok = stripped == "" or all(c in "0123456789.eE+-" for c in stripped)
            state = QValidator.State.Intermediate if ok else QValidator.State.Invalid
            return state, text, pos
        if self.minimum() <= value <= self.maximum():
            return QValidator.State.Acceptable, text, pos
        return QValidator.State.Intermediate, text, pos

    def stepBy(self, steps: int) -> None:  # noqa: N802 - Qt's name
        value = self.value()
        if value <= 0:
            value = max(self.minimum(), 1e-12)
        exponent = math.floor(math.log10(value))
        mantissa = value / 10**exponent
        ladder = (1.0, 2.0, 5.0)
        index = max(i for i, m in enumerate(ladder) if m <= mantissa * (1 + 1e-9))
        position = exponent * 3 + index + steps
        if steps < 0 and mantissa > ladder[index] * (1 + 1e-9):
            position += 1  # from 3e-3 one step down is 2e-3, not 1e-3
        new = ladder[position % 3] * 10 ** (position // 3)
        self.setValue(min(max(new, self.minimum()), self.maximum()))

    def set_quietly(self, value: float) -> None:
        """Show ``value`` without emitting valueChanged (the document changed, not the user)."""
        self.blockSignals(True)
        self.setValue(value)
        self.blockSignals(False)
