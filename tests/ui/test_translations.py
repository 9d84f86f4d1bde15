"""Translations: German is installed from the compiled .qm (or, without it, from the .ts) and
the window's menus, actions and dialogs come up in German."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from classroom_fixtures import open_window, settings_dir  # noqa: F401
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from nnstudio.ui import app_settings, i18n


@pytest.fixture
def german(settings_dir):
    app = QApplication.instance()
    yield app
    i18n.install(app, "en")


def test_german_menus(qtbot, german):
    assert i18n.install(german, "de") == "de"
    win = open_window(qtbot)
    titles = [a.text() for a in win.menuBar().actions()]
    assert titles == ["&Datei", "&Bearbeiten", "&Training", "&Ansicht", "&Hilfe"]
    assert win.play_action.text() == "Start"
    assert win.classroom.lessons_action.text() == "&Lektionen…"
    assert "Strg" in win.classroom.copy_action.statusTip()
    assert win.classroom.explanation_dock.windowTitle() == "Lektion"
    win.close()


def test_language_setting_and_fallback_without_qm(qtbot, german, tmp_path, monkeypatch):
    app_settings.set_value("view/language", "de")
    assert i18n.install(german) == "de"
    assert QCoreApplication.translate("MainWindow", "&View") == "&Ansicht"
    # a machine without pyside6-lrelease ships only the .ts: the dictionary translator reads it
    ts = i18n.translations_dir() / "nnstudio_de.ts"
    (tmp_path / "nnstudio_de.ts").write_bytes(ts.read_bytes())
    monkeypatch.setattr(i18n, "translations_dir", lambda: tmp_path)
    assert i18n.install(german, "de") == "de"
    assert isinstance(i18n._installed[0], i18n.TsTranslator)
    assert QCoreApplication.translate("MainWindow", "&Help") == "&Hilfe"
    assert QCoreApplication.translate("FigureExport", "Copy image") == "Bild kopieren"
    assert i18n.install(german, "en") == "en"
    assert QCoreApplication.translate("MainWindow", "&Help") == "&Help"


def test_view_menu_remembers_the_language(qtbot, german):
    win = open_window(qtbot)
    win.classroom.language_actions["de"].trigger()
    assert app_settings.get_str("view/language") == "de"
    win.close()


def test_every_translation_is_finished():
    root = ET.parse(i18n.translations_dir() / "nnstudio_de.ts").getroot()
    unfinished = [m.findtext("source") for m in root.iter("message")
                  if m.find("translation").get("type") or not m.findtext("translation")]
    assert unfinished == []
    assert (i18n.translations_dir() / "nnstudio_de.qm").is_file()
