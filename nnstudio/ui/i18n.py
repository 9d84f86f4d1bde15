"""Translations: the interface language (View → Language, else the system locale).

The strings of the window, its menus and dialogs go through Qt's translation functions
(``self.tr`` / ``QCoreApplication.translate``). A language's translation lives in
``resources/translations/nnstudio_<lang>.ts`` (Qt Linguist's XML, the file translators edit)
and its compiled ``.qm`` (``pyside6-lrelease``; both are committed). If a ``.qm`` is missing
(for example where pyside6-lrelease is not installed), :class:`TsTranslator` reads the
``.ts`` directly: a plain dictionary lookup with the same result. Qt's own strings (dialog
buttons) come from Qt's translations shipped with PySide6, when present.

The language applies at start-up; changing it in the View menu asks for a restart (every
window would otherwise need rebuilding its texts).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

from nnstudio.resources_path import resource

LANGUAGES = {"auto": "System language", "en": "English", "de": "Deutsch"}
_installed: list = []


def translations_dir() -> Path:
    return resource("translations")


class TsTranslator(QTranslator):
    """A QTranslator answering from a Qt Linguist ``.ts`` file (no compiled ``.qm`` needed)."""

    def __init__(self, ts_path: str | Path, parent=None) -> None:
        super().__init__(parent)
        self.table: dict[tuple[str, str], str] = {}
        root = ET.parse(str(ts_path)).getroot()
        for context in root.iter("context"):
            name = context.findtext("name", "")
            for message in context.iter("message"):
                source = message.findtext("source", "")
                node = message.find("translation")
                if node is None or node.get("type") in ("unfinished", "obsolete", "vanished"):
                    continue
                if node.text:
                    self.table[(name, source)] = node.text

    def translate(self, context, source_text, disambiguation=None, n=-1):  # noqa: ARG002
        return self.table.get((context, source_text), "")

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return not self.table


def resolve(language: str | None) -> str:
    if not language or language == "auto":
        language = QLocale.system().name().split("_")[0]
    return language if language in LANGUAGES and language != "auto" else "en"


def install(app, language: str | None = None) -> str:
    """Install the translation for ``language`` ("auto" / None: the system's) on ``app``;
    returns the language in use. Removes what an earlier call installed."""
    from nnstudio.ui.app_settings import get_str

    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if language is None:
        language = get_str("view/language", "auto")
    lang = resolve(language)
    if lang == "en":
        return lang
    qm = translations_dir() / f"nnstudio_{lang}.qm"
    ts = translations_dir() / f"nnstudio_{lang}.ts"
    translator = QTranslator(app)
    if not (qm.is_file() and translator.load(str(qm))):
        translator = TsTranslator(ts, app) if ts.is_file() else None
    if translator is not None:
        app.installTranslator(translator)
        _installed.append(translator)
    qt = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt.load(QLocale(lang), "qtbase", "_", qt_dir):
        app.installTranslator(qt)
        _installed.append(qt)
    return lang
