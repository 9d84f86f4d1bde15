"""Figures of recurrent networks for ``nnstudio export --figure NAME``.

* ``unrolled``: the network unfolded in time with one test sequence's values;
* ``hidden-states``: the hidden-state heatmap (unit × time) above the input;
* ``gradients-through-time``: ‖∂L/∂h_t‖ per time step (log scale) and its heatmap over
  training;
* ``compare-cells``: RNN, GRU and LSTM versions of the design trained side by side.

Each trains the project headless in this thread with a :class:`TrainingSession` (the same
run as ``nnstudio train``; the compare figure with :class:`CellComparison`), feeding the
view snapshots as it goes (the compare figure: all at once at the end), then renders the
view at exactly the requested size.
"""

from __future__ import annotations

from pathlib import Path

from nnstudio.document.errors import ProjectError

from .figures import Figure, ensure_application, register_figure

#: snapshots fed to the gradient heatmap over a run
HISTORY_POINTS = 150


def _session(project, figure: str):
    from nnstudio.session import TrainingSession

    session = TrainingSession(project)
    if session.sequence is None or not session.sequence.layers:
        raise ProjectError("figure", f"'{figure}' needs a sequence dataset and a recurrent "
                                     "layer (try --lesson vanishing-gradients-rnn)")
    return session


def _train(session, steps: int, on_snapshot=None, points: int = 1) -> dict:
    """Train ``steps`` steps; call ``on_snapshot`` about ``points`` times on the way."""
    chunk = max(1, steps // max(points, 1))
    snap = None
    while session.steps < steps and not session.diverged:
        session.step(min(chunk, steps - session.steps))
        if on_snapshot is not None:
            snap = session.snapshot()
            on_snapshot(snap)
    if snap is None or snap["steps"] != session.steps:
        snap = session.snapshot()
        if on_snapshot is not None:
            on_snapshot(snap)
    return snap


def render_widget(widget, out: Path, width: int, height: int) -> None:
    """Lay ``widget`` out at width × height and paint it into a PNG or SVG of that size."""
    from PySide6.QtCore import QRectF, QSize
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtWidgets import QApplication

    from .figures import _atomic_target, _finish, _write_png, hide_controls
    from .files import memory_device, scenes_of, vector_drawing, write_buffer

    hide_controls(widget)  # a figure shows no Compare/Stop buttons, steps box or check box
    widget.resize(width, height)
    widget.show()
    QApplication.processEvents()
    widget.resize(width, height)
    QApplication.processEvents()
    focus = QApplication.focusWidget()
    if focus is not None:  # no text cursor in the figure
        focus.clearFocus()
    out = Path(out)
    tmp = _atomic_target(out)
    try:
        if out.suffix.lower() == ".svg":
            from PySide6.QtSvg import QSvgGenerator

            generator = QSvgGenerator()
            device = memory_device()
            generator.setOutputDevice(device)
            generator.setSize(QSize(width, height))
            generator.setViewBox(QRectF(0, 0, width, height))
            generator.setResolution(96)
            painter = QPainter(generator)
            with vector_drawing(scenes_of(widget), painter):
                _paint(widget, painter, width, height)
            painter.end()
            write_buffer(device, tmp)
        else:
            image = QImage(width, height, QImage.Format.Format_ARGB32)
            image.fill(QColor("white"))
            painter = QPainter(image)
            _paint(widget, painter, width, height)
            painter.end()
            _write_png(image, tmp)
        _finish(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
        widget.close()


def _paint(widget, painter, width: int, height: int) -> None:
    from PySide6.QtCore import QPoint, QRectF
    from PySide6.QtWidgets import QWidget

    if hasattr(widget, "render_into"):  # the unrolled view paints itself at any size
        widget.render_into(painter, QRectF(0, 0, width, height))
    else:
        QWidget.render(widget, painter, QPoint(0, 0))  # also for a QGraphicsView


def render_unrolled(project, out: Path, steps: int, width: int, height: int) -> None:
    ensure_application()
    from nnstudio.ui.recurrent.unrolled import UnrolledView

    session = _session(project, "unrolled")
    snap = _train(session, steps)
    view = UnrolledView()
    view.set_snapshot(snap["sequence"])
    render_widget(view, out, width, height)


def render_hidden_states(project, out: Path, steps: int, width: int, height: int) -> None:
    ensure_application()
    from nnstudio.ui.recurrent.hidden_states import HiddenStateView

    session = _session(project, "hidden-states")
    snap = _train(session, steps)
    view = HiddenStateView()
    view.set_snapshot(snap["sequence"])
    render_widget(view, out, width, height)


def render_gradients(project, out: Path, steps: int, width: int, height: int) -> None:
    ensure_application()
    from nnstudio.ui.recurrent.gradients import GradientsView

    session = _session(project, "gradients-through-time")
    view = GradientsView()
    view.relative_box.setChecked(True)
    _train(session, steps, lambda snap: view.add_snapshot(snap["sequence"]), HISTORY_POINTS)
    render_widget(view, out, width, height)


def render_compare(project, out: Path, steps: int, width: int, height: int) -> None:
    """Train the three cells to ``steps``, measuring the curves at a few dozen steps
    (``CellComparison.run``), then draw the panel once: nobody watches a command-line export,
    and a full evaluation per step cost ten times the training."""
    ensure_application()
    from nnstudio.cell_compare import CellComparison
    from nnstudio.ui.recurrent.compare import CompareCellsPanel

    comparison = CellComparison(project)
    panel = CompareCellsPanel()
    try:
        snaps = comparison.run(steps)
        for snap in snaps:
            snap.update(run_id=1, target_steps=steps)
        panel.show_run(snaps)
        panel.compare_button.setEnabled(False)
        render_widget(panel, out, width, height)
    finally:
        panel.shutdown()


register_figure(Figure("unrolled", "the recurrent network unfolded in time, with one test "
                       "sequence's values and the gradients flowing back", (1200, 600),
                       render_unrolled))
register_figure(Figure("hidden-states", "the hidden-state heatmap (unit × time) of the first "
                       "recurrent layer for one test sequence", (1000, 600),
                       render_hidden_states))
register_figure(Figure("gradients-through-time", "‖∂L/∂h_t‖ per time step (log scale) and "
                       "its heatmap over training", (1000, 700), render_gradients))
register_figure(Figure("compare-cells", "the design trained as RNN, GRU and LSTM: loss and "
                       "test accuracy (or R²) side by side", (1100, 500), render_compare))
