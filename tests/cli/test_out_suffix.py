"""Every verb with ``--out`` refuses a file name whose extension it does not write — before
any training, exit 2, one line naming the value — and writes the ones it does
(``export-code --out x.txt`` once wrote a Python module named x.txt)."""

from __future__ import annotations

import pytest

from nnstudio import cli
from nnstudio.cli import build_parser, main
from nnstudio.session import TrainingSession

#: verb → (arguments besides --out, the extensions it writes)
OUT_VERBS = {"export": (["--lesson", "xor", "--figure", "loss"], (".png", ".svg")),
             "export-code": (["--lesson", "xor", "--lang", "numpy"], (".py",))}
OTHERS = [".txt", "", ".pdf", ".jpg", ".pyc", ".npz", ".nnstudio", ".py.txt", ".png.py",
          ".svg.png.txt", ".py ", ".PYX"]


def test_every_verb_with_out_is_covered():
    verbs = {verb for verb, parser in build_parser().items()
             if any("--out" in a.option_strings for a in parser._actions)}
    assert verbs == set(OUT_VERBS)


def _wrong(verb: str) -> list[str]:
    good = OUT_VERBS[verb][1]
    other_verbs = [s for v, (_, suffixes) in OUT_VERBS.items() if v != verb for s in suffixes]
    return [s for s in OTHERS + other_verbs if not s.lower().endswith(good)] + [good[0]]


@pytest.mark.parametrize("verb", sorted(OUT_VERBS))
def test_an_extension_the_verb_does_not_write_is_refused_before_training(
        verb, capsys, monkeypatch, tmp_path):
    # refused before the project is even loaded (a figure would train in the window's worker)
    monkeypatch.setattr(cli, "load_source", lambda *a: pytest.fail("loaded the project"))
    monkeypatch.setattr(TrainingSession, "__init__", lambda *a: pytest.fail("trained"))
    args, good = OUT_VERBS[verb]
    for suffix in _wrong(verb):
        # the last case is an extension alone (".py"): no file name at all
        out = str(tmp_path / f"figure{suffix}") if suffix != good[0] else str(tmp_path / suffix)
        code = main([verb, *args, "--out", out, "--steps", "3"])
        printed, err = capsys.readouterr()
        assert code == 2 and printed == "", (suffix, err)
        lines = err.strip().splitlines()
        assert len(lines) == 1 and "--out" in lines[0] and repr(out) in lines[0], (suffix, err)
        assert all(s in lines[0] for s in good), lines[0]  # says what it would take
        assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("verb", sorted(OUT_VERBS))
def test_the_extensions_the_verb_writes_are_accepted_in_any_case(verb, capsys, tmp_path):
    args, good = OUT_VERBS[verb]
    for suffix in good:
        for spelled in (suffix, suffix.upper()):
            out = tmp_path / f"made{spelled}"
            code = main([verb, *args, "--out", str(out), "--steps", "3"])
            printed, err = capsys.readouterr()
            assert code == 0, err
            assert out.is_file() and out.stat().st_size > 0
            assert str(out) in printed
