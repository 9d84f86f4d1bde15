"""Where the bundled resources (lessons, texts, datasets, icons) are.

Installed, ``resources/`` is the package ``nnstudio.resources``; in a source checkout that has
not been installed it is the top-level ``resources/`` folder beside the package.
"""

from __future__ import annotations

from importlib import resources as _resources
from pathlib import Path


def resource_dir() -> Path:
    try:
        # a regular package (resources/__init__.py), so files() is a plain path
        path = Path(str(_resources.files("nnstudio.resources")))
        if path.is_dir():
            return path
    except ModuleNotFoundError:  # a source checkout that was not installed
        pass
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    return resource_dir().joinpath(*parts)
