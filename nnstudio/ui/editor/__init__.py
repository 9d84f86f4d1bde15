"""The network editor: layer palette, canvas (scene, items, view) and undoable commands.

* :mod:`.commands` - QUndoCommands that change only the project, and ``push_or_explain``;
* :mod:`.palette` - ``LayerPalette``, the layer types to drag onto the canvas;
* :mod:`.scene` - ``NetworkScene``, draws a project and follows its events;
* :mod:`.view` - ``NetworkView``, the canvas widget (drops, zoom, fit, arrange);
* :mod:`.items`, :mod:`.layout`, :mod:`.style` - drawing, placement and looks.
"""
