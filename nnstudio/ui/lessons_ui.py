"""Lessons in the window: the gallery (start page and File → Lessons), the explanation panel
and the locks a lesson puts on some settings.

* The **gallery** shows one card per lesson (``resources/lessons``), in the lesson order, with
  its title and the first lines of its explanation; a click opens it. At launch (when no file
  is given) it also offers a new project, Open… and the recent files. It is a dialog, so the
  window behind it is ready the moment a lesson is chosen.
* The **explanation panel** (a dock) shows the open lesson's ``meta.explanation``: what to
  try, what to watch and the formula, with those words in bold.
* **Locks**: every setting listed in ``meta.locked`` has its editor disabled, with a tooltip
  saying the lesson fixes it (the file still holds the value; a teacher unlocks by editing
  the list).
"""

from __future__ import annotations

import html
import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from nnstudio.document.io import load_project
from nnstudio.document.lessons import LessonInfo, list_lessons

EXCERPT_CHARS = 170
CARD_COLUMNS = 3
KEYWORDS = ("Try", "Watch", "Formula", "Formulas", "Why", "Then", "Next")
#: for the translation tools (the keywords are translated at run time)
_TRANSLATABLE = (QT_TRANSLATE_NOOP("Lessons", "Try"), QT_TRANSLATE_NOOP("Lessons", "Watch"),
                 QT_TRANSLATE_NOOP("Lessons", "Formula"), QT_TRANSLATE_NOOP("Lessons", "Formulas"),
                 QT_TRANSLATE_NOOP("Lessons", "Why"), QT_TRANSLATE_NOOP("Lessons", "Then"),
                 QT_TRANSLATE_NOOP("Lessons", "Next"),
                 QT_TRANSLATE_NOOP("Lessons", "This lesson fixes:"),
                 QT_TRANSLATE_NOOP("Lessons", "This project has no lesson text."))


def tr(text: str) -> str:
    return QCoreApplication.translate("Lessons", text)


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """The first paragraph, cut at a word boundary near ``limit`` characters."""
    first = (text or "").strip().split("\n\n")[0].strip()
    if len(first) <= limit:
        return first
    cut = first[:limit].rsplit(" ", 1)[0].rstrip(",;:—-")
    return cut + "…"


def explanation_html(meta: dict) -> str:
    """The explanation as HTML: paragraphs, with 'Try:', 'Watch:', 'Formula:' in bold and the
    formula in a monospace block."""
    title = html.escape(meta.get("title", ""))
    parts = [f"<h3>{title}</h3>"] if title else []
    for para in (meta.get("explanation") or "").strip().split("\n\n"):
        para = para.strip()
        if not para:
            continue
        match = re.match(r"^(\w+):\s*(.*)$", para, re.S)
        if match and match.group(1) in KEYWORDS:
            word, rest = match.groups()
            body = html.escape(rest).replace("\n", "<br>")
            if word.startswith("Formula"):
                body = f"<div style='font-family: monospace; font-size: 110%'>{body}</div>"
            parts.append(f"<p><b>{html.escape(tr(word))}:</b> {body}</p>")
        else:
            parts.append(f"<p>{html.escape(para).replace(chr(10), '<br>')}</p>")
    locked = meta.get("locked") or []
    if locked:
        keys = ", ".join(f"<code>{html.escape(k)}</code>" for k in locked)
        parts.append(f"<p><i>{html.escape(tr('This lesson fixes:'))}</i> {keys}</p>")
    if len(parts) <= 1:
        parts.append(f"<p><i>{html.escape(tr('This project has no lesson text.'))}</i></p>")
    return "\n".join(parts)


