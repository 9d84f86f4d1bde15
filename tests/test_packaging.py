"""pyproject.toml lists packages by hand (resources/ is installed as nnstudio.resources):
every package folder must be listed, or an installed nnstudio would miss modules."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_package_is_listed():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {
        ".".join(p.parent.relative_to(ROOT).parts)
        for p in (ROOT / "nnstudio").rglob("__init__.py")
    }
    assert found - listed == set(), "add these to [tool.setuptools] packages"
    assert "nnstudio.resources" in listed
    assert config["tool"]["setuptools"]["package-dir"]["nnstudio.resources"] == "resources"


def test_resources_are_found_where_nnstudio_is_imported_from():
    """Installed or not, the bundled lessons and texts are found (an installed copy once
    resolved resources/ next to site-packages and found nothing)."""
    from nnstudio.resources_path import resource

    assert sorted(resource("lessons").glob("*.nnstudio")), resource("lessons")
    assert sorted(resource("text").glob("*.txt")), resource("text")
