"""The optimizer panel's rich text: the update rule, its note and the usual learning rate are
lines of their own (the note ran on after the formula: "θ ← θ − η·gg = ∇C on the
mini-batch" in the main window)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QTextDocument

from nnstudio.engine.optimizers import OPTIMIZER_INFO
from nnstudio.ui.compare.optimizer_panel import formula_html, formula_lines


@pytest.mark.parametrize("method", [*OPTIMIZER_INFO, "perceptron"])
def test_formula_note_and_usual_rate_are_separate_lines(qapp, method):
    doc = QTextDocument()
    doc.setHtml(formula_html(method))
    lines = doc.toPlainText().split("\n")
    last_formula = formula_lines(method)[-1]
    assert last_formula in lines  # the rule's last line stands alone: nothing runs on
