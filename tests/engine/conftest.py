"""Engine test helpers: no Qt here. Makes ``tests/reference.py`` importable as
``from reference import load_reference`` (and the package importable without an
install) and offers it as a fixture."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

_TESTS = Path(__file__).resolve().parent.parent
for _p in (str(_TESTS), str(_TESTS.parent)):  # tests/ (for reference.py), repo root
    if _p not in sys.path:
        sys.path.insert(0, _p)

from reference import load_reference, reference_dir  # noqa: E402

RTOL = 1e-6
ATOL = 1e-12


@pytest.fixture
def reference():
    """``reference(name)`` → the parsed reference JSON ``name``."""
    return load_reference


@pytest.fixture
def ref_dir():
    return reference_dir()