class LessonCard(QFrame):
    clicked = Signal(str)

    def __init__(self, info: LessonInfo, explanation: str, number: int) -> None:
        super().__init__()
        self.name = info.name
        self.setObjectName("lessonCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(tr("Open this lesson"))
        self.setAccessibleName(info.title)
        layout = QVBoxLayout(self)
        head = QLabel(f"<b>{number}. {html.escape(info.title)}</b>")
        head.setWordWrap(True)
        text = QLabel(excerpt(explanation))
        text.setTextFormat(Qt.TextFormat.PlainText)
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(head)
        layout.addWidget(text, 1)
        self.setMinimumWidth(240)
        self.setMinimumHeight(120)

    def mouseReleaseEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(self.name)
        super().mouseReleaseEvent(event)


class LessonGallery(QDialog):
    """Cards of the built-in lessons; as the start page also New, Open… and recent files."""

    lesson_chosen = Signal(str)
    new_requested = Signal()
    open_requested = Signal()
    recent_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None, start_page: bool = False,
                 recent: list[str] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Welcome to nnstudio") if start_page else tr("Lessons"))
        self.resize(900, 640)
        self.cards: dict[str, LessonCard] = {}
        layout = QVBoxLayout(self)
        intro = QLabel(tr("<h2>Lessons</h2>From the perceptron to LSTMs: each lesson opens a "
                          "ready network with a short explanation of what to try and what to "
                          "watch."))
        intro.setWordWrap(True)
        layout.addWidget(intro)

        grid_host = QWidget()
        grid = QGridLayout(grid_host)
        for i, info in enumerate(list_lessons()):
            meta = load_project(info.path).meta
            card = LessonCard(info, meta.get("explanation", ""), i + 1)
            card.clicked.connect(self._choose)
            grid.addWidget(card, i // CARD_COLUMNS, i % CARD_COLUMNS)
            self.cards[info.name] = card
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(grid_host)
        layout.addWidget(scroll, 1)

        self.recent_list: QListWidget | None = None
        buttons = QHBoxLayout()
        if start_page:
            if recent:
                layout.addWidget(QLabel(tr("<b>Recent files</b>")))
                self.recent_list = QListWidget()
                self.recent_list.setMaximumHeight(110)
                for path in recent:
                    item = QListWidgetItem(path)
                    self.recent_list.addItem(item)
                self.recent_list.itemActivated.connect(
                    lambda item: self._emit_then_close(self.recent_chosen, item.text()))
                layout.addWidget(self.recent_list)
            new = QPushButton(tr("New project"))
            new.clicked.connect(lambda: self._emit_then_close(self.new_requested))
            open_ = QPushButton(tr("Open…"))
            open_.clicked.connect(lambda: self._emit_then_close(self.open_requested))
            buttons.addWidget(new)
            buttons.addWidget(open_)
        buttons.addStretch(1)
        if start_page:
            from nnstudio.ui.app_settings import get_bool, set_value

            self.show_at_start = QCheckBox(tr("Show this at start-up"))
            self.show_at_start.setChecked(get_bool("startpage/show", True))
            self.show_at_start.toggled.connect(lambda on: set_value("startpage/show", on))
            buttons.addWidget(self.show_at_start)
        close = QPushButton(tr("Close"))
        close.clicked.connect(self.reject)
        buttons.addWidget(close)
        layout.addLayout(buttons)

    def _choose(self, name: str) -> None:
        self._emit_then_close(self.lesson_chosen, name)

    def _emit_then_close(self, signal, *args) -> None:
        self.accept()
        signal.emit(*args)


class ExplanationPanel(QTextBrowser):
    """The current lesson's explanation (what to try, what to watch, the formula)."""

    def __init__(self, window) -> None:
        super().__init__()
        self.window_ = window
        self.setOpenExternalLinks(False)
        self.setMinimumWidth(220)
        self.on_project_replaced()

    def on_project_replaced(self) -> None:
        self.setHtml(explanation_html(self.window_.project.meta))


def apply_locks(window) -> list[str]:
    """Disable the editors of the settings the lesson locks; returns the locked keys.

    Every settings form of the window counts: a widget with a ``fields`` dict of setting key →
    editor (SettingsForm, and the panels' forms built the same way)."""
    locked = set(window.project.meta.get("locked") or [])
    tip = tr("Fixed by this lesson (meta.locked in the lesson file).")
    for form in window.findChildren(QWidget):
        fields = getattr(form, "fields", None)
        if not isinstance(fields, dict):
            continue
        labels = getattr(form, "labels", None) or {}
        for key, field in fields.items():
            if not isinstance(key, str) or not isinstance(field, QWidget):
                continue
            lock = key in locked
            field.setEnabled(not lock)
            if lock:
                field.setToolTip(tip)
            elif field.toolTip() == tip:
                spec = getattr(field, "spec", None)
                field.setToolTip(getattr(spec, "help", ""))
            label = labels.get(key) if isinstance(labels, dict) else None
            if isinstance(label, QWidget):
                label.setEnabled(not lock)
    seed_action = getattr(window, "seed_action", None)
    if seed_action is not None:
        seed_action.setEnabled("training.seed" not in locked)
    return sorted(locked)
