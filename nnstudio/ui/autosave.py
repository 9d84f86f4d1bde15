"""Autosave and crash recovery.

While the project has unsaved changes, :class:`Autosaver` writes it every ``interval`` seconds
(default 60, setting ``autosave/seconds``) to the user's data folder
(``QStandardPaths.AppDataLocation``/autosave), atomically, with a small JSON note naming the
file it belongs to. Saving, opening another project or closing the window normally deletes
the autosave, so one that is still there at the next launch is what a crash left behind; the
app then offers it if it is newer than the file it belongs to (or belongs to no file).
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QTimer

from nnstudio.document.io import atomic_write_text, dumps, load_project
from nnstudio.ui.app_settings import data_folder, settings

DEFAULT_SECONDS = 60


def autosave_folder() -> Path:
    return data_folder() / "autosave"


def _key(path: Path | None) -> str:
    if path is None:
        return f"untitled-{os.getpid()}"
    return hashlib.sha1(str(Path(path).resolve()).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Recovery:
    autosave: Path
    original: Path | None
    saved_at: float
    title: str

    def newer_than_original(self) -> bool:
        if self.original is None or not self.original.exists():
            return True
        return self.saved_at > self.original.stat().st_mtime


class Autosaver(QObject):
    def __init__(self, window, interval_s: float | None = None) -> None:
        super().__init__(window)
        self.window = window
        if interval_s is None:
            interval_s = float(settings().value("autosave/seconds", DEFAULT_SECONDS))
        self.timer = QTimer(self)
        self.timer.setInterval(max(1, int(interval_s * 1000)))
        self.timer.timeout.connect(self.autosave_if_dirty)
        self.timer.start()
        self.current: Path | None = None  # the autosave this window wrote last

    def path_for(self, project_path: Path | None) -> Path:
        return autosave_folder() / f"{_key(project_path)}.nnstudio"

    def autosave_if_dirty(self) -> Path | None:
        window = self.window
        if window.undo_stack.isClean():
            return None
        return self.autosave()

    def autosave(self) -> Path:
        window = self.window
        target = self.path_for(window.path)
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(target, dumps(window.project))
        note = {"original": str(Path(window.path).resolve()) if window.path else None,
                "saved_at": time.time(), "title": window.project.meta.get("title", "")}
        atomic_write_text(target.with_suffix(".json"), json.dumps(note))
        if self.current is not None and self.current != target:
            _remove(self.current)
        self.current = target
        return target

    def discard(self) -> None:
        """The project is saved (or closed on purpose): its autosave is no longer needed."""
        if self.current is not None:
            _remove(self.current)
            self.current = None

    def stop(self) -> None:
        self.timer.stop()


def _remove(path: Path) -> None:
    path.unlink(missing_ok=True)
    path.with_suffix(".json").unlink(missing_ok=True)


def recoveries(project_path: str | Path | None = None) -> list[Recovery]:
    """Autosaves left by a crash: for ``project_path`` only (if newer than it), or all."""
    folder = autosave_folder()
    if not folder.is_dir():
        return []
    found = []
    for note_path in sorted(folder.glob("*.json")):
        autosave = note_path.with_suffix(".nnstudio")
        if not autosave.exists():
            continue
        try:
            note = json.loads(note_path.read_text(encoding="utf-8"))
            original = Path(note["original"]) if note.get("original") else None
            rec = Recovery(autosave, original, float(note["saved_at"]), str(note.get("title", "")))
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if project_path is not None:
            if original is None or original != Path(project_path).resolve():
                continue
        if rec.newer_than_original():
            found.append(rec)
    return found


def recover(window, rec: Recovery) -> bool:
    """Open the autosave in ``window``: the project as it was, with the original's path (so
    Save writes over the original) and marked unsaved."""
    try:
        project = load_project(rec.autosave)
    except Exception as exc:  # a damaged autosave must not stop the app
        window.show_error(window.tr("Cannot recover"), str(exc))
        return False
    window.set_project(project, rec.original)
    window.undo_stack.resetClean()  # unsaved: the user decides to save
    window._update_title()
    _remove(rec.autosave)
    return True


def forget(rec: Recovery) -> None:
    _remove(rec.autosave)
