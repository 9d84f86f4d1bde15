import json

from reference import DEFAULT_DIR, load_reference, reference_dir


def test_default_dir(monkeypatch):
    monkeypatch.delenv("NNSTUDIO_REFERENCE_DIR", raising=False)
    assert reference_dir() == DEFAULT_DIR
    assert "conventions" in load_reference("optimizers")


def test_env_var_overrides(monkeypatch, tmp_path):
    (tmp_path / "x.json").write_text(json.dumps({"conventions": "test", "v": 1}))
    monkeypatch.setenv("NNSTUDIO_REFERENCE_DIR", str(tmp_path))
    assert reference_dir() == tmp_path.resolve()
    assert load_reference("x")["v"] == 1
