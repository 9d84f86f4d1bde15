"""Load the PyTorch reference values (tests/reference_data/*.json).

The folder is ``$NNSTUDIO_REFERENCE_DIR`` when set (relative paths are taken from the
current directory), else ``tests/reference_data`` next to this file.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

DEFAULT_DIR = Path(__file__).resolve().parent / "reference_data"


def reference_dir() -> Path:
    """The folder holding the reference JSON files."""
    env = os.environ.get("NNSTUDIO_REFERENCE_DIR")
    return Path(env).resolve() if env else DEFAULT_DIR


def load_reference(name: str) -> dict:
    """Parsed ``<reference_dir()>/<name>.json``."""
    path = reference_dir() / f"{name}.json"
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)
