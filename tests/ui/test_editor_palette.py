"""The layer palette: the registry's palette types by category, icons, tooltips, MIME payload."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from nnstudio.document.registry import MIME_TYPE, palette_types
from nnstudio.ui.editor.palette import LayerPalette, layer_mime_data
from nnstudio.ui.editor.view import layer_type_from_mime


def test_palette_lists_the_registry_by_category(qtbot):
    palette = LayerPalette()
    qtbot.addWidget(palette)
    assert palette.layer_ids() == [t.id for t in sorted(
        palette_types(), key=lambda t: [c.category for c in palette_types()].index(t.category))]
    categories = {palette.tree.topLevelItem(i).text(0)
                  for i in range(palette.tree.topLevelItemCount())}
    assert categories == {t.category for t in palette_types()}
    for layer_type in palette_types():
        item = palette.item_for(layer_type.id)
        assert item.text(0) == layer_type.name
        assert layer_type.description in item.toolTip(0)
        assert not item.icon(0).isNull()
        assert item.flags() & Qt.ItemFlag.ItemIsDragEnabled
    assert palette.item_for("input") is None  # the input layer comes with the project


def test_mime_payload_round_trips():
    mime = layer_mime_data("dense")
    assert mime.hasFormat(MIME_TYPE)
    assert bytes(mime.data(MIME_TYPE)) == b"dense"
    assert layer_type_from_mime(mime) == "dense"


def test_double_click_and_enter_request_an_add(qtbot):
    palette = LayerPalette()
    qtbot.addWidget(palette)
    palette.show()
    qtbot.waitExposed(palette)
    item = palette.item_for("dense")
    rect = palette.tree.visualItemRect(item)
    viewport = palette.tree.viewport()
    with qtbot.waitSignal(palette.add_requested, timeout=1000) as blocker:
        # a real double click: a click, then the double-click press
        QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         rect.center())
        QTest.mouseDClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                          rect.center())
    assert blocker.args == ["dense"]
    palette.tree.setCurrentItem(palette.item_for("output"))
    palette.tree.setFocus()
    with qtbot.waitSignal(palette.add_requested, timeout=1000) as blocker:
        QTest.keyClick(palette.tree, Qt.Key.Key_Return)
    assert blocker.args == ["output"]
