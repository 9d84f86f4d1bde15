"""Generated text of the character model, with its temperature slider.

The model writes after a seed taken from a test window (shown in grey). The temperature T
divides the logits before the softmax: T → 0 always takes the likeliest character
(repetitive), T = 1 samples the model's own probabilities, T > 1 flattens them (more
surprising, more misspelt). Moving the slider emits :attr:`temperature_changed`; the window
stores it in the project (``dataset.temperature``) and the worker samples new text.

``set_snapshot(seq)`` takes the ``"sequence"`` part of a training snapshot.
"""

from __future__ import annotations

import html

from PySide6 import QtCore, QtWidgets

SLIDER_STEPS = 100  # slider units per 1.0 of temperature
MAX_TEMPERATURE = 2.0


class GeneratedTextView(QtWidgets.QWidget):
    """Attributes: ``slider`` (QSlider, 0..200 = temperature 0..2), ``temperature_label``,
    ``text_edit`` (QTextBrowser), ``title`` (QLabel)."""

    temperature_changed = QtCore.Signal(float)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.seq: dict | None = None
        self.title = QtWidgets.QLabel("Generated text: train the character model")
        self.title.setStyleSheet("font-weight: bold")
        self.slider = QtWidgets.QSlider(QtCore.Qt.Orientation.Horizontal)
        self.slider.setRange(0, int(MAX_TEMPERATURE * SLIDER_STEPS))
        self.slider.setValue(70)
        self.slider.setToolTip("Temperature: 0 = always the likeliest character; 1 = the "
                               "model's own probabilities; above 1 = bolder")
        self.temperature_label = QtWidgets.QLabel()
        self.temperature_label.setMinimumWidth(120)
        self.text_edit = QtWidgets.QTextBrowser()
        self.text_edit.setOpenLinks(False)
        font = self.text_edit.font()
        font.setPointSize(font.pointSize() + 2)
        self.text_edit.setFont(font)
        row = QtWidgets.QHBoxLayout()
        row.addWidget(QtWidgets.QLabel("Temperature"))
        row.addWidget(self.slider, 1)
        row.addWidget(self.temperature_label)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.title)
        layout.addLayout(row)
        layout.addWidget(self.text_edit, 1)
        self._update_label()
        self.slider.valueChanged.connect(self._on_value)
        self.slider.sliderReleased.connect(self._emit)

    # -- temperature -----------------------------------------------------------------------
    @property
    def temperature(self) -> float:
        return self.slider.value() / SLIDER_STEPS

    def set_temperature(self, value: float) -> None:
        """Move the slider without emitting ``temperature_changed``."""
        self.slider.blockSignals(True)
        self.slider.setValue(round(float(value) * SLIDER_STEPS))
        self.slider.blockSignals(False)
        self._update_label()

    def _update_label(self) -> None:
        t = self.temperature
        hint = "greedy" if t == 0 else ("cautious" if t < 0.8 else
                                         ("as learned" if t <= 1.2 else "bold"))
        self.temperature_label.setText(f"T = {t:.2f} ({hint})")

    def _on_value(self, _value: int) -> None:
        self._update_label()
        if not self.slider.isSliderDown():  # keyboard, wheel, clicks: emit at once
            self._emit()

    def _emit(self) -> None:
        self.temperature_changed.emit(self.temperature)

    # -- text ------------------------------------------------------------------------------
    def clear(self) -> None:
        self.seq = None
        self.text_edit.clear()
        self.title.setText("Generated text: train the character model")

    def set_snapshot(self, seq: dict | None) -> None:
        self.seq = seq
        if not seq or seq.get("text") is None:
            self.clear()
            return
        if not self.slider.isSliderDown():
            self.set_temperature(seq.get("temperature", self.temperature))
        seed = html.escape(seq.get("seed_text") or "")
        text = html.escape(seq["text"])
        body = (f"<span style='color:#888888'>{seed}</span>"
                f"<span style='color:#111111'>{text}</span>").replace("\n", "<br>")
        self.text_edit.setHtml(f"<div style='font-family: serif'>{body}</div>")
        self.title.setText(f"What the model writes after the grey seed (step "
                           f"{seq.get('steps', 0):,}, temperature "
                           f"{seq.get('temperature', 0):.2f})")

    def plain_text(self) -> str:
        return self.text_edit.toPlainText()
