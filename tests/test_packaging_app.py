"""Packaging: the desktop entry, AppStream metainfo, MIME type and icons are valid and agree;
the app starts with --smoke; and (slow, needs PyInstaller) the self-contained build starts."""

from __future__ import annotations

import configparser
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
APP_ID = "org.nnstudio.NNStudio"


def test_desktop_entry():
    entry = configparser.ConfigParser(interpolation=None, strict=True)
    entry.optionxform = str
    entry.read(PACKAGING / f"{APP_ID}.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application" and desktop["Name"] == "nnstudio"
    assert desktop["Exec"].split()[0] == "nnstudio" and desktop["Icon"] == APP_ID
    assert "Education" in desktop["Categories"].split(";")
    assert desktop["MimeType"].rstrip(";") == "application/x-nnstudio-project"
    if shutil.which("desktop-file-validate"):
        run = subprocess.run(["desktop-file-validate", str(PACKAGING / f"{APP_ID}.desktop")],
                             capture_output=True, text=True)
        assert run.returncode == 0, run.stdout + run.stderr


def test_appstream_metainfo():
    path = PACKAGING / f"{APP_ID}.metainfo.xml"
    root = ET.parse(path).getroot()
    assert root.findtext("id") == APP_ID
    assert root.find("launchable").text == f"{APP_ID}.desktop"
    assert root.find("provides/binary").text == "nnstudio"
    if shutil.which("appstreamcli"):
        run = subprocess.run(["appstreamcli", "validate", "--no-net", str(path)],
                             capture_output=True, text=True)
        assert run.returncode == 0, run.stdout + run.stderr
    mime = ET.parse(PACKAGING / "nnstudio-mime.xml").getroot()
    ns = "{http://www.freedesktop.org/standards/shared-mime-info}"
    assert mime.find(f"{ns}mime-type").get("type") == "application/x-nnstudio-project"


def test_icons():
    from nnstudio.resources_path import resource

    svg = ET.parse(resource("icons", "nnstudio.svg")).getroot()
    assert svg.tag.endswith("svg") and svg.get("viewBox") == "0 0 512 512"
    from PySide6.QtGui import QImage

    for size in (16, 32, 48, 64, 128, 256, 512):
        image = QImage(str(resource("icons", f"nnstudio-{size}.png")))
        assert (image.width(), image.height()) == (size, size)
        assert image.hasAlphaChannel()


def test_spec_names_files_that_exist():
    spec = (PACKAGING / "nnstudio.spec").read_text()
    for name in ("nnstudio_entry.py", "resources", "nnstudio-256.png"):
        assert name in spec
    assert (PACKAGING / "nnstudio_entry.py").is_file()
    assert '"torch"' in spec  # an optional test dependency never goes into the app


def test_app_starts_with_smoke(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", NNSTUDIO_CONFIG_DIR=str(tmp_path))
    run = subprocess.run([sys.executable, "-m", "nnstudio", "--smoke"], capture_output=True,
                         text=True, timeout=120, env=env)
    assert run.returncode == 0, run.stderr
    assert "smoke test: window opened" in run.stdout


@pytest.mark.slow
def test_pyinstaller_build_starts(tmp_path):
    pytest.importorskip("PyInstaller")
    run = subprocess.run([sys.executable, str(PACKAGING / "build.py"), "--no-archive",
                          "--dist", str(tmp_path / "dist"), "--work", str(tmp_path / "work")],
                         capture_output=True, text=True, timeout=1800)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["smoke_exit"] == 0 and result["train_exit"] == 0
    assert result["train"]["steps"] == 50
    share = tmp_path / "dist" / "nnstudio" / "share"
    assert (share / "applications" / f"{APP_ID}.desktop").is_file()
    assert (share / "icons" / "hicolor" / "256x256" / "apps" / f"{APP_ID}.png").is_file()
