"""Export from the running app: right-click a plot, the network canvas or the window → Export.

Every figure can be written as PNG (a chosen size and resolution; default twice the on-screen
size, for slides), SVG or PDF, copied to the clipboard, and — for plots — the data behind it
saved as CSV. The drawing itself is :mod:`nnstudio.export.files` (QPainter; what the screen
shows). Plots made with pyqtgraph get an "Export" submenu in their own right-click menu (it
replaces pyqtgraph's export dialog, whose SVG export fails on Qt 6.11).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSpinBox,
    QWidget,
)

from nnstudio.export import data as csvdata
from nnstudio.export import files

CsvProvider = tuple[str, Callable[[], str]]  # (menu label, () -> CSV text)


def tr(text: str) -> str:
    return QCoreApplication.translate("FigureExport", text)


class ExportDialog(QDialog):
    """Where and how to export one figure: format, file, pixel size and resolution."""

    def __init__(self, source: files.Source, name: str, parent: QWidget | None = None,
                 fmt: str = "png", folder: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Export figure"))
        self.source = source
        width, height = files.default_size(source)
        size = source.size()
        self._ratio = size.width() / max(1, size.height())

        self.format_box = QComboBox()
        for kind, label in (("png", tr("PNG image")), ("svg", tr("SVG drawing (vector)")),
                            ("pdf", tr("PDF document (vector)"))):
            self.format_box.addItem(label, kind)
        self.format_box.setCurrentIndex(files.FORMATS.index(fmt))
        self.path_edit = QLineEdit(str(Path(folder or Path.home()) / f"{name}.{fmt}"))
        browse = QPushButton(tr("Browse…"))
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)
        self.width_box = QSpinBox()
        self.height_box = QSpinBox()
        for box, value in ((self.width_box, width), (self.height_box, height)):
            box.setRange(16, 16384)
            box.setSuffix(" px")
            box.setValue(value)
        self.keep_ratio = QCheckBox(tr("Keep the on-screen proportions"))
        self.keep_ratio.setChecked(True)
        self.dpi_box = QSpinBox()
        self.dpi_box.setRange(30, 1200)
        self.dpi_box.setValue(files.DEFAULT_DPI)
        self.dpi_box.setSuffix(" dpi")
        self.dpi_box.setToolTip(tr("Resolution stored in the PNG (how large it prints)"))
        self._linking = False
        self.width_box.valueChanged.connect(lambda v: self._link(self.height_box, v / self._ratio))
        self.height_box.valueChanged.connect(lambda v: self._link(self.width_box, v * self._ratio))
        self.format_box.currentIndexChanged.connect(self._format_changed)

        form = QFormLayout(self)
        form.addRow(tr("Format"), self.format_box)
        form.addRow(tr("File"), path_row)
        form.addRow(tr("Width"), self.width_box)
        form.addRow(tr("Height"), self.height_box)
        form.addRow("", self.keep_ratio)
        form.addRow(tr("Resolution"), self.dpi_box)
        note = tr("On screen: {w} × {h} px. The default is twice that, for slides.")
        hint = QLabel(note.format(w=size.width(), h=size.height()))
        hint.setWordWrap(True)
        form.addRow(hint)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self._format_changed()

    def _link(self, box: QSpinBox, value: float) -> None:
        if self._linking or not self.keep_ratio.isChecked():
            return
        self._linking = True
        box.setValue(max(16, round(value)))
        self._linking = False

    def fmt(self) -> str:
        return self.format_box.currentData()

    def _format_changed(self) -> None:
        kind = self.fmt()
        path = Path(self.path_edit.text())
        self.path_edit.setText(str(path.with_suffix("." + kind)))
        self.dpi_box.setEnabled(kind == "png")

    def _browse(self) -> None:
        kind = self.fmt()
        path, _ = QFileDialog.getSaveFileName(self, tr("Export figure"), self.path_edit.text(),
                                              f"{kind.upper()} (*.{kind})")
        if path:
            self.path_edit.setText(path)

    def target(self) -> tuple[Path, int, int, int]:
        path = Path(self.path_edit.text()).expanduser()
        if path.suffix.lower() != "." + self.fmt():
            path = path.with_suffix("." + self.fmt())
        return path, self.width_box.value(), self.height_box.value(), self.dpi_box.value()

    def export(self) -> Path:
        path, width, height, dpi = self.target()
        if self.fmt() == "png":
            return files.export(self.source, path, width, height, dpi)
        return files.export(self.source, path)


class FigureTarget:
    """One exportable thing of the window: a name (file name stem), a source and CSV data."""

    def __init__(self, name: str, source: Callable[[], files.Source],
                 csv: list[CsvProvider] | None = None) -> None:
        self.name = name
        self.source = source
        self.csv = list(csv or [])


def build_menu(window, target: FigureTarget, parent: QWidget | None = None) -> QMenu:
    """The Export submenu for ``target`` (owned by ``parent``)."""
    menu = QMenu(tr("Export"), parent or window)
    for kind, label in (("png", tr("Image (PNG)…")), ("svg", tr("Vector drawing (SVG)…")),
                        ("pdf", tr("PDF…"))):
        menu.addAction(label, lambda k=kind: open_export_dialog(window, target, k))
    menu.addAction(tr("Copy image"), lambda: copy_image(window, target))
    if target.csv:
        menu.addSeparator()
        for label, provider in target.csv:
            menu.addAction(label, lambda p=provider, n=label: save_csv(window, target, p, n))
    return menu


def open_export_dialog(window, target: FigureTarget, fmt: str = "png") -> ExportDialog:
    dialog = ExportDialog(target.source(), target.name, window, fmt,
                          folder=str(export_folder(window)))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def done() -> None:
        try:
            path = dialog.export()
        except (OSError, ValueError) as exc:
            window.show_error(tr("Cannot export"), str(exc))
            return
        remember_folder(window, path.parent)
        window.statusBar().showMessage(tr("Exported {path}").format(path=path), 5000)

    dialog.accepted.connect(done)
    dialog.open()
    window._export_dialog = dialog  # tests reach it here
    return dialog


def copy_image(window, target: FigureTarget) -> None:
    image = files.copy_to_clipboard(target.source())
    window.statusBar().showMessage(
        tr("Copied a {w} × {h} image").format(w=image.width(), h=image.height()), 4000)


def save_csv(window, target: FigureTarget, provider, label: str) -> None:
    folder = export_folder(window)
    path, _ = QFileDialog.getSaveFileName(window, label, str(folder / f"{target.name}.csv"),
                                          "CSV (*.csv)")
    if not path:
        return
    try:
        csvdata.write_csv(provider(), path)
    except (OSError, ValueError) as exc:
        window.show_error(tr("Cannot export"), str(exc))
        return
    remember_folder(window, Path(path).parent)
    window.statusBar().showMessage(tr("Exported {path}").format(path=path), 5000)


def export_folder(window) -> Path:
    from nnstudio.ui.app_settings import settings

    folder = settings().value("export/folder", "")
    if folder and Path(folder).is_dir():
        return Path(folder)
    if window.path is not None:
        return Path(window.path).parent
    return Path.home()


def remember_folder(window, folder: Path) -> None:
    from nnstudio.ui.app_settings import settings

    settings().setValue("export/folder", str(folder))


# -- the window's figures -----------------------------------------------------------------------
def window_targets(window) -> dict[str, FigureTarget]:
    """The built-in figures of the main window: canvas (network), data, loss and window."""
    from nnstudio.ui.theme import canvas_background

    def loss_csv() -> str:
        return csvdata.curves_csv(window.loss_plot.curve_data())

    def data_csv() -> str:
        if window.last_dataset is None:
            raise ValueError(tr("no data yet"))
        return csvdata.dataset_csv(window.last_dataset)

    def surface_csv() -> str:
        snap = window.last_snapshot
        if not snap or snap.get("surface") is None:
            raise ValueError(tr("no decision surface yet"))
        return csvdata.surface_csv(snap["surface"], snap["extent"])

    return {
        "network": FigureTarget("network", lambda: files.SceneSource(
            window.scene, canvas_background())),
        "surface": FigureTarget("surface", lambda: files.WidgetSource(window.data_view), [
            (tr("Data points as CSV…"), data_csv),
            (tr("Decision surface as CSV…"), surface_csv)]),
        "loss": FigureTarget("loss", lambda: files.WidgetSource(window.loss_plot), [
            (tr("Loss curves as CSV…"), loss_csv)]),
        "window": FigureTarget("window", lambda: files.WidgetSource(window)),
    }


def plot_curves_csv(view: pg.GraphicsView) -> str:
    """A plot's data: its curves as (series, x, y); a plot of images (heatmaps) as
    (image, row, column, value)."""
    curves, images = [], []
    for item in view.scene().items():
        if isinstance(item, pg.PlotDataItem):
            x, y = item.getData()
            if x is not None and len(x):
                curves.append((item.name() or f"curve{len(curves) + 1}", x, y))
        elif isinstance(item, pg.ImageItem) and item.image is not None and item.isVisible():
            images.append(item.image)
    if curves:
        return csvdata.xy_curves_csv(curves)
    if images:
        rows = []
        for k, image in enumerate(images):
            values = np.asarray(image, dtype=float)
            if values.ndim != 2:
                continue  # colour images (RGB) have no single value per cell
            rows.extend((f"image{k + 1}", r, c, values[r, c])
                        for r in range(values.shape[0]) for c in range(values.shape[1]))
        if rows:
            return csvdata.table_csv(["image", "row", "column", "value"], rows)
    raise ValueError(tr("this plot has no curves to save"))


def install_plot_menus(window) -> int:
    """Give every pyqtgraph view of the window (built-in plots and panels) the Export submenu;
    returns how many views got it now (views that have it already are skipped)."""
    targets = window.figure_targets
    count = 0
    for view in window.findChildren(pg.GraphicsView):
        scene = view.scene()
        if scene is None or getattr(scene, "_nnstudio_export", False):
            continue
        if view is window.data_view.plot_widget:
            target = targets["surface"]
        elif view is window.loss_plot.plot_widget:
            target = targets["loss"]
        else:
            target = _panel_target(view)
        menu = build_menu(window, target, view)
        scene.contextMenu = [menu.menuAction()]
        scene._nnstudio_export = True
        scene._nnstudio_menu = menu
        count += 1
    return count


def _panel_target(view: pg.GraphicsView) -> FigureTarget:
    """A panel's plot: the plot itself; CSV from the panel's ``csv_data()`` if it has one,
    else its curves."""
    owner = view.parentWidget()
    provider = None
    while owner is not None:
        if callable(getattr(owner, "csv_data", None)):
            provider = owner.csv_data
            break
        owner = owner.parentWidget()
    name = (view.window().windowTitle() and view.objectName()) or "plot"
    dock = view.parentWidget()
    while dock is not None and not dock.inherits("QDockWidget"):
        dock = dock.parentWidget()
    if dock is not None:
        name = _slug(dock.windowTitle()) or name
    return FigureTarget(name, lambda: files.WidgetSource(view),
                        [(tr("Data as CSV…"), provider or (lambda: plot_curves_csv(view)))])


def _slug(text: str) -> str:
    keep = "".join(c.lower() if c.isalnum() else "-" for c in text)
    return "-".join(part for part in keep.split("-") if part)


def figure_size(target: FigureTarget) -> QSize:
    return target.source().size()
