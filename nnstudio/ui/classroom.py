"""What makes the main window ready for the classroom (issue 6), installed by
:func:`install` at the end of ``MainWindow.__init__``:

File: Lessons…, Recent files, Export figure (network, data, loss, window), Export report,
Export code (PyTorch / NumPy); Edit: Copy, Paste, Delete; View: theme, presentation mode,
palette, language; Help: About this view, Keyboard shortcuts, About nnstudio. Also the lesson
explanation dock and locks, right-click Export on every plot and the canvas, autosave, recent
files and the trained weights saved beside the project and restored on open.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QDockWidget, QFileDialog, QMenu, QMessageBox

from nnstudio.document.errors import ProjectError
from nnstudio.document.weights import load_weights, save_weights, weights_path
from nnstudio.ui import app_settings, figure_export, theme
from nnstudio.ui import help as help_ui
from nnstudio.ui.autosave import Autosaver
from nnstudio.ui.editor.scene import subscribe_weakly
from nnstudio.ui.layer_clipboard import copy_layers, paste_layers
from nnstudio.ui.lessons_ui import ExplanationPanel, LessonGallery, apply_locks

VERSION = "0.1.0"
#: for the translation tools (these texts are data elsewhere, translated at run time)
_TRANSLATABLE = (QT_TRANSLATE_NOOP("MainWindow", "System language"),
                 QT_TRANSLATE_NOOP("MainWindow", "Okabe–Ito (colour-blind safe)"),
                 QT_TRANSLATE_NOOP("MainWindow", "Tol bright (colour-blind safe)"))


def tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


class Classroom(QObject):
    def __init__(self, window, autosave_s: float | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.pending_weights: dict | None = None
        window.figure_targets = figure_export.window_targets(window)
        self._build_file_menu()
        self._build_edit_menu()
        self._build_view_menu()
        self._build_help_menu()
        self._build_explanation()
        window.network_view.menu_extenders = getattr(window.network_view, "menu_extenders", [])
        window.network_view.menu_extenders.append(self._extend_canvas_menu)
        figure_export.install_plot_menus(window)
        for dock in window.panel_docks.values():
            dock.visibilityChanged.connect(
                lambda visible: visible and figure_export.install_plot_menus(window))
        self.autosaver = Autosaver(window, autosave_s)
        self._listener = subscribe_weakly(self, window.project, "_on_project_event")
        self.apply_saved_look()
        self.on_project_replaced()

    # -- menus -----------------------------------------------------------------------------------
    def _action(self, text: str, slot, shortcut=None, tip: str = "", name: str = "") -> QAction:
        action = QAction(text, self.window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        if name:
            action.setObjectName(name)
        action.triggered.connect(slot)
        return action

    def _build_file_menu(self) -> None:
        w = self.window
        menu: QMenu = w.file_menu
        before = w.quit_action
        self.lessons_action = self._action(tr("&Lessons…"), self.show_lessons, "Ctrl+Shift+L",
                                           tr("Open a lesson from the gallery"), "lessons")
        menu.insertAction(w.lessons_menu.menuAction(), self.lessons_action)
        self.recent_menu = QMenu(tr("Recent &files"), menu)
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        menu.insertMenu(w.lessons_menu.menuAction(), self.recent_menu)
        self._fill_recent()
        export_menu = QMenu(tr("&Export figure"), menu)
        labels = {"network": tr("Network…"), "surface": tr("Data and decision surface…"),
                  "loss": tr("Loss curves…"), "window": tr("Whole window…")}
        for key, label in labels.items():
            action = self._action(label, lambda _=False, k=key: self.export_figure(k),
                                  name=f"export-{key}")
            if key == "window":
                action.setShortcut(QKeySequence("Ctrl+E"))
            export_menu.addAction(action)
        self.export_menu = export_menu
        menu.insertMenu(before, export_menu)
        self.report_action = self._action(tr("Export &report…"), self.export_report_dialog,
                                          "Ctrl+Shift+E",
                                          tr("One page with the network, settings, curves and "
                                             "metrics (HTML or PDF)"), "export-report")
        menu.insertAction(before, self.report_action)
        code_menu = QMenu(tr("Export &code"), menu)
        code_menu.addAction(self._action(tr("PyTorch module…"),
                                         lambda: self.export_code_dialog("pytorch"),
                                         name="export-pytorch"))
        code_menu.addAction(self._action(tr("NumPy script…"),
                                         lambda: self.export_code_dialog("numpy"),
                                         name="export-numpy"))
        self.code_menu = code_menu
        menu.insertMenu(before, code_menu)
        menu.insertSeparator(before)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        files = app_settings.recent_files()
        for i, path in enumerate(files):
            label = f"&{i + 1} {Path(path).name}" if i < 9 else Path(path).name
            action = self.recent_menu.addAction(label, lambda p=path: self.window.open_path(p))
            action.setToolTip(path)
            action.setStatusTip(path)
        if not files:
            self.recent_menu.addAction(tr("(none yet)")).setEnabled(False)
        else:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction(tr("Clear list"), app_settings.clear_recent_files)

    def _build_edit_menu(self) -> None:
        w = self.window
        view = w.network_view
        scoped = Qt.ShortcutContext.WidgetWithChildrenShortcut
        keys = QKeySequence.StandardKey
        self.copy_action = self._action(tr("&Copy layers"), self.copy, keys.Copy,
                                        tr("Copy the selected layers (Ctrl+C on the canvas)"),
                                        "copy-layers")
        self.paste_action = self._action(tr("&Paste layers"), self.paste,
                                         QKeySequence.StandardKey.Paste,
                                         tr("Paste copied layers (Ctrl+V on the canvas)"),
                                         "paste-layers")
        self.delete_action = self._action(tr("&Delete"), self.delete, keys.Delete,
                                          tr("Delete the selected layers and connections"),
                                          "delete")
        for action in (self.copy_action, self.paste_action, self.delete_action):
            action.setShortcutContext(scoped)  # text fields keep their own Ctrl+C / V / Del
            view.addAction(action)
        w.edit_menu.addSeparator()
        for action in (self.copy_action, self.paste_action, self.delete_action):
            w.edit_menu.addAction(action)

    def _build_view_menu(self) -> None:
        w = self.window
        menu: QMenu = w.view_menu
        menu.addSeparator()
        theme_menu = menu.addMenu(tr("&Theme"))
        self.theme_group = QActionGroup(self)
        self.theme_actions = {}
        for key, label in (("light", tr("Light")), ("dark", tr("Dark"))):
            action = self._action(label, lambda _=False, k=key: self.set_look(theme_name=k),
                                  name=f"theme-{key}")
            action.setCheckable(True)
            self.theme_group.addAction(action)
            theme_menu.addAction(action)
            self.theme_actions[key] = action
        self.presentation_action = self._action(
            tr("&Presentation mode"), lambda on: self.set_look(presentation=on), "Ctrl+Shift+P",
            tr("Larger fonts, thicker lines, high contrast — for projecting"), "presentation")
        self.presentation_action.setCheckable(True)
        menu.addAction(self.presentation_action)
        palette_menu = menu.addMenu(tr("Colour &palette"))
        self.palette_group = QActionGroup(self)
        self.palette_actions = {}
        for key, spec in theme.PALETTES.items():
            action = self._action(tr(spec.title), lambda _=False, k=key: self.set_look(palette=k),
                                  name=f"palette-{key}")
            action.setCheckable(True)
            self.palette_group.addAction(action)
            palette_menu.addAction(action)
            self.palette_actions[key] = action
        from nnstudio.ui.i18n import LANGUAGES

        language_menu = menu.addMenu(tr("&Language"))
        self.language_group = QActionGroup(self)
        self.language_actions = {}
        current = app_settings.get_str("view/language", "auto")
        for key, label in LANGUAGES.items():
            action = self._action(tr(label) if key == "auto" else label,
                                  lambda _=False, k=key: self.set_language(k),
                                  name=f"language-{key}")
            action.setCheckable(True)
            action.setChecked(key == current)
            self.language_group.addAction(action)
            language_menu.addAction(action)
            self.language_actions[key] = action

    def _build_help_menu(self) -> None:
        w = self.window
        self.help_menu = w.menuBar().addMenu(tr("&Help"))
        about_menu = self.help_menu.addMenu(tr("About this &view"))
        self.about_actions = help_ui.fill_about_menu(w, about_menu)
        self.shortcuts_action = self._action(tr("&Keyboard shortcuts"),
                                             lambda: help_ui.show_cheat_sheet(w), "Ctrl+/",
                                             tr("All keyboard shortcuts"), "shortcuts")
        self.help_menu.addAction(self.shortcuts_action)
        self.help_menu.addSeparator()
        self.help_menu.addAction(self._action(tr("&About nnstudio"), self.show_about_app,
                                              name="about-app"))

    def _build_explanation(self) -> None:
        w = self.window
        self.explanation = ExplanationPanel(w)
        dock = QDockWidget(tr("Lesson"), w)
        dock.setObjectName("lesson-explanation")
        dock.setWidget(self.explanation)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        w.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        self.explanation_dock = dock
        toggle = dock.toggleViewAction()
        toggle.setText(tr("Lesson explanation"))
        first = w.view_menu.actions()[0] if w.view_menu.actions() else None
        w.view_menu.insertAction(first, toggle)

    def window_export_menu(self, parent: QMenu) -> QMenu:
        return figure_export.build_menu(self.window, self.window.figure_targets["window"], parent)

    def _extend_canvas_menu(self, menu: QMenu) -> None:
        menu.addSeparator()
        menu.addAction(self.copy_action)
        menu.addAction(self.paste_action)
        menu.addSeparator()
        menu.addMenu(figure_export.build_menu(self.window, self.window.figure_targets["network"],
                                              menu))

    # -- the project ------------------------------------------------------------------------------
    def _on_project_event(self, event: str, payload) -> None:
        if event == "replaced":
            self.autosaver.discard()
            self.on_project_replaced()

    def on_project_replaced(self) -> None:
        meta = self.window.project.meta
        self.explanation.on_project_replaced()
        self.explanation_dock.setVisible(bool(meta.get("explanation")))
        apply_locks(self.window)

    def show_lessons(self, start_page: bool = False) -> LessonGallery:
        w = self.window
        gallery = LessonGallery(w, start_page=start_page, recent=app_settings.recent_files())
        gallery.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        gallery.lesson_chosen.connect(w.open_lesson)
        gallery.new_requested.connect(w.new_project)
        gallery.open_requested.connect(w.open_dialog)
        gallery.recent_chosen.connect(w.open_path)
        gallery.open()
        self.gallery = gallery
        return gallery

    # -- editing ---------------------------------------------------------------------------------
    def copy(self) -> int:
        n = copy_layers(self.window.scene)
        if n:
            self.window.statusBar().showMessage(tr("Copied {n} layer(s)").format(n=n), 3000)
        return n

    def paste(self) -> list[str]:
        return paste_layers(self.window.scene)

    def delete(self) -> None:
        self.window.scene.delete_selection()

    # -- look ------------------------------------------------------------------------------------
    def apply_saved_look(self) -> None:
        look = theme.Look(app_settings.get_str("view/theme", "light"),
                          app_settings.get_bool("view/presentation", False),
                          app_settings.get_str("view/palette", "okabe-ito"))
        if look.theme not in theme.THEMES:
            look.theme = "light"
        if look.palette not in theme.PALETTES:
            look.palette = "okabe-ito"
        self.set_look(look.theme, look.presentation, look.palette, remember=False)

    def set_look(self, theme_name: str | None = None, presentation: bool | None = None,
                 palette: str | None = None, remember: bool = True) -> theme.Look:
        look = theme.apply(self.window, theme_name, presentation, palette)
        self.theme_actions[look.theme].setChecked(True)
        self.presentation_action.setChecked(look.presentation)
        self.palette_actions[look.palette].setChecked(True)
        if remember:
            app_settings.set_value("view/theme", look.theme)
            app_settings.set_value("view/presentation", look.presentation)
            app_settings.set_value("view/palette", look.palette)
        return look

    def set_language(self, language: str) -> None:
        app_settings.set_value("view/language", language)
        self.window.statusBar().showMessage(
            tr("The language changes the next time nnstudio starts."), 8000)

    # -- export ----------------------------------------------------------------------------------
    def export_figure(self, key: str, fmt: str = "png"):
        return figure_export.open_export_dialog(self.window,
                                                self.window.figure_targets[key], fmt)

    def export_report_dialog(self) -> None:
        w = self.window
        folder = figure_export.export_folder(w)
        stem = w.path.stem if w.path else (w.project.meta.get("lesson") or "report")
        path, _ = QFileDialog.getSaveFileName(w, tr("Export report"),
                                              str(folder / f"{stem}-report.html"),
                                              tr("HTML page (*.html);;PDF document (*.pdf)"))
        if path:
            self.export_report(path)

    def export_report(self, path: str | Path) -> Path | None:
        from nnstudio.export.report import export_report

        try:
            out = export_report(self.window, path)
        except (OSError, ValueError) as exc:
            self.window.show_error(tr("Cannot export the report"), str(exc))
            return None
        self.window.statusBar().showMessage(tr("Exported {path}").format(path=out), 5000)
        return out

    def export_code_dialog(self, lang: str) -> None:
        w = self.window
        folder = figure_export.export_folder(w)
        stem = (w.path.stem if w.path else (w.project.meta.get("lesson") or "network"))
        stem = stem.replace("-", "_")
        path, _ = QFileDialog.getSaveFileName(
            w, tr("Export code"), str(folder / f"{stem}_{lang}.py"), tr("Python (*.py)"))
        if path:
            self.export_code(lang, path)

    def current_session(self):
        """A session on a copy of the project holding the weights last drawn on screen."""
        from nnstudio.document.weights import apply_weights
        from nnstudio.session import TrainingSession

        w = self.window
        if w.issues:
            raise ValueError(w.issues[0].message)
        session = TrainingSession(w.project)
        snap = w.last_snapshot
        if snap is not None and snap.get("weights"):
            try:
                apply_weights(session, snap["weights"])
            except ValueError:
                pass  # the design changed since: the initial weights
        return session

    def export_code(self, lang: str, path: str | Path, weights: str = "auto") -> list[Path]:
        from nnstudio.export.code import export_code

        w = self.window
        try:
            session = self.current_session()
            steps = (w.last_snapshot or {}).get("steps", 0)
            title = w.project.meta.get("title") or "network"
            written = export_code(session, lang, path, title, weights, steps)
        except (OSError, ValueError, ProjectError) as exc:
            w.show_error(tr("Cannot export code"), str(exc))
            return []
        w.statusBar().showMessage(tr("Exported {path}").format(path=written[0]), 5000)
        return written

    # -- files -----------------------------------------------------------------------------------
    def after_save(self, path: Path) -> None:
        """Save the weights on screen beside the project; remember the file; drop the autosave."""
        w = self.window
        snap = w.last_snapshot
        target = weights_path(path)
        trained = snap is not None and snap.get("weights") and snap.get("steps", 0) > 0
        if trained and not w.issues:
            try:
                save_weights(snap["weights"], target, snap.get("steps", 0))
            except (OSError, ValueError) as exc:
                w.show_error(tr("Cannot save the weights"), f"{target}: {exc}")
        elif target.is_file():  # untrained (the seed gives the weights): no stale file beside it
            target.unlink(missing_ok=True)
        app_settings.add_recent_file(path)
        self.autosaver.discard()

    def after_open(self, path: Path) -> None:
        """Remember the file and restore its saved weights (sent to the worker after the load)."""
        app_settings.add_recent_file(path)
        target = weights_path(path)
        if target.is_file():
            try:
                self.pending_weights, _steps = load_weights(target)
            except ProjectError as exc:
                self.window.show_error(tr("Cannot load the saved weights"), str(exc))
                self.pending_weights = None

    def after_load_sent(self) -> None:
        """The window just sent the worker the project: send the restored weights after it."""
        if self.pending_weights is not None:
            self.window.controller.load_weights(self.pending_weights)
            self.pending_weights = None

    def confirm_close(self) -> bool:
        """Unsaved changes: Save, Discard or Cancel (only where ``window.ask_before_closing``,
        i.e. in the app, not in tests and exports)."""
        w = self.window
        if not getattr(w, "ask_before_closing", False) or w.undo_stack.isClean():
            return True
        answer = QMessageBox.question(
            w, tr("Unsaved changes"),
            tr("Save the changes to {name} before closing?").format(
                name=w.path.name if w.path else w.project.meta.get("title", tr("this project"))),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return w.save()
        return answer == QMessageBox.StandardButton.Discard

    def closing(self) -> None:
        self.autosaver.stop()
        self.autosaver.discard()
        self.window.project.unsubscribe(self._listener)

    def show_about_app(self) -> None:
        help_ui.show_about(self.window, tr("About nnstudio"), tr(
            "nnstudio {version}\nDesign, train and look inside neural networks: a desktop app "
            "for teaching and learning. Runs offline.").format(version=VERSION))

    def offer_recovery(self) -> QMessageBox | None:
        """After a crash: offer the newest autosave that is newer than its file."""
        from nnstudio.ui.autosave import forget, recover, recoveries

        found = recoveries(self.window.path)
        if not found:
            return None
        rec = max(found, key=lambda r: r.saved_at)
        name = rec.original.name if rec.original else (rec.title or tr("an unsaved project"))
        box = QMessageBox(QMessageBox.Icon.Question, tr("Recover unsaved work?"),
                          tr("nnstudio found unsaved changes to {name} from a session that did "
                             "not end normally. Recover them?").format(name=name),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                          self.window)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered(button) -> None:
            if box.standardButton(button) == QMessageBox.StandardButton.Yes:
                recover(self.window, rec)
            else:
                forget(rec)

        box.buttonClicked.connect(answered)
        box.open()
        self.recovery_box = box
        return box


def install(window, autosave_s: float | None = None) -> Classroom:
    window.classroom = Classroom(window, autosave_s)
    return window.classroom
