"""The main window: palette, network canvas, inspector, data view, loss plot and controls.

The window owns the live document (:class:`Project`) and its undo stack. Edits change the
document only; views follow the document's events. A :class:`TrainingController` runs the
worker thread; the window hands it copies of the project and draws the snapshots it sends.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QFrame,
    QGroupBox,
    QLabel,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QStyle,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from nnstudio.document.compile import make_dataset, task_info
from nnstudio.document.datasets import DATASET_TYPES
from nnstudio.document.errors import ProjectError
from nnstudio.document.io import load_project, save_project
from nnstudio.document.lessons import list_lessons, load_lesson
from nnstudio.document.project import Project, default_project
from nnstudio.document.validate import DesignIssue, check_design
from nnstudio.ui.editor.commands import SetSettingCommand, push_or_explain
from nnstudio.ui.editor.palette import LayerPalette
from nnstudio.ui.editor.scene import NetworkScene
from nnstudio.ui.editor.view import NetworkView
from nnstudio.ui.panels.inspector import Inspector
from nnstudio.ui.panels.registry import load_panels
from nnstudio.ui.panels.settings_form import SettingsForm
from nnstudio.ui.plots.data_view import DataView
from nnstudio.ui.plots.loss_plot import LossPlot
from nnstudio.workers.controller import TrainingController

DATA_KEYS = ["dataset.name", "dataset.samples", "dataset.noise", "dataset.test_fraction",
             "dataset.seed", "dataset.seq_len", "dataset.symbols", "dataset.many_to_many",
             "dataset.temperature"]
#: the rest (rule, optimizer, learning rate, schedule, clipping, L1/L2) is the OptimizerPanel
TRAINING_KEYS = ["training.batch_size", "training.loss"]
FILE_FILTER = "nnstudio projects (*.nnstudio);;All files (*)"
#: while training runs, the optional panels (View menu) get a snapshot at most this often: the
#: decision surface, the canvas and the loss plot get every one, but a panel's several plots
#: cost more to paint than all three (measured with every panel open, docs/performance.md);
#: when training stops, the panels get the last snapshot at once
PANEL_INTERVAL = 0.1
#: the size a panel asks for when its dock opens, by dock area: a panel's own wish (an
#: activations gallery asked for 1812 × 1990) would squeeze the canvas and the plots
PANEL_HINTS = {"left": (300, 420), "right": (400, 520), "bottom": (1000, 300)}
#: below this height a panel scrolls (by area): a bottom panel spans the window, so its
#: height adds to the tallest side column's
PANEL_MIN_HEIGHTS = {"left": 280, "right": 280, "bottom": 140}


class MainWindow(QMainWindow):
    #: emitted after a snapshot has been drawn (tests and exporters wait on it)
    snapshot_drawn = Signal(object)

    def __init__(self, project: Project | None = None, path: str | None = None,
                 show_start_page: bool = False) -> None:
        super().__init__()
        self.project = project if project is not None else default_project()
        self.path: Path | None = Path(path) if path else None
        self.undo_stack = QUndoStack(self)
        self.issues: list[DesignIssue] = []
        self.last_snapshot: dict | None = None
        self.last_dataset: dict | None = None
        self._was_invalid = False
        self.last_error: str | None = None
        self._run_id = None
        self._task_cache: tuple | None = None
        self._panel_pending: dict | None = None  # the newest snapshot the panels have not had
        self._panel_fed_at = 0.0

        self.controller = TrainingController(self)
        self._build_widgets()
        self._build_actions()
        self._build_panels()
        self.resize(1400, 880)

        self.project.subscribe(self._on_project_event)
        self.undo_stack.cleanChanged.connect(self._update_title)
        self.controller.snapshot.connect(self._on_snapshot)
        self.controller.dataset_changed.connect(self._on_dataset)
        self.controller.state_changed.connect(self._on_state)
        self.controller.diverged.connect(self._on_diverged)
        self.controller.failed.connect(self._on_failed)

        self._sync_timer = QTimer(self)
        self._sync_timer.setSingleShot(True)
        self._sync_timer.setInterval(0)
        self._sync_timer.timeout.connect(self._sync)
        self._sync()
        self._update_title()

        from nnstudio.ui.classroom import install as install_classroom

        install_classroom(self)  # lessons, export, themes, shortcuts, autosave (issue 6)
        from nnstudio.ui.inside import install as install_inside

        install_inside(self)  # neuron pictures, data view modes, drawing points (issue 5)
        if show_start_page:
            QTimer.singleShot(0, lambda: self.classroom.show_lessons(start_page=True))

    # -- construction ------------------------------------------------------------------------
    def _build_widgets(self) -> None:
        self.scene = NetworkScene(self.project, self.undo_stack)
        self.network_view = NetworkView(self.scene)
        self.data_view = DataView()
        self.loss_plot = LossPlot()
        # the value line must not dictate the plot's minimum width: let it wrap
        self.loss_plot.value_label.setWordWrap(True)
        self.loss_plot.value_label.setMinimumWidth(0)

        # the network canvas on top; the data (decision surface) and the loss plot below
        self._plots_splitter = QSplitter(Qt.Orientation.Horizontal)
        self._plots_splitter.addWidget(self.data_view)
        self._plots_splitter.addWidget(self.loss_plot)
        central = QSplitter(Qt.Orientation.Vertical)
        central.addWidget(self.network_view)
        central.addWidget(self._plots_splitter)
        self._central_splitter = central
        self._sized = False
        self.setCentralWidget(central)

        self.palette = LayerPalette()
        self.palette.add_requested.connect(self._add_layer_from_palette)
        self.data_form = SettingsForm(self.project, self.undo_stack, DATA_KEYS)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(_group(self.tr("Layers — drag onto the canvas"), self.palette), 1)
        left_layout.addWidget(_group(self.tr("Data"), self.data_form))
        # scrolls when short (a recurrent lesson's data form and the Sequences panel below
        # once squashed its spin boxes to 10 px instead)
        self._dock(_PanelHost(left), self.tr("Palette and data"),
                   Qt.DockWidgetArea.LeftDockWidgetArea)

        self.inspector = Inspector(self.project, self.undo_stack)
        self.training_form = SettingsForm(self.project, self.undo_stack, TRAINING_KEYS)
        # the learning rule, the optimizer with only its own hyperparameters and formula,
        # the learning rate and its schedule, clipping, L1/L2 (issue 3)
        from nnstudio.ui.compare.optimizer_panel import OptimizerPanel

        self.optimizer_panel = OptimizerPanel(self.project, self.undo_stack)
        self.seed_label = QLabel()
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(_group(self.tr("Layer"), self.inspector))
        right_layout.addWidget(_group(self.tr("Training"), self.training_form))
        right_layout.addWidget(_group(self.tr("Optimizer"), self.optimizer_panel))
        right_layout.addWidget(self.seed_label)
        right_layout.addStretch(1)
        self._dock(_PanelHost(right), self.tr("Inspector and training"),
                   Qt.DockWidgetArea.RightDockWidgetArea)

        self.scene.selection_changed.connect(self.inspector.set_node)
        self.scene.message.connect(lambda text: self.statusBar().showMessage(text, 5000))
        self.status_label = QLabel()
        self.statusBar().addPermanentWidget(self.status_label)

    def _dock(self, widget: QWidget, title: str, area) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(title)
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(area, dock)
        return dock

    def _action(self, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setToolTip(tip or text)
        action.setStatusTip(tip or text)
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        self.play_action = self._action(self.tr("Play"), self.toggle_play, Qt.Key.Key_Space,
                                        self.tr("Train continuously (Space)"))
        self.step_action = self._action(self.tr("Step"), self.step, "Ctrl+Right",
                                        self.tr("Train one mini-batch (Ctrl+→)"))
        self.reset_action = self._action(
            self.tr("Reset"), self.reset, "Ctrl+R",
            self.tr("Re-initialize the weights from the same seed (Ctrl+R)"))
        self.seed_action = self._action(self.tr("New seed"), self.new_seed, None,
                                        self.tr("Draw a new training seed and re-initialize"))
        # standard icons: every platform theme has them (Unicode ▶/⏸ lack glyphs in some fonts)
        style = self.style()
        self._play_icon = style.standardIcon(QStyle.StandardPixmap.SP_MediaPlay)
        self._pause_icon = style.standardIcon(QStyle.StandardPixmap.SP_MediaPause)
        self.play_action.setIcon(self._play_icon)
        self.step_action.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_MediaSkipForward))
        self.reset_action.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_BrowserReload))
        toolbar = QToolBar(self.tr("Training"))
        toolbar.setObjectName("training-toolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for action in (self.play_action, self.step_action, self.reset_action, self.seed_action):
            toolbar.addAction(action)
        self.addToolBar(toolbar)

        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.file_menu = file_menu
        file_menu.addAction(self._action(self.tr("&New"), self.new_project,
                                         QKeySequence.StandardKey.New))
        file_menu.addAction(self._action(self.tr("&Open…"), self.open_dialog,
                                         QKeySequence.StandardKey.Open))
        lessons_menu = file_menu.addMenu(self.tr("Open &lesson"))
        self.lessons_menu = lessons_menu
        for info in list_lessons():
            lessons_menu.addAction(self._action(info.title,
                                                lambda _=False, n=info.name: self.open_lesson(n)))
        file_menu.addAction(self._action(self.tr("&Save"), self.save,
                                         QKeySequence.StandardKey.Save))
        file_menu.addAction(self._action(self.tr("Save &as…"), self.save_as_dialog,
                                         QKeySequence.StandardKey.SaveAs))
        file_menu.addSeparator()
        self.quit_action = self._action(self.tr("&Quit"), self.close,
                                        QKeySequence.StandardKey.Quit)
        file_menu.addAction(self.quit_action)

        edit_menu = self.menuBar().addMenu(self.tr("&Edit"))
        self.edit_menu = edit_menu
        undo = self.undo_stack.createUndoAction(self, self.tr("&Undo"))
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.undo_stack.createRedoAction(self, self.tr("&Redo"))
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence.StandardKey.Redo])
        edit_menu.addAction(undo)
        edit_menu.addAction(redo)

        train_menu = self.menuBar().addMenu(self.tr("&Training"))
        self.train_menu = train_menu
        for action in (self.play_action, self.step_action, self.reset_action, self.seed_action):
            train_menu.addAction(action)
        from nnstudio.ui.speed_control import install as install_speed

        install_speed(self, toolbar)  # slow motion (every step drawn) to flat out (issue 7)

    def _build_panels(self) -> None:
        """The optional panels (see ui/panels/registry.py), each in a dock with a View entry."""
        self.view_menu = self.menuBar().addMenu(self.tr("&View"))
        self.view_menu.addAction(self._action(self.tr("Optimizer &race…"), self.open_race,
                                              None, self.tr("Train the network with several "
                                                            "optimizers side by side")))
        self.view_menu.addAction(self._action(self.tr("Loss &landscape…"), self.open_landscape,
                                              None, self.tr("The loss over two parameters and "
                                                            "each optimizer's path")))
        self.view_menu.addSeparator()
        self.panels: dict[str, QWidget] = {}
        self.panel_docks: dict[str, QDockWidget] = {}
        areas = {"left": Qt.DockWidgetArea.LeftDockWidgetArea,
                 "right": Qt.DockWidgetArea.RightDockWidgetArea,
                 "bottom": Qt.DockWidgetArea.BottomDockWidgetArea}
        first_in_area: dict[str, QDockWidget] = {}
        for spec in load_panels().values():
            widget = spec.factory(self)
            dock = self._dock(_PanelHost(widget, PANEL_HINTS[spec.area],
                                         PANEL_MIN_HEIGHTS[spec.area]), spec.title,
                              areas[spec.area])
            dock.setFeatures(dock.features() | QDockWidget.DockWidgetFeature.DockWidgetClosable)
            dock.setVisible(spec.visible)
            self.view_menu.addAction(dock.toggleViewAction())
            if spec.area != "bottom":
                # opened: back to the width it asks for (a tab bar of five titles widened the
                # side to 565 px and squeezed the canvas); the user's later resizing stays
                dock.toggleViewAction().toggled.connect(
                    lambda on, d=dock, w=PANEL_HINTS[spec.area][0]:
                    on and QTimer.singleShot(0, lambda: self._fit_side(d, w)))
            self.panels[spec.id] = widget
            self.panel_docks[spec.id] = dock
            dock.visibilityChanged.connect(
                lambda visible, w=widget: visible and self._catch_up(w))
            # panels of one area share it as tabs: opening several never squeezes the canvas
            # and the plots (all seven open once made an 86-pixel-wide data view), and only
            # the tab in front is drawn live (the others catch up when brought forward)
            first = first_in_area.setdefault(spec.area, dock)
            if first is not dock:
                self.tabifyDockWidget(first, dock)

    def _fit_side(self, dock: QDockWidget, width: int) -> None:
        if dock.isVisible() and not dock.isFloating():
            self.resizeDocks([dock], [width], Qt.Orientation.Horizontal)

    def _catch_up(self, widget: QWidget) -> None:
        """A panel just shown gets the latest data it missed while hidden."""
        if self.last_dataset is not None and hasattr(widget, "on_dataset"):
            widget.on_dataset(self.last_dataset)
        if self.last_snapshot is not None and hasattr(widget, "on_snapshot"):
            widget.on_snapshot(self.last_snapshot)

    def open_race(self):
        from nnstudio.ui.compare import open_race_window

        return open_race_window(self.project, self, self.undo_stack)

    def open_landscape(self):
        from nnstudio.ui.compare import open_landscape_window

        return open_landscape_window(self.project, self, self.undo_stack)

    def show_panel(self, panel_id: str, visible: bool = True) -> QWidget:
        """Show (in front of its tab group) or hide a panel."""
        dock = self.panel_docks[panel_id]
        dock.setVisible(visible)  # (the toggle action follows: a side panel gets its width)
        if visible:
            dock.raise_()
        return self.panels[panel_id]

    def panel_in_front(self, panel_id: str) -> bool:
        """True when the panel is open and on screen: not closed, not a tab behind another.

        (A dock behind another tab still says ``isVisible()``; only its visible region is
        empty. Bringing it forward emits ``visibilityChanged`` and it catches up.)"""
        dock = self.panel_docks[panel_id]
        return dock.isVisible() and not dock.visibleRegion().isEmpty()

    def _forward(self, method: str, *args, every: bool = False) -> None:
        """Call ``method`` on every panel in front that has it (``every``: on all panels,
        for events a hidden panel must not miss, such as a new project)."""
        for panel_id, widget in self.panels.items():
            handler = getattr(widget, method, None)
            if handler is not None and (every or self.panel_in_front(panel_id)):
                handler(*args)

    # -- document → worker -------------------------------------------------------------------
    def _on_project_event(self, event: str, payload) -> None:
        if event == "node_moved":
            return
        self._sync_timer.start()

    def _task(self):
        key = tuple(v for k, v in sorted(self.project.settings.items())
                    if k.startswith("dataset."))
        if self._task_cache is None or self._task_cache[0] != key:
            dataset = make_dataset(self.project.settings)
            self._task_cache = (key, task_info(dataset), dataset)
        return self._task_cache[1]

    def _sync(self) -> None:
        """Check the design, show its issues, and hand a valid design to the worker."""
        try:
            task = self._task()
        except (ValueError, ProjectError) as exc:
            self.issues = [DesignIssue(None, f"The dataset cannot be built: {exc}")]
        else:
            self.issues = check_design(self.project, task)
        self.scene.set_issues(self.issues)
        valid = not self.issues
        self.play_action.setEnabled(valid)
        self.step_action.setEnabled(valid)
        reason = self.issues[0].message if self.issues else ""
        self.play_action.setToolTip(f"Cannot train: {reason}" if reason else
                                    "Train continuously (Space)")
        self._update_seed_label()
        dataset_type = DATASET_TYPES.get(self.project.settings["dataset.name"])
        if dataset_type is not None:  # the data panel shows the settings this dataset reads
            self.data_form.set_visible_keys({"dataset.name", *dataset_type.keys})
        if valid:
            # after an invalid design the old run is stale: start a new one
            self.controller.load(self.project, reset=self._was_invalid)
            self._was_invalid = False
            if hasattr(self, "classroom"):
                self.classroom.after_load_sent()  # saved weights follow their project
        else:
            self.controller.pause()
            self.statusBar().showMessage(f"Cannot train: {reason}")
            self._show_invalid_state()

    def _show_invalid_state(self) -> None:
        """No stale run on screen: the chosen data without a surface, neutral links."""
        self._was_invalid = True
        self.loss_plot.clear()
        self.scene.set_weights({})
        self.status_label.setText("")
        self._run_id = None
        dataset = self._task_cache[2] if self._task_cache is not None else None
        if dataset is not None and (self.last_dataset is None
                                    or self.last_dataset.get("source") is not dataset):
            from nnstudio.session import dataset_payload

            payload = dataset_payload(dataset)
            payload["source"] = dataset
            self._on_dataset(payload)
        self.data_view.clear_surface()

    # -- controls ----------------------------------------------------------------------------
    def toggle_play(self) -> None:
        if self.controller.running:
            self.controller.pause()
        elif not self.issues:
            self.controller.play()

    def play(self) -> None:
        if not self.issues:
            self.controller.play()

    def pause(self) -> None:
        self.controller.pause()

    def step(self) -> None:
        if not self.issues:
            self.controller.step(1)

    def reset(self) -> None:
        if not self.issues:
            self.controller.reset()

    def new_seed(self) -> None:
        seed = random.SystemRandom().randrange(0, 100_000)
        reason = push_or_explain(self.undo_stack,
                                 SetSettingCommand(self.project, "training.seed", seed))
        if reason:
            self.statusBar().showMessage(reason, 5000)

    def _add_layer_from_palette(self, type_id: str) -> None:
        self.network_view.add_layer_at_free_spot(type_id)

    # -- worker → views ----------------------------------------------------------------------
    def _on_state(self, state: str) -> None:
        if state != "running" and self._panel_pending is not None:
            self._feed_panels(self._panel_pending)
        if state == "invalid":  # the worker could not build the run (it said why)
            self.play_action.setEnabled(False)
            self.step_action.setEnabled(False)
            self.play_action.setToolTip(self.tr("Cannot train: the network could not be built"))
        running = state == "running"
        self.play_action.setText(self.tr("Pause") if running else self.tr("Play"))
        self.play_action.setIcon(self._pause_icon if running else self._play_icon)

    def _on_dataset(self, payload: dict) -> None:
        if str(payload["task"]).startswith("sequence"):  # drawn by the sequence panel
            self.data_view.clear()
        else:  # 2-D data, 1-D curves, projections of more inputs (issue 5)
            from nnstudio.ui.inside import on_dataset

            on_dataset(self, payload)
        self.last_dataset = payload
        self._forward("on_dataset", payload)

    def _on_snapshot(self, snap: dict) -> None:
        if snap["run_id"] != self._run_id:
            self._run_id = snap["run_id"]
            self.loss_plot.clear()
            self.statusBar().clearMessage()  # e.g. an old "diverged" note
        if snap.get("metrics_fresh", True):  # sequences: measured at this step
            self.loss_plot.add_point(snap["steps"], snap["train_loss"], snap["test_loss"],
                                     snap.get("train_accuracy"), snap.get("test_accuracy"))
            # now, not from the plot's own timer: painted in this pass, while the worker
            # waits (workers/gate.py), instead of later, against the worker for the GIL
            self.loss_plot.refresh()
        if snap.get("surface") is not None:
            self.data_view.set_surface(snap["surface"], snap["extent"])
        self.scene.set_weights(snap["weights"])
        self.last_snapshot = snap
        self.status_label.setText(_status_text(snap))
        self._feed_panels(snap)
        self.snapshot_drawn.emit(snap)

    def _feed_panels(self, snap: dict) -> None:
        now = time.perf_counter()
        if self.controller.running and now - self._panel_fed_at < PANEL_INTERVAL:
            self._panel_pending = snap  # for the next feed, or when training stops
            return
        self._panel_pending = None
        self._panel_fed_at = now
        self._forward("on_snapshot", snap)

    def _on_diverged(self, step: int) -> None:
        self.loss_plot.mark_diverged(step)
        self.statusBar().showMessage(
            f"Training diverged at step {step}: a loss or weight became infinite or NaN. "
            "Lower the learning rate and press Reset.")

    def _on_failed(self, message: str, details: str) -> None:
        self.show_error(self.tr("Training stopped"), message, details)

    def show_error(self, title: str, message: str, details: str = "") -> None:
        """Tell the user without blocking (a window-modal box opened with open())."""
        self.last_error = message
        box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok,
                          self)
        if details:
            box.setDetailedText(details)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def _update_seed_label(self) -> None:
        self.seed_label.setText(f"Seed: {self.project.settings['training.seed']}  "
                                f"(Reset repeats the run exactly)")

    # -- files -------------------------------------------------------------------------------
    def _update_title(self, *_args) -> None:
        name = self.path.name if self.path else self.project.meta.get("title", "Untitled")
        dirty = "" if self.undo_stack.isClean() else " •"
        self.setWindowTitle(f"{name}{dirty} — nnstudio")

    def set_project(self, project: Project, path: Path | None) -> None:
        """Replace the whole document (listeners stay subscribed)."""
        self.project.replace_with(project)
        self.undo_stack.clear()
        self.path = path
        self._update_title()
        self._forward("on_project_replaced", every=True)

    def open_path(self, path: str | Path) -> bool:
        try:
            project = load_project(path)
        except ProjectError as exc:
            self.show_error(self.tr("Cannot open project"), f"{Path(path).name}: {exc}")
            return False
        self.set_project(project, Path(path))
        if hasattr(self, "classroom"):
            self.classroom.after_open(Path(path))
        return True

    def open_lesson(self, name: str) -> bool:
        try:
            project = load_lesson(name)
        except ProjectError as exc:
            self.show_error(self.tr("Cannot open lesson"), str(exc))
            return False
        self.set_project(project, None)
        return True

    def new_project(self) -> None:
        self.set_project(default_project(), None)

    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open project"), "", FILE_FILTER)
        if path:
            self.open_path(path)

    def save(self) -> bool:
        if self.path is None:
            return self.save_as_dialog()
        return self.save_to(self.path)

    def save_as_dialog(self) -> bool:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save project"), "untitled.nnstudio",
                                              FILE_FILTER)
        if not path:
            return False
        if not path.endswith(".nnstudio"):
            path += ".nnstudio"
        return self.save_to(Path(path))

    def save_to(self, path: Path) -> bool:
        try:
            save_project(self.project, path)
        except OSError as exc:
            self.show_error(self.tr("Cannot save"), f"{path}: {exc.strerror or exc}")
            return False
        self.path = Path(path)
        self.undo_stack.setClean()
        self._update_title()
        if hasattr(self, "classroom"):
            self.classroom.after_save(Path(path))  # weights beside it, recent files, autosave
        self.statusBar().showMessage(self.tr("Saved {path}").format(path=path), 3000)
        return True

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._sized:  # splitter shares need the real size, known once shown
            self._sized = True
            QTimer.singleShot(0, self._initial_layout)

    def _initial_layout(self) -> None:
        height = self._central_splitter.height()
        self._central_splitter.setSizes([int(height * 0.42), int(height * 0.58)])
        bottom = int(height * 0.58)
        width = self._plots_splitter.width()
        square = min(bottom, int(width * 0.55))
        self._plots_splitter.setSizes([square, width - square])
        self.network_view.fit_to_contents()

    # -- closing -----------------------------------------------------------------------------
    def createPopupMenu(self):  # right-click on a toolbar or dock title: also Export
        menu = super().createPopupMenu()
        if menu is not None and hasattr(self, "classroom"):
            menu.addSeparator()
            menu.addMenu(self.classroom.window_export_menu(menu))
        return menu

    def closeEvent(self, event) -> None:
        if hasattr(self, "classroom"):
            if not self.classroom.confirm_close():
                event.ignore()
                return
            self.classroom.closing()
        self.controller.shutdown()
        self.project.unsubscribe(self._on_project_event)
        super().closeEvent(event)


def _group(title: str, widget: QWidget) -> QGroupBox:
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(6, 6, 6, 6)
    layout.addWidget(widget)
    return box


def _status_text(snap: dict) -> str:
    parts = [f"Step {snap['steps']:,}", f"Epoch {snap['epochs']:.1f}",
             f"Train loss {_fmt(snap['train_loss'])}", f"Test loss {_fmt(snap['test_loss'])}"]
    if snap.get("test_accuracy") is not None:
        parts.append(f"Test accuracy {100 * snap['test_accuracy']:.1f}%")
    return "  ·  ".join(parts)


def _fmt(value) -> str:
    return "—" if value is None else f"{value:.4f}"


class _PanelHost(QScrollArea):
    """Holds a dock's content: asks for at most ``hint`` (width, height) of room, and scrolls
    when given less than the content needs.

    Without the scroll area a dock's minimum was its content's (the inspector 614 px tall,
    the activations gallery 542): with every panel open the window could not be made smaller
    than 1400 × 1620, taller than a classroom laptop's screen. Now a dock's minimum height is
    its content's up to ``MAX_MIN_HEIGHT``; a taller content scrolls when room is short."""

    MAX_MIN_HEIGHT = 280  # the data tools (272) still never scroll

    def __init__(self, panel: QWidget, hint: tuple[int, int] | None = None,
                 max_min_height: int = MAX_MIN_HEIGHT) -> None:
        super().__init__()
        self._hint = hint
        self._max_min_height = max_min_height
        self.setWidget(panel)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)

    def sizeHint(self):  # noqa: N802 (Qt's name)
        """The content's wish, bounded by ``hint``, but never less than the content's minimum:
        when the screen has room, nothing scrolls (the dock layout shares space by hints)."""
        content = self.widget()
        wish = content.sizeHint()
        if self._hint is not None:
            wish = wish.boundedTo(QSize(*self._hint))
        least = content.minimumSizeHint()
        if least.height() > self._max_min_height:  # a tall content scrolls: ask for the hint
            least.setHeight(0)
        return wish.expandedTo(least).expandedTo(self.minimumSizeHint())

    def minimumSizeHint(self):  # noqa: N802
        content = self.widget().minimumSizeHint()
        scrollbar = self.verticalScrollBar().sizeHint().width()
        height = min(content.height(), self._max_min_height)
        return QSize(content.width() + (scrollbar if height < content.height() else 0), height)
