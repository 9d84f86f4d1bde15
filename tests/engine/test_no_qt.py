"""The engine must not import Qt (nor pyqtgraph) at all."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = r"""
import importlib, pkgutil, sys
import nnstudio.engine as eng
names = [m.name for m in pkgutil.walk_packages(eng.__path__, "nnstudio.engine.")]
for n in names:
    importlib.import_module(n)
bad = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "pyqtgraph", "shiboken6"))
print(len(names))
if bad:
    print("Qt modules imported:", bad)
    sys.exit(1)
"""


def test_engine_imports_no_qt():
    r = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert r.returncode == 0, r.stdout + r.stderr
    assert int(r.stdout.split()[0]) >= 10  # really walked the package
