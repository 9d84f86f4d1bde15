"""Build the self-contained nnstudio app with PyInstaller and check that it starts.

    pip install pyinstaller            # a development tool, not a dependency of nnstudio
    python packaging/build.py          # → dist/nnstudio/nnstudio (+ a .tar.gz beside it)

Steps: render the icons (tools/make_icons.py), run PyInstaller on packaging/nnstudio.spec
(a one-folder build in dist/nnstudio), put the desktop entry, AppStream metainfo, MIME type
and icons into dist/nnstudio/share/ (the layout a Linux package or an AppImage expects),
then run ``dist/nnstudio/nnstudio --smoke`` offscreen (opens the window, trains, closes,
exits 0) and ``nnstudio train --lesson xor --steps 50`` with the built binary. Prints one
JSON line: build seconds, folder size, archive size, smoke-test result.

Options: ``--no-archive`` skips the .tar.gz; ``--check-only`` runs the checks on an
existing build; ``--dist DIR`` / ``--work DIR`` choose the output and scratch folders.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP_ID = "org.nnstudio.NNStudio"


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def install_desktop_files(app: Path) -> None:
    share = app / "share"
    (share / "applications").mkdir(parents=True, exist_ok=True)
    (share / "metainfo").mkdir(parents=True, exist_ok=True)
    (share / "mime" / "packages").mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "packaging" / f"{APP_ID}.desktop", share / "applications")
    shutil.copy2(ROOT / "packaging" / f"{APP_ID}.metainfo.xml", share / "metainfo")
    shutil.copy2(ROOT / "packaging" / "nnstudio-mime.xml",
                 share / "mime" / "packages" / f"{APP_ID}.xml")
    icons = ROOT / "resources" / "icons"
    for png in icons.glob("nnstudio-*.png"):
        size = png.stem.split("-")[1]
        target = share / "icons" / "hicolor" / f"{size}x{size}" / "apps"
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy2(png, target / f"{APP_ID}.png")
    scalable = share / "icons" / "hicolor" / "scalable" / "apps"
    scalable.mkdir(parents=True, exist_ok=True)
    shutil.copy2(icons / "nnstudio.svg", scalable / f"{APP_ID}.svg")


def check(app: Path, timeout: float = 300) -> dict:
    """Start the built app offscreen: --smoke, then a short headless training run."""
    binary = app / ("nnstudio.exe" if os.name == "nt" else "nnstudio")
    config = app.parent / ".smoke-config"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", NNSTUDIO_CONFIG_DIR=str(config))
    started = time.perf_counter()
    smoke = subprocess.run([str(binary), "--smoke"], capture_output=True, text=True,
                           timeout=timeout, env=env)
    smoke_seconds = time.perf_counter() - started
    train = subprocess.run([str(binary), "train", "--lesson", "xor", "--steps", "50"],
                           capture_output=True, text=True, timeout=timeout, env=env)
    shutil.rmtree(config, ignore_errors=True)
    result = {
        "smoke_exit": smoke.returncode, "smoke_seconds": round(smoke_seconds, 1),
        "smoke_output": smoke.stdout.strip()[-200:], "train_exit": train.returncode,
    }
    if smoke.returncode != 0 or train.returncode != 0:
        result["stderr"] = (smoke.stderr + train.stderr)[-2000:]
    else:
        result["train"] = json.loads(train.stdout)
    return result


def build(dist: Path, work: Path, archive: bool) -> dict:
    subprocess.run([sys.executable, str(ROOT / "tools" / "make_icons.py")], check=True)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean",
                    "--log-level", "WARN", "--distpath", str(dist), "--workpath", str(work),
                    str(ROOT / "packaging" / "nnstudio.spec")], check=True, cwd=ROOT)
    seconds = time.perf_counter() - started
    app = dist / "nnstudio"
    install_desktop_files(app)
    result = {"build_seconds": round(seconds, 1), "app": str(app),
              "size_mb": round(folder_size(app) / 2**20, 1)}
    if archive:
        target = dist / f"nnstudio-{sys.platform}.tar.gz"
        with tarfile.open(target, "w:gz") as tar:
            tar.add(app, arcname="nnstudio")
        result["archive"] = str(target)
        result["archive_mb"] = round(target.stat().st_size / 2**20, 1)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller")
    parser.add_argument("--no-archive", action="store_true")
    parser.add_argument("--check-only", action="store_true")
    args = parser.parse_args(argv)
    result = {} if args.check_only else build(args.dist, args.work, not args.no_archive)
    result.update(check(args.dist / "nnstudio"))
    print(json.dumps(result))
    return 0 if result["smoke_exit"] == 0 and result["train_exit"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
