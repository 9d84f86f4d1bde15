"""Help menu: "About this view" for every view, and the keyboard cheat sheet.

The texts of the optional panels come from their :class:`PanelSpec.about`; the built-in views'
texts are here. The cheat sheet is generated from the window's actual QActions (every action
with a shortcut, in menu order), so it cannot drift from what the keys do.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMenu, QMessageBox, QTextBrowser, QVBoxLayout


def tr(text: str) -> str:
    return QCoreApplication.translate("Help", text)


def builtin_views() -> dict[str, tuple[str, str]]:
    """id → (title, text) of the views every window has."""
    return {
        "canvas": (tr("Network canvas"), tr(
            "The network you design. Each card is a layer; its circles are neurons. Drag a "
            "layer from the palette to add it, drag from a layer's output port (right) to "
            "another layer to connect them, Delete removes the selection, Ctrl+C / Ctrl+V copy "
            "layers. While training, a connection's colour is the sign of its weight (blue "
            "positive, orange negative) and its thickness the size |w|. A red badge names "
            "what keeps the network from training.")),
        "data": (tr("Data and decision surface"), tr(
            "The training points (filled) and test points (rings), coloured by class. Behind "
            "them the network's output over the input plane: for two classes the probability "
            "of class 1, from orange (0) through white (0.5) to blue (1), with fixed levels so "
            "colours mean the same at every step. The boundary between the colours is the "
            "decision boundary the network has learned.")),
        "loss": (tr("Loss curves"), tr(
            "The cost C on the training data and on the held-out test data (the legend "
            "names each curve) against the number of training steps (one step = one "
            "mini-batch). Training loss falling "
            "while test loss rises is overfitting. Tick 'Log scale' to see small losses; "
            "the numbers above the plot are the latest values and accuracies.")),
        "palette": (tr("Layer palette and data"), tr(
            "The layer types you can use (drag one onto the canvas, or double-click it to add "
            "it where it fits) and the dataset's settings: which problem, how many points, how "
            "much noise, how many are held out for testing, and the data's seed.")),
        "inspector": (tr("Inspector and training"), tr(
            "The selected layer's parameters (units, activation, initialization) and the "
            "training settings: learning rate η, batch size, optimizer, loss and L2 "
            "regularization. Changes apply at once and can be undone (Ctrl+Z). Settings a "
            "lesson fixes are greyed out.")),
        "lesson": (tr("Lesson"), tr(
            "The open lesson's explanation: what to try, what to watch for, and the formula "
            "involved. File → Lessons opens another lesson.")),
    }


def show_about(window, title: str, text: str) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok,
                      window)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    window._about_box = box  # tests reach it here
    return box


def about_texts(window) -> dict[str, tuple[str, str]]:
    """Every view of ``window`` with its about text: built-ins, then the registered panels."""
    from nnstudio.ui.panels.registry import load_panels

    texts = dict(builtin_views())
    for spec in load_panels().values():
        about = spec.about or tr("No description yet.")
        texts[spec.id] = (spec.title, about)
    return texts


def fill_about_menu(window, menu: QMenu) -> dict[str, QAction]:
    actions = {}
    for view_id, (title, text) in about_texts(window).items():
        action = menu.addAction(title, lambda t=title, x=text: show_about(window, t, x))
        action.setObjectName(f"about-{view_id}")
        actions[view_id] = action
    return actions


# -- keyboard cheat sheet ------------------------------------------------------------------------
def shortcut_rows(window) -> list[tuple[str, str, str]]:
    """(menu, action, keys) for every action of ``window`` that has a shortcut, in menu order,
    then the toolbar- or widget-only ones."""
    rows: list[tuple[str, str, str]] = []
    seen: set[int] = set()

    def visit(menu: QMenu, path: str) -> None:
        for action in menu.actions():
            if action.menu() is not None:
                visit(action.menu(), f"{path} → {_plain(action.menu().title())}")
                continue
            add(action, path)

    def add(action: QAction, where: str) -> None:
        if id(action) in seen or action.isSeparator():
            return
        keys = [s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts()
                if not s.isEmpty()]
        if keys:
            seen.add(id(action))
            rows.append((where, _plain(action.text()), ", ".join(keys)))

    for action in window.menuBar().actions():
        if action.menu() is not None:
            visit(action.menu(), _plain(action.menu().title()))
    for action in window.findChildren(QAction):
        add(action, tr("Canvas") if action.parent() is window.network_view else tr("Window"))
    return rows


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").replace("…", "").strip(
        " .")


def cheat_sheet_html(window) -> str:
    lines = [f"<h3>{html.escape(tr('Keyboard shortcuts'))}</h3><table cellspacing='0' "
             "cellpadding='4'>"]
    last = None
    for where, name, keys in shortcut_rows(window):
        if where != last:
            lines.append(f"<tr><td colspan='2'><b>{html.escape(where)}</b></td></tr>")
            last = where
        lines.append(f"<tr><td>{html.escape(name)}</td><td><code>{html.escape(keys)}</code>"
                     "</td></tr>")
    lines.append("</table>")
    return "\n".join(lines)


class CheatSheet(QDialog):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.setWindowTitle(tr("Keyboard shortcuts"))
        self.resize(520, 620)
        self.browser = QTextBrowser()
        self.browser.setHtml(cheat_sheet_html(window))
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)


def show_cheat_sheet(window) -> CheatSheet:
    dialog = CheatSheet(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    window._cheat_sheet = dialog
    return dialog
