"""Built-in lessons: example projects shipped in ``resources/lessons/<name>.nnstudio``.

A lesson is an ordinary project file whose ``meta`` holds a title, an explanation (what to
try, what to watch, the formula involved), an ``order`` in the gallery and optionally the
setting keys it locks.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from nnstudio.resources_path import resource

from .errors import ProjectError
from .io import load_project
from .project import Project


@dataclass(frozen=True)
class LessonInfo:
    name: str
    title: str
    order: int
    path: Path


def lessons_dir() -> Path:
    return resource("lessons")


def list_lessons() -> list[LessonInfo]:
    result = []
    for path in sorted(lessons_dir().glob("*.nnstudio")):
        project = load_project(path)
        result.append(LessonInfo(path.stem, project.meta.get("title", path.stem),
                                 project.meta.get("order", 1000), path))
    return sorted(result, key=lambda info: (info.order, info.name))


def load_lesson(name: str) -> Project:
    path = lessons_dir() / f"{name}.nnstudio"
    if not path.is_file():
        names = ", ".join(info.name for info in list_lessons())
        raise ProjectError("lesson", f"no lesson named {name!r} (lessons: {names})")
    project = load_project(path)
    project.meta.setdefault("lesson", name)
    return project
