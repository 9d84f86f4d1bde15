"""File → Export report under a failed write (a full disk, here a 4 KB file-size limit): an
OSError naming the user's file and nothing left behind, for every kind of report. The PDF was
written by Qt straight to a temporary file, which Qt reported as saved when truncated: the
half PDF was renamed into place. Like every figure, it is now drawn in memory and written by
Python (nnstudio/export/files.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

LIMIT = 4096

SCRIPT = textwrap.dedent("""
    import json, resource, signal, sys
    from nnstudio.app import make_application
    app = make_application()
    from nnstudio.ui.main_window import MainWindow
    from nnstudio.export.report import export_report
    win = MainWindow()
    win.resize(1000, 700)
    win.show()
    app.processEvents()
    limit = int(sys.argv[2])
    if limit:  # only now: imports and Qt's caches write files of their own
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past it fails with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    try:
        export_report(win, sys.argv[1])
        result = {"written": True}
    except OSError as exc:
        result = {"written": False, "filename": exc.filename, "message": str(exc)}
    win.close()
    app.processEvents()
    print(json.dumps(result))
""")


def _export(out, limit: int, tmp_path) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               NNSTUDIO_CONFIG_DIR=str(tmp_path.parent / f"{tmp_path.name}-settings"))
    run = subprocess.run([sys.executable, "-c", SCRIPT, str(out), str(limit)], env=env,
                         capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, run.stderr[-2000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs a file-size limit (POSIX)")
@pytest.mark.parametrize("suffix", ["pdf", "html"])
def test_a_failed_report_write_raises_naming_the_file_and_leaves_nothing(suffix, tmp_path):
    out = tmp_path / f"report.{suffix}"
    result = _export(out, LIMIT, tmp_path)
    assert result["written"] is False, "the report was written past the file-size limit"
    assert result["filename"] == str(out), result
    assert list(tmp_path.iterdir()) == []  # no truncated report, no temporary file


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs a file-size limit (POSIX)")
@pytest.mark.parametrize("suffix", ["pdf", "html"])
def test_without_the_limit_the_report_is_whole(suffix, tmp_path):
    """The control: the same report, unlimited, is larger than the limit and complete."""
    out = tmp_path / f"report.{suffix}"
    assert _export(out, 0, tmp_path) == {"written": True}
    data = out.read_bytes()
    assert len(data) > LIMIT
    if suffix == "pdf":
        assert data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")
    else:
        assert data.rstrip().endswith(b"</html>")
    assert [p.name for p in tmp_path.iterdir()] == [out.name]

