"""The training speed control: from slow motion (every step drawn) to flat out.

A combo box in the training toolbar and the same choices under Training → Speed. Up to
:data:`nnstudio.workers.training.SLOW_MOTION_MAX` steps per second the worker sends a snapshot
after *every* step, so a class can watch single steps; above it, snapshots come at most ~30
times a second; "Flat out" trains as fast as the computer can.

The speed is a way of watching, not part of the design: it is neither saved in the project
nor remembered between runs (every start is flat out, so a student never finds training
mysteriously slow); it holds for the window's session, across Reset, New seed and lessons.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QActionGroup
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from nnstudio.workers.training import SLOW_MOTION_MAX

#: (steps per second, label); 0 = flat out
SPEEDS: tuple[tuple[float, str], ...] = (
    (1.0, "1 step/s"), (2.0, "2 steps/s"), (5.0, "5 steps/s"), (10.0, "10 steps/s"),
    (30.0, "30 steps/s"), (100.0, "100 steps/s"), (1000.0, "1,000 steps/s"), (0.0, "Flat out"),
)
FLAT_OUT = 0.0


def _tr(text: str) -> str:
    return QCoreApplication.translate("SpeedControl", text)


def is_slow_motion(steps_per_second: float) -> bool:
    return 0 < steps_per_second <= SLOW_MOTION_MAX


class SpeedControl(QWidget):
    """``speed_changed(steps per second)`` (0 = flat out) when the user picks a speed."""

    speed_changed = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = QComboBox()
        self.box.setObjectName("speed-box")
        for speed, text in SPEEDS:
            self.box.addItem(_tr(text), speed)
        self.box.setToolTip(_tr(
            "How fast training runs. Up to 30 steps/s every step is drawn (slow motion: watch "
            "single steps); faster speeds draw about 30 times a second; Flat out trains as "
            "fast as the computer can."))
        self.box.setCurrentIndex(self.box.count() - 1)  # flat out
        self.box.currentIndexChanged.connect(self._changed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 0, 6, 0)
        label = QLabel(_tr("Speed"))
        label.setBuddy(self.box)
        layout.addWidget(label)
        layout.addWidget(self.box)

    def speed(self) -> float:
        return float(self.box.currentData())

    def set_speed(self, steps_per_second: float) -> None:
        """Choose the listed speed nearest to ``steps_per_second`` (0 or less: flat out)."""
        if steps_per_second <= 0:
            index = self.box.count() - 1
        else:
            index = min(range(self.box.count() - 1),
                        key=lambda i: abs(self.box.itemData(i) - steps_per_second))
        self.box.setCurrentIndex(index)

    def _changed(self, index: int) -> None:
        self.speed_changed.emit(float(self.box.itemData(index)))


def install(window, toolbar) -> SpeedControl:
    """Put the control in ``toolbar`` and a Speed submenu in the window's Training menu; the
    chosen speed goes to ``window.controller``."""
    control = SpeedControl(window)
    toolbar.addSeparator()
    toolbar.addWidget(control)
    control.speed_changed.connect(window.controller.set_speed)
    menu = window.train_menu.addMenu(_tr("Speed"))
    group = QActionGroup(menu)
    group.setExclusive(True)
    actions = []
    for i, (_speed, text) in enumerate(SPEEDS):
        action = menu.addAction(_tr(text))
        action.setCheckable(True)
        group.addAction(action)
        action.triggered.connect(lambda _=False, i=i: control.box.setCurrentIndex(i))
        actions.append(action)
    actions[control.box.currentIndex()].setChecked(True)
    control.box.currentIndexChanged.connect(lambda i: actions[i].setChecked(True))
    control.menu_actions = actions
    window.speed_control = control
    window.controller.set_speed(control.speed())
    return control
