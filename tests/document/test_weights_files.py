"""A weights file that is not one nnstudio wrote, or is damaged, is refused with one line
naming the file and what is wrong, in plain words — never NumPy's ("Object arrays cannot be
loaded when allow_pickle=False") — and loading never unpickles anything, whatever the file
holds. Good files load exactly, whatever the array layout NumPy gave them."""

from __future__ import annotations

import io
import pickle
import struct
import zipfile

import numpy as np
import pytest

from nnstudio.cli import main
from nnstudio.document.errors import ProjectError
from nnstudio.document.io import save_project
from nnstudio.document.lessons import load_lesson
from nnstudio.document.weights import load_weights, save_weights, session_weights, weights_path
from nnstudio.session import TrainingSession

JARGON = ("allow_pickle", "pickle", "dtype", "numpy", "ndarray", "magic", "header", "errno",
          "traceback", "object arrays", "zipfile", "npyformat", "b'")
MARKER_NAME = "unpickled.txt"


class _Payload:
    """Unpickling this writes a marker file (what a malicious file could do instead)."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):
        return (_write_marker, (self.marker,))


def _write_marker(path: str):
    with open(path, "w") as handle:
        handle.write("unpickled")
    return path


def _npz(**arrays) -> bytes:
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


def _npy(array) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=True)
    return buffer.getvalue()


def _zip(members: dict[str, bytes], method=zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _good() -> bytes:
    return _npz(**{"dense1/W": np.ones((2, 3)), "dense1/b": np.zeros(3),
                   "__steps__": np.array([7], dtype=np.int64)})


def _flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1:]


def _huge_header() -> bytes:
    header = "{'descr': '<f8', 'fortran_order': False, 'shape': (1000000000000,), }"
    header = header + " " * (63 - (len(header) + 10) % 64) + "\n"
    body = b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode() + b"\0" * 16
    return _zip({"dense1/W.npy": body})


def corrupt_files(marker: str) -> dict[str, bytes]:
    good = _good()
    evil = _Payload(marker)
    data_at = good.index(b"\x00\x00\x00\x00\x00\x00\xf0?")  # the first 1.0 of dense1/W
    return {
        "empty": b"",
        "text": b"not a zip",
        "random bytes": bytes(range(256)) * 8,
        "a pickle": pickle.dumps({"dense1/W": [1.0, 2.0]}),
        "a malicious pickle": pickle.dumps(evil),
        "one array (.npy), not an archive": _npy(np.ones(3)),
        "an object array (.npy)": _npy(np.array([evil], dtype=object)),
        "an object array in the archive": _npz(**{"dense1/W": np.array([evil], dtype=object)}),
        "text in the archive": _npz(**{"dense1/W": np.array(["a", "b"])}),
        "whole numbers as weights": _npz(**{"dense1/W": np.array([1, 2])}),
        "true/false as weights": _npz(**{"dense1/W": np.array([True])}),
        "structured values": _npz(**{"dense1/W": np.zeros(2, dtype=[("a", "f8")])}),
        "steps as a fraction": _npz(**{"__steps__": np.array([1.5])}),
        "not an array member": _zip({"notes.txt": b"hello"}),
        "an array member of junk": _zip({"dense1/W.npy": b"junk junk junk"}),
        "a huge declared shape": _huge_header(),
        "a bad name": _npz(**{"not a name": np.ones(2)}),
        "NaN": _npz(**{"dense1/W": np.array([np.nan])}),
        "cut at 10 %": good[: len(good) // 10],
        "cut at 50 %": good[: len(good) // 2],
        "cut at 99 %": good[: len(good) - 10],
        "one byte short": good[:-1],
        "a flipped data byte (checksum)": _flip(good, data_at),
        "a damaged compressed member": _flip(
            _zip({"dense1/W.npy": _npy(np.arange(500.0))}, zipfile.ZIP_DEFLATED), 60),
    }


CASES = sorted(corrupt_files("unused"))


@pytest.fixture
def no_unpickling(monkeypatch):
    def refuse(*_args, **_kwargs):
        raise AssertionError("loading unpickled")

    monkeypatch.setattr(pickle, "loads", refuse)
    monkeypatch.setattr(pickle, "load", refuse)
    monkeypatch.setattr(pickle, "Unpickler", refuse)


@pytest.mark.parametrize("case", CASES)
def test_a_corrupt_weights_file_is_refused_in_one_plain_line(case, tmp_path, no_unpickling):
    marker = tmp_path / MARKER_NAME
    path = tmp_path / "my project.weights.npz"
    path.write_bytes(corrupt_files(str(marker))[case])
    with pytest.raises(ProjectError) as info:
        load_weights(path)
    message = str(info.value)
    assert "\n" not in message and len(message) < 300, message
    assert str(path) in message, message
    assert not any(word in message.lower() for word in JARGON), message
    assert not marker.exists()


@pytest.mark.parametrize("case", ["a malicious pickle", "an object array (.npy)",
                                  "an object array in the archive"])
def test_loading_never_unpickles(case, tmp_path):
    """Without the guard on pickle: a file whose unpickling writes a marker leaves none."""
    marker = tmp_path / MARKER_NAME
    path = tmp_path / "evil.weights.npz"
    path.write_bytes(corrupt_files(str(marker))[case])
    with pytest.raises(ProjectError):
        load_weights(path)
    assert not marker.exists()


def test_a_folder_or_a_missing_file_is_named_too(tmp_path):
    folder = tmp_path / "folder.weights.npz"
    folder.mkdir()
    for path in (folder, tmp_path / "missing.weights.npz"):
        with pytest.raises(ProjectError) as info:
            load_weights(path)
        assert str(path) in str(info.value) and "\n" not in str(info.value)


@pytest.mark.parametrize("layout", ["C", "F", "big-endian", "float32", "compressed"])
def test_good_files_load_exactly(layout, tmp_path):
    rng = np.random.default_rng(3)
    W = rng.normal(size=(4, 3))
    b = rng.normal(size=3)
    arrays = {"dense1/W": W, "dense1/b": b, "__steps__": np.array([12], dtype=np.int64)}
    if layout == "F":
        arrays["dense1/W"] = np.asfortranarray(W)
    elif layout == "big-endian":
        arrays = {k: v.astype(v.dtype.newbyteorder(">")) for k, v in arrays.items()}
    elif layout == "float32":
        W, b = W.astype(np.float32), b.astype(np.float32)
        arrays.update({"dense1/W": W, "dense1/b": b})
    path = tmp_path / "good.weights.npz"
    (np.savez_compressed if layout == "compressed" else np.savez)(path, **arrays)
    weights, steps = load_weights(path)
    assert steps == 12
    np.testing.assert_array_equal(weights["dense1"]["W"], W)
    np.testing.assert_array_equal(weights["dense1"]["b"], b)
    assert weights["dense1"]["W"].dtype == np.float64 and weights["dense1"]["W"].shape == (4, 3)


def test_nnstudios_own_weights_round_trip(tmp_path):
    session = TrainingSession(load_lesson("xor"))
    session.step(20)
    path = save_weights(session_weights(session), tmp_path / "x.weights.npz", session.steps)
    weights, steps = load_weights(path)
    assert steps == 20
    for node_id, params in session_weights(session).items():
        for name, value in params.items():
            np.testing.assert_array_equal(weights[node_id][name], value)


@pytest.mark.parametrize("case", ["an object array in the archive", "cut at 50 %", "text"])
def test_export_code_names_the_corrupt_weights_file(case, tmp_path, capsys):
    project = tmp_path / "net.nnstudio"
    save_project(load_lesson("xor"), project)
    weights = weights_path(project)
    weights.write_bytes(corrupt_files(str(tmp_path / MARKER_NAME))[case])
    code = main(["export-code", str(project), "--lang", "numpy", "--out",
                 str(tmp_path / "net.py")])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and str(weights) in lines[0], err
    assert not any(word in lines[0].lower() for word in JARGON), lines[0]
    assert not (tmp_path / "net.py").exists()


def test_export_code_names_a_weights_file_of_another_network(tmp_path, capsys):
    project = tmp_path / "net.nnstudio"
    save_project(load_lesson("xor"), project)
    save_weights({"dense1": {"W": np.ones((5, 5))}}, weights_path(project))
    code = main(["export-code", str(project), "--lang", "numpy", "--out",
                 str(tmp_path / "net.py")])
    out, err = capsys.readouterr()
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 1 and str(weights_path(project)) in lines[0], err
