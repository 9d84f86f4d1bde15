"""The layer palette: the registry's layer types, grouped by category, to drag onto the canvas.

Dragging an entry starts a QDrag whose QMimeData carries :data:`MIME_TYPE` with the layer id
(UTF-8), built by :func:`layer_mime_data` (the canvas reads it with
``view.layer_type_from_mime``). Double-click or Enter on an entry emits
:attr:`LayerPalette.add_requested` instead: the keyboard and accessibility path.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QMimeData, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QDrag, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nnstudio.document.registry import LAYER_TYPES, MIME_TYPE, palette_types

from .style import layer_icon

TYPE_ROLE = Qt.ItemDataRole.UserRole + 1


def layer_mime_data(type_id: str) -> QMimeData:
    """The drag payload for a layer type: MIME_TYPE → the id as UTF-8 bytes."""
    mime = QMimeData()
    mime.setData(MIME_TYPE, type_id.encode("utf-8"))
    return mime


class _LayerTree(QTreeWidget):
    """The tree of the palette; starts drags with the layer MIME type.

    ``itemActivated`` is not used: some styles activate on a single click, which would add a
    layer when the student only meant to start a drag.
    """

    #: Enter / Return on an entry
    entered = Signal(QTreeWidgetItem)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setRootIsDecorated(False)
        self.setIndentation(8)
        self.setIconSize(QSize(24, 24))
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setUniformRowHeights(False)
        self.setExpandsOnDoubleClick(False)
        self.setAccessibleName("Layer palette")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setStyleSheet("QTreeWidget { border: none; }")

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentItem():
            self.entered.emit(self.currentItem())
            event.accept()
            return
        super().keyPressEvent(event)

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def startDrag(self, supported_actions) -> None:
        item = self.currentItem()
        type_id = item.data(0, TYPE_ROLE) if item is not None else None
        if not type_id:
            return
        drag = QDrag(self)
        drag.setMimeData(layer_mime_data(type_id))
        drag.setPixmap(layer_icon(type_id, 32).pixmap(QSize(32, 32)))
        drag.exec(Qt.DropAction.CopyAction)


class LayerPalette(QWidget):
    """Layer types by category, with icons and descriptions; drag them onto the canvas."""

    #: a layer type id to add at a free spot (double-click or Enter on an entry)
    add_requested = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.tree = _LayerTree(self)
        hint = QLabel("Drag a layer onto the canvas, or double-click it to add it "
                      "to the network.", self)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #66727F; font-size: 8.5pt; padding: 4px 8px 6px 8px;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.tree, 1)
        layout.addWidget(hint)
        self.tree.itemDoubleClicked.connect(self._activated)
        self.tree.entered.connect(self._activated)
        self.populate()

    def populate(self) -> None:
        """(Re)build the entries from the registry."""
        self.tree.clear()
        groups: dict[str, QTreeWidgetItem] = {}
        heading = QFont(self.font())
        heading.setBold(True)
        heading.setPointSizeF(max(7.0, heading.pointSizeF() * 0.85))
        heading.setCapitalization(QFont.Capitalization.AllUppercase)
        for layer_type in palette_types():
            group = groups.get(layer_type.category)
            if group is None:
                group = QTreeWidgetItem(self.tree, [layer_type.category])
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                group.setFont(0, heading)
                group.setForeground(0, QBrush(QColor("#66727F")))
                group.setSizeHint(0, QSize(0, 28))
                group.setExpanded(True)
                groups[layer_type.category] = group
            item = QTreeWidgetItem(group, [layer_type.name])
            item.setSizeHint(0, QSize(0, 30))
            item.setData(0, TYPE_ROLE, layer_type.id)
            item.setIcon(0, layer_icon(layer_type.id))
            item.setToolTip(0, f"<b>{layer_type.name}</b><br>{layer_type.description}")
            item.setStatusTip(0, layer_type.description)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                          | Qt.ItemFlag.ItemIsDragEnabled)
        self.tree.expandAll()
        first = self.item_for(self.layer_ids()[0]) if self.layer_ids() else None
        if first is not None:  # keyboard focus starts on a layer, not on a heading
            self.tree.setCurrentItem(first, 0, QItemSelectionModel.SelectionFlag.NoUpdate)

    def layer_ids(self) -> list[str]:
        """The offered layer type ids, in display order."""
        ids = []
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            ids += [group.child(j).data(0, TYPE_ROLE) for j in range(group.childCount())]
        return ids

    def item_for(self, type_id: str) -> QTreeWidgetItem | None:
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            for j in range(group.childCount()):
                if group.child(j).data(0, TYPE_ROLE) == type_id:
                    return group.child(j)
        return None

    def _activated(self, item: QTreeWidgetItem, column: int = 0) -> None:
        type_id = item.data(0, TYPE_ROLE)
        if type_id in LAYER_TYPES:
            self.add_requested.emit(type_id)
