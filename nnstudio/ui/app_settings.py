"""What nnstudio remembers between runs (QSettings): recent files, theme, presentation mode,
palette, language, the last export folder, whether to show the start page.

One INI file in the user's configuration folder (``~/.config/nnstudio/nnstudio.ini`` on Linux),
so it is the same on every platform and easy to delete. Tests (and a portable
install) point it elsewhere with :func:`use_folder` or the environment variable
``NNSTUDIO_CONFIG_DIR`` (settings and data then both live in that folder).
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

MAX_RECENT = 10
_folder: str | None = os.environ.get("NNSTUDIO_CONFIG_DIR") or None


def use_folder(folder: str | Path | None) -> None:
    """Keep the settings in ``folder`` (tests); None goes back to the user's folder."""
    global _folder
    _folder = str(folder) if folder is not None else None


def settings() -> QSettings:
    if _folder is not None:
        return QSettings(str(Path(_folder) / "nnstudio.ini"), QSettings.Format.IniFormat)
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "nnstudio", "nnstudio")


def data_folder() -> Path:
    """The user's data folder for nnstudio (autosaves live in ``autosave/`` under it)."""
    if _folder is not None:
        return Path(_folder) / "data"
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(location or Path.home() / ".nnstudio")


def get_bool(key: str, default: bool = False) -> bool:
    value = settings().value(key, default)
    if isinstance(value, str):
        return value.lower() in ("1", "true", "yes", "on")
    return bool(value)


def get_str(key: str, default: str = "") -> str:
    value = settings().value(key, default)
    return str(value) if value is not None else default


def set_value(key: str, value) -> None:
    store = settings()
    store.setValue(key, value)
    store.sync()


# -- recent files -------------------------------------------------------------------------------
def recent_files() -> list[str]:
    value = settings().value("recent/files", [])
    if isinstance(value, str):
        value = [value] if value else []
    return [str(v) for v in (value or []) if v and Path(str(v)).is_file()][:MAX_RECENT]


def add_recent_file(path: str | Path) -> list[str]:
    path = str(Path(path).resolve())
    files = [path] + [f for f in recent_files() if f != path]
    set_value("recent/files", files[:MAX_RECENT])
    return files[:MAX_RECENT]


def clear_recent_files() -> None:
    set_value("recent/files", [])
